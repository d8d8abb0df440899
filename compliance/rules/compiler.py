"""Compile rule versions into a durable-rules ruleset (the dict/JSON form).

Each rule becomes two durable rules on its subject's fact kind:

* `<key>|nv`: some required field is null → the subject is *non valutabile*;
* `<key>|v`: every required field is present and `violation_when` holds → *non conforme*.

Every pattern starts with `kind: <fact kind>` (so the engine's state object never matches), and
carries a `$neq: null` guard for each field it uses (durable-rules answers wrongly, or crashes,
on null or missing operands). A subject matched by neither is *conforme*.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from compliance.rules import expr
from compliance.rules.spec import Rule

_DURABLE_CMP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_DURABLE_ARITH = {"+": "$add", "-": "$sub", "*": "$mul"}


class CompileError(ValueError):
    pass


def encode_number(value: float | int) -> float | int:
    """A number durable-rules reads correctly, unchanged: no exponent notation, NaN or infinity.

    durable-rules rejects numbers written with an exponent (1e-05, 1e+16); such a value is refused
    here rather than rounded, so that the engine never judges a different number. Plan values are
    validated upstream (counts are whole, percentages have at most 4 decimals).
    """
    if isinstance(value, bool) or isinstance(value, int):
        if abs(value) >= 2**62:
            raise CompileError(f"numero troppo grande: {value}")
        return value
    if value != value or value in (float("inf"), float("-inf")):
        raise CompileError(f"numero non valido: {value}")
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    if "e" in repr(value):
        raise CompileError(f"numero non rappresentabile senza esponente: {value!r}")
    return value


def _rhs(term: expr.Term):
    if isinstance(term, expr.Field):
        return {"$m": term.name}
    if isinstance(term, expr.Const):
        if isinstance(term.value, (int, float)) and not isinstance(term.value, bool):
            return encode_number(term.value)
        return term.value
    if isinstance(term, expr.Arith):
        if term.op not in _DURABLE_ARITH:
            raise CompileError(f"operatore non ammesso nelle condizioni: {term.op}")
        return {_DURABLE_ARITH[term.op]: {"$l": _rhs(term.left), "$r": _rhs(term.right)}}
    raise CompileError(f"elemento non ammesso nelle condizioni: {term}")


def _cond(cond: expr.Cond):
    if isinstance(cond, expr.BoolOp):
        return {"$and" if cond.op == "and" else "$or": [_cond(i) for i in cond.items]}
    if isinstance(cond, expr.Not):  # pragma: no cover - removed by push_not
        raise CompileError("not")
    op, left, right = cond.op, cond.left, cond.right
    if not isinstance(left, expr.Field):
        if isinstance(right, expr.Field):
            op, left, right = expr.FLIP[op], right, left
        else:
            raise CompileError("ogni confronto deve avere un campo del fatto da un lato")
    if op == "==":
        return {left.name: _rhs(right)}
    return {_DURABLE_CMP[op]: {left.name: _rhs(right)}}


def _pattern(kind: str, *terms) -> dict:
    return {"m": {"$and": [{"kind": kind}, *terms]}}


@dataclass(frozen=True)
class CompiledRuleset:
    name: str
    definition: dict  # {name: {durable rule name: {...}}}
    kinds: frozenset[str]


def rule_key(rule: Rule) -> str:
    return f"{rule.id}@{rule.spec.version}"


def compile_rule(rule: Rule) -> dict:
    kind = rule.spec.subject
    fields = rule.required_fields
    cond = expr.push_not(rule.condition)
    guards = [{"$neq": {f: None}} for f in fields]
    # `where`: only facts for which it holds are subjects (its fields guarded against null too)
    scope: list = []
    if rule.filter is not None:
        scope = [{"$neq": {f: None}} for f in dict.fromkeys(expr.fields_of(rule.filter))]
        scope.append(_cond(expr.push_not(rule.filter)))
    key = rule_key(rule)
    out = {}
    if fields:
        missing = [{f: None} for f in fields]
        out[f"{key}|nv"] = {
            "all": [_pattern(kind, *scope, missing[0] if len(missing) == 1 else {"$or": missing})],
            "run": f"{key}|nv",
        }
    out[f"{key}|v"] = {"all": [_pattern(kind, *scope, *guards, _cond(cond))], "run": f"{key}|v"}
    return out


# Every batch ends with one sentinel fact that this rule always matches. Its action proves the
# engine processed the whole batch, and a state in which some action ran is one that
# durable-rules 2.0.28 can delete safely (a state holding only unmatched facts can crash
# `delete_state`: see compliance/engine/durable_runner.py).
SENTINEL_KIND = "~fine"
SENTINEL_RULE = {"all": [{"m": {"kind": SENTINEL_KIND}}], "run": SENTINEL_KIND}


def compile_rules(rules: list[Rule]) -> CompiledRuleset:
    body: dict = {SENTINEL_KIND: dict(SENTINEL_RULE)}
    for rule in rules:
        body.update(compile_rule(rule))
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    name = f"rs_{digest}"
    return CompiledRuleset(name, {name: body}, frozenset(r.spec.subject for r in rules))
