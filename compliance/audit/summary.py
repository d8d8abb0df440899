"""The audit's results as reviewers read them: filtered findings, one row per plan, the rules
most often broken, and the exit code (`--fail-on`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from compliance.audit.runner import AuditRun, CrossFinding, PlanResult
from compliance.findings import Finding

SEVERITIES = ("violazione", "avviso", "informazione")
FAIL_ON = {"violazione": {"violazione"}, "avviso": {"violazione", "avviso"},
           "informazione": set(SEVERITIES), "mai": set()}


@dataclass(frozen=True)
class Filters:
    rules: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()

    def keep(self, f: Finding) -> bool:
        if self.rules and f.rule_id not in self.rules:
            return False
        if self.severities and f.severity not in self.severities:
            return False
        return True


@dataclass
class PlanRow:
    plan: PlanResult
    report_id: str  # file stem of its reports under piani/
    findings: list[Finding] = field(default_factory=list)  # its own findings, filtered
    cross: list[CrossFinding] = field(default_factory=list)  # findings across plans that concern it

    def all_findings(self) -> list[Finding]:
        return self.findings + [c.finding for c in self.cross]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.all_findings() if f.outcome == "non_conforme" and f.severity == severity)

    @property
    def non_valutabili(self) -> int:
        return sum(1 for f in self.all_findings() if f.outcome == "non_valutabile")

    @property
    def status(self) -> str:
        if self.plan.internal_error:
            return "errore_interno"
        return "valutato" if self.plan.ok else "file_non_valido"


@dataclass
class AuditSummary:
    rows: list[PlanRow]
    cross: list[CrossFinding]  # filtered, concerning a selected plan
    top_rules: list[tuple[str, str, int, int]]  # rule id, severity, findings, plans
    filters: Filters
    run: AuditRun

    @property
    def broken(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.plan.ok]

    def totals(self) -> dict[str, int]:
        own = [f for r in self.rows for f in r.findings]
        every = own + [c.finding for c in self.cross]
        return {
            "piani": len(self.rows),
            "piani_valutati": sum(1 for r in self.rows if r.plan.ok),
            "file_non_validi": sum(1 for r in self.rows if r.status == "file_non_valido"),
            "errori_interni": sum(1 for r in self.rows if r.status == "errore_interno"),
            "violazioni": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "violazione"),
            "avvisi": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "avviso"),
            "informazioni": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "informazione"),
            "non_valutabili": sum(1 for f in every if f.outcome == "non_valutabile"),
            "rilievi_tra_piani": len(self.cross),
        }

    def exit_code(self, fail_on: str) -> int:
        if any(r.status == "errore_interno" for r in self.rows):
            return 3
        if any(r.status == "file_non_valido" for r in self.rows):
            return 2
        bad = FAIL_ON[fail_on]
        every = [f for r in self.rows for f in r.findings] + [c.finding for c in self.cross]
        return 1 if any(f.outcome == "non_conforme" and f.severity in bad for f in every) else 0


def report_id(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if name.lower().endswith((".yaml", ".yml")) else name
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem.replace("/", "__"))


def summarise(run: AuditRun, filters: Filters) -> AuditSummary:
    rows: list[PlanRow] = []
    by_name: dict[str, PlanRow] = {}
    used_ids: set[str] = set()
    for plan in run.plans:
        if not plan.selected:
            continue
        rid = report_id(plan.name)
        while rid in used_ids:
            rid += "_"
        used_ids.add(rid)
        row = PlanRow(plan, rid, [f for f in (plan.report.findings if plan.report else []) if filters.keep(f)])
        rows.append(row)
        by_name[plan.name] = row
    cross = []
    for c in run.cross:
        if not filters.keep(c.finding):
            continue
        concerned = [by_name[n] for n in c.plans if n in by_name]
        if not concerned:
            continue
        cross.append(c)
        for row in concerned:
            row.cross.append(c)
    counts: Counter = Counter()
    plans_per_rule: dict[str, set[str]] = {}
    severity: dict[str, str] = {}
    for row in rows:
        for f in row.findings:
            if f.outcome == "non_conforme":
                counts[f.rule_id] += 1
                plans_per_rule.setdefault(f.rule_id, set()).add(row.plan.name)
                severity[f.rule_id] = f.severity
    for c in cross:
        if c.finding.outcome == "non_conforme":
            counts[c.finding.rule_id] += 1
            plans_per_rule.setdefault(c.finding.rule_id, set()).update(n for n in c.plans if n in by_name)
            severity[c.finding.rule_id] = c.finding.severity
    top = [(rid, severity[rid], n, len(plans_per_rule[rid])) for rid, n in
           sorted(counts.items(), key=lambda kv: (-len(plans_per_rule[kv[0]]), -kv[1], kv[0]))]
    return AuditSummary(rows, cross, top, filters, run)
