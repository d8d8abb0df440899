"""The audit's results as reviewers read them: filtered findings, one row per plan in the order a
reviewer works (the worst first), the rules most often broken, and the exit code (`--fail-on`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from compliance.audit.names import report_names
from compliance.audit.runner import AuditRun, CrossFinding, PlanResult
from compliance.findings import Finding

SEVERITIES = ("violazione", "avviso", "informazione")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
FAIL_ON = {"violazione": {"violazione"}, "avviso": {"violazione", "avviso"},
           "informazione": set(SEVERITIES), "mai": set()}
# a plan's worst outcome, worst first: the order of the overview's rows and the map's colours
OUTCOMES = ("errore", "violazione", "avviso", "non_valutabile", "informazione", "conforme")


@dataclass(frozen=True)
class Filters:
    """What the reviewer asked to see (`--rule`, `--severity`), which rules count (`--select`,
    `--ignore`) and the findings already accepted (`--baseline`)."""

    rules: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    selection: object = None  # compliance.pipeline.selection.Selection
    baseline: object = None  # compliance.pipeline.baseline.Baseline

    def keep(self, f: Finding) -> bool:
        if self.rules and f.rule_id not in self.rules:
            return False
        if self.severities and f.severity not in self.severities:
            return False
        if self.selection is not None and not self.selection.keep(f):
            return False
        return True


@dataclass
class PlanRow:
    plan: PlanResult
    report_id: str  # file stem of its reports under piani/ (safe, bounded, unique)
    findings: list[Finding] = field(default_factory=list)  # its own findings, filtered, not in the baseline
    cross: list[CrossFinding] = field(default_factory=list)  # findings across plans that concern it
    accepted: list[Finding] = field(default_factory=list)  # its findings the baseline accepts

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

    @property
    def worst(self) -> str:
        """errore, violazione, avviso, non_valutabile, informazione or conforme."""
        if not self.plan.ok:
            return "errore"
        for sev in ("violazione", "avviso"):
            if self.count(sev):
                return sev
        if self.non_valutabili:
            return "non_valutabile"
        return "informazione" if self.count("informazione") else "conforme"

    def sort_key(self) -> tuple:
        return (OUTCOMES.index(self.worst), -self.count("violazione"), -self.count("avviso"),
                -self.non_valutabili, -self.count("informazione"), -(self.plan.anno or 0),
                (self.plan.ambito or "").casefold(), self.plan.name)

    def broken_rules(self) -> list[str]:
        """Ids of the rules with a non-conforme finding, the most severe first."""
        seen: dict[str, str] = {}
        for f in self.all_findings():
            if f.outcome == "non_conforme":
                seen.setdefault(f.rule_id, f.severity)
        return sorted(seen, key=lambda r: (SEVERITY_RANK[seen[r]], r))

    @property
    def approval(self) -> str | None:
        return self.plan.report.plan.data_approvazione if self.plan.report else None

    @property
    def provincia(self) -> str | None:
        return self.plan.place.provincia if self.plan.place else None


@dataclass(frozen=True)
class TopRule:
    rule_id: str
    title: str
    severity: str
    findings: int
    plans: int


@dataclass
class AuditSummary:
    rows: list[PlanRow]  # worst first
    cross: list[CrossFinding]  # filtered, concerning a selected plan, not in the baseline
    top_rules: list[TopRule]  # by severity, then number of findings
    filters: Filters
    run: AuditRun
    titles: dict[str, str] = field(default_factory=dict)  # rule id -> title
    accepted_cross: list[CrossFinding] = field(default_factory=list)

    @property
    def broken(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.plan.ok]

    def title(self, rule_id: str) -> str:
        return self.titles.get(rule_id, rule_id)

    def totals(self) -> dict[str, int]:
        own = [f for r in self.rows for f in r.findings]
        every = own + [c.finding for c in self.cross]
        return {
            "piani": len(self.rows),
            "piani_valutati": sum(1 for r in self.rows if r.plan.ok),
            "file_non_validi": sum(1 for r in self.rows if r.status == "file_non_valido"),
            "errori_interni": sum(1 for r in self.rows if r.status == "errore_interno") + (1 if self.run.cross_error else 0),
            "violazioni": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "violazione"),
            "avvisi": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "avviso"),
            "informazioni": sum(1 for f in every if f.outcome == "non_conforme" and f.severity == "informazione"),
            "non_valutabili": sum(1 for f in every if f.outcome == "non_valutabile"),
            "rilievi_tra_piani": len(self.cross),
            "rilievi_accettati": sum(len(r.accepted) for r in self.rows) + len(self.accepted_cross),
        }

    def exit_code(self, fail_on: str) -> int:
        if self.run.cross_error or any(r.status == "errore_interno" for r in self.rows):
            return 3
        if any(r.status == "file_non_valido" for r in self.rows):
            return 2
        bad = FAIL_ON[fail_on]
        every = [f for r in self.rows for f in r.findings] + [c.finding for c in self.cross]
        return 1 if any(f.outcome == "non_conforme" and f.severity in bad for f in every) else 0


def _titles(run: AuditRun) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in run.plans:
        if p.report:
            for r in p.report.rules:
                out.setdefault(r.id, r.title)
    for r in run.cross_rules:
        out.setdefault(r.id, r.title)
    return out


def summarise(run: AuditRun, filters: Filters) -> AuditSummary:
    from compliance.pipeline.baseline import ACROSS_PLANS, plan_key

    selected = [p for p in run.plans if p.selected]
    ids = report_names([p.name for p in selected])
    base = filters.baseline
    rows: list[PlanRow] = []
    by_name: dict[str, PlanRow] = {}
    for plan in selected:
        kept = [f for f in (plan.report.findings if plan.report else []) if filters.keep(f)]
        accepted: list[Finding] = []
        if base is not None and plan.report:
            kept, accepted = base.split(kept, plan_key(plan.report.plan.tipo, plan.report.plan.anno,
                                                       plan.report.plan.ambito))
        row = PlanRow(plan, ids[plan.name], kept, accepted=accepted)
        rows.append(row)
        by_name[plan.name] = row
    cross: list[CrossFinding] = []
    accepted_cross: list[CrossFinding] = []
    for c in run.cross:
        if not filters.keep(c.finding):
            continue
        concerned = [by_name[n] for n in c.plans if n in by_name]
        if not concerned:
            continue
        if base is not None and base.accepts(c.finding, ACROSS_PLANS):
            accepted_cross.append(c)
            continue
        cross.append(c)
        for row in concerned:
            row.cross.append(c)
    rows.sort(key=PlanRow.sort_key)
    titles = _titles(run)
    return AuditSummary(rows, _sorted_cross(cross), _top_rules(rows, cross, titles), filters, run, titles,
                        accepted_cross)


def _sorted_cross(cross: list[CrossFinding]) -> list[CrossFinding]:
    return sorted(cross, key=lambda c: (c.finding.outcome != "non_conforme", SEVERITY_RANK[c.finding.severity],
                                        c.finding.rule_id, c.finding.subject))


def _top_rules(rows: list[PlanRow], cross: list[CrossFinding], titles: dict[str, str]) -> list[TopRule]:
    counts: Counter = Counter()
    plans: dict[str, set[str]] = {}
    severity: dict[str, str] = {}
    for row in rows:
        for f in row.findings:
            if f.outcome == "non_conforme":
                counts[f.rule_id] += 1
                plans.setdefault(f.rule_id, set()).add(row.plan.name)
                severity[f.rule_id] = f.severity
    names = {r.plan.name for r in rows}
    for c in cross:
        if c.finding.outcome == "non_conforme":
            counts[c.finding.rule_id] += 1
            plans.setdefault(c.finding.rule_id, set()).update(n for n in c.plans if n in names)
            severity[c.finding.rule_id] = c.finding.severity
    order = sorted(counts, key=lambda rid: (SEVERITY_RANK[severity[rid]], -counts[rid], -len(plans[rid]), rid))
    return [TopRule(rid, titles.get(rid, rid), severity[rid], counts[rid], len(plans[rid])) for rid in order]
