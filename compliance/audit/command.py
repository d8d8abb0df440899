"""`compliance audit`: the command's body (the CLI in compliance/cli.py only forwards to it).

Also the body of `compliance check FOLDER` (a single plan's folder of years): the same audit, its
overview written to `--output` or its findings in one of the single-file formats.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from compliance.audit.runner import AuditOptions, find_plan_files, now_iso, run_audit
from compliance.audit.summary import FAIL_ON, SEVERITIES, Filters, summarise
from compliance.i18n import t, tn


def _err(message: str, lang: str) -> None:
    print(f"{t('error_prefix', lang)}: {message}", file=sys.stderr)


@dataclass
class AuditRequest:
    """The audit's options as given on the command line (None: not given, the config decides)."""

    paths: list[Path]
    output: Path | None
    rules: list[str] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    ambiti: list[str] = field(default_factory=list)
    fail_on: str | None = None
    jobs: int | None = None
    lang: str | None = None
    rules_dir: Path | None = None
    formats: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    baseline: Path | None = None
    write_baseline: Path | None = None
    config: Path | None = None
    quiet: bool = False


class UsageProblem(Exception):
    """A located usage error: printed, exit 2."""


def _settings(req: AuditRequest):
    """The request with the configuration file's defaults filled in (command line first)."""
    from compliance.model.loader import InputError
    from compliance.pipeline.config import AUDIT_FORMATS, load_config

    lang = req.lang or "it"
    try:
        cfg = load_config(req.config, lang)
    except InputError as exc:
        raise UsageProblem([p.render() for p in exc.problems]) from None
    lang = req.lang or cfg.lang or "it"
    fail_on = req.fail_on or cfg.fail_on or "violazione"
    formats = tuple(req.formats) or cfg.audit_formats or AUDIT_FORMATS
    bad = [f for f in formats if f not in AUDIT_FORMATS]
    if bad:
        raise UsageProblem([t("bad_format_option", lang, value=bad[0], options=", ".join(AUDIT_FORMATS))])
    return cfg, lang, fail_on, formats


def audit_command(
    paths: list[Path],
    output: Path,
    *,
    rules: list[str],
    severities: list[str],
    years: list[int],
    ambiti: list[str],
    fail_on: str | None,
    jobs: int | None,
    lang: str | None,
    rules_dir: Path | None,
    quiet: bool = False,
    **more,
) -> int:
    req = AuditRequest(paths, output, rules, severities, years, ambiti, fail_on, jobs, lang, rules_dir, quiet=quiet,
                       **more)
    try:
        return _audit(req)
    except UsageProblem as exc:
        for message in exc.args[0] if isinstance(exc.args[0], list) else [exc.args[0]]:
            _err(message, req.lang or "it")
        return 2


def prepare(req: AuditRequest):
    """Everything an audit needs before it judges: settings, rule book, selection, baseline, files.
    Raises UsageProblem for bad usage."""
    from compliance.model.loader import InputError
    from compliance.pipeline.baseline import load_baseline
    from compliance.pipeline.selection import Selection, SelectionError
    from compliance.rules.spec import load_rulebook

    cfg, lang, fail_on, formats = _settings(req)
    bad = [s for s in req.severities if s not in SEVERITIES]
    if bad or fail_on not in FAIL_ON:
        raise UsageProblem(t("au_bad_severity", lang, value=", ".join(bad or [fail_on]), options=", ".join(SEVERITIES)))
    jobs = req.jobs or cfg.jobs
    if jobs is not None and jobs < 1:
        raise UsageProblem("--jobs: " + t("au_jobs_min", lang))
    rules_dir = req.rules_dir or cfg.rules
    try:
        book = load_rulebook(rules_dir)
    except InputError as exc:
        raise UsageProblem([p.render() for p in exc.problems]) from None
    known = {r.id for r in book.rules}
    unknown = [r for r in req.rules if r not in known]
    if unknown:
        raise UsageProblem(t("au_unknown_rule", lang, ids=", ".join(unknown)))
    try:
        selection = Selection.parse(list(req.select) or list(cfg.select), list(req.ignore) or list(cfg.ignore),
                                    book, lang)
    except SelectionError as exc:
        raise UsageProblem(str(exc)) from None
    baseline = None
    baseline_path = req.baseline or cfg.baseline
    if baseline_path is not None and req.write_baseline is None:
        try:
            baseline = load_baseline(baseline_path, lang)
        except InputError as exc:
            raise UsageProblem([p.render() for p in exc.problems]) from None
    output = req.output
    if output is not None and output.exists() and not output.is_dir():
        raise UsageProblem(f"{output}: " + t("au_not_a_folder", lang))
    files, missing = find_plan_files(req.paths, exclude=output)
    if missing:
        raise UsageProblem([f"{m}: " + t("au_path_missing", lang) for m in missing])
    if not files:
        raise UsageProblem(t("au_no_plan_files", lang))
    opts = AuditOptions(rules_dir=rules_dir, lang=lang, years=tuple(req.years), ambiti=tuple(req.ambiti), jobs=jobs)
    filters = Filters(tuple(req.rules), tuple(req.severities), selection, baseline)
    return book, opts, filters, files, lang, fail_on, formats


