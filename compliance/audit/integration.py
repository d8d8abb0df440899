"""The audit as the pipeline formats read it (compliance/report/ci_results.py: SARIF, JUnit XML)."""

from __future__ import annotations

from compliance.audit.summary import AuditSummary
from compliance.report.ci_results import CrossResult, PlanResults, RuleInfo, RunResults


def run_results(s: AuditSummary, *, lang: str, fail_on: str, paths_prefix: str = "") -> RunResults:
    """`paths_prefix`: prepended to each plan's name (its path under the audited folder) so the
    SARIF locations point at the files from where the audit was run."""
    from compliance.pipeline.baseline import plan_key

    plans = []
    for r in s.rows:
        rep = r.plan.report
        key = plan_key(rep.plan.tipo, rep.plan.anno, rep.plan.ambito) if rep else None
        plans.append(PlanResults(r.plan.path or paths_prefix + r.plan.name, key, rep, list(r.findings),
                                 list(r.accepted), list(r.plan.errors), r.plan.internal_error))
    path_of = {r.plan.name: r.plan.path or r.plan.name for r in s.rows}
    cross = [CrossResult(c.finding, [path_of.get(n, n) for n in c.plans]) for c in s.cross]
    cross += [CrossResult(c.finding, [path_of.get(n, n) for n in c.plans], accepted=True) for c in s.accepted_cross]
    rules = [RuleInfo(r.id, r.title, r.severity, r.source, r.certainty, None, r.subjects) for r in s.run.cross_rules]
    baseline = s.filters.baseline.path if s.filters.baseline is not None else None
    return RunResults(plans, lang, fail_on, cross, rules, s.run.cross_error, baseline)
