"""Compile rule versions into a durable-rules ruleset (the dict/JSON form).

Each rule becomes two durable rules on its subject's fact kind:

* `<key>|v`: the subject is *non conforme*;
* `<key>|nv`: the subject is *non valutabile*;

a subject matched by neither is *conforme*. They implement the definitions of
compliance/rules/semantics.py (the reference engine) on the bounds of each figure:

* every number, date or true/false a rule reads reaches the engine as two integers, its lower
  and upper bound (`<field>~lo`, `<field>~hi`): equal for a figure the plan gives, the field's
  admissible range for a missing one, the bounds for a figure known within bounds. Decimal
  fields are scaled by 10^4, dates are day numbers, true/false are 1/0 (compliance/numbers.py):
  the engine only ever computes on 64-bit integers, exactly;
* a term has a lower and an upper bound, built by interval arithmetic (`lo(a - b) = lo(a) -
  hi(b)`); a product needs the sign of one factor known from the admissible ranges, and its
  bounds follow from the signs;
* a comparison is compiled four ways: definitely true (DT), definitely false (DF), possibly
  true (PT = not DF) and possibly false (PF = not DT): `a > b` is DT when `lo(a) > hi(b)`; `and`,
  `or`, `not` combine them as Kleene's logic does (DT(x and y) = DT(x) and DT(y), …);
* `|v`  = DT(where) and DT(condition) and every `requires` field exact;
  `|nv` = PT(where) and (a `requires` field not exact, or PF(where) and PT(condition), or
  PF(condition) and PT(condition)).

Texts are compared only for (in)equality: a missing text makes the comparison unknown. Every
pattern starts with `kind: <fact kind>` (so the engine's state object never matches). Both
sides of every comparison are brought to one scale, and a condition whose integers could leave
the exact range (|x| < 2^62) over the admissible values is refused when the rule file is loaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from compliance.facts.fields import FieldSpec
from compliance.facts.schema import KINDS
from compliance.numbers import EXACT_LIMIT, exact
from compliance.rules import expr
from compliance.rules.spec import Rule, rule_key

ZERO = "~0"  # a field every fact carries with the value 0: `x op y` becomes `0 op y - x`
_OPS = {">": "$gt", ">=": "$gte", "<": "$lt", "<=": "$lte", "!=": "$neq"}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


class CompileError(ValueError):
    pass


def bound_name(field: str, side: str) -> str:
    return f"{field}~{side}"


# ---- bounds of terms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bound:
    """One bound (lower or upper) of a term as the engine computes it: `value × 10^exponent` is an
    integer expression; `low`..`high` is the range of the real value over admissible facts."""

    expr: Any  # an int (a constant), {"$m": field} or {"$add"|"$sub"|"$mul": ...}
    exponent: int
    low: Fraction
    high: Fraction


def _check(b: _Bound) -> _Bound:
    scale = 10**b.exponent
    if max(abs(b.low), abs(b.high)) * scale >= EXACT_LIMIT:
        raise CompileError("la condizione può superare l'aritmetica intera esatta del motore (2^62)")
    return b


def _rescale(b: _Bound, exponent: int) -> _Bound:
    if b.exponent == exponent:
        return b
    factor = 10 ** (exponent - b.exponent)
    e = b.expr * factor if isinstance(b.expr, int) else {"$mul": {"$l": b.expr, "$r": factor}}
    return _check(_Bound(e, exponent, b.low, b.high))


def _op(name: str, a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int):
        return {"$add": a + b, "$sub": a - b, "$mul": a * b}[name]
    return {name: {"$l": a, "$r": b}}


def _decimals(x: Fraction) -> int:
    n = 0
    while (x * 10**n).denominator != 1:
        n += 1
        if n > 18:
            raise CompileError(f"costante non decimale: {x}")
    return n


class _Terms:
    """Bounds of the terms of one rule's conditions, on its fact kind's fields."""

    def __init__(self, fields: dict[str, FieldSpec]):
        self.fields = fields

    def is_text(self, term: expr.Term) -> bool:
        if isinstance(term, expr.Field):
            return self.fields[term.name].type == "text"
        return isinstance(term, expr.Const) and isinstance(term.value, str)

    def bound(self, term: expr.Term, side: str) -> _Bound:
        if isinstance(term, expr.Field):
            spec = self.fields[term.name]
            if spec.type == "text":
                raise CompileError(f"«{term.name}» è un testo: non ammesso in un calcolo")
            low, high = spec.admissible
            return _check(_Bound({"$m": bound_name(term.name, side)}, spec.scale, low, high))
        if isinstance(term, expr.Const):
            if isinstance(term.value, str):
                raise CompileError("un testo non è ammesso in un calcolo")
            x = exact(term.value)
            e = _decimals(x)
            return _check(_Bound(int(x * 10**e), e, x, x))
        if isinstance(term, expr.Arith):
            return self._arith(term, side)
        raise CompileError(f"elemento non ammesso nelle condizioni: {term}")

    def _arith(self, term: expr.Arith, side: str) -> _Bound:
        other = "hi" if side == "lo" else "lo"
        if term.op in ("+", "-"):
            a = self.bound(term.left, side)
            b = self.bound(term.right, side if term.op == "+" else other)
            e = max(a.exponent, b.exponent)
            a, b = _rescale(a, e), _rescale(b, e)
            if term.op == "+":
                return _check(_Bound(_op("$add", a.expr, b.expr), e, a.low + b.low, a.high + b.high))
            return _check(_Bound(_op("$sub", a.expr, b.expr), e, a.low - b.high, a.high - b.low))
        if term.op == "*":
            return self._product(term, side)
        raise CompileError(f"operatore non ammesso nelle condizioni: {term.op}")

    def _sign(self, term: expr.Term) -> int:
        b = self.bound(term, "lo")
        low, high = b.low, b.high
        if low >= 0:
            return 1
        if high <= 0:
            return -1
        return 0

    def _product(self, term: expr.Arith, side: str) -> _Bound:
        sa, sb = self._sign(term.left), self._sign(term.right)
        if sa == 0 or sb == 0:
            raise CompileError(
                "prodotto di termini di segno non noto: uno dei due fattori deve essere sempre >= 0 o <= 0")
        # with the signs known, each bound of a*b is the product of one bound of each factor
        if side == "lo":
            ends = ("lo", "lo") if (sa > 0 and sb > 0) else ("hi", "hi") if (sa < 0 and sb < 0) else (
                ("hi", "lo") if sa > 0 else ("lo", "hi"))
        else:
            ends = ("hi", "hi") if (sa > 0 and sb > 0) else ("lo", "lo") if (sa < 0 and sb < 0) else (
                ("lo", "hi") if sa > 0 else ("hi", "lo"))
        a, b = self.bound(term.left, ends[0]), self.bound(term.right, ends[1])
        corners = (a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high)
        return _check(_Bound(_op("$mul", a.expr, b.expr), a.exponent + b.exponent, min(corners), max(corners)))


# ---- conditions ---------------------------------------------------------------------------------

TRUE, FALSE = True, False


def _and(*items: Any) -> Any:
    out = []
    for item in items:
        if item is FALSE:
            return FALSE
        if item is TRUE:
            continue
        out.extend(item["$and"] if isinstance(item, dict) and set(item) == {"$and"} else [item])
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else {"$and": out}


def _or(*items: Any) -> Any:
    out = []
    for item in items:
        if item is TRUE:
            return TRUE
        if item is FALSE:
            continue
        out.extend(item["$or"] if isinstance(item, dict) and set(item) == {"$or"} else [item])
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else {"$or": out}


def _field_ref(b: _Bound) -> str | None:
    if isinstance(b.expr, dict) and set(b.expr) == {"$m"}:
        return b.expr["$m"]
    return None


def _rel(x: _Bound, op: str, y: _Bound) -> Any:
    """`x op y` as a durable-rules test."""
    e = max(x.exponent, y.exponent)
    x, y = _rescale(x, e), _rescale(y, e)
    if isinstance(x.expr, int) and isinstance(y.expr, int):
        return {">": x.expr > y.expr, ">=": x.expr >= y.expr, "<": x.expr < y.expr, "<=": x.expr <= y.expr,
                "==": x.expr == y.expr, "!=": x.expr != y.expr}[op]
    left, right = _field_ref(x), _field_ref(y)
    if left is not None:
        return {left: y.expr} if op == "==" else {_OPS[op]: {left: y.expr}}
    if right is not None:
        op = _FLIP[op]
        return {right: x.expr} if op == "==" else {_OPS[op]: {right: x.expr}}
    diff = _check(_Bound(_op("$sub", y.expr, x.expr), e, y.low - x.high, y.high - x.low))
    return {ZERO: diff.expr} if op == "==" else {_OPS[op]: {ZERO: diff.expr}}  # x op y  <=>  0 op y - x


@dataclass(frozen=True)
class Modal:
    """A condition compiled four ways (see the module notes)."""

    dt: Any
    df: Any
    pt: Any
    pf: Any

    def negate(self) -> "Modal":
        return Modal(self.df, self.dt, self.pf, self.pt)


class _Conditions:
    def __init__(self, fields: dict[str, FieldSpec]):
        self.terms = _Terms(fields)

    def modal(self, cond: expr.Cond) -> Modal:
        if isinstance(cond, expr.Not):
            return self.modal(cond.item).negate()
        if isinstance(cond, expr.BoolOp):
            parts = [self.modal(i) for i in cond.items]
            if cond.op == "and":
                return Modal(_and(*[p.dt for p in parts]), _or(*[p.df for p in parts]),
                             _and(*[p.pt for p in parts]), _or(*[p.pf for p in parts]))
            return Modal(_or(*[p.dt for p in parts]), _and(*[p.df for p in parts]),
                         _or(*[p.pt for p in parts]), _and(*[p.pf for p in parts]))
        if self.terms.is_text(cond.left) or self.terms.is_text(cond.right):
            return self._text(cond)
        return self._numeric(cond)

    def _numeric(self, cmp: expr.Cmp) -> Modal:
        op, left, right = cmp.op, cmp.left, cmp.right
        if op in ("<", "<="):  # a < b  is  b > a
            op, left, right = _FLIP[op], right, left
        b = self.terms.bound
        a_lo, a_hi, b_lo, b_hi = b(left, "lo"), b(left, "hi"), b(right, "lo"), b(right, "hi")
        if op == ">":
            return Modal(_rel(a_lo, ">", b_hi), _rel(a_hi, "<=", b_lo), _rel(a_hi, ">", b_lo), _rel(a_lo, "<=", b_hi))
        if op == ">=":
            return Modal(_rel(a_lo, ">=", b_hi), _rel(a_hi, "<", b_lo), _rel(a_hi, ">=", b_lo), _rel(a_lo, "<", b_hi))
        equal = Modal(
            _and(_rel(a_lo, ">=", b_hi), _rel(a_hi, "<=", b_lo)),
            _or(_rel(a_lo, ">", b_hi), _rel(a_hi, "<", b_lo)),
            _and(_rel(a_lo, "<=", b_hi), _rel(a_hi, ">=", b_lo)),
            _or(_rel(a_lo, "<", b_hi), _rel(a_hi, ">", b_lo)),
        )
        return equal if op == "==" else equal.negate()

    def _text(self, cmp: expr.Cmp) -> Modal:
        if not (self.terms.is_text(cmp.left) and self.terms.is_text(cmp.right)):
            raise CompileError("confronto tra un testo e un numero")
        if cmp.op not in ("==", "!="):
            raise CompileError(f"«{cmp.op}» non si applica a un testo")
        left, right = cmp.left, cmp.right
        if isinstance(left, expr.Const):
            left, right = right, left
        if isinstance(left, expr.Const):  # two constants
            same = left.value == right.value
            value = same if cmp.op == "==" else not same
            return Modal(value, not value, value, not value)
        rhs = right.value if isinstance(right, expr.Const) else {"$m": right.name}
        known = [{"$neq": {left.name: None}}] + ([] if isinstance(right, expr.Const) else [{"$neq": {right.name: None}}])
        unknown = [{left.name: None}] + ([] if isinstance(right, expr.Const) else [{right.name: None}])
        eq, neq = {left.name: rhs}, {"$neq": {left.name: rhs}}
        equal = Modal(_and(*known, eq), _and(*known, neq), _or(*unknown, eq), _or(*unknown, neq))
        return equal if cmp.op == "==" else equal.negate()


# ---- rules ------------------------------------------------------------------------------------------


def _inexact(name: str, spec: FieldSpec) -> tuple[Any, Any]:
    """(the field is not known exactly, it is) as durable-rules tests."""
    if spec.type == "text":
        return {name: None}, {"$neq": {name: None}}
    lo, hi = bound_name(name, "lo"), bound_name(name, "hi")
    return {"$neq": {lo: {"$m": hi}}}, {lo: {"$m": hi}}


def _pattern(kind: str, *terms: Any) -> dict:
    return {"m": {"$and": [{"kind": kind}, *terms]}}


@dataclass(frozen=True)
class CompiledRuleset:
    name: str
    definition: dict  # {name: {durable rule name: {...}}}
    kinds: frozenset[str]
    reads: dict[str, frozenset[str]]  # fact kind -> fields its rules read


def compile_rule(rule: Rule) -> dict:
    kind = rule.spec.subject
    fields = KINDS[kind].fields
    conditions = _Conditions(fields)
    where = conditions.modal(rule.filter) if rule.filter is not None else Modal(TRUE, FALSE, TRUE, FALSE)
    cond = conditions.modal(rule.condition)
    missing = [_inexact(f, fields[f]) for f in rule.extra_required]
    violated = _and(where.dt, cond.dt, *[known for _, known in missing])
    unknown = _and(where.pt, _or(*[gap for gap, _ in missing], _and(where.pf, cond.pt), _and(cond.pf, cond.pt)))
    key = rule_key(rule)
    out = {}
    for suffix, test in (("v", violated), ("nv", unknown)):
        if test is FALSE:
            continue
        terms = [] if test is TRUE else (test["$and"] if isinstance(test, dict) and set(test) == {"$and"} else [test])
        out[f"{key}|{suffix}"] = {"all": [_pattern(kind, *terms)], "run": f"{key}|{suffix}"}
    return out


# Every batch ends with one sentinel fact that this rule always matches. Its action proves the
# engine processed the whole batch, and a state in which some action ran is one that
# durable-rules 2.0.28 can delete safely (a state holding only unmatched facts can crash
# `delete_state`: see compliance/engine/durable_runner.py).
SENTINEL_KIND = "~fine"
SENTINEL_RULE = {"all": [{"m": {"kind": SENTINEL_KIND}}], "run": SENTINEL_KIND}


def compile_rules(rules: list[Rule]) -> CompiledRuleset:
    body: dict = {SENTINEL_KIND: dict(SENTINEL_RULE)}
    reads: dict[str, set[str]] = {}
    for rule in rules:
        body.update(compile_rule(rule))
        reads.setdefault(rule.spec.subject, set()).update(rule.read_fields, rule.extra_required)
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    name = f"rs_{digest}"
    return CompiledRuleset(name, {name: body}, frozenset(r.spec.subject for r in rules),
                           {k: frozenset(v) for k, v in reads.items()})
