"""What changes between two reports: findings that appear, disappear or change, rule outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.findings import Finding, Report


@dataclass(frozen=True)
class FindingChange:
    status: str  # 'nuovo' | 'risolto' | 'cambiato'
    rule_id: str
    subject: str
    before: Finding | None
    after: Finding | None
    what: tuple[str, ...] = ()  # for 'cambiato': outcome, severity, message


@dataclass(frozen=True)
class RuleChange:
    id: str
    title: str
    before: str
    after: str


@dataclass
class ReportDiff:
    before: Report
    after: Report
    findings: list[FindingChange] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.findings and not self.rules


def _key(f: Finding) -> tuple[str, str]:
    return (f.rule_id, f.subject)


def diff_reports(before: Report, after: Report) -> ReportDiff:
    out = ReportDiff(before, after)
    old = {_key(f): f for f in before.findings}
    new = {_key(f): f for f in after.findings}
    for key, f in new.items():
        if key not in old:
            out.findings.append(FindingChange("nuovo", f.rule_id, f.subject, None, f))
        else:
            g = old[key]
            what = tuple(name for name in ("outcome", "severity", "message") if getattr(g, name) != getattr(f, name))
            if what:
                out.findings.append(FindingChange("cambiato", f.rule_id, f.subject, g, f, what))
    for key, g in old.items():
        if key not in new:
            out.findings.append(FindingChange("risolto", g.rule_id, g.subject, g, None))
    rank = {"cambiato": 0, "nuovo": 1, "risolto": 2}
    out.findings.sort(key=lambda c: (rank[c.status], c.rule_id, c.subject))
    rules_before = {(r.id, r.version): r for r in before.rules}
    ids_before = {r.id: r for r in before.rules}
    for r in after.rules:
        prev = rules_before.get((r.id, r.version)) or ids_before.get(r.id)
        prev_outcome = prev.outcome if prev else "non_in_vigore"
        if prev_outcome != r.outcome:
            out.rules.append(RuleChange(r.id, r.title, prev_outcome, r.outcome))
    ids_after = {r.id for r in after.rules}
    for r in before.rules:
        if r.id not in ids_after:
            out.rules.append(RuleChange(r.id, r.title, r.outcome, "non_in_vigore"))
    return out
