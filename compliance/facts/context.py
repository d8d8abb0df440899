"""What every fact builder reads: the plan, the reference date, the law's data, the names met so
far, the facts made so far, and the aggregates several kinds share (computed once, on demand)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from compliance.facts.fields import FactKind, check_value
from compliance.facts.names import Names, agreed
from compliance.facts.unit_tables import UnitTables
from compliance.model.plan import PianoAnnuale, PianoTriennale


@dataclass
class FactSet:
    """The facts of one plan, in a deterministic order."""

    facts: list[dict] = field(default_factory=list)
    reference_date: datetime.date | None = None

    def add(self, kind: FactKind, soggetto: str, **values: object) -> dict:
        unknown = set(values) - set(kind.fields)
        if unknown:  # a programming error, not bad input
            raise KeyError(f"fields {sorted(unknown)} are not in fact kind {kind.name}")
        fact = {"kind": kind.name, "id": f"{kind.name}-{len(self.facts) + 1}", "soggetto": soggetto}
        for name, spec in kind.fields.items():
            value = values.get(name)
            check_value(kind.name, name, spec, value)
            fact[name] = value
        self.facts.append(fact)
        return fact

    def of_kind(self, kind: str) -> list[dict]:
        return [f for f in self.facts if f["kind"] == kind]


@dataclass
class Context:
    plan: PianoAnnuale | PianoTriennale
    day: datetime.date | None  # the reference date (approval, or the date given)
    law: Any  # compliance.law.LawData: the law's numbers, dates and deadlines, by date
    facts: FactSet = None  # type: ignore[assignment]
    names: Names = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.facts = FactSet(reference_date=self.day)
        self.names = Names(self.day)

    def add(self, kind: FactKind, soggetto: str, **values: object) -> dict:
        return self.facts.add(kind, soggetto, **values)

    @cached_property
    def units(self) -> UnitTables:
        return UnitTables(self.plan, self.names)

    @cached_property
    def own_indigent_shares(self) -> dict:
        """Table g): each comune's share above 20% on its own stock (None where two rows disagree)."""
        out: dict = {}
        g = self.plan.tabelle.g_soglia_indigenti_oltre_20
        for row in g.righe if g is not None else []:
            ckey = self.names.comune_key(row.comune, "tabella g) soglia indigenti")
            ente = self.names.ente(row.ente_proprietario or f"Comune di {row.comune}", "tabella g) soglia indigenti")
            if self.names.owns(ente, ckey):
                agreed(out, ckey, row.quota_percentuale)
        return out

    @cached_property
    def police_shares(self) -> dict:
        """Table i): per comune, (art. 7 bis share, art. 7 ter share); (None, None) where rows disagree."""
        out: dict = {}
        i = self.plan.tabelle.i_forze_di_polizia
        for row in i.righe if i is not None else []:
            ckey = self.names.comune_key(row.comune, "tabella i) forze di polizia")
            agreed(out, ckey, (row.quota_percentuale, row.quota_polizia_locale), (None, None))
        return out

    @cached_property
    def category_shares(self) -> dict:
        """Owners' category reserves (lett. c bis): per owner, the share (None where rows disagree)."""
        out: dict = {}
        rc = self.plan.tabelle.riserve_categorie
        for row in rc.righe if rc is not None else []:
            ente = self.names.ente(row.ente_proprietario, "riserve per categorie")
            agreed(out, ente.key, row.quota_percentuale)
        return out
