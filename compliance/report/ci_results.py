"""What the formats for pipelines (SARIF, JUnit XML) read: the plans judged, their findings that
count, those a baseline accepts, the plans that could not be judged, and the findings across plans.
Built from one report (`compliance check`) or from an audit (compliance/audit/integration.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.findings import Finding, Report

FAIL_ON = {"violazione": ("violazione",), "avviso": ("violazione", "avviso"),
           "informazione": ("violazione", "avviso", "informazione"), "mai": ()}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str
    severity: str
    source: str
    certainty: str
    outcome: str | None = None  # on this plan (one report); None across plans
    subjects: int = 0


@dataclass(frozen=True)
class PlanResults:
    name: str  # the plan file, as given or relative to the audited folder
    plan_key: str | None  # compliance.pipeline.baseline.plan_key; None for a file that could not be read
    report: Report | None
    findings: list[Finding] = field(default_factory=list)  # counted (selected, not in the baseline)
    accepted: list[Finding] = field(default_factory=list)  # accepted by the baseline
    errors: list[str] = field(default_factory=list)
    internal_error: bool = False

    def rules(self) -> list[RuleInfo]:
        if self.report is None:
            return []
        return [RuleInfo(r.id, r.title, r.severity, r.source, r.certainty, r.outcome, r.subjects)
                for r in self.report.rules]


@dataclass(frozen=True)
class CrossResult:
    finding: Finding
    plans: list[str]
    accepted: bool = False


@dataclass(frozen=True)
class RunResults:
    plans: list[PlanResults]
    lang: str = "it"
    fail_on: str = "violazione"
    cross: list[CrossResult] = field(default_factory=list)
    cross_rules: list[RuleInfo] = field(default_factory=list)
    cross_error: str | None = None
    baseline: str | None = None  # the baseline file used, if any
    name: str = "compliance"

    def fails(self, finding: Finding) -> bool:
        return finding.outcome == "non_conforme" and finding.severity in FAIL_ON[self.fail_on]


def from_report(report: Report, plan_file: str, *, lang: str, fail_on: str = "violazione",
                accepted: list[Finding] | None = None, baseline: str | None = None) -> RunResults:
    from compliance.pipeline.baseline import report_plan_key

    plan = PlanResults(plan_file, report_plan_key(report), report, list(report.findings), list(accepted or []))
    return RunResults([plan], lang, fail_on, baseline=baseline)
