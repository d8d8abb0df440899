"""The audit's summary on the terminal (80 columns): the plans with findings, worst first, the rules
most often broken, the files that could not be judged, the totals."""

from __future__ import annotations

import re
from pathlib import Path

from compliance.audit.summary import AuditSummary
from compliance.i18n import t, tn
from compliance.i18n import fmt_date


def _short_ambito(name: str) -> str:
    """The ambito's own name, without the words every ambito shares."""
    return re.sub(r"^ambito\s+(territoriale\s+|distrettuale\s+)?(di\s+|del\s+|dell')?", "", name,
                  flags=re.IGNORECASE) or name


def print_summary(s: AuditSummary, console, lang: str, out_dir: Path | None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=t("au_title", lang), box=box.SIMPLE_HEAD, padding=(0, 1), expand=False)
    table.add_column(t("ambito", lang), overflow="ellipsis", no_wrap=True, max_width=30)
    table.add_column(t("au_year", lang), no_wrap=True, min_width=4)
    table.add_column(t("au_approved_short", lang), no_wrap=True, min_width=10)
    for key, style in (("au_viol_short", "red"), ("au_warn_short", "yellow"), ("au_info_short", "cyan"),
                       ("au_nv_short", "")):
        head = t(key, lang)
        table.add_column(head, justify="right", style=style, no_wrap=True, min_width=len(head))
    shown = [r for r in s.rows if r.all_findings() or not r.plan.ok]  # already worst first
    for r in shown:
        when = fmt_date(r.approval, lang) if r.plan.ok else t("au_status_" + r.status, lang)
        table.add_row(Text(_short_ambito(r.plan.ambito) if r.plan.ambito else r.plan.name),
                      str(r.plan.anno or ""), Text(when or ""),
                      str(r.count("violazione")), str(r.count("avviso")), str(r.count("informazione")),
                      str(r.non_valutabili))
    if shown:
        console.print(table)
    quiet = len(s.rows) - len(shown)
    if quiet:
        console.print(tn("au_quiet_others" if shown else "au_quiet", quiet, lang), highlight=False, markup=False)
    if s.top_rules:
        top = Table(title=t("au_top", lang), box=box.SIMPLE_HEAD, expand=False)
        top.add_column(t("severity", lang), no_wrap=True)
        top.add_column(t("rule", lang), overflow="fold")
        top.add_column(t("au_plans", lang), justify="right")
        top.add_column(t("au_findings", lang), justify="right")
        for rule in s.top_rules[:10]:
            top.add_row(t(rule.severity, lang), Text(f"{rule.title} ({rule.rule_id})"), str(rule.plans),
                        str(rule.findings))
        console.print(top)
    for r in s.broken:
        for err in r.plan.errors:
            console.print(Text.assemble((t("au_status_" + r.status, lang), "bold red"), f": {err}"), highlight=False)
    if s.run.cross_error:
        console.print(Text.assemble((t("au_cross_error", lang), "bold red"), f": {s.run.cross_error}"), highlight=False)
    tot = s.totals()
    parts = [tn("au_n_piani", tot["piani"], lang), tn("au_n_violazioni", tot["violazioni"], lang),
             tn("au_n_avvisi", tot["avvisi"], lang), tn("au_n_informazioni", tot["informazioni"], lang),
             tn("au_n_non_valutabili", tot["non_valutabili"], lang),
             tn("au_n_errori", tot["file_non_validi"] + tot["errori_interni"], lang)]
    console.print(f"{t('au_totals', lang)}: {', '.join(parts)}; "
                  + t("au_seconds", lang, s=f"{s.run.seconds:.1f}", n=s.run.jobs) + ".", highlight=False, markup=False)
    if tot["rilievi_accettati"]:
        console.print(tn("au_accepted_line", tot["rilievi_accettati"], lang), highlight=False, markup=False)
    if out_dir is not None:
        console.print(f"→ {out_dir / 'index.html'}", highlight=False, markup=False)
