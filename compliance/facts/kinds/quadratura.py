"""Table f) against its sources: per owner, the units of table f) and of tables b) to e)."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


KIND = kind(
    "quadratura_f",
    "Per ente proprietario: il totale della tabella f) e le unità delle tabelle da b) a e).",
    ente=field("text", "ente proprietario"),
    f_dichiarato=field("int", "unità assegnabili nell'anno secondo la tabella f)"),
    b=field("int", "unità in carenza manutentiva (tabella b)"),
    c=field("int", "unità da nuova edificazione o ristrutturazione (tabella c)"),
    d=field("int", "unità libere o liberate per normale avvicendamento (tabella d)"),
    e=field("int", "unità conferite da privati (tabella e)"),
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