def judge(files, opts, filters, lang: str, quiet: bool):
    from rich.console import Console

    err_console = Console(stderr=True, highlight=False)
    if err_console.is_terminal and not quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err_console, transient=True) as bar:
            task = bar.add_task(t("au_progress", lang), total=len(files))
            run = run_audit(files, opts, progress=lambda done, total: bar.update(task, completed=done))
    else:
        run = run_audit(files, opts)
    return summarise(run, filters)


def meta_of(req: AuditRequest, book, run, filters, fail_on: str) -> dict:
    from compliance import __version__

    return {
        "strumento": {"nome": "compliance", "versione": __version__},
        "generato": now_iso(),
        "percorsi": [str(p) for p in req.paths],
        "insieme_regole": {"nome": book.meta.name, "versione": book.meta.version, "impronta": book.digest},
        "filtri": {"regola": list(req.rules), "gravita": list(req.severities), "anno": list(req.years),
                   "ambito": list(req.ambiti),
                   "seleziona": [tok.text for tok in filters.selection.select] if filters.selection else [],
                   "ignora": [tok.text for tok in filters.selection.ignore] if filters.selection else [],
                   "baseline": filters.baseline.path if filters.baseline is not None else None,
                   "soglia_uscita": fail_on},
        "processi": run.jobs,
        "secondi": round(run.seconds, 2),
    }


def write_baseline_file(path: Path, summary, lang: str) -> None:
    from compliance.pipeline.baseline import ACROSS_PLANS, plan_key, render_baseline

    pairs = []
    for r in summary.rows:
        rep = r.plan.report
        if rep:
            key = plan_key(rep.plan.tipo, rep.plan.anno, rep.plan.ambito)
            pairs += [(f, key) for f in r.findings + r.accepted]
    pairs += [(c.finding, ACROSS_PLANS) for c in summary.cross + summary.accepted_cross]
    from compliance.output import write_atomic

    write_atomic(path, render_baseline(pairs))


def _audit(req: AuditRequest) -> int:
    from rich.console import Console

    book, opts, filters, files, lang, fail_on, formats = prepare(req)
    summary = judge(files, opts, filters, lang, req.quiet)
    if req.write_baseline is not None:
        try:
            write_baseline_file(req.write_baseline, summary, lang)
        except OSError as exc:
            raise UsageProblem(f"{req.write_baseline}: " + t("output_failed", lang, detail=exc.strerror or exc)) from None
        print(tn("bl_written", sum(len(r.findings) for r in summary.rows) + len(summary.cross), lang,
                 path=req.write_baseline), file=sys.stderr)
        from compliance.pipeline.baseline import load_baseline

        # the findings just written are now the accepted ones: judge the exit code against them
        summary = summarise(summary.run, Filters(filters.rules, filters.severities, filters.selection,
                                                 load_baseline(req.write_baseline, lang)))
    from compliance.audit.outputs import write_outputs

    try:
        write_outputs(summary, req.output, meta_of(req, book, summary.run, summary.filters, fail_on), lang,
                      formats, fail_on)
    except OSError as exc:
        raise UsageProblem(f"{req.output}: " + t("output_failed", lang, detail=exc.strerror or exc)) from None
    if not req.quiet:
        from compliance.audit.terminal import print_summary

        print_summary(summary, Console(highlight=False), lang, req.output if "html" in formats else None)
    if summary.filters.baseline is not None and summary.filters.baseline.gone:
        print(tn("bl_gone", summary.filters.baseline.gone, lang), file=sys.stderr)
    return summary.exit_code(fail_on)


