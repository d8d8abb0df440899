"""Audit many plans: judge each one (in worker processes), then the rules across plans.

Each worker process loads the rule book once and keeps its compiled durable-rules rulesets
(`compliance.evaluate` caches them per process), so a plan costs only its own facts and
matching. A broken plan file becomes a listed error, never the end of the audit; a worker that
dies (durable-rules is a C extension) is replaced and its plans are tried again once.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from compliance.audit.facts import PlanExtract, build_cross_facts, extract
from compliance.findings import Finding, Report

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Place:
    """Where a plan lies, from the ISTAT registry: for the overview's province filter and map."""

    provincia: str | None  # sigla of the capofila's province (else of most listed comuni)
    capofila: str | None  # registry key (ISTAT code) of the comune capofila
    comuni: tuple[str, ...] | None  # registry keys of the comuni the plan lists; None: no list


def place_of(plan, day: datetime.date) -> Place:
    from collections import Counter

    from compliance.registry import istat

    def found(name):
        return istat.check(name, day).comune if name and name.strip() else None

    cap = found(plan.ambito.comune_capofila)
    members = None
    provinces: Counter = Counter()
    if plan.ambito.comuni is not None:
        members = []
        for name in plan.ambito.comuni:
            c = found(name)
            if c is not None:
                members.append(c.key)
                provinces[c.sigla_provincia] += 1
        members = tuple(dict.fromkeys(members))
    provincia = cap.sigla_provincia if cap else (provinces.most_common(1)[0][0] if provinces else None)
    return Place(provincia, cap.key if cap else None, members)


@dataclass
class PlanResult:
    path: str  # the file as found
    name: str  # its path relative to the folder given (or its name), posix
    report: Report | None = None
    errors: list[str] = field(default_factory=list)  # located problems, rendered
    internal_error: bool = False
    extract: PlanExtract | None = None
    selected: bool = True  # within --year / --ambito
    anno: int | None = None
    ambito: str | None = None
    tipo: str | None = None
    place: Place | None = None  # where the plan lies: province, capofila, comuni (ISTAT)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class CrossFinding:
    finding: Finding
    plans: list[str]  # names of the plans it concerns


@dataclass
class CrossRuleResult:
    id: str
    title: str
    severity: str
    certainty: str
    source: str
    subjects: int = 0
    non_conformi: int = 0
    non_valutabili: int = 0


@dataclass
class AuditOptions:
    rules_dir: Path | None = None
    lang: str = "it"
    years: tuple[int, ...] = ()
    ambiti: tuple[str, ...] = ()  # case-insensitive parts of the ambito's name
    jobs: int | None = None
    engine: str = "durable"


@dataclass
class AuditRun:
    plans: list[PlanResult]
    cross: list[CrossFinding]
    cross_rules: list[CrossRuleResult]
    jobs: int
    seconds: float
    cross_error: str | None = None  # the rules across plans could not be judged (exit 3)


class NoPlanFiles(ValueError):
    pass


