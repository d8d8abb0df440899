"""What an evaluation of rules on facts yields, whichever engine computed it."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.rules.spec import Rule


@dataclass(frozen=True)
class Verdicts:
    """For each rule key: ids of the facts judged non conforme and non valutabile.

    A subject of the rule (compliance.rules.spec.Rule.applies_to) in neither set is conforme.
    """

    violated: dict[str, set[str]]
    not_assessable: dict[str, set[str]]

    @classmethod
    def empty(cls, rules: list[Rule]) -> "Verdicts":
        return cls({r.key: set() for r in rules}, {r.key: set() for r in rules})

    def outcome(self, rule: Rule, fact_id: str) -> str:
        if fact_id in self.violated[rule.key]:
            return "non_conforme"
        if fact_id in self.not_assessable[rule.key]:
            return "non_valutabile"
        return "conforme"
