"""What a fact is made of: kinds, fields, and the values a field admits.

A fact is a dict: `kind`, `id`, `soggetto` and one entry per field of its kind. A field's value is

* a point: an `int` (counts, years), a `Decimal` (percentages; compliance/numbers.py), a `date`,
  a `bool` or a text;
* `None`: the plan does not give it. It is never read as zero: the rules judge it over every
  value the field admits (`FieldSpec.admissible`);
* a `Bounds`: the figure is known only within bounds (a sum with rows whose figure is missing:
  at least the rows that are known). The rules judge it over every value within the bounds.

Every field declares the range of values it admits (a share 0–100, a count 0 and up, any date):
this is what "every admissible value of a missing figure" means (compliance/rules/semantics.py),
and a value outside it is a programming error that both engines refuse.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from compliance.numbers import DECIMALS, NotExact, exact, plain, scaled

FIELD_TYPES = ("int", "number", "text", "bool", "date")
NUMERIC_TYPES = ("int", "number", "bool", "date")  # judged as spans of numbers

# The admissible range of each type, unless a field states its own.
SUM_MAX = 10**12  # a count or a sum of counts (a plan file of 5 MB has fewer than 10^6 rows of at most 10^6)
DEFAULT_RANGE: dict[str, tuple[Any, Any]] = {
    "int": (0, SUM_MAX),
    "number": (Decimal(0), Decimal(100)),  # percentages
    "date": (datetime.date.min, datetime.date.max),
    "bool": (False, True),
}
# How many decimal places a field's values have (numbers reach durable-rules scaled by 10^this).
SCALE_OF_TYPE = {"int": 0, "number": DECIMALS, "date": 0, "bool": 0}


class FieldSpec(NamedTuple):
    """A field: its type, what it holds, and the range of values it admits (None: the type's
    default). Its words for people are in compliance/report/labels.yaml."""

    type: str
    description: str
    lo: Any = None
    hi: Any = None

    @property
    def scale(self) -> int:
        return SCALE_OF_TYPE[self.type]

    @property
    def admissible(self) -> tuple[int | Fraction, int | Fraction]:
        """The range of values the field admits, as exact numbers (dates as day numbers)."""
        return _admissible(self)

    @property
    def scaled_range(self) -> tuple[int, int]:
        """The admissible range in the engine's integers (× 10^scale)."""
        return _scaled_range(self)


@lru_cache(maxsize=None)
def _admissible(spec: FieldSpec) -> tuple[int | Fraction, int | Fraction]:
    lo_default, hi_default = DEFAULT_RANGE[spec.type]
    return (exact(lo_default if spec.lo is None else spec.lo), exact(hi_default if spec.hi is None else spec.hi))


@lru_cache(maxsize=None)
def _scaled_range(spec: FieldSpec) -> tuple[int, int]:
    lo, hi = _admissible(spec)
    return scaled(lo, spec.scale), scaled(hi, spec.scale)


def field(type: str, description: str, lo: Any = None, hi: Any = None) -> FieldSpec:
    if type not in FIELD_TYPES:
        raise ValueError(f"unknown field type {type}")
    return FieldSpec(type, description, lo, hi)


ANNUALE = ("piano_annuale",)
TRIENNALE = ("piano_triennale",)


@dataclass(frozen=True)
class FactKind:
    name: str
    description: str
    fields: dict[str, FieldSpec]
    plan_types: tuple[str, ...] = ANNUALE  # the plans whose facts include this kind


def kind(name: str, description: str, plan_types: tuple[str, ...] = ANNUALE, **fields: FieldSpec) -> FactKind:
    return FactKind(name, description, fields, plan_types)


# Fields every fact carries besides its own.
COMMON_FIELDS = ("kind", "id", "soggetto")


@dataclass(frozen=True)
class Bounds:
    """A figure known only within bounds: at least `lo`, at most `hi` (either None: as far as
    the field admits). `Bounds(12, None)` reads "at least 12"."""

    lo: Any = None
    hi: Any = None

    def __post_init__(self) -> None:
        if self.lo is not None and self.hi is not None and exact(self.lo) > exact(self.hi):
            raise ValueError(f"bounds in the wrong order: {self.lo} > {self.hi}")


def is_point(value: Any) -> bool:
    """A value known exactly (not missing, not only within bounds)."""
    if value is None:
        return False
    if isinstance(value, Bounds):
        return value.lo is not None and value.hi is not None and exact(value.lo) == exact(value.hi)
    return True


class FactValueError(ValueError):
    """A fact value of the wrong type or outside its field's range: a programming error."""


def check_value(kind: str, name: str, spec: FieldSpec, value: Any) -> None:
    """Refuse a value that is not of its field's type, not exact, or outside its admissible range."""
    if value is None:
        return
    if type(value) is int and spec.type == "int":  # the common case
        lo, hi = _admissible(spec)
        if not lo <= value <= hi:
            raise FactValueError(f"{kind}.{name}: {value} fuori dall'intervallo ammesso")
        return
    if isinstance(value, Bounds):
        if spec.type == "text":
            raise FactValueError(f"{kind}.{name}: un testo non ha limiti")
        for end in (value.lo, value.hi):
            check_value(kind, name, spec, end)
        return
    ok = True
    if spec.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif spec.type == "number":
        ok = isinstance(value, (int, Decimal, Fraction)) and not isinstance(value, bool)
    elif spec.type == "bool":
        ok = isinstance(value, bool)
    elif spec.type == "date":
        ok = isinstance(value, datetime.date)
    elif spec.type == "text":
        ok = isinstance(value, str)
    if not ok:
        raise FactValueError(f"{kind}.{name}: atteso {spec.type}, trovato {value!r}")
    if spec.type == "text":
        return
    try:
        x = exact(value)
    except NotExact as exc:
        raise FactValueError(f"{kind}.{name}: {exc}") from None
    if type(x) is not int and (x * 10**spec.scale).denominator != 1:
        raise FactValueError(f"{kind}.{name}: {value} ha più di {spec.scale} decimali")
    lo, hi = _admissible(spec)
    if not lo <= x <= hi:
        raise FactValueError(f"{kind}.{name}: {value} fuori dall'intervallo ammesso")


def check_fact(fact: dict, fields: dict[str, FieldSpec], names) -> None:
    """`check_value` for the named fields of a fact (the engines check what their rules read)."""
    for name in names:
        check_value(fact["kind"], name, fields[name], fact.get(name))


def json_value(value: Any) -> Any:
    """A fact value for JSON (`json.dumps(..., default=json_value)`): numbers as numbers, dates as
    ISO text, bounds as {min, max}."""
    if isinstance(value, Bounds):
        return {"min": value.lo, "max": value.hi}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (Decimal, Fraction)):
        return plain(value)
    return str(value)
