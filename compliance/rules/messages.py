"""Fill a rule's message and explanation with the numbers of one subject.

Values reach the templates exact (Decimal, Fraction, int). A verdict reached with figures not
known takes, for the message, the least favourable admissible value of each
(compliance/rules/semantics.py: `assumptions`), and the message ends by saying so.
"""

from __future__ import annotations

import datetime
import string
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from compliance.facts.fields import Bounds
from compliance.facts.schema import KINDS
from compliance.i18n import t
from compliance.rules import expr
from compliance.rules.spec import Rule

NOT_GIVEN = {"it": "n.d.", "en": "n/a"}


def _decimal_text(value: Decimal, lang: str) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",") if lang == "it" else text


def _number_text(value: Fraction | Decimal, lang: str) -> str:
    """Exact when the number has at most 4 decimals; a non-terminating ratio to 2 (display only)."""
    x = Fraction(value)
    for places in range(5):
        if (x * 10**places).denominator == 1:
            return _decimal_text(Decimal(x.numerator) / Decimal(x.denominator), lang)
    shown = round(x, 2)
    return _decimal_text(Decimal(shown.numerator) / Decimal(shown.denominator), lang)


def fmt_value(value: Any, lang: str = "it") -> str:
    if value is None:
        return NOT_GIVEN.get(lang, "n.d.")
    if isinstance(value, bool):
        if lang == "en":
            return "yes" if value else "no"
        return "sì" if value else "no"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Bounds):
        lo, hi = (None if v is None else fmt_value(v, lang) for v in (value.lo, value.hi))
        if lo is not None and hi is not None:
            return t("figure_between", lang=lang, lo=lo, hi=hi)
        return t("figure_at_least", lang=lang, lo=lo) if lo is not None else t("figure_at_most", lang=lang, hi=hi)
    if isinstance(value, (Fraction, Decimal)):
        return _number_text(value, lang)
    if isinstance(value, float):  # not from facts (exact); kept for callers that format floats
        return _number_text(Fraction(repr(value)), lang)
    return str(value)


def values_for(rule: Rule, fact: dict, assumed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fact's own fields (those `assumed` replaced by the assumed values) plus the rule's
    computed values (exact arithmetic)."""
    values = {k: v for k, v in fact.items() if k in KINDS[fact["kind"]].fields or k == "soggetto"}
    values.update(assumed or {})
    scope = expr.dates_as_days(values)
    for name, term in rule.computations.items():
        scope[name] = expr.eval_term(term, scope)
        values[name] = scope[name]
    return values


def assumption_text(assumed: dict[str, Any], label: Callable[[str], str], lang: str = "it") -> str:
    """'Vale per ogni valore possibile dei dati non indicati: anche con quota per la Polizia Locale
    uguale a 0.' `label` gives a field's words (the report's labels)."""
    parts = []
    for name, value in assumed.items():
        if value is None:
            parts.append(t("assumed_any", lang=lang, label=label(name)))
        elif isinstance(value, datetime.date):
            parts.append(t("assumed_date", lang=lang, label=label(name), value=value))
        else:
            parts.append(t("assumed_value", lang=lang, label=label(name), value=fmt_value(value, lang)))
    return t("assumed_all_values", lang=lang, what="; ".join(parts)) if parts else ""


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
