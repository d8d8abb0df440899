"""Units assignable in the year per owner and comune (tables b to e), with the share for
indigent households that applies to them (the law's minimum, or the comune's own higher share on
its own stock, table g)."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


KIND = kind(
    "disponibilita_ente_comune",
    "Unità SAP assegnabili nell'anno per ente proprietario e comune (tabelle da b a e).",
    ente=field("text", "ente proprietario"),
    tipo_ente=field("text", "comune, aler o altro"),
    comune=field("text", "comune dove si trovano le unità (null se non indicato)"),
    unita_anno=field("int", "unità assegnabili nell'anno in quel comune (con limiti se una parte è senza comune)"),
    unita_note=field("int", "unità di cui il piano indica il comune"),
    unita_non_ripartite=field("int", "unità dell'ente senza indicazione del comune"),
    quota_indigenti_percentuale=field("number", "quota per nuclei indigenti: il minimo di legge (rules/parametri.yaml) "
                                      "o la soglia g) del comune sul proprio patrimonio"),
)


def indigent_share(ctx: Context, ente, ckey: str | None):
    """The share for indigent households on an owner's units in a comune: the comune's own higher
    share (table g) on its own stock, else the law's minimum; unknown if table g is not given."""
    if ctx.plan.tabelle.g_soglia_indigenti_oltre_20 is None:
        return None
    minimum = ctx.law.value("quota_indigenti_minima", ctx.day)
    if ctx.names.owns(ente, ckey):
        return ctx.own_indigent_shares.get(ckey, minimum)
    return minimum


def build(ctx: Context) -> None:
    for (okey, ckey), a in ctx.units.availability.items():
        ente = ctx.names.entes[okey]
        comune = ctx.names.display[ckey] if ckey else None
        ctx.add(
            KIND,
            f"{ente.written} — {comune}" if ckey else f"{ente.written} — comune non indicato",
            ente=ente.written,
            tipo_ente=ente.tipo,
            comune=comune,
            unita_anno=a.units,
            unita_note=a.known,
            unita_non_ripartite=a.unallocated,
            quota_indigenti_percentuale=indigent_share(ctx, ente, ckey),
        )
