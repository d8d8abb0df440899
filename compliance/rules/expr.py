"""The small expression language of rule files.

A condition reads like the article: `quota_percentuale > 10`,
`totale_unita_immobiliari != alloggi_sap + alloggi_sas`, `tipo_ente != 'comune' and
quota_percentuale > 20`. It is parsed with Python's `ast` and only these forms are allowed:

* comparisons `== != < <= > >=` between fact fields, numbers, texts, `true`/`false`;
* `and`, `or`, `not`, parentheses;
* arithmetic `+ - *` (no division: durable-rules kills the process on an integer division by
  zero, so ratios are written as products, e.g. `riservate * 100 > quota * disponibili`).

`compute:` expressions (used only in messages) may also use `/`, `ceil`, `floor`,
`arrotonda` (half up, as art. 15 c. 1 ter R.R. 4/2017), `min`, `max`; they are evaluated in
exact fractions.

Numbers written with decimals (`12.5`) are exact `Decimal`s made from their text, never binary
floats. What a condition means on a fact with missing figures is compliance/rules/semantics.py.
"""

from __future__ import annotations

import ast
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Union

from compliance.numbers import exact

CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
ARITH_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}
FUNCTIONS = ("ceil", "floor", "arrotonda", "min", "max")


class ExprError(ValueError):
    """An expression that the language does not allow."""


@dataclass(frozen=True)
class Field:
    name: str


@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class Arith:
    op: str
    left: "Term"
    right: "Term"


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple["Term", ...]


@dataclass(frozen=True)
class Cmp:
    op: str
    left: "Term"
    right: "Term"


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple["Cond", ...]


@dataclass(frozen=True)
class Not:
    item: "Cond"


Term = Union[Field, Const, Arith, Call]
Cond = Union[Cmp, BoolOp, Not]


def _parse(text: str) -> ast.AST:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("espressione vuota")
    if len(text) > 2000:
        raise ExprError("espressione troppo lunga")
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"sintassi non valida: {exc.msg}") from None
    for node in ast.walk(tree):  # decimals exactly as written, never binary floats
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            node.value = Decimal(ast.get_source_segment(source, node).replace("_", ""))
    return tree


def parse_condition(text: str) -> Cond:
    return _cond(_parse(text))


def parse_term(text: str, allow_calls: bool = True) -> Term:
    return _term(_parse(text), allow_calls=allow_calls, allow_div=True)


def _cond(node: ast.AST) -> Cond:
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        return BoolOp(op, tuple(_cond(v) for v in node.values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return Not(_cond(node.operand))
    if isinstance(node, ast.Compare):
        if len(node.ops) != 1:
            # a < b < c  →  a < b and b < c
            parts, left = [], node.left
            for op, right in zip(node.ops, node.comparators):
                parts.append(_cmp(op, left, right))
                left = right
            return BoolOp("and", tuple(parts))
        return _cmp(node.ops[0], node.left, node.comparators[0])
    raise ExprError(f"attesa una condizione (confronto, and, or, not): «{ast.unparse(node)}»")


def _cmp(op: ast.cmpop, left: ast.AST, right: ast.AST) -> Cmp:
    if type(op) not in CMP_OPS:
        raise ExprError(f"operatore di confronto non ammesso: {type(op).__name__}")
    return Cmp(CMP_OPS[type(op)], _term(left, False, False), _term(right, False, False))


def _term(node: ast.AST, allow_calls: bool, allow_div: bool) -> Term:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or isinstance(node.value, (int, Decimal, str)):
            return Const(node.value)
        raise ExprError(f"costante non ammessa: {node.value!r}")
    if isinstance(node, ast.Name):
        if node.id in CONSTANT_NAMES:
            return Const(CONSTANT_NAMES[node.id])
        if node.id in ("null", "None"):
            raise ExprError("null non è ammesso: i campi mancanti rendono la regola non valutabile")
        return Field(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _term(node.operand, allow_calls, allow_div)
        if isinstance(inner, Const) and isinstance(inner.value, (int, Decimal)) and not isinstance(inner.value, bool):
            return Const(-inner.value)
        return Arith("-", Const(0), inner)
    if isinstance(node, ast.BinOp):
        if type(node.op) not in ARITH_OPS:
            raise ExprError(f"operatore aritmetico non ammesso: «{ast.unparse(node)}»")
        op = ARITH_OPS[type(node.op)]
        if op == "/" and not allow_div:
            raise ExprError(
                "la divisione non è ammessa nelle condizioni: riscrivere come prodotto "
                f"(«{ast.unparse(node)}»)"
            )
        return Arith(op, _term(node.left, allow_calls, allow_div), _term(node.right, allow_calls, allow_div))
    if isinstance(node, ast.Call) and allow_calls:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            raise ExprError(f"funzione non ammessa: «{ast.unparse(node.func)}»; ammesse: {', '.join(FUNCTIONS)}")
        return Call(node.func.id, tuple(_term(a, allow_calls, allow_div) for a in node.args))
    raise ExprError(f"elemento non ammesso: «{ast.unparse(node)}»")


def fields_of(node: Cond | Term) -> list[str]:
    """Field names used, in order of first appearance."""
    out: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, Field):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, (Arith, Cmp)):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, BoolOp):
            for item in n.items:
                walk(item)
        elif isinstance(n, Not):
            walk(n.item)
        elif isinstance(n, Call):
            for a in n.args:
                walk(a)

    walk(node)
    return out


def push_not(cond: Cond, negate: bool = False) -> Cond:
    """Remove `not` by De Morgan's laws (durable-rules has no negation of expressions)."""
    if isinstance(cond, Not):
        return push_not(cond.item, not negate)
    if isinstance(cond, BoolOp):
        op = cond.op if not negate else ("or" if cond.op == "and" else "and")
        return BoolOp(op, tuple(push_not(i, negate) for i in cond.items))
    if negate:
        return Cmp(NEGATE[cond.op], cond.left, cond.right)
    return cond


# ---- exact evaluation of terms on known values (compute:, messages) --------------------------------


def dates_as_days(values: dict) -> dict:
    """Dates become day numbers, as the engine sees them (so `data - scadenza` is in days)."""
    return {k: (v.toordinal() if isinstance(v, datetime.date) else v) for k, v in values.items()}


def _num(value: Any) -> Any:
    """A value as a term reads it: numbers as exact fractions, texts and true/false as they are;
    anything else (a figure known only within bounds) is not a value: None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, Decimal, Fraction, float)):
        return exact(value)
    return None


def eval_term(term: Term, fact: dict) -> Any:
    """Evaluate a term on a fact's known values, exactly; None if a value it needs is not known."""
    if isinstance(term, Const):
        return _num(term.value)
    if isinstance(term, Field):
        return _num(fact.get(term.name))
    if isinstance(term, Arith):
        left, right = eval_term(term.left, fact), eval_term(term.right, fact)
        if left is None or right is None:
            return None
        if term.op == "+":
            return left + right
        if term.op == "-":
            return left - right
        if term.op == "*":
            return left * right
        return None if right == 0 else Fraction(left) / right
    if isinstance(term, Call):
        args = [eval_term(a, fact) for a in term.args]
        if any(a is None for a in args):
            return None
        if term.func == "ceil":
            return math.ceil(args[0])
        if term.func == "floor":
            return math.floor(args[0])
        if term.func == "arrotonda":
            return math.floor(args[0] + Fraction(1, 2))
        if term.func == "min":
            return min(args)
        return max(args)
    raise TypeError(term)
