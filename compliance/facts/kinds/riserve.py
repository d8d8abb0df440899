"""Reserves set in the plan: per comune, for Forze di Polizia and VVF (art. 7 bis, table i) and,
from R.R. 2/2025, for the Polizia Locale (art. 7 ter), with the notices to the Prefettura; per
owner, for the categories of art. 14 (art. 4 c. 3 lett. c bis)."""

from __future__ import annotations

import datetime

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.facts.names import ALER, COMUNE_DI


FORZE_POLIZIA = kind(
    "riserva_forze_polizia",
    "Una quota per Forze di Polizia e Vigili del Fuoco fissata da un comune (tabella i).",
    comune=field("text", "comune"),
    quota_percentuale=field("number", "quota per Forze di Polizia, Vigili del Fuoco (e dal 2025 Forze Armate), "
                            "art. 7 bis"),
    quota_polizia_locale=field("number", "quota per la Polizia Locale, art. 7 ter (dal 2025)"),
    unita_anno=field("int", "unità comunali assegnabili nell'anno in quel comune"),
    notifiche_note=field("bool", "il piano riporta le notifiche alla Prefettura (null se non le riporta)"),
    notificata=field("bool", "c'è una notifica alla Prefettura per questo comune"),
    data_notifica=field("date", "data della notifica alla Prefettura"),
    data_approvazione=field("date", "data di approvazione del piano"),
    scadenza_notifica=field("date", "termine per una notifica «contestuale» "
                            "(rules/parametri.yaml: notifica_prefettura)"),
)

CATEGORIE = kind(
    "riserva_categorie",
    "La riserva di un ente proprietario per le categorie dell'art. 14 (art. 4 c. 3 lett. c bis).",
    ente=field("text", "ente proprietario"),
    tipo_ente=field("text", "comune, aler o altro"),
    quota_percentuale=field("number", "quota riservata in percentuale"),
    categorie=field("text", "categorie a cui è riservata"),
    unita_anno=field("int", "unità dell'ente assegnabili nell'anno (tutti i comuni)"),
)

KINDS = (FORZE_POLIZIA, CATEGORIE)


def _notices(ctx: Context) -> dict[str, datetime.date | None]:
    """The earliest notice to the Prefettura per comune (or owner), as the plan lists them."""
    out: dict[str, datetime.date | None] = {}
    for n in ctx.plan.notifiche_prefettura or []:
        written = n.ente_proprietario
        if not (COMUNE_DI.match(written) or ALER.match(written)):
            written = f"Comune di {written}"
        ente = ctx.names.ente(written, "notifiche alla Prefettura")
        key = ente.comune_key or ente.key
        if key not in out or (n.data and (out[key] is None or n.data < out[key])):
            out[key] = n.data
    return out


def build_forze_polizia(ctx: Context) -> None:
    plan, day = ctx.plan, ctx.day
    notices = _notices(ctx)
    known = plan.notifiche_prefettura is not None
    due, _ = ctx.law.deadline("notifica_prefettura", plan.anno, day)
    i = plan.tabelle.i_forze_di_polizia
    for row in i.righe if i is not None else []:
        ckey = ctx.names.comune_key(row.comune, "tabella i) forze di polizia")
        ctx.add(
            FORZE_POLIZIA,
            row.comune,
            comune=row.comune,
            quota_percentuale=row.quota_percentuale,
            quota_polizia_locale=row.quota_polizia_locale,
            unita_anno=ctx.units.own_units(ckey),
            notifiche_note=known,
            notificata=(ckey in notices) if known else None,
            data_notifica=notices.get(ckey),
            data_approvazione=day,
            scadenza_notifica=due.effective if due else None,
        )


def build_categorie(ctx: Context) -> None:
    rc = ctx.plan.tabelle.riserve_categorie
    for row in rc.righe if rc is not None else []:
        ente = ctx.names.ente(row.ente_proprietario, "riserve per categorie")
        ctx.add(
            CATEGORIE,
            row.ente_proprietario,
            ente=row.ente_proprietario,
            tipo_ente=ente.tipo,
            quota_percentuale=row.quota_percentuale,
            categorie=", ".join(row.categorie) or None,
            unita_anno=ctx.units.owner_total(ente.key),
        )
