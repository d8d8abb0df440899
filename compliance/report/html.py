"""The report as HTML: a self-contained printable page (A4, no external resources) or a fragment.

Meant to be attached to the Assemblea's deliberation (report/pdf.py makes the PDF/A from the
page): the document (plan, dates, protocol, act, signatory), the summary first, the findings
with their numbers, the plan in units, the justified findings, and an appendix with the rules,
their versions, the legal texts and the digests. What it says and in which order is
report/view.py; the markup is report/templates/ (jinja2, autoescape on: no text from the plan
can become markup).

Other code (a web page) calls `render_html_fragment(report, doc)` for the <article> and
`report_css(report, doc)` for its style; `render_html(report, doc)` is the whole page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from compliance.findings import Report
from compliance.i18n import t
from compliance.report import view
from compliance.report.safe import clean


def css_string(value: Any) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    text = clean(value)
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\a "), ("<", "\\3c "), (">", "\\3e ")):
        text = text.replace(old, new)
    return Markup(text)


def _finalize(value: Any) -> Any:
    """Every value printed by a template: control and bidi characters made visible (report/safe.py)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return clean(value)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("compliance.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["css_string"] = css_string
    return env


def _context(report: Report, doc: view.Attachment) -> dict:
    lang = report.lang
    lines = view.summary_lines(report)
    return dict(
        report=report,
        lang=lang,
        heading=view.title(report),
        head=view.header_rows(report, doc),
        verdict=view.verdict(report),
        to_fix=[line for line in lines if line.kind != "dati"],
        to_complete=[line for line in lines if line.kind == "dati"],
        counts=view.counts(report),
        sections=view.finding_sections(report),
        units=view.units_groups(report),
        units_headers=view.units_headers(lang),
        unit_columns=view.UNIT_COLUMNS,
        justified=view.justified_cards(report),
        rule_rows=view.rule_rows(report),
        not_in_force=view.not_in_force_rows(report),
        legal_texts=view.legal_text_rows(report),
        versions=view.version_rows(report),
        t=lambda key, **kw: t(key, lang, **kw),
    )


def report_css(report: Report, doc: view.Attachment | None = None) -> str:
    """The report's style sheet (A4 pages with running head and "pagina X di Y", and the screen)."""
    doc = doc or view.attachment()
    lang = report.lang
    marker = t("page_footer", lang, page="\x00", pages="\x01")
    before, rest = marker.split("\x00", 1)
    between, after = rest.split("\x01", 1)
    head = view.title(report)
    if doc.protocollo:
        head += " — " + t("protocol", lang) + " " + doc.protocollo
    p = report.plan
    footer = f"{p.ambito} — {view.period(report)} — SHA-256 {p.sha256[:12]}"
    return _environment().get_template("report.css.j2").render(
        running_head=head, footer_left=footer, page_before=before, page_between=between, page_after=after,
    )


def render_html_fragment(report: Report, doc: view.Attachment | None = None) -> str:
    """The report as one <article class="compliance-report"> (style: `report_css`)."""
    doc = doc or view.attachment()
    return _environment().get_template("report_body.html.j2").render(**_context(report, doc))


def document_metadata(report: Report, doc: view.Attachment) -> dict[str, str]:
    """Title, author, description and keywords of the document (HTML <meta>, PDF info and XMP)."""
    lang = report.lang
    parts = [view.plan_label(report)]
    if doc.protocollo:
        parts.append(f"{t('protocol', lang)} {doc.protocollo}")
    if doc.atto:
        parts.append(f"{t('act', lang)}: {doc.atto}")
    keywords = ["L.R. 16/2016", "R.R. 4/2017", clean(report.plan.ambito), view.period(report)]
    if doc.protocollo:
        keywords.append(doc.protocollo)
    return {
        "title": view.title(report),
        "author": doc.firmatario or clean(report.plan.comune_capofila or report.plan.ambito),
        "description": " — ".join(parts),
        "keywords": ", ".join(k.replace(",", " ") for k in keywords),
        "created": doc.generated.isoformat(),
    }


def render_html(report: Report, doc: view.Attachment | None = None) -> str:
    """The whole page: self-contained, printable, the same content as the PDF."""
    doc = doc or view.attachment()
    meta = document_metadata(report, doc)
    return _environment().get_template("report.html.j2").render(
        report=report, lang=report.lang, doc_title=meta["title"], author=meta["author"],
        description=meta["description"], keywords=meta["keywords"], created=meta["created"],
        css=Markup(report_css(report, doc)), body=Markup(render_html_fragment(report, doc)),
    )
