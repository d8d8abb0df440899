"""The report on the terminal (rich): the summary on the first screen, readable at 80 columns,
colour only on a terminal. What it says and in which order: report/view.py.

Everything from the plan or the rule files reaches the console as rich `Text` (never parsed as
markup) after report/safe.py has made control characters visible.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance.findings import Report
from compliance.i18n import t
from compliance.report import view

KIND_STYLE = {"violazione": "bold red", "avviso": "yellow", "informazione": "cyan", "dati": "dim",
              "giustificato": "blue"}
OUTCOME_STYLE = {"conforme": "green", "non_conforme": "bold red", "non_valutabile": "yellow"}


def print_report(report: Report, console: Console, doc: view.Attachment | None = None, brief: bool = False) -> None:
    """The whole report; with `brief`, only the document, the summary and the findings."""
    doc = doc or view.attachment()
    print_header(report, console, doc)
    print_summary(report, console)
    print_findings(report, console)
    if not brief:
        if report.units:
            print_units(report, console)
        if report.justified_findings:
            print_justified(report, console)
        print_appendix(report, console)
    console.print(Text(t("exit_hint_1" if report.has_violations else "exit_hint_0", report.lang), style="bold"))


def _heading(console: Console, text: str) -> None:
    console.print(Text(text.upper(), style="bold"))


def print_header(report: Report, console: Console, doc: view.Attachment) -> None:
    console.print(Text(view.title(report), style="bold"))
    head = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    for label, value in view.header_rows(report, doc):
        if label == t("ambito", report.lang):
            continue  # in the title
        head.add_row(Text(label), Text(value))
    console.print(Padding(head, (0, 0, 0, 1)))
    console.print()


def print_summary(report: Report, console: Console) -> None:
    lang = report.lang
    _heading(console, t("summary_heading", lang))
    console.print(Padding(Text(view.verdict(report), style="bold"), (0, 0, 0, 1)))
    lines = [line for line in view.summary_lines(report) if line.kind != "dati"]
    if lines:
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        for line in lines:
            body = Text()
            if not line.subject_in_title:
                body.append(line.subject, style="bold")
                body.append(": ")
            body.append(f"{line.title} ({line.article}) ")
            body.append(f"→ {line.action}", style="italic")
            table.add_row(Text(t("kind_" + line.kind, lang), style=KIND_STYLE[line.kind]), body)
        console.print(Padding(table, (1, 0, 0, 1)))
    counts = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    counts.add_column(no_wrap=True, style="bold")
    counts.add_column(overflow="fold")
    for label, value in view.counts(report):
        counts.add_row(Text(label + ":"), Text(value))
    console.print(Padding(counts, (1, 0, 0, 1)))
    console.print()


def _card(console: Console, c: view.FindingCard, lang: str) -> None:
    head = Text("• ")
    head.append(t("kind_" + c.kind, lang), style=KIND_STYLE[c.kind])
    head.append(" — ")
    head.append(c.subject, style="bold")
    console.print(head)
    body = Text()
    body.append(c.title, style="bold")
    body.append(f"\n{c.article} · {c.severity_note} · {t(c.finding.certainty, lang)}\n", style="dim")
    body.append(c.message)
    for label, value in c.figures:
        body.append(f"\n{label}: ", style="dim")
        body.append(value)
    if c.kind != "giustificato":
        body.append(f"\n{t('todo_label', lang)}: ", style="bold")
        body.append(c.todo)
    if c.explanation:
        body.append(f"\n{t('why', lang)}: {c.explanation}", style="dim")
    for label, value in c.justification:
        body.append(f"\n{label}: ", style="bold")
        body.append(value)
    console.print(Padding(body, (0, 0, 0, 2)))


def print_findings(report: Report, console: Console) -> None:
    lang = report.lang
    _heading(console, t("findings_heading", lang))
    sections = view.finding_sections(report)
    if not sections:
        console.print("  " + t("no_findings", lang))
    for section in sections:
        console.print(Text(section.heading, style="bold underline"))
        if section.missing:
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for line in view.summary_lines(report):
                if line.kind == "dati":
                    item = Text()
                    item.append(f"{line.subject}: ", style="bold")
                    item.append(f"{line.title} ({line.article}) ")
                    item.append(f"→ {line.action}", style="italic")
                    grid.add_row("-", item)
            console.print(Padding(grid, (0, 0, 0, 1)))
        for item in section.items:
            if isinstance(item, view.MoreSubjects):
                body = Text(item.text + " ", style="yellow")
                body.append("; ".join(item.subjects))
                console.print(Padding(body, (0, 0, 0, 2)))
            else:
                _card(console, item, lang)
        console.print()


def print_units(report: Report, console: Console) -> None:
    """The plan in units: one group per owner, one row per comune."""
    lang = report.lang
    _heading(console, t("units_heading", lang))
    headers = view.units_headers(lang)
    table = Table(box=None, padding=(0, 1, 0, 0), expand=False, show_edge=False)
    table.add_column(headers["comune"], overflow="fold", min_width=18)
    for column in view.UNIT_COLUMNS:
        table.add_column(SHORT[lang if lang == "en" else "it"][column], justify="right", no_wrap=True)
    notes = []
    for group in view.units_groups(report):
        table.add_row(Text(group.owner, style="bold"), *[""] * len(view.UNIT_COLUMNS))
        for comune, values, note, problem in group.rows:
            style = "red" if problem == "eccedenza" else ("yellow" if problem == "nulla" else "")
            table.add_row(Text("  " + comune, style=style), *values)
            if problem in ("eccedenza", "nulla"):
                notes.append((f"{group.owner} — {comune}: {note}", style))
    console.print(Padding(table, (0, 0, 0, 1)))
    for line, style in notes:
        console.print(Padding(Text(line, style=style), (0, 0, 0, 1)))
    console.print(Padding(Text(t("units_note", lang), style="dim"), (0, 0, 0, 1)))
    console.print()


SHORT = {
    "it": {"unita_anno": "Disp.", "indigenti": "Indig.", "forze_polizia": "FdP", "polizia_locale": "P.L.",
           "categorie": "Cat.", "graduatoria": "Grad."},
    "en": {"unita_anno": "Avail.", "indigenti": "Indig.", "forze_polizia": "Police", "polizia_locale": "L.pol.",
           "categorie": "Cat.", "graduatoria": "Rank."},
}


def print_justified(report: Report, console: Console) -> None:
    lang = report.lang
    _heading(console, t("justified_heading", lang))
    console.print(Padding(Text(t("justified_intro", lang), style="dim"), (0, 0, 0, 2)))
    for c in view.justified_cards(report):
        _card(console, c, lang)
    console.print()


def print_appendix(report: Report, console: Console) -> None:
    """The rules evaluated (with the id `compliance rules explain` takes), legal texts, versions."""
    lang = report.lang
    _heading(console, f"{t('appendix_heading', lang)}: {t('appendix_rules', lang)}")
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for r, row in zip(report.rules, view.rule_rows(report)):
        detail = Text()
        detail.append(row.title)
        detail.append(f"\n{row.article} · {row.version} · {r.id}", style="dim")
        table.add_row(Text(row.outcome_label, style=OUTCOME_STYLE[row.outcome]), detail)
    console.print(Padding(table, (0, 0, 0, 1)))
    not_in_force = view.not_in_force_rows(report)
    if not_in_force:
        console.print(Text(t("rules_not_in_force", lang), style="bold"))
        for title_text, period in not_in_force:
            console.print(Padding(Text(f"{title_text} ({period})"), (0, 0, 0, 2)))
    console.print(Text(t("appendix_texts", lang), style="bold"))
    for act, version in view.legal_text_rows(report):
        console.print(Padding(Text(f"{act}: {version}"), (0, 0, 0, 2)))
    console.print(Text(t("appendix_versions", lang), style="bold"))
    for label, value, _digest in view.version_rows(report):
        console.print(Padding(Text(f"{label}: {value}"), (0, 0, 0, 2)))
    console.print()
