"""SARIF 2.1.0 (OASIS), the format code-scanning dashboards read (GitHub, GitLab, Azure DevOps).

One run of the tool `compliance`; a rule descriptor per rule judged (title, source, severity,
certainty); a result per finding:

* *non conforme*: `kind: fail`, `level` from the severity (violazione -> error, avviso -> warning,
  informazione -> note);
* *non valutabile*: `kind: open` ("not enough information to decide"), `level: none`, as §3.27.9
  of the standard prescribes for a kind other than fail;
* a finding the plan justifies: a suppression `inSource` (the plan's `giustificazioni`) with the
  justification; one the baseline accepts: a suppression `external` and `baselineState:
  unchanged` (the others `new` when a baseline is used);
* location: the plan file (an artifact of the run), and the subject (ente, comune, row) as a
  logical location; `partialFingerprints` carries the finding's stable identity (rule, subject,
  plan, outcome: compliance/pipeline/baseline.py), so dashboards track it across runs.

A plan file that could not be judged is a tool execution notification (level error) and makes
`executionSuccessful` false. `tests/test_sarif_junit.py` validates the output against the
standard's JSON schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from compliance.report.ci_results import PlanResults, RuleInfo, RunResults

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"violazione": "error", "avviso": "warning", "informazione": "note"}
FINGERPRINT_KEY = "complianceFinding/v1"


def _uri(name: str) -> tuple[str, str | None]:
    """A URI reference for a plan file: relative to the working folder (uriBaseId), or absolute."""
    path = Path(name)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path.resolve().as_uri(), None
    return quote(path.as_posix()), "SRCROOT"


def _location(name: str, subject: str | None) -> dict:
    uri, base = _uri(name)
    artifact = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    loc: dict = {"physicalLocation": {"artifactLocation": artifact}}
    if subject:
        loc["logicalLocations"] = [{"name": subject, "kind": "object"}]
    return loc


def _descriptor(rule: RuleInfo) -> dict:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} ({rule.source})"},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"gravita": rule.severity, "fonte": rule.source, "certezza": rule.certainty,
                       "tags": [rule.severity, rule.certainty]},
    }


def _result(finding, plan_key: str, locations: list[dict], rule_index: dict[str, int], *,
            accepted: bool, baseline: str | None) -> dict:
    from compliance.pipeline.baseline import finding_fingerprint

    res: dict = {"ruleId": finding.rule_id}
    if finding.rule_id in rule_index:
        res["ruleIndex"] = rule_index[finding.rule_id]
    if finding.outcome == "non_valutabile":
        res["kind"], res["level"] = "open", "none"
    else:
        res["kind"], res["level"] = "fail", LEVELS[finding.severity]
    res["message"] = {"text": finding.message}
    res["locations"] = locations
    res["partialFingerprints"] = {FINGERPRINT_KEY: finding_fingerprint(finding, plan_key)}
    suppressions = []
    justification = getattr(finding, "justification", None)
    if justification is not None:
        suppressions.append({"kind": "inSource", "status": "accepted",
                             "justification": f"{justification.motivazione} ({justification.base_giuridica}; "
                                              f"{justification.approvata_da})"})
    if accepted:
        suppressions.append({"kind": "external", "status": "accepted", "justification": f"baseline {baseline}"})
    if suppressions:
        res["suppressions"] = suppressions
    if baseline is not None:
        res["baselineState"] = "unchanged" if accepted else "new"
    res["properties"] = {"esito": finding.outcome, "gravita": finding.severity, "soggetto": finding.subject,
                         "fonte": finding.source, "certezza": finding.certainty,
                         "spiegazione": finding.explanation, "dati": finding.data}
    return res


def render_sarif(run: RunResults) -> str:
    from compliance import __version__

    rules: dict[str, RuleInfo] = {}
    for plan in run.plans:
        for r in plan.rules():
            rules.setdefault(r.id, r)
    for r in run.cross_rules:
        rules.setdefault(r.id, r)
    for plan in run.plans:  # findings of rules outside the rule book (PIANO-GIUSTIFICAZIONI)
        for f in plan.findings + plan.accepted:
            rules.setdefault(f.rule_id, RuleInfo(f.rule_id, f.rule_id, f.severity, f.source, f.certainty))
    ordered = sorted(rules.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(ordered)}
    baseline = run.baseline

    results: list[dict] = []
    notifications: list[dict] = []
    artifacts: list[dict] = []
    for plan in run.plans:
        uri, base = _uri(plan.name)
        art = {"location": {"uri": uri, **({"uriBaseId": base} if base else {})}, "roles": ["analysisTarget"]}
        if plan.report is not None:
            art["hashes"] = {"sha-256": plan.report.plan.sha256}
        artifacts.append(art)
        for e in plan.errors:
            notifications.append({"level": "error", "message": {"text": e},
                                  "locations": [_location(plan.name, None)]})
        if plan.report is None:
            continue
        for f in plan.findings:
            results.append(_result(f, plan.plan_key, [_location(plan.name, f.subject)], index,
                                   accepted=False, baseline=baseline))
        for f in plan.accepted:
            results.append(_result(f, plan.plan_key, [_location(plan.name, f.subject)], index,
                                   accepted=True, baseline=baseline))
        for f in plan.report.justified_findings:
            results.append(_result(f, plan.plan_key, [_location(plan.name, f.subject)], index,
                                   accepted=False, baseline=None))
    from compliance.pipeline.baseline import ACROSS_PLANS

    for c in run.cross:
        locations = [_location(name, c.finding.subject) for name in c.plans] or [_location(".", c.finding.subject)]
        results.append(_result(c.finding, ACROSS_PLANS, locations, index, accepted=c.accepted,
                               baseline=baseline))
    if run.cross_error:
        notifications.append({"level": "error", "message": {"text": run.cross_error}})

    invocation = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "compliance", "version": __version__, "semanticVersion": __version__,
                                "language": "it-IT" if run.lang != "en" else "en-US", "rules": [_descriptor(r) for r in ordered]}},
            "invocations": [invocation],
            "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {"soglia_uscita": run.fail_on, **({"baseline": baseline} if baseline else {})},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


__all__ = ["render_sarif", "PlanResults", "RunResults"]
