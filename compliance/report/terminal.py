"""The report on the terminal (rich): readable at 80 columns, colour only on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from compliance.findings import Report
from compliance.i18n import t
from compliance.report.common import header_lines, outcome_label, summary_line

STYLE = {"conforme": "green", "non_conforme": "bold red", "non_valutabile": "yellow"}
SEVERITY_STYLE = {"violazione": "red", "avviso": "yellow", "informazione": "cyan"}


def print_report(report: Report, console: Console) -> None:
    lang = report.lang
    console.print(Text(f"{t('report_title', lang)}: {report.plan.ambito}, {report.plan.anno}", style="bold"))
    for label, value in header_lines(report):
        console.print(f"  [bold]{escape(label)}:[/bold] {escape(value)}")
    console.print()

    table = Table(title=t("rules_heading", lang), show_lines=False, expand=False, title_justify="left")
    table.add_column(t("rule", lang), overflow="fold")
    table.add_column(t("outcome", lang))
    table.add_column(t("severity", lang))
    table.add_column(t("source", lang), overflow="fold")
    for r in report.rules:
        counts = f" ({r.non_conformi + r.non_valutabili}/{r.subjects})" if r.outcome != "conforme" else f" ({r.subjects})"
        table.add_row(
            f"{escape(r.id)}\n[dim]{escape(r.title)}[/dim]",
            Text(outcome_label(r.outcome, lang) + counts, style=STYLE[r.outcome]),
            Text(t(r.severity, lang), style=SEVERITY_STYLE[r.severity]),
            escape(f"{r.source}\n{t(r.certainty, lang)}"),
        )
    console.print(table)
    console.print()

    console.print(Text(t("findings_heading", lang), style="bold"))
    if not report.findings:
        console.print("  " + t("no_findings", lang))
    for f in report.findings:
        head = Text()
        head.append(f"• {outcome_label(f.outcome, lang)}", style=STYLE[f.outcome])
        head.append(f" [{t(f.severity, lang)}] ", style=SEVERITY_STYLE[f.severity])
        head.append(f.subject, style="bold")
        console.print(head)
        console.print(f"  [dim]{escape(f.rule_id)} — {escape(f.source)} ({escape(t(f.certainty, lang))})[/dim]")
        console.print("  " + escape(f.message))
        if f.explanation:
            console.print(Text("  " + f.explanation.replace("\n", "\n  "), style="dim"))
    console.print()
    if report.rules_not_in_force:
        console.print(Text(t("rules_not_in_force", lang), style="bold"))
        for r in report.rules_not_in_force:
            console.print(f"  {escape(r.id)}: {escape(r.title)} ({escape('; '.join(r.versions))})")
        console.print()
    console.print(Text(summary_line(report), style="bold"))
    console.print(t("exit_hint_1" if report.has_violations else "exit_hint_0", lang))
