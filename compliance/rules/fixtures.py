"""Run each rule's own fixtures through durable-rules, and through the reference engine as a check."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.engine import durable_runner, reference
from compliance.facts.schema import KINDS
from compliance.rules.spec import Rule, fixture_value


@dataclass(frozen=True)
class FixtureResult:
    rule_id: str
    rule_version: str
    name: str
    expected: str
    engine: str  # outcome from durable-rules
    python: str  # outcome from the reference engine

    @property
    def ok(self) -> bool:
        return self.expected == self.engine == self.python


def fixture_fact(rule: Rule, index: int, values: dict) -> dict:
    """A fixture's values as a fact of the rule's kind (fields not given are missing; a value
    `{min, max}` is a figure known within bounds)."""
    kind = KINDS[rule.spec.subject]
    fact = {"kind": kind.name, "id": f"fixture-{index}", "soggetto": f"fixture {index}"}
    for name, spec in kind.fields.items():
        fact[name] = fixture_value(spec.type, values.get(name))
    return fact


def run_fixtures(rule: Rule) -> list[FixtureResult]:
    facts = [fixture_fact(rule, i, fx.fact) for i, fx in enumerate(rule.spec.fixtures, 1)]
    verdicts = durable_runner.match([rule], facts)
    out = []
    for fx, fact in zip(rule.spec.fixtures, facts):
        engine = verdicts.outcome(rule, fact["id"])
        python = reference.outcome(rule, fact)
        if not rule.applies_to(fact):  # not a subject: the engine must not match it at all
            engine = "escluso" if engine == "conforme" else engine
        out.append(FixtureResult(rule.id, rule.spec.version, fx.name, fx.expect, engine, python))
    return out
