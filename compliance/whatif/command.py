"""`compliance whatif`: the baseline, each scenario, a sweep, the nearest compliant plan.

The CLI (compliance/cli.py) parses the options and calls `run`; every input problem is raised as
InputError (exit 2 there), an engine failure as EngineError (exit 3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from compliance.findings import Report
from compliance.model.loader import InputError, InputProblem
from compliance.whatif.diff import ReportDiff, diff_reports
from compliance.whatif.evaluation import Baseline, judge, load_baseline
from compliance.whatif.nearest import NearestResult, nearest
from compliance.whatif.scenario import Scenario, apply_logged, load_scenario, set_scenario
from compliance.whatif.plots import plot
from compliance.whatif.sweep import SweepResult, parse_sweep, run_sweep
from compliance.whatif.texts import tw
from compliance.whatif.units_view import UnitsComparison, compare_units
from compliance.whatif.words import rule_titles


@dataclass
class ScenarioOutcome:
    scenario: Scenario
    log: list[tuple]  # (op, path, old, new)
    report: Report
    diff: ReportDiff
    units: UnitsComparison
    nearest: NearestResult | None = None


@dataclass
class WhatIfResult:
    base: Baseline
    report: Report
    scenarios: list[ScenarioOutcome] = field(default_factory=list)
    sweep: SweepResult | None = None
    nearest: NearestResult | None = None  # of the baseline
    plot_file: Path | None = None

    @property
    def has_violations(self) -> bool:
        reports = [s.report for s in self.scenarios] or [self.report]
        return any(r.has_violations for r in reports)


def run(plan_file: Path, scenario_files: list[Path], sets: list[str], sweep: str | None,
        suggest: bool, date: datetime.date | None, lang: str, rules_dir: Path | None = None,
        plot_file: Path | None = None, jobs: int | None = None) -> WhatIfResult:
    if plot_file is not None and sweep is None:
        raise InputError([InputProblem("--plot", None, None, tw("plot_needs_sweep", lang))])
    if not scenario_files and not sets and sweep is None and not suggest:
        raise InputError([InputProblem(str(plan_file), None, None, tw("nothing_to_do", lang))])
    base = load_baseline(plan_file, rules_dir, date, lang)
    scenarios: list[Scenario] = []
    problems: list[InputProblem] = []
    for path in scenario_files:
        try:
            scenarios.append(load_scenario(path, lang))
        except InputError as exc:
            problems.extend(exc.problems)
    adhoc = None
    if sets:
        try:
            adhoc = set_scenario(sets, lang)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    if adhoc is not None and sweep is None:
        scenarios.append(adhoc)

    report = judge(base, base.plan)
    result = WhatIfResult(base, report, plot_file=plot_file)
    applied = []
    for scenario in scenarios:  # validate every scenario before judging any
        try:
            applied.append((scenario, *apply_logged(base.data, scenario, lang, base.model)))
        except InputError as exc:
            problems.extend(exc.problems)
    on_top = adhoc or Scenario(tw("baseline", lang), None, (), "--sweep")
    if sweep is not None:
        try:
            start = apply_logged(base.data, on_top, lang, base.model)[1] if adhoc else base.data
            spec = parse_sweep(sweep, base, start)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)

    for scenario, plan, data, log in applied:
        after = judge(base, plan, scenario.source)
        outcome = ScenarioOutcome(scenario, log, after, diff_reports(report, after),
                                  compare_units(base.plan, plan, report, after, log))
        if suggest:
            outcome.nearest = nearest(base, data, plan, after, scenario.source)
        result.scenarios.append(outcome)
    if suggest and not scenarios:
        result.nearest = nearest(base, base.data, base.plan, report)
    if sweep is not None:
        result.sweep = run_sweep(base, on_top, spec, jobs)
        if plot_file is not None:
            try:
                plot(result.sweep, plot_file, lang, rule_titles(result))
            except OSError as exc:
                raise InputError([InputProblem(str(plot_file), None, None,
                                               tw("output_failed", lang, detail=exc.strerror or exc))]) from None
    return result
