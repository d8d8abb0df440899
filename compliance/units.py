"""What a plan means in units: for each owner and comune, the units available in the year, those
going to indigent households, to each reserve, and what is left for the general ranking.

The numbers are the `ripartizione_unita` facts of compliance/facts/build.py (so the report, the
what-if comparison and the rules on reserves all read the same figures). `None` means the
figure cannot be computed from the plan (for example units given without a comune).
"""

from __future__ import annotations

import datetime
from compliance.facts.build import build_facts
from compliance.findings import UnitsRow

COLUMNS = ("unita_anno", "indigenti", "forze_polizia", "polizia_locale", "categorie", "graduatoria")
HEADERS = {
    "it": {
        "ente": "Ente proprietario", "comune": "Comune", "unita_anno": "Disponibili",
        "indigenti": "Indigenti", "forze_polizia": "FdP/VVF", "polizia_locale": "Pol. locale",
        "categorie": "Categorie", "graduatoria": "Graduatoria", "problema": "Nota",
    },
    "en": {
        "ente": "Owner", "comune": "Comune", "unita_anno": "Available",
        "indigenti": "Indigent", "forze_polizia": "Police/fire", "polizia_locale": "Local police",
        "categorie": "Categories", "graduatoria": "General list", "problema": "Note",
    },
}


def problem_of(graduatoria: int | None, riserve: int | None) -> str | None:
    """'eccedenza' when reserves exceed the units, 'nulla' when they leave nothing to the general
    ranking, 'non_calcolabile' when the figures are missing."""
    if graduatoria is None:
        return "non_calcolabile"
    if graduatoria < 0:
        return "eccedenza"
    if graduatoria == 0 and (riserve or 0) > 0:
        return "nulla"
    return None


PROBLEM_TEXT = {
    "it": {
        "eccedenza": "le riserve superano le unità disponibili",
        "nulla": "alla graduatoria ordinaria non resta nulla",
        "non_calcolabile": "non calcolabile (dati mancanti)",
    },
    "en": {
        "eccedenza": "reserves exceed the units available",
        "nulla": "nothing is left for the general ranking",
        "non_calcolabile": "cannot be computed (missing data)",
    },
}


def rows_from_facts(facts: list[dict], day: datetime.date | None = None) -> list[UnitsRow]:
    from compliance.registry.codes import codice_istat

    fields = [k for k in UnitsRow.model_fields if k not in ("problema", "codice_istat")]
    return [
        UnitsRow(**{k: f[k] for k in fields}, codice_istat=codice_istat(f["comune"], day),
                 problema=problem_of(f["graduatoria"], f["riserve"]))
        for f in facts
        if f["kind"] == "ripartizione_unita"
    ]


def breakdown(plan, reference_date: datetime.date | None) -> list[UnitsRow]:
    """The units table of an annual plan on a reference date (its approval date, or a draft's date)."""
    if getattr(plan, "tipo", "piano_annuale") != "piano_annuale":
        return []
    return rows_from_facts(build_facts(plan, reference_date).facts, reference_date)


def by_comune(rows: list[UnitsRow]) -> dict[tuple[str, str | None], UnitsRow]:
    """Rows keyed by (owner, comune), for comparing a baseline with a scenario."""
    return {(r.ente, r.comune): r for r in rows}
