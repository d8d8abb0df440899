"""What an audit writes into its output folder, by format (`--format`, config `audit-formats`):

* `html`: `index.html`, the overview (compliance/audit/overview.py), and `piani/<id>.html`;
* `md`: `piani/<id>.md`;  `json`: `audit.json` (compliance/audit/json_out.py) and `piani/<id>.json`;
* `csv`: `riepilogo.csv`, `rilievi.csv`, `unita.csv` (compliance/audit/csv_out.py);
* `sarif`: `compliance.sarif`;  `junit`: `junit.xml`.

Every file is written atomically (compliance.output.write_atomic), only inside the output folder
(report names from compliance/audit/names.py); the overview is written last, so a reader never
finds it linking reports that are not there yet.
"""

from __future__ import annotations

from pathlib import Path

from compliance.audit.summary import AuditSummary
from compliance.i18n import t
from compliance.output import write_atomic

FORMATS = ("html", "md", "csv", "json", "sarif", "junit")
SARIF_FILE = "compliance.sarif"
JUNIT_FILE = "junit.xml"


def _try_html(report) -> str | None:
    try:
        from compliance.report.html import render_html
    except ImportError:
        return None
    try:
        return render_html(report)
    except Exception:  # noqa: BLE001 - the per-plan HTML is optional here; the overview says what exists
        return None


def _inside(folder: Path, path: Path) -> Path:
    """`path`, after checking that it lies in `folder` (report names are safe; this keeps them so)."""
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"{path}: outside {folder}")
    return path


def _plan_markdown(row, lang: str) -> str:
    from compliance.report.markdown import render_markdown

    md = render_markdown(row.plan.report)
    if row.cross:
        md += f"\n## {t('au_cross', lang)}\n\n"
        for c in row.cross:
            f = c.finding
            md += f"- **{f.rule_id}** ({t(f.severity, lang)}) {f.subject}: {f.message}\n"
    return md + "\n"


def write_plan_reports(s: AuditSummary, out_dir: Path, lang: str, formats: tuple[str, ...]) -> tuple[list[Path], tuple[str, ...]]:
    """The per-plan reports; returns the files written and the report formats actually available."""
    from compliance.report.json_report import render_json

    folder = out_dir / "piani"
    written: list[Path] = []
    available = [f for f in ("html", "md", "json") if f in formats]
    if not available:
        return written, ()
    folder.mkdir(parents=True, exist_ok=True)
    for r in s.rows:
        if not r.plan.ok:
            continue
        base = folder / r.report_id
        if "json" in available:
            write_atomic(_inside(folder, base.with_name(base.name + ".json")), render_json(r.plan.report))
            written.append(base.with_name(base.name + ".json"))
        if "md" in available:
            write_atomic(_inside(folder, base.with_name(base.name + ".md")), _plan_markdown(r, lang))
            written.append(base.with_name(base.name + ".md"))
        if "html" in available:
            page = _try_html(r.plan.report)
            if page is None:  # the HTML renderer failed: no HTML report for any plan, the links follow
                available.remove("html")
                for p in [p for p in written if p.suffix == ".html"]:
                    p.unlink(missing_ok=True)
                    written.remove(p)
            else:
                write_atomic(_inside(folder, base.with_name(base.name + ".html")), page)
                written.append(base.with_name(base.name + ".html"))
    return written, tuple(available)


def write_outputs(s: AuditSummary, out_dir: Path, meta: dict, lang: str,
                  formats: tuple[str, ...] = FORMATS, fail_on: str = "violazione") -> list[Path]:
    """Write every requested output into out_dir; return the files written (overview last)."""
    from compliance.audit.csv_out import findings_csv, summary_csv, units_csv
    from compliance.audit.json_out import audit_json

    out_dir.mkdir(parents=True, exist_ok=True)
    written, reports = write_plan_reports(s, out_dir, lang, formats)
    files: list[tuple[str, str]] = []
    if "json" in formats:
        files.append(("audit.json", audit_json(s, meta, reports)))
    if "csv" in formats:
        files += [("riepilogo.csv", summary_csv(s)), ("rilievi.csv", findings_csv(s)), ("unita.csv", units_csv(s))]
    if "sarif" in formats or "junit" in formats:
        from compliance.audit.integration import run_results

        run = run_results(s, lang=lang, fail_on=fail_on)
        if "sarif" in formats:
            from compliance.report.sarif import render_sarif

            files.append((SARIF_FILE, render_sarif(run)))
        if "junit" in formats:
            from compliance.report.junit import render_junit

            files.append((JUNIT_FILE, render_junit(run)))
    if "html" in formats:
        from compliance.audit.overview import render_overview

        files.append(("index.html", render_overview(s, meta, lang, formats=reports)))
    for name, text in files:
        write_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return written


def print_summary(s: AuditSummary, console, lang: str, out_dir: Path | None) -> None:
    from compliance.audit.terminal import print_summary as _print

    _print(s, console, lang, out_dir)