FOLDER_FORMATS = ("text", "html", "json", "sarif", "junit")


def check_folder(folder: Path, settings, *, output: Path | None, engine: str, date_given: bool) -> int:
    """`compliance check FOLDER`: every plan of the folder (a plan's years), across plans too; the
    audit's overview (`-f html -o FOLDER`, or `-o FOLDER` alone), its JSON, SARIF or JUnit XML, or the
    terminal summary. `settings`: compliance.pipeline.check.CheckSettings."""
    from rich.console import Console

    lang = settings.lang
    fmt = settings.format
    if fmt == "text" and output is not None:
        fmt = "html"
    if date_given:
        _err(f"--date: {t('au_folder_no_date', lang)}", lang)
        return 2
    if fmt not in FOLDER_FORMATS:
        _err(f"--format {fmt}: " + t("au_folder_format", lang, options=", ".join(FOLDER_FORMATS)), lang)
        return 2
    if fmt == "html" and output is None:
        _err(t("au_folder_html_needs_output", lang), lang)
        return 2
    req = AuditRequest([folder], output if fmt == "html" else None, fail_on=settings.fail_on, lang=lang,
                       rules_dir=settings.rules_dir, select=list(settings.select), ignore=list(settings.ignore),
                       baseline=settings.baseline, write_baseline=settings.write_baseline,
                       config=settings.config.path, quiet=fmt != "text")
    try:
        book, opts, filters, files, lang, fail_on, _ = prepare(req)
        from dataclasses import replace

        opts = replace(opts, engine=engine)
        summary = judge(files, opts, filters, lang, quiet=True)
        if req.write_baseline is not None:
            write_baseline_file(req.write_baseline, summary, lang)
            from compliance.pipeline.baseline import load_baseline

            summary = summarise(summary.run, Filters(filters.rules, filters.severities, filters.selection,
                                                     load_baseline(req.write_baseline, lang)))
        meta = meta_of(req, book, summary.run, summary.filters, fail_on)
        if fmt == "html":
            from compliance.audit.outputs import write_outputs

            write_outputs(summary, output, meta, lang, fail_on=fail_on)
            print(f"→ {output / 'index.html'}", file=sys.stderr)
        elif fmt == "text":
            from compliance.audit.terminal import print_summary

            print_summary(summary, Console(highlight=False), lang, None)
        else:
            text = _single_file(summary, meta, fmt, lang, fail_on)
            if output is None:
                sys.stdout.write(text)
            else:
                from compliance.output import write_atomic

                write_atomic(output, text)
    except UsageProblem as exc:
        for message in exc.args[0] if isinstance(exc.args[0], list) else [exc.args[0]]:
            _err(message, lang)
        return 2
    except OSError as exc:
        _err(f"{output}: " + t("output_failed", lang, detail=exc.strerror or exc), lang)
        return 2
    return summary.exit_code(fail_on)


def _single_file(summary, meta: dict, fmt: str, lang: str, fail_on: str) -> str:
    if fmt == "json":
        from compliance.audit.json_out import audit_json

        return audit_json(summary, meta, ())
    from compliance.audit.integration import run_results

    run = run_results(summary, lang=lang, fail_on=fail_on)
    if fmt == "sarif":
        from compliance.report.sarif import render_sarif

        return render_sarif(run)
    from compliance.report.junit import render_junit

    return render_junit(run)
