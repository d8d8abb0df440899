"""The law's data that facts are computed with: parameters and deadlines (`rules/parametri.yaml`)
and the extensions of deadlines (`rules/proroghe.yaml`), each cited and dated.

A parameter (the 20% indigent share, how a reserve is rounded) has values by the date they apply
from; a deadline (31 October, 31 December, 30 days from the approval) has versions by plan year.
`LawData.value(...)` and `LawData.deadline(...)` answer for one plan; nothing here judges.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from compliance import deadlines
from compliance.deadlines import Deadline, Proroga, ProrogheFile
from compliance.model.loader import InputError, InputProblem, load_model

Certainty = Literal["letto", "secondario", "dedotto"]
Date = Annotated[datetime.date, Field(strict=False)]
MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ValoreDatato(_Base):
    dal: Date = Field(description="primo giorno (data di riferimento del piano) a cui il valore si applica")
    valore: Decimal | int | str


class Parametro(_Base):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    descrizione: str
    fonte: Annotated[str, Field(min_length=1)]
    certainty: Certainty
    nota: str | None = None
    valori: Annotated[list[ValoreDatato], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> "Parametro":
        days = [v.dal for v in self.valori]
        if days != sorted(set(days)):
            raise ValueError("valori: le date «dal» devono essere crescenti e diverse")
        return self

    def on(self, day: datetime.date | None) -> Any:
        """The value that applies on `day`; the first one before the first date or with no date."""
        out = self.valori[0].valore
        if day is None:
            return out
        for v in self.valori:
            if v.dal <= day:
                out = v.valore
        return out


class AnniPiano(_Base):
    dal: int | None = None
    al: int | None = None

    def covers(self, year: int) -> bool:
        return (self.dal is None or year >= self.dal) and (self.al is None or year <= self.al)


class VersioneTermine(_Base):
    """How a deadline is set for some plan years: a day of the year (`giorno`, `mese`, `anno`)
    or a number of days from an event (`giorni`, `da`: a date, or `approvazione`); neither: no
    date is known (only an extension can give one)."""

    anni_piano: AnniPiano
    giorno: Annotated[int, Field(ge=1, le=31)] | None = None
    mese: Annotated[int, Field(ge=1, le=12)] | None = None
    anno: Literal["precedente", "del_piano"] | None = None
    giorni: Annotated[int, Field(ge=0)] | None = None
    da: Date | Literal["approvazione"] | None = None
    descrizione: str
    fonte: Annotated[str, Field(min_length=1)]
    certainty: Certainty

    @model_validator(mode="after")
    def _one_way(self) -> "VersioneTermine":
        fixed = (self.giorno, self.mese, self.anno)
        relative = (self.giorni, self.da)
        if any(v is not None for v in fixed) and any(v is not None for v in relative):
            raise ValueError("un termine è un giorno dell'anno (giorno, mese, anno) o un numero di giorni (giorni, da)")
        if any(v is not None for v in fixed) and not all(v is not None for v in fixed):
            raise ValueError("giorno, mese e anno vanno indicati insieme")
        if any(v is not None for v in relative) and not all(v is not None for v in relative):
            raise ValueError("giorni e da vanno indicati insieme")
        return self

    def nominal(self, plan_year: int, event: datetime.date | None) -> datetime.date | None:
        """The date the text sets, before extensions and the calendar (counting: compliance/deadlines.py)."""
        if self.giorno is not None:
            year = plan_year - 1 if self.anno == "precedente" else plan_year
            return datetime.date(year, self.mese, self.giorno)
        if self.giorni is not None:
            start = event if self.da == "approvazione" else self.da
            return deadlines.days_after(start, self.giorni) if start else None
        return None

    def describe(self, plan_year: int, event: datetime.date | None) -> str:
        if self.giorno is not None:
            year = plan_year - 1 if self.anno == "precedente" else plan_year
            return f"{self.giorno} {MONTHS_IT[self.mese - 1]} {year}"
        if self.da == "approvazione":
            return f"{self.descrizione} del {event.strftime('%d/%m/%Y')}" if event else self.descrizione
        return " ".join(self.descrizione.split())


class Termine(_Base):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    descrizione: str
    versioni: Annotated[list[VersioneTermine], Field(min_length=1)]

    def version(self, plan_year: int) -> VersioneTermine | None:
        found = [v for v in self.versioni if v.anni_piano.covers(plan_year)]
        if len(found) > 1:
            raise ValueError(f"termine {self.id}: più versioni per il piano {plan_year}")
        return found[0] if found else None


class ParametriFile(_Base):
    parametri: list[Parametro]
    termini: list[Termine]


class LawData:
    """Parameters, deadlines and extensions of one rules folder."""

    def __init__(self, parametri: ParametriFile, proroghe: tuple[Proroga, ...] = ()):
        self.parameters = {p.id: p for p in parametri.parametri}
        self.deadlines = {t.id: t for t in parametri.termini}
        self.proroghe = proroghe

    def value(self, parameter: str, day: datetime.date) -> Any:
        return self.parameters[parameter].on(day)

    def deadline(self, kind: str, plan_year: int, event: datetime.date | None = None) -> tuple[Deadline | None, str]:
        """The effective deadline of `kind` for the plan of `plan_year` (`event`: the approval, for
        deadlines counted from it), and how it is reached, in words."""
        version = self.deadlines[kind].version(plan_year)
        if version is None:
            return None, ""
        due = deadlines.deadline(version.nominal(plan_year, event), kind, plan_year, self.proroghe)
        words = " ".join(version.describe(plan_year, event).split())
        if due is None:
            return None, words
        basis = due.basis()
        if due.extension and version.nominal(plan_year, event) is None:
            return due, basis  # only the extension sets a date
        return due, words + (f"; {basis}" if basis else "")


def _problem(path: Path, message: str) -> InputError:
    return InputError([InputProblem(str(path), None, None, message)])


def load_law(root: Path) -> LawData:
    """The law's data of a rules folder. Raises InputError with located problems."""
    problems: list[InputProblem] = []
    parametri = proroghe = None
    try:
        parametri = load_model(root / "parametri.yaml", ParametriFile, "it", "expected_rule_mapping")[0]
    except InputError as exc:
        problems.extend(exc.problems)
    path = root / "proroghe.yaml"
    try:
        proroghe = tuple(load_model(path, ProrogheFile, "it", "expected_rule_mapping")[0].proroghe) if path.exists() else ()
    except InputError as exc:
        problems.extend(exc.problems)
    if parametri is not None and proroghe is not None:
        known = {t.id for t in parametri.termini}
        for p in proroghe:
            if p.scadenza not in known:
                problems.append(InputProblem(str(path), None, "scadenza",
                                             f"proroga {p.id}: termine «{p.scadenza}» sconosciuto; noti: {', '.join(sorted(known))}"))
    if problems:
        raise InputError(problems)
    return LawData(parametri, proroghe)


def default_rules_dir() -> Path:
    from compliance import resources

    return resources.rules_dir()


@lru_cache(maxsize=1)
def default_law() -> LawData:
    """The law's data of the project's own rules folder (for facts built without a rule book)."""
    return load_law(default_rules_dir())
