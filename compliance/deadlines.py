"""Time as the law counts it: periods, deadlines, the calendar, and the extensions that move them.

**The counting rule, stated once** (codice civile art. 2963, "Computo dei termini di
prescrizione", applied to the terms of obligations by art. 1187 c.c. and, in the same words, to
procedural terms by art. 155 c.p.c.; its use for the deadlines of R.R. 4/2017 and for the
duration of the conventions of L.R. 16/2016 art. 23 c. 2 is our reading, *dedotto*):

1. terms are counted on the common calendar; **the day on which the term starts is not
   counted** ("non si computa il giorno nel corso del quale cade il momento iniziale del
   termine"): "30 days from the approval of 28 January" ends on 27 February (`days_after`);
2. a term in **months or years ends on the corresponding day** of the final month, or on its last
   day when the month has no such day ("se nel mese di scadenza manca tale giorno, il termine si
   compie con l'ultimo giorno dello stesso mese"): `years_after`;
3. a **deadline** that falls on a Sunday or a national public holiday is extended to the next day
   that is neither ("se il termine scade in giorno festivo, è prorogato di diritto al giorno
   seguente non festivo"; Saturday is a working day): `next_working_day`. It applies to deadlines
   for doing something, not to the length of a contract;
4. a **period that includes its first day** (a convention "dal 1/1/2021") lasts N years up to and
   including the day before the Nth anniversary of that day: 1/1/2021 + 8 years ends on
   31/12/2028, 1/3/2019 + 1 year on 29/2/2020; the anniversary of a 29 February in a year without
   one is 1 March, so 29/2/2020 + 1 year ends on 28/2/2021 (`period_end`, `whole_years`). This is
   rule 1 for a period whose first day is counted (the issue that set it: "at least eight years"
   is met by a convention that ends on the day before the eighth anniversary).

Holidays come from the maintained `holidays` library (country IT, national holidays, through
compliance/registry/festivi.py); a comune's patron-saint day is not included, because a plan's
deadlines concern the whole ambito. Extensions are data: `rules/proroghe.yaml`, each with its
act, its certainty and what it applies to. This module computes dates; it judges nothing.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from compliance.registry.festivi import national_holidays

Certainty = Literal["letto", "secondario", "dedotto"]
ONE_DAY = datetime.timedelta(days=1)


# ---- the counting rule -------------------------------------------------------------------------


def days_after(start: datetime.date, days: int) -> datetime.date:
    """The last day of a term of `days` days from `start` (the first day not counted; rule 1)."""
    return start + datetime.timedelta(days=days)


def years_after(start: datetime.date, years: int) -> datetime.date:
    """The day corresponding to `start` `years` years later, or the last day of that month (rule 2)."""
    year = start.year + years
    return start.replace(year=year, day=min(start.day, calendar.monthrange(year, start.month)[1]))


def anniversary(start: datetime.date, years: int) -> datetime.date:
    """The same day `years` years later; 1 March for a 29 February in a year without one (rule 4)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return datetime.date(start.year + years, 3, 1)


def period_end(start: datetime.date, years: int) -> datetime.date:
    """The last day of a period of `years` years that includes its first day `start` (rule 4)."""
    return anniversary(start, years) - ONE_DAY


def whole_years(start: datetime.date, end: datetime.date) -> int:
    """How many whole years a period from `start` to `end`, both days included, covers (rule 4):
    1/1/2021–31/12/2028 covers 8, 1/1/2021–30/12/2028 covers 7; 0 when it ends before its first year."""
    if end < start:
        return 0
    n = end.year - start.year + 1
    while n > 0 and period_end(start, n) > end:
        n -= 1
    return n


# ---- the calendar (rule 3) -----------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays(year: int):
    # the `holidays` library's answer; importing it costs ~0.15 s, so a stored copy of it is used
    # while the same library version is installed (see compliance/registry/festivi.py)
    return national_holidays(year)


def holiday_name(day: datetime.date) -> str | None:
    return _holidays(day.year).get(day)


def is_non_working(day: datetime.date) -> bool:
    """Sunday or a national public holiday (Saturday is a working day for deadlines)."""
    return day.weekday() == 6 or holiday_name(day) is not None


def next_working_day(day: datetime.date) -> datetime.date:
    while is_non_working(day):
        day += ONE_DAY
    return day


# ---- extensions (rules/proroghe.yaml) --------------------------------------------------------------


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SiApplicaA(_Base):
    """Which plans an extension concerns."""

    anno_dal: int | None = Field(None, description="primo anno di piano (o di inizio del triennio) interessato")
    anno_al: int | None = Field(None, description="ultimo anno di piano (o di inizio del triennio) interessato")

    def covers(self, year: int) -> bool:
        return (self.anno_dal is None or year >= self.anno_dal) and (self.anno_al is None or year <= self.anno_al)


class Proroga(_Base):
    id: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")]
    scadenza: Annotated[str, Field(description="il termine prorogato (un id dei termini in rules/parametri.yaml)")]
    nuova_scadenza: Annotated[datetime.date, Field(strict=False)]
    si_applica_a: SiApplicaA
    atto: Annotated[str, Field(min_length=1, description="l'atto che proroga, come citato")]
    fonte: Annotated[str, Field(min_length=1, description="dove la proroga è stata letta")]
    certainty: Certainty
    nota: str | None = None

    def applies(self, kind: str, year: int) -> bool:
        return self.scadenza == kind and self.si_applica_a.covers(year)


class ProrogheFile(_Base):
    proroghe: list[Proroga]


@dataclass(frozen=True)
class Deadline:
    """A deadline: the date the text sets (None if not known), any extension, and the day it
    really falls on."""

    nominal: datetime.date | None
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
            if lang == "en":
                why = "Sunday" if base.weekday() == 6 else (holiday_name(base) or "public holiday")
                parts.append(f"{base.strftime(fmt)} is a Sunday or public holiday ({why}): moved to the next working day")
            else:
                why = "domenica" if base.weekday() == 6 else "giorno festivo"
                parts.append(f"il {base.strftime(fmt)} è {why}: il termine slitta al primo giorno non festivo")
        return "; ".join(parts)


def deadline(nominal: datetime.date | None, kind: str, year: int,
             proroghe: tuple[Proroga, ...] = ()) -> Deadline | None:
    """The effective deadline: the latest extension that applies, then the calendar (rule 3).
    None when the text sets no known date and no extension applies."""
    applicable = [p for p in proroghe if p.applies(kind, year)]
    extension = max(applicable, key=lambda p: p.nuova_scadenza) if applicable else None
    base = extension.nuova_scadenza if extension else nominal
    if base is None:
        return None
    return Deadline(nominal, next_working_day(base), extension)
