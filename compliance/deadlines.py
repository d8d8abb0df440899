"""Deadlines on the Italian calendar, and the extensions (proroghe) that move them.

A deadline that falls on a Sunday or on a national public holiday moves to the next day that is
neither (codice civile art. 2963 c. 3: "se il termine scade in giorno festivo, è prorogato di
diritto al giorno seguente non festivo"; Saturday is not a holiday). Holidays come from the
maintained `holidays` library (country IT, national holidays); the patron-saint day of a single
comune is not included, because a plan's deadlines concern the whole ambito.

Extensions are data: `rules/proroghe.yaml`, each with its act, its certainty and what it
applies to. This module computes dates; it judges nothing (the rules do).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Certainty = Literal["letto", "secondario", "dedotto"]
DeadlineKind = Literal[
    "approvazione_piano_annuale", "approvazione_piano_triennale", "obbligo_informativo"
]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SiApplicaA(_Base):
    """Which plans an extension concerns."""

    anno_dal: int | None = Field(None, description="primo anno di piano (o di inizio del triennio) interessato")
    anno_al: int | None = Field(None, description="ultimo anno di piano (o di inizio del triennio) interessato")


class Proroga(_Base):
    id: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")]
    scadenza: DeadlineKind
    nuova_scadenza: Annotated[datetime.date, Field(strict=False)]
    si_applica_a: SiApplicaA
    atto: Annotated[str, Field(min_length=1, description="l'atto che proroga, come citato")]
    fonte: Annotated[str, Field(min_length=1, description="dove la proroga è stata letta")]
    certainty: Certainty
    nota: str | None = None

    def applies(self, kind: str, year: int) -> bool:
        a = self.si_applica_a
        return (
            self.scadenza == kind
            and (a.anno_dal is None or year >= a.anno_dal)
            and (a.anno_al is None or year <= a.anno_al)
        )


class ProrogheFile(_Base):
    proroghe: list[Proroga]


@lru_cache(maxsize=64)
def _holidays(year: int):
    # the `holidays` library's answer; importing it costs ~0.15 s, so a stored copy of it is used
    # while the same library version is installed (see compliance/registry/festivi.py)
    from compliance.registry.festivi import national_holidays

    return national_holidays(year)


def holiday_name(day: datetime.date) -> str | None:
    return _holidays(day.year).get(day)


def is_non_working(day: datetime.date) -> bool:
    """Sunday or a national public holiday (Saturday is a working day for deadlines)."""
    return day.weekday() == 6 or holiday_name(day) is not None


def next_working_day(day: datetime.date) -> datetime.date:
    while is_non_working(day):
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Deadline:
    """A deadline: the date the text sets, any extension, and the day it really falls on."""

    nominal: datetime.date
    effective: datetime.date
    extension: Proroga | None = None

    @property
    def moved_by_calendar(self) -> bool:
        base = self.extension.nuova_scadenza if self.extension else self.nominal
        return self.effective != base

    def basis(self, lang: str = "it") -> str:
        """How the effective date was reached, in words."""
        parts = []
        fmt = "%d/%m/%Y"
        if self.extension:
            p = self.extension
            parts.append(
                (f"termine prorogato al {p.nuova_scadenza.strftime(fmt)} ({p.atto}; fonte: {p.fonte})")
                if lang != "en"
                else f"deadline extended to {p.nuova_scadenza.strftime(fmt)} ({p.atto}; source: {p.fonte})"
            )
        if self.moved_by_calendar:
            base = self.extension.nuova_scadenza if self.extension else self.nominal
            why = "domenica" if base.weekday() == 6 else (holiday_name(base) or "festivo")
            if lang == "en":
                parts.append(f"{base.strftime(fmt)} is a Sunday or public holiday ({why}): moved to the next working day")
            else:
                why = "domenica" if base.weekday() == 6 else "giorno festivo"
                parts.append(f"il {base.strftime(fmt)} è {why}: il termine slitta al primo giorno non festivo")
        return "; ".join(parts)


def deadline(nominal: datetime.date, kind: str, year: int, proroghe: tuple[Proroga, ...] = ()) -> Deadline:
    """The effective deadline: the latest extension that applies, then the calendar."""
    applicable = [p for p in proroghe if p.applies(kind, year)]
    extension = max(applicable, key=lambda p: p.nuova_scadenza) if applicable else None
    base = extension.nuova_scadenza if extension else nominal
    return Deadline(nominal, next_working_day(base), extension)


def default_proroghe_path() -> Path:
    from compliance import resources

    return resources.proroghe_file()


def load_proroghe(path: Path | None = None) -> tuple[Proroga, ...]:
    from compliance.model.loader import load_model

    model, _ = load_model(path or default_proroghe_path(), ProrogheFile, "it", "expected_rule_mapping")
    return tuple(model.proroghe)


@lru_cache(maxsize=1)
def default_proroghe() -> tuple[Proroga, ...]:
    return load_proroghe()
