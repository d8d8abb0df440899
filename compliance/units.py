"""What a plan means in units: for each owner and comune, the units available in the year, those
going to indigent households, to each reserve, and what is left for the general ranking.

The numbers are the `ripartizione_unita` facts of compliance/facts/build.py (so the report, the
what-if comparison and the rules on reserves all read the same figures). `None` means the
figure cannot be computed from the plan (for example units given without a comune).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from compliance.facts.build import build_facts

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


@dataclass(frozen=True)
class UnitRow:
    ente: str
    tipo_ente: str
    comune: str | None
    unita_anno: int | None
    quota_indigenti: float | None
    indigenti: int | None
    forze_polizia: int | None
    polizia_locale: int | None
    categorie: int | None
    riserve: int | None
    graduatoria: int | None
    arrotondamenti: str

    @property
    def problem(self) -> str | None:
        """'eccedenza' when reserves exceed the units, 'nulla' when they leave nothing."""
        if self.graduatoria is None:
            return "non_calcolabile"
        if self.graduatoria < 0:
            return "eccedenza"
        if self.graduatoria == 0 and (self.riserve or 0) > 0:
            return "nulla"
        return None

    def as_dict(self) -> dict:
        out = asdict(self)
        out["problema"] = self.problem
        return out


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


def rows_from_facts(facts: list[dict]) -> list[UnitRow]:
    return [
        UnitRow(**{k: f[k] for k in UnitRow.__dataclass_fields__})
        for f in facts
        if f["kind"] == "ripartizione_unita"
    ]


def breakdown(plan, reference_date: datetime.date | None) -> list[UnitRow]:
    """The units table of an annual plan on a reference date (its approval date, or a draft's date)."""
    if getattr(plan, "tipo", "piano_annuale") != "piano_annuale":
        return []
    return rows_from_facts(build_facts(plan, reference_date).facts)


def by_comune(rows: list[UnitRow]) -> dict[tuple[str, str | None], UnitRow]:
    """Rows keyed by (owner, comune), for comparing a baseline with a scenario."""
    return {(r.ente, r.comune): r for r in rows}