def find_plan_files(paths: list[Path], exclude: Path | None = None) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, display name) for every plan file under the paths; and the paths that do not exist."""
    found: list[tuple[Path, str]] = []
    missing: list[str] = []
    skip = exclude.resolve() if exclude else None
    for p in paths:
        if not p.exists():
            missing.append(str(p))
        elif p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.suffix.lower() in PLAN_SUFFIXES and x.is_file()):
                if skip and skip in f.resolve().parents:
                    continue
                found.append((f, f.relative_to(p).as_posix()))
        else:
            found.append((p, p.name))
    seen, unique = set(), []
    for f, name in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, name))
    return unique, missing


# ---- in the worker processes -------------------------------------------------------------------

_BOOK = None
_OPTS: AuditOptions | None = None


PLANS_PER_EXTRA_WORKER = 500
TASKS_PER_WORKER = 1000  # plans per worker before a fresh pool (bounds what a long-lived worker holds)


def _init_worker(opts: AuditOptions) -> None:
    global _BOOK, _OPTS
    from compliance.interrupts import prepare_worker
    from compliance.rules.book import load_rulebook

    prepare_worker()  # Ctrl-C is the main process's to handle; the worker ends with the main process

    _OPTS = opts
    _BOOK = load_rulebook(opts.rules_dir)


def _selected(opts: AuditOptions, anno: int | None, ambito: str | None) -> bool:
    if opts.years and anno not in opts.years:
        return False
    if opts.ambiti and not any(a.casefold() in (ambito or "").casefold() for a in opts.ambiti):
        return False
    return True


def judge_file(path: str, name: str) -> PlanResult:
    """Load and judge one plan file (in a worker)."""
    from compliance.engine.durable_runner import EngineError
    from compliance.evaluate import NoReferenceDate, NoRulesInForce, check_plan, reference_date
    from compliance.i18n import t
    from compliance.model.loader import InputError, load_any_plan
    from compliance.model.plan import PianoAnnuale

    opts, start = _OPTS, time.perf_counter()
    result = PlanResult(path, name)
    try:
        plan, doc = load_any_plan(Path(path), opts.lang)  # annual or three-year plan, by `tipo`
    except InputError as exc:
        result.errors = [p.render() for p in exc.problems]
        return result
    result.anno, result.ambito, result.tipo = plan.anno, plan.ambito.denominazione, plan.tipo
    result.selected = _selected(opts, plan.anno, plan.ambito.denominazione)
    try:
        day, _ = reference_date(plan, None)
        result.place = place_of(plan, day)
        if isinstance(plan, PianoAnnuale):  # the rules across plans compare annual plans
            result.extract = extract(plan, day, name)
        if result.selected:
            result.report = check_plan(plan, _BOOK, plan_file=path, plan_bytes=doc.raw, lang=opts.lang,
                                       engine=opts.engine)
    except NoReferenceDate:
        line = doc.lines.get(("approvazione",))
        result.errors = [f"{path}{':' + str(line) if line else ''}: approvazione.data: {t('no_reference_date', opts.lang)}"]
    except NoRulesInForce as exc:
        result.errors = [f"{path}: " + t("no_rules_in_force", opts.lang, day=exc.args[0].strftime("%d/%m/%Y"))]
        result.extract = None
    except EngineError as exc:
        result.errors = [f"{path}: " + t("internal_error", opts.lang, detail=exc)]
        result.internal_error = True
    except Exception as exc:  # noqa: BLE001 - one plan's fault must not sink the audit: listed, exit 3
        result.report, result.extract = None, None
        result.errors = [f"{path}: " + t("internal_error", opts.lang, detail=_one_line(exc))]
        result.internal_error = True
    result.seconds = time.perf_counter() - start
    return result


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def judge_across(extracts: list[PlanExtract]) -> tuple[list[CrossFinding], list[CrossRuleResult]]:
    """Rules with scope `piani` on the facts across plans (in a worker)."""
    from compliance.evaluate import _finding, match

    cf = build_cross_facts(extracts)
    groups: dict[tuple, tuple[list, list[dict]]] = {}
    for fact in cf.facts:
        rules = [r for r in _BOOK.in_force(cf.day[fact["id"]], scope="piani") if r.spec.subject == fact["kind"]]
        if rules:
            key = tuple(sorted(id(r) for r in rules))
            groups.setdefault(key, (rules, []))[1].append(fact)
    findings: list[CrossFinding] = []
    results: dict[str, CrossRuleResult] = {}
    for rules, facts in groups.values():
        verdicts = match(rules, facts)
        for rule in rules:
            s = rule.spec
            res = results.setdefault(s.id, CrossRuleResult(s.id, s.title.get(_OPTS.lang), s.severity, s.certainty,
                                                            s.source.citation()))
            for fact in facts:
                applies = getattr(rule, "applies_to", None)
                if fact["kind"] != s.subject or (applies is not None and not applies(fact)):
                    continue
                res.subjects += 1
                outcome = verdicts.outcome(rule, fact["id"])
                if outcome == "conforme":
                    continue
                if outcome == "non_conforme":
                    res.non_conformi += 1
                else:
                    res.non_valutabili += 1
                findings.append(CrossFinding(_finding(rule, fact, outcome, _OPTS.lang), cf.plans[fact["id"]]))
    findings.sort(key=lambda c: (c.finding.outcome != "non_conforme", c.finding.rule_id, c.finding.subject))
    return findings, sorted(results.values(), key=lambda r: r.id)


# ---- in the parent --------------------------------------------------------------------------------

def default_jobs(n_plans: int) -> int:
    """One worker unless the set is large: a plan costs ~11 ms and a worker ~1 s to start; on the
    project's 2 shared cores, 273 plans took as long with 2 workers as with 1 (benchmarks/audit_bench.py)."""
    cores = os.cpu_count() or 1
    return max(1, min(cores, n_plans // PLANS_PER_EXTRA_WORKER + 1))


def _context():
    """Workers forked from a clean server that has imported the evaluation modules (about 0.2 s
    a pool instead of 1 s with spawn); never forked from this process and its engine state."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["compliance.audit.runner", "compliance.evaluate", "compliance.rules.spec",
                                    "compliance.facts.build"])
        return ctx
    return multiprocessing.get_context("spawn")


def _pool(jobs: int, opts: AuditOptions) -> ProcessPoolExecutor:
    from compliance.interrupts import start_pool_helpers

    ctx = _context()
    start_pool_helpers(ctx)  # the workers do not act on Ctrl-C: the main process stops them
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(opts,))


def run_audit(
    files: list[tuple[Path, str]],
    opts: AuditOptions,
    progress: Callable[[int, int], None] | None = None,
) -> AuditRun:
    """Judge every file, then the rules across plans (in the last pool). A fresh pool every
    TASKS_PER_WORKER plans per worker (`max_tasks_per_child` hangs on Python 3.11); the plans of a
    pool whose worker died are tried once more in a new one."""
    start = time.perf_counter()
    jobs = opts.jobs or default_jobs(len(files))
    todo = {name: str(path) for path, name in files}
    names = [name for _, name in files]
    done: dict[str, PlanResult] = {}
    cross: list[CrossFinding] = []
    cross_rules: list[CrossRuleResult] = []
    cross_done = False
    cross_error: str | None = None
    for _attempt in range(2):  # plans of a batch whose worker died are tried once more
        pending = [n for n in names if n not in done]
        batches = [pending[i:i + jobs * TASKS_PER_WORKER] for i in range(0, len(pending), jobs * TASKS_PER_WORKER)]
        for index, chunk in enumerate(batches or [[]]):
            try:
                with _pool(jobs, opts) as pool:
                    futures = {pool.submit(judge_file, todo[n], n): n for n in chunk}
                    for fut in as_completed(futures):
                        try:
                            res = fut.result()
                        except BrokenProcessPool:
                            raise
                        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot travel back
                            n = futures[fut]
                            res = PlanResult(todo[n], n, internal_error=True,
                                             errors=[f"{todo[n]}: " + _internal(opts.lang, _one_line(exc))])
                        done[res.name] = res
                        if progress:
                            progress(len(done), len(todo))
                    if index == len(batches or [[]]) - 1 and len(done) == len(names):
                        extracts = [done[n].extract for n in names if done[n].extract is not None]
                        try:
                            cross, cross_rules = _across(pool, extracts, opts)
                        except CrossPlanError as exc:
                            cross_error = str(exc)
                        cross_done = True
            except BrokenProcessPool:
                continue
        if cross_done:
            break
    for name in names:
        if name not in done:
            done[name] = PlanResult(todo[name], name, internal_error=True,
                                    errors=[f"{todo[name]}: " + _internal(opts.lang, _t("au_worker_died", opts.lang))])
    if not cross_done:
        extracts = [done[n].extract for n in names if done[n].extract is not None]
        try:
            with _pool(1, opts) as pool:
                cross, cross_rules = _across(pool, extracts, opts)
        except BrokenProcessPool:
            cross_error = _internal(opts.lang, _t("au_worker_died", opts.lang))
        except CrossPlanError as exc:
            cross_error = str(exc)
    return AuditRun([done[n] for n in names], cross, cross_rules, jobs, time.perf_counter() - start, cross_error)


def _t(key: str, lang: str) -> str:
    from compliance.i18n import t

    return t(key, lang)


def _internal(lang: str, detail: str) -> str:
    from compliance.i18n import t

    return t("internal_error", lang, detail=detail)


def _across(pool, extracts, opts) -> tuple[list[CrossFinding], list[CrossRuleResult]]:
    """The rules across plans; an unexpected error there is reported as one cross-plan problem."""
    try:
        return pool.submit(judge_across, extracts).result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # noqa: BLE001
        raise CrossPlanError(_internal(opts.lang, _one_line(exc))) from None


class CrossPlanError(RuntimeError):
    """The rules across plans could not be judged (an internal error): the audit ends with exit 3."""


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
