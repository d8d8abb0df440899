"""The reporting duty (R.R. 4/2017 art. 5 c. 1): each body that had to report its units to the
Comune capofila, whether it did, when, and the deadline (rules/parametri.yaml: obbligo_informativo)."""

from __future__ import annotations

import datetime
from collections import OrderedDict

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


KIND = kind(
    "ente_ricognizione",
    "Un ente tenuto a comunicare i dati nella ricognizione (R.R. 4/2017 art. 5 c. 1).",
    ente=field("text", "ente"),
    tipo_ente=field("text", "comune, aler o altro"),
    riscontro=field("bool", "true: ha comunicato; false: inadempiente; null: non noto"),
    fonte=field("text", "da dove il verificatore ricava l'esito"),
    data_riscontro=field("date", "data della comunicazione (null se il piano non la riporta)"),
    scadenza_riscontro=field("date", "termine per comunicare (rules/parametri.yaml: obbligo_informativo), "
                             "sul calendario"),
)

Status = tuple[str, str, "bool | None", str, "datetime.date | None"]  # written, tipo, riscontro, fonte, date


def _dates(ctx: Context, r) -> dict[str, datetime.date | None]:
    """The date of each body's report; one body listed twice with two dates: the date is unknown."""
    out: dict = {}
    for item in r.enti or []:
        key = ctx.names.ente(item.ente, "ricognizione (enti)").key
        out[key] = item.data_riscontro if out.get(key, item.data_riscontro) == item.data_riscontro else None
    return out


def _statuses(ctx: Context, r, dates: dict) -> OrderedDict[str, Status]:
    status: OrderedDict[str, Status] = OrderedDict()
    for written in r.inadempienti:
        ente = ctx.names.ente(written, "ricognizione (inadempienti)")
        status[ente.key] = (written, ente.tipo, False, "dichiarato inadempiente nel piano", dates.get(ente.key))
    from_list = set()
    for item in r.enti or []:
        ente = ctx.names.ente(item.ente, "ricognizione (enti)")
        if ente.key not in status:
            from_list.add(ente.key)
            status[ente.key] = (item.ente, ente.tipo, item.riscontro, "esito riportato nel piano", dates.get(ente.key))
        elif ente.key in from_list and status[ente.key][2] != item.riscontro:  # listed twice, two outcomes
            status[ente.key] = (status[ente.key][0], ente.tipo, None, "esiti discordanti nel piano",
                                dates.get(ente.key))
    for key, ente in list(ctx.names.entes.items()):
        if key not in status and ente.tipo in ("comune", "aler"):
            status[key] = (ente.written, ente.tipo, True, "ha comunicato dati presenti nelle tabelle", dates.get(key))
    return status


def build(ctx: Context) -> None:
    plan = ctx.plan
    due, _ = ctx.law.deadline("obbligo_informativo", plan.anno)
    due_day = due.effective if due else None
    r = plan.ricognizione
    if r is None:
        ctx.add(KIND, "piano", ente=None, tipo_ente=None, riscontro=None,
                fonte="il piano non riporta la ricognizione", scadenza_riscontro=due_day)
        return
    status = _statuses(ctx, r, _dates(ctx, r))
    if r.riscontro_di_tutti_gli_altri_enti is not True and plan.ambito.numero_comuni is not None:
        named = sum(1 for s in status.values() if s[1] == "comune")
        if named < plan.ambito.numero_comuni:
            ctx.add(
                KIND,
                f"altri {plan.ambito.numero_comuni - named} comuni dell'ambito",
                ente=None, tipo_ente="comune", riscontro=None,
                fonte="il piano non dice se gli altri comuni hanno dato riscontro",
                scadenza_riscontro=due_day,
            )
    for written, tipo, riscontro, fonte, when in status.values():
        ctx.add(KIND, written, ente=written, tipo_ente=tipo, riscontro=riscontro, fonte=fonte,
                data_riscontro=when, scadenza_riscontro=due_day)
