"""Words for the fields a report shows: the Italian and English label and the kind of value
(compliance/report/labels.yaml), and the value written for people accordingly.

The fact builder's field names stay in the JSON report and in `compliance facts`; everything a
person reads goes through `label` and `figure`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from compliance.i18n import fmt_date, fmt_int, fmt_number, fmt_percent, t

LABELS_FILE = Path(__file__).resolve().parent / "labels.yaml"
KINDS = ("count", "percent", "number", "days", "date", "year", "bool", "text")


@dataclass(frozen=True)
class Label:
    it: str
    en: str
    kind: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.it


@lru_cache(maxsize=1)
def labels() -> dict[str, Label]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=loader)
    out = {}
    for field, entry in raw.items():
        if entry.get("kind") not in KINDS:
            raise ValueError(f"{LABELS_FILE.name}: «{field}» ha un tipo sconosciuto {entry.get('kind')!r}")
        out[str(field)] = Label(str(entry["it"]), str(entry["en"]), entry["kind"])
    return out


def label(field: str, lang: str = "it") -> str:
    """The label of a field; the field's name with spaces if it has none (tests forbid that)."""
    entry = labels().get(field)
    return entry.text(lang) if entry else field.replace("_", " ")


def figure(field: str, value: Any, lang: str = "it") -> str:
    """The value of `field` as a reader writes it: rounded, grouped, with % or days as its kind says."""
    if value is None:
        return t("not_given_short", lang)
    kind = labels()[field].kind if field in labels() else None
    if isinstance(value, bool) or kind == "bool":
        return t("yes" if value else "no", lang)
    if isinstance(value, (list, tuple)):
        return "; ".join(figure(field, v, lang) for v in value)
    if kind == "date" or isinstance(value, datetime.date):
        try:
            return fmt_date(value, lang)
        except ValueError:
            return str(value)
    if kind == "year":
        return str(value)
    if isinstance(value, str):
        return value
    if kind == "percent":
        return fmt_percent(value, lang)
    if kind == "count":
        return fmt_int(value, lang)
    if kind == "days":
        return t("days", lang, n=value)
    return fmt_number(value, lang)
