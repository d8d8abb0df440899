"""One number semantics, from the plan file to the verdict.

* **Decimals are exact.** A plan's decimal figures (percentages such as 15.3) are `Decimal`s made
  from the text of the file (the YAML loader builds them from the scalar's characters, never via
  a binary float). Counts are `int`s. Arithmetic on them (the fact builder's sums, the rules'
  conditions in the reference engine, the rules' `compute:` for messages) is done on `Fraction`s
  made exactly from those values.
* **At most `DECIMALS` (4) decimal places.** The plan model refuses a percentage with more; the
  fact builder never makes a decimal figure with more.
* **What durable-rules receives is an integer.** durable-rules computes on C doubles when a
  value has decimals, so 4.7 + 15.3 is not 20 there. Every figure is therefore sent as an
  integer in a fixed scale: decimal fields (type `number` in compliance/facts/schema.py) in
  units of 10^-4 (`SCALE`, ten-thousandths: 15.3% is sent as 153000), counts and dates (day
  numbers) as they are. The rule compiler writes every constant in the same scale and brings
  both sides of every comparison, sums and products included, to a common scale, so the engine
  only ever adds, subtracts, multiplies and compares 64-bit integers: exact. It refuses on load
  a condition whose integers could leave the exact range (`EXACT_LIMIT`).
* **Rounding happens only where the law rounds**, on exact values: `ceil` (per eccesso: art. 13
  c. 3 and art. 7 bis c. 1 R.R. 4/2017) and `half_up` (0,5 per eccesso: art. 15 c. 1 ter).
  Messages may show a non-terminating ratio (a third) to two decimals: that is display only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

DECIMALS = 4
SCALE_EXPONENT = DECIMALS  # decimal fields reach durable-rules as integers × 10^4
SCALE = 10**SCALE_EXPONENT
EXACT_LIMIT = 2**62  # durable-rules' integers are 64-bit; stay well inside


class NotExact(ValueError):
    """A value that cannot be carried exactly (a binary float, too many decimals, not finite)."""


def decimal_from_text(text: str) -> Decimal:
    """The exact decimal a YAML float scalar writes (`15.3`, `1_000.5`, `1e3`)."""
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise NotExact(f"numero non valido: {text!r}") from None
    return value


def decimal_from_float(value: float) -> Decimal:
    """A binary float that a program (a spreadsheet cell, a command-line value) already holds,
    read as the shortest decimal that gives it back: 15.3, not 15.300000000000000710542735760100.
    Plan files never take this path (their decimals are read from the text)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise NotExact(f"numero non finito: {value!r}")
    return Decimal(repr(value))


def exact(value: Any) -> int | Fraction:
    """An int, Decimal or Fraction as an exact number: an int when whole (cheaper, and ints and
    Fractions compare and add exactly), else a Fraction; a date as its day number. A float is
    refused: it is not exact."""
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotExact(f"numero non finito: {value}")
        n, d = value.as_integer_ratio()
        return n if d == 1 else Fraction(n, d)
    if isinstance(value, datetime.date):
        return value.toordinal()
    if isinstance(value, float):
        raise NotExact(f"numero binario {value!r}: le cifre decimali devono essere Decimal")
    raise NotExact(f"non è un numero: {value!r}")


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def scaled(value: Any, exponent: int) -> int:
    """`value × 10^exponent` as an int; NotExact if that is not a whole number."""
    if type(value) is int:
        return value * 10**exponent
    x = exact(value) * 10**exponent
    if x.denominator != 1:
        raise NotExact(f"{value} ha più di {exponent} decimali")
    return x.numerator


def ceil(x: Fraction) -> int:
    """Rounded up to the next whole number (per eccesso)."""
    return -((-x.numerator) // x.denominator)


def floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def half_up(x: Fraction) -> int:
    """Rounded to the nearest whole number, 0.5 up (art. 15 c. 1 ter R.R. 4/2017)."""
    return floor(x + Fraction(1, 2))


def plain(value: Any) -> Any:
    """A number for JSON and for people: an int when whole, else a float. Exact for every
    decimal of the plan (at most 15 significant digits print back as written); a computed
    non-terminating ratio becomes its nearest float, which is display only."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (Fraction, Decimal)):
        return int(value) if value == int(value) else float(value)
    return value
