"""The report as Markdown (to attach to the Assemblea's deliberation or to a ticket): the same
content and order as the HTML (report/view.py), every text from the plan or the rule files
escaped (report/safe.py) so that it stays text: no raw HTML, no heading started by a newline, no
table broken by a `|`, no terminal control."""

from __future__ import annotations

from compliance.findings import Report
from compliance.i18n import t
from compliance.report import view
from compliance.report.safe import md_cell, md_inline


def render_markdown(report: Report, doc: view.Attachment | None = None) -> str:
    doc = doc or view.attachment()
    lang = report.lang
    out: list[str] = [f"# {md_inline(view.title(report))}", ""]
    for label, value in view.header_rows(report, doc):
        out.append(f"- **{md_inline(label)}**: {md_inline(value)}")
    out += ["", f"## {t('summary_heading', lang)}", "", f"**{md_inline(view.verdict(report))}**", ""]
    lines = view.summary_lines(report)
    to_fix = [line for line in lines if line.kind != "dati"]
    for line in to_fix:
        who = "" if line.subject_in_title else f"**{md_inline(line.subject)}**: "
        out.append(f"- *{t('kind_' + line.kind, lang)}* — {who}{md_inline(line.title)} "
                   f"({md_inline(line.article)}): {md_inline(line.action)}")
    if to_fix:
        out.append("")
    for label, value in view.counts(report):
        out.append(f"- **{md_inline(label)}**: {md_inline(value)}")
    out.append("")

    sections = view.finding_sections(report)
    if not sections:
        out += [f"## {t('findings_heading', lang)}", "", t("no_findings", lang), ""]
    for section in sections:
        out += [f"## {md_inline(section.heading)}", ""]
        if section.missing:
            for line in lines:
                if line.kind == "dati":
                    out.append(f"- **{md_inline(line.subject)}**: {md_inline(line.title)} "
                               f"({md_inline(line.article)}): {md_inline(line.action)}")
            out.append("")
        for item in section.items:
            if isinstance(item, view.MoreSubjects):
                out += [f"{md_inline(item.text)} {md_inline('; '.join(item.subjects))}", ""]
            else:
                out += _card(item, lang)
    if report.units:
        out += units_markdown(report)
    if report.justified_findings:
        out += [f"## {t('justified_heading', lang)}", "", t("justified_intro", lang), ""]
        for c in view.justified_cards(report):
            out += _card(c, lang)
    out += _appendix(report)
    return "\n".join(out).rstrip() + "\n"


def _card(c: view.FindingCard, lang: str) -> list[str]:
    out = [f"### {t('kind_' + c.kind, lang)} — {md_inline(c.subject)}", "",
           f"**{md_inline(c.title)}** · {md_inline(c.article)} · {md_inline(c.severity_note)} · "
           f"{t(c.finding.certainty, lang)}", "", md_inline(c.message), ""]
    for label, value in c.figures:
        out.append(f"- {md_inline(label)}: **{md_inline(value)}**")
    for label, value in c.justification:
        out.append(f"- **{md_inline(label)}**: {md_inline(value)}")
    if c.figures or c.justification:
        out.append("")
    if c.kind != "giustificato":
        out += [f"**{t('todo_label', lang)}**: {md_inline(c.todo)}", ""]
    if c.explanation:
        out += [f"> **{t('why', lang)}**: {md_inline(c.explanation)}", ""]
    return out


def units_markdown(report: Report) -> list[str]:
    """The plan in units, one row per owner and comune, as a Markdown table."""
    lang = report.lang
    h = view.units_headers(lang)
    columns = view.UNIT_COLUMNS
    out = [f"## {t('units_heading', lang)}", "",
           "| " + " | ".join([h["ente"], h["comune"], *(h[c] for c in columns), h["problema"]]) + " |",
           "|---|---|" + "---:|" * len(columns) + "---|"]
    for group in view.units_groups(report):
        for comune, values, note, _problem in group.rows:
            out.append("| " + " | ".join([md_cell(group.owner), md_cell(comune), *values, md_cell(note)]) + " |")
    out += ["", md_inline(t("units_note", lang)), ""]
    return out


def _appendix(report: Report) -> list[str]:
    lang = report.lang
    out = [f"## {t('appendix_heading', lang)}: {t('appendix_rules', lang)}", "",
           f"| {t('col_rule', lang)} | {t('col_article', lang)} | {t('col_version', lang)} | "
           f"{t('col_outcome', lang)} | {t('col_severity', lang)} | {t('col_subjects', lang)} |",
           "|---|---|---|---|---|---|"]
    for row in view.rule_rows(report):
        out.append(f"| {md_cell(row.title)} | {md_cell(row.article)} | {md_cell(row.version)} | "
                   f"**{md_cell(row.outcome_label)}** | {md_cell(row.severity)} | {md_cell(row.subjects)} |")
    out += ["", md_inline(t("certainty_legend", lang)), ""]
    not_in_force = view.not_in_force_rows(report)
    if not_in_force:
        out += [f"### {t('rules_not_in_force', lang)}", ""]
        out += [f"- {md_inline(title)}: {md_inline(period)}" for title, period in not_in_force]
        out.append("")
    out += [f"### {t('appendix_texts', lang)}", ""]
    out += [f"- **{md_inline(act)}**: {md_inline(version)}" for act, version in view.legal_text_rows(report)]
    out += ["", f"### {t('appendix_versions', lang)}", ""]
    out += [f"- **{md_inline(label)}**: {md_inline(value)}" for label, value, _ in view.version_rows(report)]
    return out
