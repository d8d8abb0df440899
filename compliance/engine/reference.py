"""The reference engine: a plain-Python interpreter of the same rule conditions.

durable-rules gives the verdicts (`compliance check`, default `--engine durable`). This second
engine reads each rule's `violation_when` with `compliance.rules.expr` in exact arithmetic and
judges every subject the same three ways:

* a required field is `None` → *non valutabile*;
* the condition holds → *non conforme*;
* otherwise → *conforme*.

It exists so that no verdict can be silently wrong: every case, every rule fixture and every
generated plan of the property tests is judged by both engines and any difference fails the
tests. `compliance check --engine reference` uses it to diagnose a suspicious verdict.

It refuses what it cannot judge (a value of the wrong type for its field, a comparison between
a number and a text) instead of reading it as *conforme*.
"""

from __future__ import annotations

import datetime

from compliance.engine.durable_runner import EngineError
from compliance.engine.verdicts import Verdicts
from compliance.facts.schema import KINDS
from compliance.rules import expr
from compliance.rules.compiler import rule_key
from compliance.rules.spec import Rule

LABEL = "reference (Python)"


class ReferenceEngineError(EngineError):
    """The reference engine met a value it cannot judge: the evaluation has no valid result.

    A kind of `EngineError`, so the CLI reports it as an internal error (exit 3), never a verdict.
    """


def _check_types(fact: dict) -> None:
    """Every value has the type its field declares (as the durable runner checks before asserting)."""
    spec = KINDS[fact["kind"]].fields
    for name, (ftype, _) in spec.items():
        value = fact.get(name)
        if value is None:
            continue
        if ftype in ("int", "number"):  # the durable runner accepts the same numbers
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
                and value not in (float("inf"), float("-inf"))
        elif ftype == "bool":
            ok = isinstance(value, bool)
        elif ftype == "date":
            ok = isinstance(value, datetime.date)
        else:
            ok = isinstance(value, str)
        if not ok:
            raise ReferenceEngineError(f"{fact['id']}.{name}: atteso {ftype}, trovato {value!r}")


def outcome(rule: Rule, fact: dict) -> str:
    """conforme, non_conforme or non_valutabile for one subject."""
    if any(fact.get(f) is None for f in rule.required_fields):
        return "non_valutabile"
    _check_types(fact)
    result = expr.eval_condition(rule.condition, expr.dates_as_days(fact))
    if result is None:  # every field present, yet no answer: mixed types; never read as conforme
        raise ReferenceEngineError(f"{rule_key(rule)} su {fact['id']}: condizione non valutabile sui valori dati")
    return "non_conforme" if result else "conforme"


def match(rules: list[Rule], facts: list[dict]) -> Verdicts:
    """Same contract as the durable-rules runner (`compliance.evaluate.match`)."""
    verdicts = Verdicts.empty(rules)
    ids = [f["id"] for f in facts]
    if len(set(ids)) != len(ids):
        raise ReferenceEngineError("id di fatto ripetuti")
    for rule in rules:
        key = rule_key(rule)
        for fact in facts:
            if not rule.applies_to(fact):  # kind and `where`
                continue
            result = outcome(rule, fact)
            if result == "non_conforme":
                verdicts.violated[key].add(fact["id"])
            elif result == "non_valutabile":
                verdicts.not_assessable[key].add(fact["id"])
    return verdicts


match_python = match  # the name used by the first differential tests and the benchmark
