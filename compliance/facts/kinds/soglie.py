"""Table g): a comune's share for indigent households above 20%, and whose stock it applies to."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


KIND = kind(
    "soglia_indigenti",
    "Una soglia per nuclei indigenti superiore al 20% (tabella g).",
    comune=field("text", "comune che fissa la soglia"),
    ente=field("text", "patrimonio a cui si applica"),
    tipo_ente=field("text", "comune, aler o altro"),
    quota_percentuale=field("number", "soglia in percentuale"),
)


def build(ctx: Context) -> None:
    g = ctx.plan.tabelle.g_soglia_indigenti_oltre_20
    for row in g.righe if g is not None else []:
        ctx.names.comune_key(row.comune, "tabella g) soglia indigenti")
        ente = ctx.names.ente(row.ente_proprietario or f"Comune di {row.comune}", "tabella g) soglia indigenti")
        ctx.add(
            KIND,
            f"{row.comune} ({ente.written})" if row.ente_proprietario else row.comune,
            comune=row.comune,
            ente=ente.written,
            tipo_ente=ente.tipo,
            quota_percentuale=row.quota_percentuale,
        )
