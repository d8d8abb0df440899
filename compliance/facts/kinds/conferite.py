"""Table e): units conferred by other parties and their conventions (L.R. 16/2016 art. 23 c. 2),
with the whole years each convention covers, counted as compliance/deadlines.py states."""

from __future__ import annotations

from compliance import deadlines
from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.model.plan import COUNT_MAX


KIND = kind(
    "unita_conferite",
    "Unità conferite da altri soggetti e la loro convenzione (tabella e, L.R. 16/2016 art. 23 c. 2).",
    ente=field("text", "ente proprietario o soggetto"),
    comune=field("text", "comune"),
    unita=field("int", "unità conferite", 0, COUNT_MAX),
    data_inizio=field("date", "decorrenza della convenzione"),
    data_fine=field("date", "scadenza della convenzione"),
    anni_coperti=field("int", "anni interi che la convenzione copre, dal primo all'ultimo giorno compresi "
                       "(1/1/2021-31/12/2028: 8 anni)", 0, 10_000),
    rinnovo=field("text", "espresso o tacito"),
)


def build(ctx: Context) -> None:
    e = ctx.plan.tabelle.e_conferite_da_privati
    for row in e.righe if e is not None else []:
        if row.unita_immobiliari == 0:  # no units conferred: no convention to judge
            continue
        conv = row.convenzione
        start = conv.data_inizio if conv else None
        end = conv.data_fine if conv else None
        ctx.add(
            KIND,
            f"{row.ente_proprietario} — {row.comune or 'comune non indicato'}",
            ente=row.ente_proprietario, comune=row.comune, unita=row.unita_immobiliari,
            data_inizio=start, data_fine=end,
            anni_coperti=deadlines.whole_years(start, end) if start and end else None,
            rinnovo=conv.rinnovo if conv else None,
        )
