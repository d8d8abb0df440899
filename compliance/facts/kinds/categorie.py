"""Table h): further categories of particular social relevance set by a comune, with reasons."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


KIND = kind(
    "categoria_aggiuntiva",
    "Una categoria aggiuntiva di particolare rilevanza sociale fissata da un comune (tabella h).",
    comune=field("text", "comune"),
    categoria=field("text", "categoria"),
    motivazione=field("text", "motivazione scritta nel piano"),
    motivata=field("bool", "la riga della tabella riporta una motivazione"),
)


def build(ctx: Context) -> None:
    h = ctx.plan.tabelle.h_categorie_aggiuntive
    for row in h.righe if h is not None else []:
        ctx.names.comune_key(row.comune, "tabella h) categorie aggiuntive")
        reason = (row.motivazione or "").strip() or None
        ctx.add(KIND, f"{row.comune}: {row.categoria}", comune=row.comune, categoria=row.categoria,
                motivazione=reason, motivata=reason is not None)
