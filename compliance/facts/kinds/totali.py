"""The declared total of each column of tables a), b) to f) and k), beside the sum of its rows.

A row whose figure is missing makes the sum known only within bounds (compliance/facts/values.py),
never a sum that reads the row as zero."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.facts.kinds.righe import ASSEGNATE, COLUMNS, CONSISTENZA, LABEL_A, LABEL_K
from compliance.facts.unit_tables import UNIT_TABLES
from compliance.facts.values import total
from compliance.model.plan import COUNT_MAX


KIND = kind(
    "totale_colonna",
    "Il totale dichiarato di una colonna di una tabella, con la somma delle sue righe.",
    tabella=field("text", "lettera e nome della tabella"),
    colonna=field("text", "colonna"),
    dichiarato=field("int", "totale scritto nel piano", 0, COUNT_MAX),
    somma_righe=field("int", "somma delle righe (con limiti se una riga non ha il dato)"),
    righe=field("int", "numero di righe"),
    righe_senza_dato=field("int", "righe senza il dato"),
)


def _column(ctx: Context, table: str, column: str, declared: int | None, values: list) -> None:
    if not values and declared is None:  # an empty table with no total: nothing to add up
        return
    ctx.add(
        KIND,
        f"tabella {table}, colonna {column}",
        tabella=table,
        colonna=column,
        dichiarato=declared,
        somma_righe=total(values),
        righe=len(values),
        righe_senza_dato=sum(1 for v in values if v is None),
    )


def _by_owner(ctx: Context, table, label: str, columns: tuple[str, ...]) -> None:
    if table is None:
        return
    for col in columns:
        declared = getattr(table.totale, col) if table.totale else None
        _column(ctx, label, col, declared, [getattr(r, col) for r in table.righe])


def build(ctx: Context) -> None:
    t = ctx.plan.tabelle
    _by_owner(ctx, t.a_consistenza_patrimonio, LABEL_A, COLUMNS[CONSISTENZA.name])
    _by_owner(ctx, t.k_assegnate_anno_precedente, LABEL_K, COLUMNS[ASSEGNATE.name])
    for _, attr, label in UNIT_TABLES:
        table = getattr(t, attr)
        if table is not None:
            _column(ctx, label, "unita_immobiliari", table.totale, [r.unita_immobiliari for r in table.righe])
