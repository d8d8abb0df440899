"""The report on the terminal (rich): readable at 80 columns, colour only on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance.findings import Report
from compliance.i18n import t
from compliance.report.common import header_lines, justification_lines, outcome_label, period, summary_line

STYLE = {"conforme": "green", "non_conforme": "bold red", "non_valutabile": "yellow"}
SEVERITY_STYLE = {"violazione": "red", "avviso": "yellow", "informazione": "cyan"}


def print_report(report: Report, console: Console) -> None:
    lang = report.lang
    console.print(Text(f"{t('report_title', lang)}: {report.plan.ambito}, {period(report.plan)}", style="bold"))
    head = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    for label, value in header_lines(report):
        head.add_row(f"{label}:", value)
    console.print(Padding(head, (0, 0, 0, 1)))
    console.print()

    console.print(Text(t("rules_heading", lang), style="bold"))
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for r in report.rules:
        counts = (
            f"{r.non_conformi + r.non_valutabili}/{r.subjects}" if r.outcome != "conforme" else f"{r.subjects}"
        )
        detail = Text()
        detail.append(r.id, style="bold")
        detail.append(f"  ({counts} {t('subjects', lang)})\n")
        detail.append(r.title + "\n")
        detail.append(f"{r.source} · ", style="dim")
        detail.append(t(r.severity, lang), style=SEVERITY_STYLE[r.severity])
        detail.append(f" · {t(r.certainty, lang)}", style="dim")
        table.add_row(Text(outcome_label(r.outcome, lang), style=STYLE[r.outcome]), detail)
    console.print(table)
    console.print()

    console.print(Text(t("findings_heading", lang), style="bold"))
    if not report.findings:
        console.print("  " + t("no_findings", lang))
    shown_nv: dict[str, int] = {}
    hidden_nv: dict[str, list[str]] = {}
    for f in report.findings:
        if f.outcome == "non_valutabile":  # a long list of the same gap: the first few, then names
            shown_nv[f.rule_id] = shown_nv.get(f.rule_id, 0) + 1
            if shown_nv[f.rule_id] > NV_SHOWN:
                hidden_nv.setdefault(f.rule_id, []).append(f.subject)
                continue
        head = Text()
        head.append(f"• {outcome_label(f.outcome, lang)}", style=STYLE[f.outcome])
        head.append(f" [{t(f.severity, lang)}] ", style=SEVERITY_STYLE[f.severity])
        head.append(f.subject, style="bold")
        console.print(head)
        body = Text()
        body.append(f"{f.rule_id} — {f.source} ({t(f.certainty, lang)})\n", style="dim")
        body.append(f.message)
        if f.explanation:
            body.append("\n" + f.explanation, style="dim")
        console.print(Padding(body, (0, 0, 0, 2)))
        _print_hidden(f, report, hidden_nv, shown_nv, console)
    console.print()
    if report.units:
        print_units(report, console)
    if report.justified_findings:
        _print_justified(report, console)
    if report.rules_not_in_force:
        console.print(Text(t("rules_not_in_force", lang), style="bold"))
        for r in report.rules_not_in_force:
            console.print(f"  {escape(r.id)}: {escape(r.title)} ({escape('; '.join(r.versions))})")
        console.print()
    line = summary_line(report)
    if report.justified_findings:
        line += " " + t("justified_count", lang, n=len(report.justified_findings))
    console.print(Text(line, style="bold"))
    console.print(t("exit_hint_1" if report.has_violations else "exit_hint_0", lang))


NV_SHOWN = 3


def _print_hidden(f, report: Report, hidden: dict, shown: dict, console: Console) -> None:
    """After the last shown non-valutabile finding of a rule, name the rest in one paragraph."""
    if f.outcome != "non_valutabile" or shown.get(f.rule_id) != NV_SHOWN:
        return
    rest = [g.subject for g in report.findings if g.rule_id == f.rule_id and g.outcome == "non_valutabile"][NV_SHOWN:]
    if rest:
        body = Text(t("more_subjects", report.lang, n=len(rest)) + " ", style="yellow")
        body.append("; ".join(rest))
        console.print(Padding(body, (0, 0, 0, 2)))


SHORT = {
    "it": {"unita_anno": "Disp.", "indigenti": "Indig.", "forze_polizia": "FdP", "polizia_locale": "P.L.",
           "categorie": "Cat.", "graduatoria": "Grad."},
    "en": {"unita_anno": "Avail.", "indigenti": "Indig.", "forze_polizia": "Police", "polizia_locale": "L.pol.",
           "categorie": "Cat.", "graduatoria": "List"},
}


def _n(value) -> str:
    return "n.d." if value is None else str(value)


def print_units(report: Report, console: Console) -> None:
    """The plan in units: per owner and comune, available, indigent, reserves, general ranking."""
    from compliance.units import HEADERS, PROBLEM_TEXT

    lang = report.lang
    h = HEADERS["en" if lang == "en" else "it"]
    console.print(Text(t("units_heading", lang), style="bold"))
    table = Table(box=None, padding=(0, 1), expand=False, show_edge=False)
    table.add_column(f"{h['ente']} — {h['comune']}", overflow="fold", min_width=24)
    for key in ("unita_anno", "indigenti", "forze_polizia", "polizia_locale", "categorie", "graduatoria"):
        table.add_column(SHORT["en" if lang == "en" else "it"][key], justify="right", no_wrap=True)
    problems = PROBLEM_TEXT["en" if lang == "en" else "it"]
    for u in report.units:
        label = f"{u.ente} — {u.comune or ('no comune' if lang == 'en' else 'comune non indicato')}"
        style = "red" if u.problema == "eccedenza" else ("yellow" if u.problema == "nulla" else None)
        table.add_row(label, _n(u.unita_anno), _n(u.indigenti), _n(u.forze_polizia), _n(u.polizia_locale),
                      _n(u.categorie), Text(_n(u.graduatoria), style=style or ""))
    console.print(Padding(table, (0, 0, 0, 1)))
    flagged = [u for u in report.units if u.problema in ("eccedenza", "nulla")]
    for u in flagged:
        console.print(Padding(Text(f"{u.ente} — {u.comune}: {problems[u.problema]}",
                                   style="red" if u.problema == "eccedenza" else "yellow"), (0, 0, 0, 2)))
    console.print(Padding(Text(t("units_note", lang), style="dim"), (0, 0, 0, 1)))
    console.print()


def _print_justified(report: Report, console: Console) -> None:
    lang = report.lang
    console.print(Text(t("justified_heading", lang), style="bold"))
    console.print(Padding(Text(t("justified_intro", lang), style="dim"), (0, 0, 0, 2)))
    for f in report.justified_findings:
        head = Text()
        head.append(f"• {t('justification', lang).upper()}", style="bold blue")
        head.append(f" [{t(f.severity, lang)}] ", style=SEVERITY_STYLE[f.severity])
        head.append(f.subject, style="bold")
        console.print(head)
        body = Text()
        body.append(f"{f.rule_id} — {f.source} ({outcome_label(f.outcome, lang)})\n", style="dim")
        body.append(f.message)
        for label, value in justification_lines(f, lang):
            body.append(f"\n{label}: ", style="bold")
            body.append(value)
        console.print(Padding(body, (0, 0, 0, 2)))
    console.print()
