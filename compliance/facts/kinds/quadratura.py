"""Table f) against its sources: per owner, the units of table f) and of tables b) to e)."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


def _sum(description: str, it: str, en: str):
    return field("int", description, (it, en))


KIND = kind(
    "quadratura_f",
    "Per ente proprietario: il totale della tabella f) e le unità delle tabelle da b) a e).",
    ente=field("text", "ente proprietario"),
    f_dichiarato=_sum("unità assegnabili nell'anno secondo la tabella f)", "unità della tabella f)", "units of table f)"),
    b=_sum("unità in carenza manutentiva (tabella b)", "unità della tabella b)", "units of table b)"),
    c=_sum("unità da nuova edificazione o ristrutturazione (tabella c)", "unità della tabella c)", "units of table c)"),
    d=_sum("unità libere o liberate per normale avvicendamento (tabella d)", "unità della tabella d)", "units of table d)"),
    e=_sum("unità conferite da privati (tabella e)", "unità della tabella e)", "units of table e)"),
)


def build(ctx: Context) -> None:
    t = ctx.plan.tabelle
    units = ctx.units
    if t.f_totale_assegnabili is None:
        return
    written: dict[str, str] = {}
    for row in t.f_totale_assegnabili.righe:
        written.setdefault(ctx.names.ente(row.ente_proprietario, "tabella f) totale assegnabili").key,
                           row.ente_proprietario)
    for key in units.owners():
        name = written.get(key, ctx.names.entes[key].written)
        ctx.add(KIND, name, ente=name, **{letter if letter != "f" else "f_dichiarato": units.owner_sum(letter, key)
                                          for letter in "fbcde"})
