"""What a rule says about one subject whose figures may be missing or known only within bounds.

A rule judges a subject (a fact) with its `where` (is the fact a subject?) and its
`violation_when` (is it non conforme?). Every figure a condition reads is a span of values:

* a figure the plan gives is a span of one value;
* a figure the plan does not give (`None`) spans every value its field admits (a share 0–100, a
  count 0 and up, any date: compliance/facts/fields.py); it is never read as zero;
* a figure known only within bounds (`Bounds`) spans those bounds.

Arithmetic works on spans (interval arithmetic: `a - b` spans `lo(a) - hi(b)` to `hi(a) -
lo(b)`), and a comparison is **true** when it holds for every value in the spans, **false** when
it holds for none, and **unknown** otherwise; `and`, `or`, `not` combine the three values as
Kleene's logic does. A rule's verdict on a subject is then:

* *escluso* (not a subject) when `where` is false;
* *non conforme* when `where` and `violation_when` are true and every field of `requires` is known;
* *conforme* when `violation_when` is false (and the `requires` fields are known): the subject
  complies whatever the missing figures are;
* *non valutabile* otherwise: some admissible value of a missing figure could change the verdict.

A span is computed field by field, so a condition that names one figure twice (`x - x`) may come
out *unknown* where a sharper analysis would decide: never a wrong verdict, at worst a cautious
one. The durable-rules compilation (compliance/rules/compiler.py) implements these same
definitions on the bounds of each figure, so the two engines give the same three outcomes;
the reference engine (compliance/engine/reference.py) is this module.

For a verdict reached with figures missing, `assumptions` finds the least favourable admissible
value of each (the one that brings the subject closest to the other verdict), so that the message
can say what was assumed: "anche con quota per la Polizia Locale uguale a 0".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from compliance.facts.fields import Bounds, FieldSpec, is_point
from compliance.numbers import exact
from compliance.rules import expr


@dataclass(frozen=True)
class Span:
    lo: Fraction
    hi: Fraction


@dataclass(frozen=True)
class Text:
    value: str | None  # None: not known


UNKNOWN = None


class Reading:
    """A fact as a rule reads it: each field a span (or a text); some fields may be pinned to one
    value (to find the least favourable values)."""

    def __init__(self, fact: dict, fields: dict[str, FieldSpec], pinned: dict[str, Fraction] | None = None):
        self.fact = fact
        self.fields = fields
        self.pinned = pinned or {}

    def value(self, name: str) -> Span | Text:
        spec = self.fields[name]
        if spec.type == "text":
            return Text(self.fact.get(name))
        if name in self.pinned:
            x = self.pinned[name]
            return Span(x, x)
        return span_of_value(self.fact.get(name), spec)


def span_of_value(value: Any, spec: FieldSpec) -> Span:
    lo, hi = spec.admissible
    if value is None:
        return Span(lo, hi)
    if isinstance(value, Bounds):
        return Span(lo if value.lo is None else exact(value.lo), hi if value.hi is None else exact(value.hi))
    x = exact(value)
    return Span(x, x)


def _const(value: Any) -> Span | Text:
    if isinstance(value, str):
        return Text(value)
    x = exact(value)
    return Span(x, x)


def span(term: expr.Term, reading: Reading) -> Span | Text:
    if isinstance(term, expr.Field):
        return reading.value(term.name)
    if isinstance(term, expr.Const):
        return _const(term.value)
    if isinstance(term, expr.Arith):
        a, b = span(term.left, reading), span(term.right, reading)
        if isinstance(a, Text) or isinstance(b, Text):
            raise TypeError("arithmetic on a text")
        if term.op == "+":
            return Span(a.lo + b.lo, a.hi + b.hi)
        if term.op == "-":
            return Span(a.lo - b.hi, a.hi - b.lo)
        if term.op == "*":
            corners = (a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi)
            return Span(min(corners), max(corners))
    raise TypeError(f"not allowed in a condition: {term}")


def _compare(op: str, left: Span | Text, right: Span | Text) -> bool | None:
    if isinstance(left, Text) or isinstance(right, Text):
        if not (isinstance(left, Text) and isinstance(right, Text)):
            raise TypeError("comparison between a text and a number")
        if left.value is None or right.value is None:
            return UNKNOWN
        same = left.value == right.value
        if op == "==":
            return same
        if op == "!=":
            return not same
        raise TypeError(f"«{op}» between texts")
    if op == ">":
        return True if left.lo > right.hi else False if left.hi <= right.lo else UNKNOWN
    if op == ">=":
        return True if left.lo >= right.hi else False if left.hi < right.lo else UNKNOWN
    if op == "<":
        return _compare(">", right, left)
    if op == "<=":
        return _compare(">=", right, left)
    equal = True if (left.lo >= right.hi and left.hi <= right.lo) else (
        False if (left.lo > right.hi or left.hi < right.lo) else UNKNOWN)
    if op == "==":
        return equal
    return None if equal is None else not equal


def truth(cond: expr.Cond, reading: Reading) -> bool | None:
    """True, False, or None (unknown) over every value the spans allow."""
    if isinstance(cond, expr.Not):
        inner = truth(cond.item, reading)
        return None if inner is None else not inner
    if isinstance(cond, expr.BoolOp):
        values = [truth(i, reading) for i in cond.items]
        if cond.op == "and":
            return False if False in values else (None if None in values else True)
        return True if True in values else (None if None in values else False)
    return _compare(cond.op, span(cond.left, reading), span(cond.right, reading))


def verdict(rule: Any, fact: dict, fields: dict[str, FieldSpec]) -> str:
    """conforme, non_conforme, non_valutabile, or escluso (not a subject), for a fact of the
    rule's kind (see the module notes)."""
    reading = Reading(fact, fields)
    where = True if rule.filter is None else truth(rule.filter, reading)
    if where is False:
        return "escluso"
    violated = truth(rule.condition, reading)
    if any(not is_point(fact.get(f)) for f in rule.extra_required):
        return "non_valutabile"
    if where is True and violated is True:
        return "non_conforme"
    if violated is False:
        return "conforme"
    return "non_valutabile"


