"""Fill a rule's message and explanation with the numbers of one subject."""

from __future__ import annotations

import datetime
import string
from fractions import Fraction
from typing import Any

from compliance.facts.schema import KINDS
from compliance.rules import expr
from compliance.rules.spec import Rule

NOT_GIVEN = {"it": "n.d.", "en": "n/a"}


def fmt_value(value: Any, lang: str = "it") -> str:
    if value is None:
        return NOT_GIVEN.get(lang, "n.d.")
    if isinstance(value, bool):
        if lang == "en":
            return "yes" if value else "no"
        return "sì" if value else "no"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Fraction):
        value = int(value) if value.denominator == 1 else float(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "it" else text
    return str(value)


def values_for(rule: Rule, fact: dict) -> dict[str, Any]:
    """The fact's own fields plus the rule's computed values (exact arithmetic)."""
    values = {k: v for k, v in fact.items() if k in KINDS[fact["kind"]].fields or k == "soggetto"}
    scope = expr.dates_as_days(values)
    for name, term in rule.computations.items():
        scope[name] = expr.eval_term(term, scope)
        values[name] = scope[name]
    return values


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        return fmt_value(value, self.lang)

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return f"{{{key}?}}"
        return super().get_value(key, args, kwargs)


def render(template: str, values: dict[str, Any], lang: str = "it") -> str:
    return _Formatter(lang).format(template, **values)
