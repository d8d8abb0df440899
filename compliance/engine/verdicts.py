"""What an evaluation of rules on facts yields, whichever engine computed it."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.rules.compiler import rule_key
from compliance.rules.spec import Rule


@dataclass(frozen=True)
class Verdicts:
    """For each rule key: ids of the facts judged non conforme and non valutabile.

    A fact of the rule's subject kind in neither set is conforme.
    """

    violated: dict[str, set[str]]
    not_assessable: dict[str, set[str]]

    @classmethod
    def empty(cls, rules: list[Rule]) -> "Verdicts":
        return cls({rule_key(r): set() for r in rules}, {rule_key(r): set() for r in rules})

    def outcome(self, rule: Rule, fact_id: str) -> str:
        key = rule_key(rule)
        if fact_id in self.violated[key]:
            return "non_conforme"
        if fact_id in self.not_assessable[key]:
            return "non_valutabile"
        return "conforme"
