"""The reference engine: a plain-Python interpreter of the same rule conditions.

durable-rules gives the verdicts (`compliance check`, default `--engine durable`). This second
engine judges every subject by the definitions of compliance/rules/semantics.py, in exact
arithmetic: a missing figure spans every value its field admits, and the verdict is *non
valutabile* only when some of those values could change it.

It exists so that no verdict can be silently wrong: every case, every rule fixture and every
generated plan of the property tests is judged by both engines and any difference fails the
tests. `compliance check --engine reference` uses it to diagnose a suspicious verdict.

It refuses what it cannot judge (a value of the wrong type for its field, a binary float, a
value outside its field's admissible range) instead of reading it as *conforme*.
"""

from __future__ import annotations

from compliance.engine.errors import EngineError
from compliance.engine.verdicts import Verdicts
from compliance.facts.fields import FactValueError, check_fact
from compliance.facts.schema import KINDS
from compliance.rules import semantics
from compliance.rules.spec import Rule

LABEL = "reference (Python)"


class ReferenceEngineError(EngineError):
    """The reference engine met a value it cannot judge: the evaluation has no valid result.

    A kind of `EngineError`, so the CLI reports it as an internal error (exit 3), never a verdict.
    """


def outcome(rule: Rule, fact: dict) -> str:
    """conforme, non_conforme, non_valutabile (or escluso: not a subject) for one fact of the rule's kind."""
    fields = KINDS[fact["kind"]].fields
    try:
        check_fact(fact, fields, [*rule.read_fields, *rule.extra_required])
        return semantics.verdict(rule, fact, fields)
    except (FactValueError, TypeError) as exc:
        raise ReferenceEngineError(f"{rule.key} su {fact['id']}: {exc}") from None


def match(rules: list[Rule], facts: list[dict]) -> Verdicts:
    """Same contract as the durable-rules runner (`compliance.engine.durable_runner.match`)."""
    verdicts = Verdicts.empty(rules)
    ids = [f["id"] for f in facts]
    if len(set(ids)) != len(ids):
        raise ReferenceEngineError("id di fatto ripetuti")
    for rule in rules:
        for fact in facts:
            if fact.get("kind") != rule.spec.subject:
                continue
            result = outcome(rule, fact)
            if result == "non_conforme":
                verdicts.violated[rule.key].add(fact["id"])
            elif result == "non_valutabile":
                verdicts.not_assessable[rule.key].add(fact["id"])
    return verdicts


match_python = match  # the name used by the first differential tests and the benchmark
