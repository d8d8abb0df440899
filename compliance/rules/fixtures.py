"""Run each rule's own fixtures through durable-rules, and through plain Python as a check."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from compliance.facts.schema import KINDS
from compliance.engine import reference
from compliance.rules.spec import Rule


@dataclass(frozen=True)
class FixtureResult:
    rule_id: str
    rule_version: str
    name: str
    expected: str
    engine: str  # outcome from durable-rules
    python: str  # outcome from the plain-Python reading of the same condition

    @property
    def ok(self) -> bool:
        return self.expected == self.engine == self.python


def fixture_fact(rule: Rule, index: int, values: dict) -> dict:
    kind = KINDS[rule.spec.subject]
    fact = {"kind": kind.name, "id": f"fixture-{index}", "soggetto": f"fixture {index}"}
    for name, (ftype, _) in kind.fields.items():
        value = values.get(name)
        if ftype == "date" and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        fact[name] = value
    return fact


def run_fixtures(rule: Rule) -> list[FixtureResult]:
    from compliance.evaluate import match

    facts = [fixture_fact(rule, i, fx.fact) for i, fx in enumerate(rule.spec.fixtures, 1)]
    verdicts = match([rule], facts)
    out = []
    for fx, fact in zip(rule.spec.fixtures, facts):
        engine = verdicts.outcome(rule, fact["id"])
        if rule.applies_to(fact):
            python = reference.outcome(rule, fact)
        else:  # not a subject: the engine must not match it at all
            python = "escluso"
            engine = "escluso" if engine == "conforme" else engine
        out.append(FixtureResult(rule.id, rule.spec.version, fx.name, fx.expect, engine, python))
    return out
