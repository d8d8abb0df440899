"""What-if words for people: a plan field's path as the clerk reads it ("Castelleone — tabella i)
Forze di Polizia e VVF: quota"), a value as the report writes it ("15%", "28/01/2021"), a
rule's title instead of its id. Field labels come from compliance/report/labels.yaml, table
names from the `whatif` catalogue."""

from __future__ import annotations

import datetime
from typing import Any

from compliance.i18n import fmt_date, fmt_number, has, td
from compliance.report.labels import figure, label, labels
from compliance.report.safe import clean
from compliance.whatif import paths

# plan-file names the labels file (fact fields) does not know
_PLAN_FIELDS = {
    "unita_immobiliari": ("unità", "units", "count"),
    "data": ("data", "date", "date"),
    "quota_percentuale": ("quota", "share", "percent"),
    "totale": ("totale", "total", "count"),
}


def field_label(name: str, lang: str) -> str:
    if name in labels():
        return label(name, lang)
    if name in _PLAN_FIELDS:
        it, en, _kind = _PLAN_FIELDS[name]
        return en if lang == "en" else it
    return name.replace("_", " ")


def field_kind(name: str) -> str | None:
    if name in _PLAN_FIELDS:
        return _PLAN_FIELDS[name][2]
    entry = labels().get(name)
    return entry.kind if entry else None


def _section(key: str, lang: str) -> str | None:
    return td("whatif", f"section_{key}", lang) if has(f"section_{key}", lang, "whatif") else None


def describe_path(path: str, lang: str = "it") -> str:
    """«Castelleone — tabella i) Forze di Polizia e VVF: quota» for
    tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale."""
    try:
        steps = paths.parse_path(path, lang)
    except paths.PathError:
        return clean(path)
    where: list[str] = []
    who: list[str] = []
    leaf = None
    for s in steps:
        if s.key is not None:
            section = _section(s.key, lang)
            if section:
                where.append(section)
            leaf = None if section or s.key in ("tabelle", "righe") else s.key
        elif s.match:
            who += [clean(v) for _k, v in s.match if v is not None]
        elif s.index is not None:
            who.append(td("whatif", "row_number", lang, n=s.index + 1))
    head = " — ".join(filter(None, [", ".join(who), " ".join(where)]))
    name = field_label(leaf, lang) if leaf else ""
    if head and name:
        return f"{head}: {name}"
    return head or name or clean(path)


def leaf_name(path: str) -> str | None:
    try:
        steps = paths.parse_path(path)
    except paths.PathError:
        return None
    keys = [s.key for s in steps if s.key is not None]
    return keys[-1] if keys else None


def value_text(path: str | None, value: Any, lang: str = "it") -> str:
    """A value of the field at `path`, written as the report writes figures."""
    if value is None:
        return td("whatif", "unknown", lang)
    name = leaf_name(path) if path else None
    kind = field_kind(name) if name else None
    if isinstance(value, (dict, list)):
        from compliance.whatif.scenario import describe_value

        return clean(describe_value(value))
    if isinstance(value, datetime.date) or kind == "date":
        try:
            return fmt_date(value, lang)
        except ValueError:
            return clean(value)
    if name and name in labels() and not isinstance(value, str):
        return figure(name, value, lang)
    if kind == "percent" and not isinstance(value, (str, bool)):
        return fmt_number(value, lang) + "%"
    if isinstance(value, bool):
        return td("whatif", "yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return fmt_number(value, lang)
    return clean(value)


def rule_titles(result) -> dict[str, str]:
    """Rule id → title in the report's language (the baseline's rules and the rule book's)."""
    lang = result.report.lang
    out = {r.id: r.spec.title.get(lang) for r in result.base.book.rules}
    out.update({r.id: r.title for r in result.report.rules})
    return out
