"""Arithmetic on fact values that may be missing or known only within bounds (compliance/facts/fields.py).

A sum is exact when every addend is; an addend that the plan does not give is never zero: the
sum is then known only within bounds, at least the known part and at most each missing row at
the largest count the plan model admits (`COUNT_MAX`).
"""

from __future__ import annotations

from typing import Any

from compliance.facts.fields import Bounds
from compliance.model.plan import COUNT_MAX


def _ends(value: Any) -> tuple[Any, Any]:
    if isinstance(value, Bounds):
        return value.lo, value.hi
    return value, value


def add(a: Any, b: Any) -> Any:
    """a + b on counts: None if either is unknown without bounds; bounds if either has them."""
    if a is None or b is None:
        return None
    if not isinstance(a, Bounds) and not isinstance(b, Bounds):
        return a + b
    (alo, ahi), (blo, bhi) = _ends(a), _ends(b)
    lo = None if alo is None or blo is None else alo + blo
    hi = None if ahi is None or bhi is None else ahi + bhi
    return Bounds(lo, hi)


def total(values: list[Any]) -> Any:
    """The sum of rows: a missing figure counts as anything from 0 to COUNT_MAX."""
    out: Any = 0
    for v in values:
        out = add(out, Bounds(0, COUNT_MAX) if v is None else v)
    return out
