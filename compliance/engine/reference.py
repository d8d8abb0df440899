"""A plain-Python evaluation of the same compiled rule conditions.

Not the verdict: durable-rules gives the verdicts. This twin exists to cross-check it (tests,
fixtures) and to measure it against (benchmarks).
"""

from __future__ import annotations

from compliance.engine.verdicts import Verdicts
from compliance.rules import expr
from compliance.rules.compiler import rule_key
from compliance.rules.spec import Rule


def outcome(rule: Rule, fact: dict) -> str:
    if any(fact.get(f) is None for f in rule.required_fields):
        return "non_valutabile"
    return "non_conforme" if expr.eval_condition(rule.condition, expr.dates_as_days(fact)) else "conforme"


def match_python(rules: list[Rule], facts: list[dict]):
    """Same result as `compliance.evaluate.match`, computed in plain Python."""
    verdicts = Verdicts.empty(rules)
    for rule in rules:
        key = rule_key(rule)
        for fact in facts:
            if fact["kind"] != rule.spec.subject:
                continue
            result = outcome(rule, fact)
            if result == "non_conforme":
                verdicts.violated[key].add(fact["id"])
            elif result == "non_valutabile":
                verdicts.not_assessable[key].add(fact["id"])
    return verdicts
