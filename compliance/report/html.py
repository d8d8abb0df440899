"""The report as one self-contained, printable HTML page (A4, no external resources).

Meant to be attached to the Assemblea's deliberation: a header that identifies what was judged
(ambito, plan, year, reference date, rule set and legal texts, the input's SHA-256), the outcome
of every rule, each finding with its article, numbers and explanation, the findings the plan
justifies (apart), and an appendix with the rules evaluated. Templates: report/templates/
(jinja2, autoescape on). The PDF is this page printed by headless Chromium (report/pdf.py).
"""

from __future__ import annotations

import datetime
from collections import Counter
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from compliance.findings import Report
from compliance.i18n import t
from compliance.report.common import fmt_date, header_lines, outcome_label, summary_line

# Header rows that the HTML shows in full elsewhere (legal texts, input file and its hash).
_SHOWN_APART = ("legal_texts", "input_file")


def css_string(value: Any) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    text = str(value)
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\a "), ("<", "\\3c "), (">", "\\3e ")):
        text = text.replace(old, new)
    return Markup(text)


def _number(value: float | int, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value) if isinstance(value, int) else f"{value:.4f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")  # decimal comma; no grouping (years)


def figure(value: Any, lang: str) -> str:
    """One number behind a verdict, as a reader of the plan writes it."""
    if value is None:
        return t("not_given", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return _number(value, lang)
    if isinstance(value, str):
        try:
            return fmt_date(datetime.date.fromisoformat(value).isoformat(), lang) if len(value) == 10 else value
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        return "; ".join(figure(v, lang) for v in value)
    return str(value)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("compliance.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["field_label"] = lambda key: str(key).replace("_", " ")
    env.filters["figure"] = pass_context(lambda ctx, value: figure(value, ctx["lang"]))
    env.filters["day"] = pass_context(lambda ctx, iso: fmt_date(iso, ctx["lang"]))
    return env


def render_html(report: Report) -> str:
    lang = report.lang
    env = _environment()
    template = env.get_template("report.html.j2")
    hidden = {t(key, lang) for key in _SHOWN_APART}
    head = [(label, value) for label, value in header_lines(report) if label not in hidden]
    justified_by_rule = Counter(f.rule_id for f in report.justified_findings)
    p = report.plan
    years = f"{p.anno}-{p.anno_fine}" if getattr(p, "anno_fine", None) else str(p.anno)  # a piano triennale
    footer_left = f"{p.ambito} — {years} — sha256 {p.sha256[:12]}"
    from compliance.units import HEADERS, PROBLEM_TEXT

    units_lang = "en" if lang == "en" else "it"
    return template.render(
        report=report,
        lang=lang,
        head=head,
        items=finding_items(report),
        units_headers=HEADERS[units_lang],
        units_problems=PROBLEM_TEXT[units_lang],
        years=years,
        plan_label=head[0][1],
        summary_line=summary_line(report),
        justified_by_rule=justified_by_rule,
        footer_left=footer_left,
        t=lambda key, **kw: t(key, lang, **kw),
        outcome_label=lambda outcome: outcome_label(outcome, lang),
    )



NV_SHOWN = 3  # non-valutabile findings of one rule shown in full; the rest named in one paragraph


def finding_items(report: Report) -> list[tuple]:
    """The findings in order, with each rule's long list of non-valutabile subjects shortened:
    ("finding", f) items, and one ("more", rule_id, subjects) item after the last shown."""
    items: list[tuple] = []
    rest: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for f in report.findings:
        if f.outcome == "non_valutabile":
            seen[f.rule_id] = seen.get(f.rule_id, 0) + 1
            if seen[f.rule_id] > NV_SHOWN:
                rest.setdefault(f.rule_id, []).append(f.subject)
                continue
        items.append(("finding", f))
    out: list[tuple] = []
    for item in items:
        out.append(item)
        f = item[1]
        if f.outcome == "non_valutabile" and f.rule_id in rest and seen.get(f.rule_id, 0) > NV_SHOWN:
            last = [g for g in report.findings if g.rule_id == f.rule_id and g.outcome == "non_valutabile"][NV_SHOWN - 1]
            if g_is(f, last):
                out.append(("more", f.rule_id, rest[f.rule_id]))
    return out


def g_is(a, b) -> bool:
    return a is b
