"""`compliance audit`: the command's body (the CLI in compliance/cli.py only forwards to it)."""

from __future__ import annotations

import sys
from pathlib import Path

from compliance.audit.runner import AuditOptions, find_plan_files, now_iso, run_audit
from compliance.audit.summary import FAIL_ON, SEVERITIES, Filters, summarise


def _err(message: str, lang: str) -> None:
    print(f"{'error' if lang == 'en' else 'errore'}: {message}", file=sys.stderr)


def audit_command(
    paths: list[Path],
    output: Path,
    *,
    rules: list[str],
    severities: list[str],
    years: list[int],
    ambiti: list[str],
    fail_on: str,
    jobs: int | None,
    lang: str,
    rules_dir: Path | None,
    quiet: bool = False,
) -> int:
    from rich.console import Console

    from compliance.model.loader import InputError
    from compliance.rules.book import load_rulebook

    bad = [s for s in severities if s not in SEVERITIES]
    if bad or fail_on not in FAIL_ON:
        _err(f"gravità sconosciuta {', '.join(bad or [fail_on])}; ammesse: {', '.join(SEVERITIES)}", lang)
        return 2
    if jobs is not None and jobs < 1:
        _err("--jobs: almeno 1", lang)
        return 2
    try:
        book = load_rulebook(rules_dir)
    except InputError as exc:
        for p in exc.problems:
            _err(p.render(), lang)
        return 2
    known = {r.id for r in book.rules}
    unknown = [r for r in rules if r not in known]
    if unknown:
        _err(f"--rule: regola sconosciuta {', '.join(unknown)} (vedi «compliance rules list»)", lang)
        return 2
    if output.exists() and not output.is_dir():
        _err(f"{output}: esiste e non è una cartella", lang)
        return 2
    files, missing = find_plan_files(paths, exclude=output)
    for m in missing:
        _err(f"{m}: percorso non trovato", lang)
    if missing:
        return 2
    if not files:
        _err("nessun file di piano (.yaml, .yml) nei percorsi indicati", lang)
        return 2

    err_console = Console(stderr=True, highlight=False)
    opts = AuditOptions(rules_dir=rules_dir, lang=lang, years=tuple(years), ambiti=tuple(ambiti), jobs=jobs)
    if err_console.is_terminal and not quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err_console, transient=True) as bar:
            task = bar.add_task("piani valutati" if lang != "en" else "plans judged", total=len(files))
            run = run_audit(files, opts, progress=lambda done, total: bar.update(task, completed=done))
    else:
        run = run_audit(files, opts)

    summary = summarise(run, Filters(tuple(rules), tuple(severities)))
    meta = {
        "generato": now_iso(),
        "percorsi": [str(p) for p in paths],
        "ruleset": f"{book.meta.name} {book.meta.version} (sha256 {book.digest})",
        "filtri": {"rule": rules, "severity": severities, "year": years, "ambito": ambiti, "fail_on": fail_on},
        "anni": years,
        "ambiti": ambiti,
        "processi": run.jobs,
        "secondi": round(run.seconds, 2),
    }
    from compliance.audit.outputs import print_summary, write_outputs

    try:
        write_outputs(summary, output, meta, lang)
    except OSError as exc:
        _err(f"{output}: scrittura non riuscita ({exc.strerror or exc})", lang)
        return 2
    if not quiet:
        print_summary(summary, Console(highlight=False), lang, output)
    return summary.exit_code(fail_on)
