"""The report as Markdown (to attach to the Assemblea's deliberation or to a ticket)."""

from __future__ import annotations

from compliance.findings import Report
from compliance.i18n import t
from compliance.report.common import header_lines, justification_lines, outcome_label, period, summary_line


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    lang = report.lang
    out: list[str] = []
    out.append(f"# {t('report_title', lang)}: {report.plan.ambito}, {period(report.plan)}")
    out.append("")
    for label, value in header_lines(report):
        out.append(f"- **{label}**: {value}")
    out.append("")
    out.append(f"## {t('summary', lang)}")
    out.append("")
    out.append(summary_line(report) + (
        " " + t("justified_count", lang, n=len(report.justified_findings)) if report.justified_findings else ""
    ))
    out.append("")
    out.append(f"## {t('rules_heading', lang)}")
    out.append("")
    out.append(f"| {t('rule', lang)} | {t('outcome', lang)} | {t('severity', lang)} | {t('source', lang)} | {t('certainty', lang)} | {t('subjects', lang)} |")
    out.append("|---|---|---|---|---|---|")
    for r in report.rules:
        out.append(
            f"| `{r.id}` {_cell(r.title)} | **{outcome_label(r.outcome, lang)}** | {t(r.severity, lang)} | "
            f"{_cell(r.source)} | {t(r.certainty, lang)} | {r.subjects} |"
        )
    out.append("")
    out.append(f"## {t('findings_heading', lang)}")
    out.append("")
    if not report.findings:
        out.append(t("no_findings", lang))
        out.append("")
    for f in report.findings:
        out.append(f"### {outcome_label(f.outcome, lang)} ({t(f.severity, lang)}): {_cell(f.subject)}")
        out.append("")
        out.append(f"- **{t('rule', lang)}**: `{f.rule_id}` (v. {f.rule_version})")
        out.append(f"- **{t('source', lang)}**: {f.source} ({t(f.certainty, lang)})")
        out.append("")
        out.append(f.message)
        out.append("")
        if f.explanation:
            out.append(f"> {f.explanation}".replace("\n", "\n> "))
            out.append("")
    if report.units:
        out += units_markdown(report)
    if report.justified_findings:
        out.append(f"## {t('justified_heading', lang)}")
        out.append("")
        out.append(t("justified_intro", lang))
        out.append("")
        for f in report.justified_findings:
            out.append(f"### {t('justification', lang)} ({t(f.severity, lang)}): {_cell(f.subject)}")
            out.append("")
            out.append(f"- **{t('rule', lang)}**: `{f.rule_id}` (v. {f.rule_version}), {outcome_label(f.outcome, lang)}")
            out.append(f"- **{t('source', lang)}**: {f.source} ({t(f.certainty, lang)})")
            for label, value in justification_lines(f, lang):
                out.append(f"- **{label}**: {_cell(value)}")
            out.append("")
            out.append(f.message)
            out.append("")
    if report.rules_not_in_force:
        out.append(f"## {t('rules_not_in_force', lang)}")
        out.append("")
        for r in report.rules_not_in_force:
            out.append(f"- `{r.id}` {r.title} ({'; '.join(r.versions)})")
        out.append("")
    return "\n".join(out)


def units_markdown(report: Report) -> list[str]:
    """The plan in units, per owner and comune, as a Markdown table."""
    from compliance.units import HEADERS, PROBLEM_TEXT

    lang = report.lang
    h = HEADERS["en" if lang == "en" else "it"]
    problems = PROBLEM_TEXT["en" if lang == "en" else "it"]
    keys = ("unita_anno", "indigenti", "forze_polizia", "polizia_locale", "categorie", "graduatoria")
    out = [f"## {t('units_heading', lang)}", "",
           "| " + " | ".join([h["ente"], h["comune"], *(h[k] for k in keys), h["problema"]]) + " |",
           "|---|---|" + "---:|" * len(keys) + "---|"]
    for u in report.units:
        values = ["n.d." if getattr(u, k) is None else str(getattr(u, k)) for k in keys]
        note = problems[u.problema] if u.problema else ""
        out.append("| " + " | ".join([_cell(u.ente), _cell(u.comune or "—"), *values, note]) + " |")
    out += ["", t("units_note", lang), ""]
    return out
