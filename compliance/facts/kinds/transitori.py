"""Table j): the units a comune destines to servizi abitativi transitori, beside its units of the
year (tables b to e) and its SAP stock (table a)."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.facts.names import agreed
from compliance.model.plan import COUNT_MAX


KIND = kind(
    "servizi_transitori",
    "Le unità che un comune destina ai servizi abitativi transitori (tabella j).",
    comune=field("text", "comune"),
    unita_sat=field("int", "unità destinate ai SAT", 0, COUNT_MAX),
    unita_anno=field("int", "unità del comune assegnabili nell'anno nel suo territorio (tabelle b-e)"),
    alloggi_sap=field("int", "alloggi SAP del comune (tabella a)", 0, COUNT_MAX),
)


def build(ctx: Context) -> None:
    t = ctx.plan.tabelle
    if t.j_servizi_abitativi_transitori is None:
        return
    sap_by_comune: dict = {}
    for row in t.a_consistenza_patrimonio.righe if t.a_consistenza_patrimonio is not None else []:
        ente = ctx.names.ente(row.ente_proprietario, "tabella a) consistenza del patrimonio")
        if ente.comune_key:
            agreed(sap_by_comune, ente.comune_key, row.alloggi_sap)
    for row in t.j_servizi_abitativi_transitori.righe:
        ckey = ctx.names.comune_key(row.comune, "tabella j) servizi abitativi transitori")
        ctx.add(KIND, row.comune, comune=row.comune, unita_sat=row.unita_immobiliari,
                unita_anno=ctx.units.own_units(ckey), alloggi_sap=sap_by_comune.get(ckey))