def imprecise(rule: Any, fact: dict) -> list[str]:
    """The fields the rule reads that the fact does not give exactly, in order of appearance."""
    return [f for f in rule.read_fields if not is_point(fact.get(f))]


# ---- what a verdict assumes ------------------------------------------------------------------------


def _margin(cond: expr.Cond, reading: Reading) -> Fraction:
    """How far a condition (without `not`) is from failing: positive or zero when true everywhere."""
    if isinstance(cond, expr.BoolOp):
        margins = [_margin(i, reading) for i in cond.items]
        return min(margins) if cond.op == "and" else max(margins)
    left, right = span(cond.left, reading), span(cond.right, reading)
    if isinstance(left, Text):
        return Fraction(0) if _compare(cond.op, left, right) is True else Fraction(-1)
    op = cond.op
    if op in (">", ">="):
        return left.lo - right.hi
    if op in ("<", "<="):
        return right.lo - left.hi
    if op == "==":
        return min(left.lo - right.hi, right.lo - left.hi)
    return max(left.lo - right.hi, right.lo - left.hi)


def _typed(x: Fraction, spec: FieldSpec) -> Any:
    if spec.type == "date":
        return datetime.date.fromordinal(int(x))
    if spec.type == "bool":
        return bool(x)
    if spec.type == "int":
        return int(x)
    return Decimal(x.numerator) / Decimal(x.denominator)  # a bound of a number field: at most 4 decimals


def assumptions(rule: Any, fact: dict, fields: dict[str, FieldSpec]) -> dict[str, Any]:
    """For a *non conforme* verdict reached with imprecise figures: the least favourable admissible
    value of each (the one that keeps the subject closest to complying), or None for a figure
    whose value does not matter. Empty when every figure the rule reads is known."""
    target = expr.push_not(expr.BoolOp("and", (rule.filter, rule.condition)) if rule.filter else rule.condition)
    pinned: dict[str, Fraction] = {}
    out: dict[str, Any] = {}
    for name in imprecise(rule, fact):
        spec = fields[name]
        if spec.type == "text":
            out[name] = None
            continue
        whole = span_of_value(fact.get(name), spec)
        candidates = []
        for end in (whole.lo, whole.hi):
            candidates.append((_margin(target, Reading(fact, fields, {**pinned, name: end})), end))
        (m_lo, lo), (m_hi, hi) = candidates
        if m_lo == m_hi:
            out[name] = None  # the verdict does not depend on it
            continue
        pinned[name] = lo if m_lo < m_hi else hi
        out[name] = _typed(pinned[name], spec)
    return out
