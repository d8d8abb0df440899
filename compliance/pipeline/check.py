"""The pipeline controls of `compliance check` (the CLI in compliance/cli.py only forwards to them):
settings from the command line over the configuration file, `--select`/`--ignore`, the baseline,
`--fail-on`, and the formats SARIF and JUnit XML."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from compliance.model.loader import InputError, InputProblem
from compliance.pipeline.config import Config, load_config

FAIL_ON = {"violazione": ("violazione",), "avviso": ("violazione", "avviso"),
           "informazione": ("violazione", "avviso", "informazione"), "mai": ()}


@dataclass(frozen=True)
class CheckSettings:
    lang: str
    format: str
    fail_on: str
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    baseline: Path | None
    write_baseline: Path | None
    rules_dir: Path | None
    config: Config


def resolve(*, lang: str | None, format: str | None, fail_on: str | None, select: list[str], ignore: list[str],
            baseline: Path | None, write_baseline: Path | None, rules_dir: Path | None,
            config: Path | None) -> CheckSettings:
    """Command line first, then the configuration file, then the defaults. Bad config: InputError."""
    from compliance.i18n import t

    cfg = load_config(config, lang or "it")
    lg = lang or cfg.lang or "it"
    fo = fail_on or cfg.fail_on or "violazione"
    if fo not in FAIL_ON:
        raise InputError([InputProblem("--fail-on", None, None,
                                       t("expected_literal", lg, options=", ".join(FAIL_ON), found=repr(fo)))])
    return CheckSettings(lg, format or cfg.format or "text", fo, tuple(select) or cfg.select,
                         tuple(ignore) or cfg.ignore, baseline or cfg.baseline, write_baseline,
                         rules_dir or cfg.rules, cfg)


def selection(settings: CheckSettings, book):
    from compliance.pipeline.selection import Selection, SelectionError

    try:
        return Selection.parse(list(settings.select), list(settings.ignore), book, settings.lang)
    except SelectionError as exc:
        option, _, message = str(exc).partition(" ")
        raise InputError([InputProblem(option, None, None, message)]) from None


def apply(report, book, settings: CheckSettings):
    """(report with only the selected findings that are new, findings the baseline accepts, baseline)."""
    from compliance.i18n import tn
    from compliance.pipeline.baseline import load_baseline, render_baseline, report_plan_key
    from compliance.pipeline.selection import apply_to_report

    report = apply_to_report(report, selection(settings, book))
    key = report_plan_key(report)
    if settings.write_baseline is not None:
        from compliance.output import write_atomic

        try:
            write_atomic(settings.write_baseline, render_baseline([(f, key) for f in report.findings]))
        except OSError as exc:
            from compliance.i18n import t

            raise InputError([InputProblem(str(settings.write_baseline), None, None,
                                           t("output_failed", settings.lang, detail=exc.strerror or exc))]) from None
        print(tn("bl_written", len(report.findings), settings.lang, path=settings.write_baseline), file=sys.stderr)
        path = settings.write_baseline
    else:
        path = settings.baseline
    if path is None:
        return report, [], None
    base = load_baseline(path, settings.lang)
    new, accepted = base.split(list(report.findings), key)
    if accepted:
        from compliance.pipeline.selection import recount

        report = report.model_copy(update={"findings": new, "summary": recount(
            report.summary, report.rules, new, report.justified_findings)})
        print(tn("bl_accepted", len(accepted), settings.lang), file=sys.stderr)
    if base.gone:
        print(tn("bl_gone", base.gone, settings.lang), file=sys.stderr)
    return report, accepted, base


def exit_code(report, fail_on: str) -> int:
    bad = FAIL_ON[fail_on]
    return 1 if any(f.outcome == "non_conforme" and f.severity in bad for f in report.findings) else 0


def render_ci(report, plan_file: str, settings: CheckSettings, accepted, base) -> str:
    """SARIF or JUnit XML of one report."""
    from compliance.report.ci_results import from_report

    run = from_report(report, plan_file, lang=settings.lang, fail_on=settings.fail_on, accepted=accepted,
                      baseline=base.path if base is not None else None)
    if settings.format == "sarif":
        from compliance.report.sarif import render_sarif

        return render_sarif(run)
    from compliance.report.junit import render_junit

    return render_junit(run)
