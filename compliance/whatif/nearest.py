"""The nearest compliant plan: for each non-conforme finding, the smallest change to one number or
date of the plan that makes its rule conforme, verified by judging the changed plan again.

Nothing here knows a rule or a table by name. For a finding of rule R on fact F:

1. lineage: each number or date of the plan file is nudged in turn (+1, one day, …) and the
   facts are rebuilt (compliance.facts.build); the plan fields that move a field of F used by
   R's condition are the candidates;
2. solving: R's condition (compliance/rules/expr.py) is a combination of comparisons; for each
   comparison, its two sides are evaluated on the rebuilt facts at the current value and one
   step away, giving the value where the comparison turns (exact for the linear conditions the
   rule language allows: `quota_percentuale > 10` turns at 10, `dichiarato != somma_righe` at
   the sum); that value and its neighbours on the field's grid (whole numbers, 4 decimals,
   days) are tried, and where none works the range the model allows is bisected;
3. verification: the plan with the value found is validated and judged by check_plan
   (durable-rules); a suggestion is *verified* when the finding is gone and no new non-conforme
   finding appears.

Among candidate fields, one that feeds fewer facts wins, then the smaller relative change.

Only the plan's choices are ever suggested (compliance/whatif/choices.yaml, data): a reserve, a
threshold, units destined to a service; a date of an act or event only while it is still in the
future on the reference date. A finding that only a fact (the stock, the units available, a
past assignment, a date already past such as the approval of an adopted plan) could resolve is
reported as "da sanare con un nuovo atto" (why = "fact"), with the facts it depends on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from compliance.engine.reference import outcome as python_outcome
from compliance.facts.build import build_facts
from compliance.findings import Finding, Report
from compliance.rules import expr
from compliance.rules.spec import Rule
from compliance.whatif import paths
from compliance.whatif.evaluation import Baseline, judge

# Plan fields that say what the plan is, not what it chooses.
FIXED = (("anno",), ("tipo",), ("ambito",))
MAX_CANDIDATES = 4
CHOICES_FILE = Path(__file__).resolve().parent / "choices.yaml"


@lru_cache(maxsize=1)
def _choice_patterns() -> dict[str, tuple[tuple, ...]]:
    """The patterns of choices.yaml as tuples of keys, with None for any row ([*])."""
    import yaml

    raw = yaml.safe_load(CHOICES_FILE.read_text(encoding="utf-8"))
    out = {}
    for group in ("choices", "corrections", "dates"):
        patterns = []
        for text in raw.get(group) or []:
            parts: list = []
            for part in str(text).split("."):
                if part.endswith("[*]"):
                    parts += [part[:-3], None]
                else:
                    parts.append(part)
            patterns.append(tuple(parts))
        out[group] = tuple(patterns)
    return out


def _matches(loc: tuple, pattern: tuple) -> bool:
    return len(loc) == len(pattern) and all(
        (p is None and isinstance(k, int)) or (p == "*" and isinstance(k, str)) or p == k
        for k, p in zip(loc, pattern))


def may_change(loc: tuple, value: Any, day: datetime.date) -> bool:
    """Whether --suggerisci may propose another value for the field at `loc`: a choice of the
    plan, a declared total (a correction), or a date of an act or event still in the future on `day`."""
    patterns = _choice_patterns()
    if any(_matches(loc, p) for p in patterns["choices"] + patterns["corrections"]):
        return True
    if any(_matches(loc, p) for p in patterns["dates"]):
        return isinstance(value, datetime.date) and value > day
    return False


@dataclass
class Suggestion:
    finding: Finding
    path: str | None = None
    loc: tuple | None = None
    old: Any = None
    new: Any = None
    verified: bool = False
    side_effects: list[str] = field(default_factory=list)  # new non-conforme findings
    why: str | None = None  # why no change can be computed: rule, no_numeric, no_value, fact
    fields: tuple[str, ...] = ()
    facts: list[str] = field(default_factory=list)  # plan fields (facts) the finding depends on


@dataclass
class NearestResult:
    suggestions: list[Suggestion]
    before: Report
    after: Report | None = None  # the plan with every verified suggestion applied
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def _is_fixed(loc: tuple) -> bool:
    return any(loc[: len(f)] == f for f in FIXED)


# ---- numbers of a field ---------------------------------------------------------------------------


def _as_number(value: Any) -> Fraction:
    if isinstance(value, datetime.date):
        return Fraction(value.toordinal())
    return Fraction(value) if isinstance(value, float) else Fraction(int(value))


def _from_number(x: Fraction, leaf: paths.Leaf) -> Any:
    if leaf.kind == "date":
        return datetime.date.fromordinal(int(x))
    if leaf.kind == "int":
        return int(x)
    value = float(x)
    return int(value) if value.is_integer() else round(value, 10)


@lru_cache(maxsize=128)
def _resolution(leaf: paths.Leaf) -> Fraction:
    """The finest step the model accepts for the field (probed with the model's own validators)."""
    if leaf.kind in ("int", "date"):
        return Fraction(1)
    adapter = TypeAdapter(leaf.annotation)
    base = Fraction(leaf.minimum or 0)
    for digits in range(6, -1, -1):
        step = Fraction(1, 10**digits)
        try:
            adapter.validate_python(float(base + step))
            return step
        except ValidationError:
            continue
    return Fraction(1)


def _bounds(leaf: paths.Leaf) -> tuple[Fraction | None, Fraction | None]:
    if leaf.kind == "date":
        return Fraction(datetime.date(2000, 1, 1).toordinal()), Fraction(datetime.date(2100, 12, 31).toordinal())
    lo = Fraction(leaf.minimum) if leaf.minimum is not None else None
    hi = Fraction(leaf.maximum) if leaf.maximum is not None else None
    return lo, hi


# ---- facts of a changed plan -----------------------------------------------------------------------


class _Facts:
    """Rebuilds the facts of the plan with one field changed (cached per field and value)."""

    def __init__(self, base: Baseline, data: dict, day: datetime.date | None):
        self.base, self.data, self.day = base, data, day
        self.cache: dict[tuple, dict | None] = {}

    def _day(self, plan: Any) -> datetime.date | None:
        return self.base.date or plan.approvazione.data

    def at(self, loc: tuple, value: Any) -> dict | None:
        key = (loc, value)
        if key in self.cache:
            return self.cache[key]
        old = paths.get_at(self.data, loc)
        paths.set_at(self.data, loc, value)
        try:
            plan = self.base.model.model_validate(self.data)
        except ValidationError:
            plan = None
        finally:
            paths.set_at(self.data, loc, old)
        out = None
        if plan is not None:
            day = self._day(plan)
            out = {(f["kind"], f["soggetto"]): f for f in build_facts(plan, day).facts}
        self.cache[key] = out
        return out


def _lineage(facts: _Facts, leaves: list, base_facts: dict) -> dict[tuple, dict[tuple, set[str]]]:
    """For each plan field: the facts (kind, subject) whose fields move when it is nudged.

    Each field is nudged by one step and also set to the lowest value the model allows (0 for a
    share): a figure rounded up (ceil(10% × 2) = ceil(11% × 2)) may not move by one step.
    """
    out = {}
    for loc, leaf in leaves:
        if _is_fixed(loc):
            continue
        current = paths.get_at(facts.data, loc)
        lo, hi = _bounds(leaf)
        x0 = _as_number(current)
        nudges = [x0 + 1 if hi is None or x0 + 1 <= hi else x0 - 1]
        if lo is not None and lo != x0 and leaf.kind != "date":
            nudges.append(lo)
        moved: dict[tuple, set[str]] = {}
        for x in nudges:
            changed = facts.at(loc, _from_number(x, leaf))
            if changed is None:
                continue
            for key in set(changed) | set(base_facts):
                a, b = base_facts.get(key), changed.get(key)
                if a is None or b is None:
                    moved.setdefault(key, set()).add("*")
                    continue
                diff = {k for k in a if k != "id" and a[k] != b[k]}
                if diff:
                    moved.setdefault(key, set()).update(diff)
        if moved:
            out[loc] = moved
    return out


def _comparisons(cond: expr.Cond) -> list[expr.Cmp]:
    if isinstance(cond, expr.Cmp):
        return [cond]
    if isinstance(cond, expr.Not):
        return _comparisons(cond.item)
    return [c for item in cond.items for c in _comparisons(item)]


def _difference(cmp: expr.Cmp, fact: dict) -> Fraction | None:
    values = expr.dates_as_days(fact)
    try:
        left, right = expr.eval_term(cmp.left, values), expr.eval_term(cmp.right, values)
        if left is None or right is None or isinstance(left, (str, bool)) or isinstance(right, (str, bool)):
            return None
        return Fraction(left) - Fraction(right)
    except (TypeError, ValueError):
        return None


def _solve(facts: _Facts, rule: Rule, key: tuple, loc: tuple, leaf: paths.Leaf) -> Any | None:
    """The value of the field at `loc`, nearest to the current one, for which `rule` is conforme on `key`."""
    x0 = _as_number(paths.get_at(facts.data, loc))
    res = _resolution(leaf)
    lo, hi = _bounds(leaf)

    def ok(x: Fraction) -> bool:
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            return False
        built = facts.at(loc, _from_number(x, leaf))
        fact = built.get(key) if built else None
        return fact is not None and python_outcome(rule, fact) == "conforme"

    def snap(x: Fraction) -> list[Fraction]:
        down = (x / res).__floor__() * res
        return [down, down + res, down - res, down + 2 * res]

    base_fact = facts.at(loc, _from_number(x0, leaf))
    moved = facts.at(loc, _from_number(x0 + 1 if hi is None or x0 + 1 <= hi else x0 - 1, leaf))
    dx = Fraction(1) if hi is None or x0 + 1 <= hi else Fraction(-1)
    candidates: set[Fraction] = set()
    if base_fact and moved and key in base_fact and key in moved:
        for cmp in _comparisons(rule.condition):
            d0, d1 = _difference(cmp, base_fact[key]), _difference(cmp, moved[key])
            if d0 is None or d1 is None or d0 == d1:
                continue
            root = x0 - d0 * dx / (d1 - d0)
            candidates.update(snap(root))
    found = sorted((c for c in candidates if c != x0 and ok(c)), key=lambda c: (abs(c - x0), c))
    if found:
        return _from_number(found[0], leaf)
    # bisection towards each end of the allowed range
    best = None
    for end in (lo, hi):
        if end is None or end == x0 or not ok(end):
            continue
        bad, good = x0, end
        while abs(good - bad) > res:
            mid = ((bad + good) / 2 / res).__floor__() * res
            if mid in (bad, good):
                break
            if ok(mid):
                good = mid
            else:
                bad = mid
        if best is None or abs(good - x0) < abs(best - x0):
            best = good
    return _from_number(best, leaf) if best is not None else None


def nearest(base: Baseline, data: dict, plan: Any, report: Report, source: str | None = None) -> NearestResult:
    """Suggest, for each non-conforme finding of `report`, the nearest value that resolves it."""
    import copy

    work = copy.deepcopy(data)
    targets = [f for f in report.findings if f.outcome == "non_conforme"]
    result = NearestResult([], report)
    if not targets:
        return result
    day = datetime.date.fromisoformat(report.reference_date)
    rules = {r.id: r for r in base.book.in_force(day)}
    facts = _Facts(base, work, day)
    base_facts = {(f["kind"], f["soggetto"]): f for f in build_facts(plan, day).facts}
    leaves = [(loc, leaf) for loc, leaf in paths.numeric_leaves(work, base.model) if not _is_fixed(loc)]
    lineage = _lineage(facts, leaves, base_facts)
    leaf_of = dict(leaves)
    before_keys = {(f.rule_id, f.subject) for f in report.findings if f.outcome == "non_conforme"}

    for finding in targets:
        rule = rules.get(finding.rule_id)
        suggestion = Suggestion(finding)
        result.suggestions.append(suggestion)
        if rule is None:
            suggestion.why = "rule"
            continue
        key = (rule.spec.subject, finding.subject)
        cond_fields = set(expr.fields_of(rule.condition))
        suggestion.fields = tuple(expr.fields_of(rule.condition))
        feeding = [loc for loc, moved in lineage.items() if cond_fields & moved.get(key, set())]
        feeding.sort(key=lambda loc: len(lineage[loc]))
        facts_only = [loc for loc in feeding if not may_change(loc, paths.get_at(work, loc), day)]
        feeding = [loc for loc in feeding if loc not in facts_only]
        if facts_only and not feeding:
            suggestion.why = "fact"
            suggestion.facts = [paths.user_path(work, loc) for loc in facts_only[:3]]
            continue
        tried = []
        for loc in feeding:
            value = _solve(facts, rule, key, loc, leaf_of[loc])
            if value is None:
                continue
            old = paths.get_at(work, loc)
            rel = abs(_as_number(value) - _as_number(old)) / max(abs(_as_number(old)), 1)
            tried.append((len(lineage[loc]), rel, loc, old, value))
        tried.sort(key=lambda t: (t[0], t[1]))
        if not tried:
            suggestion.why = "no_numeric" if not feeding else "no_value"
            suggestion.path = ", ".join(paths.user_path(work, loc) for loc in feeding[:3]) or None
            continue
        for _n, _rel, loc, old, value in tried[:MAX_CANDIDATES]:
            verdict = _verify(base, work, {loc: value}, finding, before_keys, source)
            if verdict is None:
                continue
            gone, others = verdict
            if not gone:
                continue
            if suggestion.loc is None or (suggestion.side_effects and not others):
                suggestion.loc, suggestion.old, suggestion.new = loc, old, value
                suggestion.path = paths.user_path(work, loc)
                suggestion.verified, suggestion.side_effects = not others, others
            if not others:
                break
        if suggestion.loc is None:
            suggestion.why = "no_value"
            suggestion.path = ", ".join(paths.user_path(work, t[2]) for t in tried[:3])

    _combine(base, work, result, source)
    return result


def _non_conformi(report: Report) -> int:
    return sum(f.outcome == "non_conforme" for f in report.findings)


def _combine(base: Baseline, work: dict, result: NearestResult, source: str | None) -> None:
    """Apply every verified suggestion together and judge the result.

    Where two suggestions change the same field differently (a reserve above its limit → 10%, a
    reserve that leaves nothing to the ranking → 0%), each value is tried with the others and the
    one leaving the fewest violations, then the fewest non-conforme findings, is kept.
    """
    import copy

    options: dict[tuple, list] = {}
    for s in result.suggestions:
        if s.loc is not None and s.verified and s.new not in options.setdefault(s.loc, []):
            options[s.loc].append(s.new)
    if not options:
        return

    def judged(values: dict) -> Report | None:
        combined = copy.deepcopy(work)
        for loc, value in values.items():
            paths.set_at(combined, loc, value)
        try:
            return judge(base, base.model.model_validate(combined), source)
        except ValidationError:
            return None

    chosen = {loc: values[0] for loc, values in options.items()}
    for loc, values in options.items():
        if len(values) == 1:
            continue
        scored = []
        for value in values:
            report = judged({**chosen, loc: value})
            if report is not None:
                scored.append((report.summary.violazioni, _non_conformi(report), values.index(value), value))
        if scored:
            chosen[loc] = min(scored)[3]
    for loc, value in chosen.items():
        result.changes.append((paths.user_path(work, loc), paths.get_at(work, loc), value))
    result.after = judged(chosen)


def _verify(base: Baseline, data: dict, changes: dict, finding: Finding, before_keys: set, source: str | None):
    """Judge the plan with `changes` by check_plan: (finding gone?, new non-conforme findings)."""
    import copy

    changed = copy.deepcopy(data)
    for loc, value in changes.items():
        paths.set_at(changed, loc, value)
    try:
        plan = base.model.model_validate(changed)
    except ValidationError:
        return None
    report = judge(base, plan, source)
    now = {(f.rule_id, f.subject) for f in report.findings if f.outcome == "non_conforme"}
    gone = (finding.rule_id, finding.subject) not in now
    others = sorted(f"{s} ({r})" for r, s in now - before_keys)
    return gone, others
