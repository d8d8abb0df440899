"""Turn a validated plan into the facts that the rules match.

The builders compute (sums per owner and comune, deadlines on the calendar, the units each share
means) and judge nothing: every verdict comes from the rules. Each kind of fact has its own small
builder beside its schema entry (compliance/facts/kinds/); this module runs them in order. The
order matters only for names: a comune is shown with the first spelling met.
"""

from __future__ import annotations

import datetime
from typing import Callable

from compliance.facts.context import Context, FactSet
from compliance.facts.kinds import (
    categorie,
    conferite,
    disponibilita,
    nomi,
    piano,
    quadratura,
    ricognizione,
    righe,
    ripartizione,
    riserve,
    sezioni,
    soglie,
    totali,
    transitori,
    triennale,
)
from compliance.law import LawData, default_law
from compliance.model.plan import PianoAnnuale, PianoTriennale

__all__ = ["FactSet", "build_facts"]

ANNUAL: tuple[Callable[[Context], None], ...] = (
    piano.build,
    sezioni.build,
    righe.build_consistenza,
    righe.build_assegnate,
    totali.build,
    quadratura.build,
    soglie.build,
    disponibilita.build,
    riserve.build_forze_polizia,
    riserve.build_categorie,
    categorie.build,
    transitori.build,
    conferite.build,
    ripartizione.build,
    ricognizione.build,
    nomi.build,  # last: every name met by the builders above
)

TRIENNIAL: tuple[Callable[[Context], None], ...] = (
    triennale.build_piano,
    triennale.build_contenuti,
    nomi.build,
)


def build_facts(plan: PianoAnnuale | PianoTriennale, reference_date: datetime.date | None,
                law: LawData | None = None) -> FactSet:
    """The facts of a plan on its reference date. `law` defaults to the project's rules folder
    (rules/parametri.yaml and rules/proroghe.yaml)."""
    ctx = Context(plan, reference_date, law or default_law())
    for builder in TRIENNIAL if isinstance(plan, PianoTriennale) else ANNUAL:
        builder(ctx)
    return ctx.facts
