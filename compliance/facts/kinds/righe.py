"""Rows of tables a) (housing stock) and k) (units assigned the year before), one fact per row."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.model.plan import COUNT_MAX


def _count(description: str):
    return field("int", description, 0, COUNT_MAX)


CONSISTENZA = kind(
    "riga_consistenza",
    "Una riga della tabella a) (consistenza del patrimonio) per ente proprietario.",
    ente=field("text", "ente proprietario, come scritto nel piano"),
    tipo_ente=field("text", "comune, aler o altro"),
    totale_unita_immobiliari=_count("totale unità immobiliari"),
    alloggi_sap=_count("numero di alloggi SAP"),
    alloggi_sas=_count("numero di alloggi SAS"),
)

ASSEGNATE = kind(
    "riga_assegnate",
    "Una riga della tabella k) (assegnazioni dell'anno precedente) per ente proprietario.",
    ente=field("text", "ente proprietario, come scritto nel piano"),
    tipo_ente=field("text", "comune, aler o altro"),
    alloggi_sap_assegnati=_count("alloggi SAP assegnati"),
    alloggi_sap_assegnati_in_deroga=_count("alloggi SAP assegnati in deroga"),
    totale_alloggi_assegnati=_count("totale alloggi assegnati"),
)

KINDS = (CONSISTENZA, ASSEGNATE)
COLUMNS = {
    CONSISTENZA.name: ("totale_unita_immobiliari", "alloggi_sap", "alloggi_sas"),
    ASSEGNATE.name: ("alloggi_sap_assegnati", "alloggi_sap_assegnati_in_deroga", "totale_alloggi_assegnati"),
}
LABEL_A = "a) consistenza del patrimonio"
LABEL_K = "k) assegnate nell'anno precedente"


def _rows(ctx: Context, table, label: str, fact_kind) -> None:
    for row in table.righe:
        ente = ctx.names.ente(row.ente_proprietario, f"tabella {label}")
        ctx.add(fact_kind, row.ente_proprietario, ente=row.ente_proprietario, tipo_ente=ente.tipo,
                **{col: getattr(row, col) for col in COLUMNS[fact_kind.name]})


def build_consistenza(ctx: Context) -> None:
    if ctx.plan.tabelle.a_consistenza_patrimonio is not None:
        _rows(ctx, ctx.plan.tabelle.a_consistenza_patrimonio, LABEL_A, CONSISTENZA)


def build_assegnate(ctx: Context) -> None:
    if ctx.plan.tabelle.k_assegnate_anno_precedente is not None:
        _rows(ctx, ctx.plan.tabelle.k_assegnate_anno_precedente, LABEL_K, ASSEGNATE)
