"""Sweeps: evaluate a plan over a range of values of one field and find where verdicts flip
(the plot of a sweep: compliance/whatif/plots.py).

`--sweep PATH=START:STOP:STEP` (both ends included; decimal steps are exact: 0:20:0.1 gives
201 values; for a date field START and STOP are dates and STEP is a number of days).

Every point is judged by compliance.evaluate.check_plan (durable-rules verdicts). What does not
change between points is reused: the rule book is loaded once per process and its compiled
ruleset is cached by compliance.evaluate. With more than one job, points are split among worker
processes, each of which loads the plan and the rule book once (see `choose_jobs`).
"""

from __future__ import annotations

import datetime
import os
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from compliance.model.loader import InputError, InputProblem
from compliance.whatif import paths
from compliance.whatif.evaluation import Baseline, judge, outcome_map
from compliance.whatif.scenario import Change, Scenario, apply
from compliance.whatif.texts import tw
from compliance.whatif.units_view import rows_for_comuni

MAX_POINTS = 100_000
# Below this many points a worker pool costs more (process start, imports, rule compilation in
# each worker) than it saves; measured with benchmarks/whatif_bench.py.
POOL_THRESHOLD = 200


@dataclass(frozen=True)
class SweepSpec:
    path: str
    start: Any
    stop: Any
    step: Any
    kind: str  # 'int' | 'number' | 'date'

    def values(self) -> list:
        if self.kind == "date":
            out, day = [], self.start
            while day <= self.stop:
                out.append(day)
                day += datetime.timedelta(days=int(self.step))
            return out
        count = int((self.stop - self.start) / self.step) + 1
        out = [self.start + self.step * i for i in range(count)]
        return [int(v) if self.kind == "int" else _plain_number(v) for v in out]

    def label(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else _fmt(value)


def _plain_number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def parse_sweep(option: str, base: Baseline, data: dict | None = None) -> SweepSpec:
    """Parse `PATH=START:STOP:STEP` and check PATH names a number or date field of the plan
    (of `data`, the plan with the changes the sweep starts from, if given)."""
    lang = base.lang
    bad = InputError([InputProblem("--sweep", None, None, tw("sweep_syntax", lang, option=option))])
    split = paths.split_assignment(option)
    if split is None:
        raise bad
    path, spec = split[0], split[1].strip()
    parts = spec.split(":")
    if len(parts) != 3:
        raise bad
    try:
        resolved = paths.resolve(_copy(base.data if data is None else data), paths.parse_path(path, lang), base.model,
                                 lang, create=True)
    except paths.PathError as exc:
        raise InputError([InputProblem("--sweep", None, exc.path, exc.message)]) from None
    kind = resolved.leaf.kind
    if kind not in ("int", "number", "date"):
        raise InputError([InputProblem("--sweep", None, path, tw("sweep_not_number", lang, path=path, kind=kind))])

    def fail(detail: str):
        raise InputError([InputProblem("--sweep", None, path, tw("sweep_bad_range", lang, detail=detail))])

    try:
        if kind == "date":
            start, stop = datetime.date.fromisoformat(parts[0]), datetime.date.fromisoformat(parts[1])
            step = int(parts[2])
            count = (stop - start).days // step + 1 if step > 0 else 0
        else:
            start, stop, step = (Decimal(p) for p in parts)
            count = int((stop - start) / step) + 1 if step > 0 else 0
    except (ValueError, InvalidOperation, ArithmeticError):
        fail(spec)
    if step <= 0:
        fail(tw("sweep_bad_range", lang, detail="PASSO > 0" if lang != "en" else "STEP > 0"))
    if stop < start:
        fail(f"{parts[1]} < {parts[0]}")
    if count > MAX_POINTS:
        raise InputError([InputProblem("--sweep", None, path, tw("sweep_too_many", lang, n=count, limit=MAX_POINTS))])
    if kind == "int" and any(Decimal(p) != Decimal(p).to_integral_value() for p in parts):
        fail(f"{spec}: " + ("campo intero" if lang != "en" else "whole-number field"))
    return SweepSpec(path, start, stop, step, kind)


def _copy(data: dict) -> dict:
    import copy

    return copy.deepcopy(data)


@dataclass
class SweepPoint:
    value: Any
    error: str | None = None  # the plan model refused the value
    violations: int = 0
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)  # non-conforme/non-valutabile only
    units: list[dict] | None = None  # units breakdown rows of the comuni the path names


@dataclass(frozen=True)
class Flip:
    rule_id: str
    subject: str
    before: str
    last_before: Any
    after: str
    first_after: Any


@dataclass
class SweepResult:
    spec: SweepSpec
    points: list[SweepPoint]
    flips: list[Flip]
    seconds: float
    jobs: int

    @property
    def varying(self) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        for f in self.flips:
            if (f.rule_id, f.subject) not in keys:
                keys.append((f.rule_id, f.subject))
        return keys

    def outcome(self, point: SweepPoint, key: tuple[str, str]) -> str:
        return point.outcomes.get(key, "conforme")

    @property
    def comuni(self) -> tuple[str, ...]:
        """The comuni the swept path names (their units are recorded at each point)."""
        return _comuni_named(self.spec.path)


# ---- evaluating points --------------------------------------------------------------------------


def evaluate_point(base: Baseline, scenario: Scenario, spec: SweepSpec, value: Any,
                   comuni: tuple[str, ...] = ()) -> SweepPoint:
    change = Change("set", spec.path, value, "--sweep", None)
    try:
        plan, _ = apply(base.data, scenario.with_changes([change]), base.lang, base.model)
    except InputError as exc:
        return SweepPoint(value, error="; ".join(p.message for p in exc.problems))
    try:
        report = judge(base, plan)
    except InputError as exc:  # e.g. a date before the regulation: no rule in force
        return SweepPoint(value, error="; ".join(p.message for p in exc.problems))
    outcomes = {k: o for k, (o, _sev) in outcome_map(report).items()}
    units = rows_for_comuni(plan, report, comuni) if comuni else None
    return SweepPoint(value, None, report.summary.violazioni, outcomes, units)


_WORKER: dict = {}


def _worker_init(base: Baseline, scenario: Scenario, spec: SweepSpec, comuni: tuple[str, ...]) -> None:
    from compliance.interrupts import prepare_worker

    prepare_worker()  # Ctrl-C is the main process's to handle; the worker ends with the main process
    # the parent's baseline (plan data and rule book as loaded once), not a new reading of the
    # files: every point of a sweep is judged by the same rules
    _WORKER.update(base=base, scenario=scenario, spec=spec, comuni=comuni)


def _worker_run(values: list) -> list[SweepPoint]:
    w = _WORKER
    return [evaluate_point(w["base"], w["scenario"], w["spec"], v, w["comuni"]) for v in values]


def choose_jobs(points: int, requested: int | None) -> int:
    """Worker processes to use: as requested; else, for a large sweep, the cores that are idle.

    A pool pays only when its workers get a core each: on a machine already busy (load average
    at or above the cores, besides this process) the workers would just share the same cores and
    add their start-up, so the sweep stays in this process.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if requested is not None:
        return max(1, min(requested, cores * 4))
    if points < POOL_THRESHOLD or cores < 2:
        return 1
    try:
        busy = max(os.getloadavg()[0] - 1, 0.0)  # minus this process
    except (AttributeError, OSError):
        busy = 0.0
    idle = int(cores - busy + 0.5)
    return idle if idle >= 2 else 1


def run_sweep(base: Baseline, scenario: Scenario, spec: SweepSpec, jobs: int | None = None) -> SweepResult:
    values = spec.values()
    comuni = _comuni_named(spec.path)
    n_jobs = choose_jobs(len(values), jobs)
    started = time.perf_counter()
    if n_jobs <= 1:
        points = [evaluate_point(base, scenario, spec, v, comuni) for v in values]
    else:
        points = _pool(base, scenario, spec, values, n_jobs, comuni)
    seconds = time.perf_counter() - started
    return SweepResult(spec, points, find_flips(spec, points), seconds, n_jobs)


def _pool(base: Baseline, scenario: Scenario, spec: SweepSpec, values: list, jobs: int,
          comuni: tuple[str, ...]) -> list[SweepPoint]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Workers are never forks of this process (which holds the engine's C state): on POSIX they
    # fork from a clean 'forkserver' that has imported the evaluation modules once (faster to
    # start than 'spawn', which is the fallback elsewhere). Each worker receives the baseline
    # once and compiles the ruleset once.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["compliance.whatif.sweep", "compliance.evaluate", "compliance.units"])
    else:
        ctx = multiprocessing.get_context("spawn")
    # contiguous chunks keep the results in order; four per worker balance the load
    size = -(-len(values) // (jobs * 4))
    chunks = [values[i:i + size] for i in range(0, len(values), size)]
    args = (base, scenario, spec, comuni)
    from compliance.interrupts import start_pool_helpers

    start_pool_helpers(ctx)  # the workers do not act on Ctrl-C: the main process stops them
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=args) as pool:
        results = list(pool.map(_worker_run, chunks))
    return [p for chunk in results for p in chunk]


def _comuni_named(path: str) -> tuple[str, ...]:
    try:
        steps = paths.parse_path(path)
    except paths.PathError:
        return ()
    out = []
    for s in steps:
        for key, value in s.match or ():
            if key == "comune" and value:
                out.append(str(value))
            elif key in ("ente_proprietario", "ente") and value and str(value).lower().startswith("comune di "):
                out.append(str(value)[10:])
    return tuple(dict.fromkeys(out))


def find_flips(spec: SweepSpec, points: list[SweepPoint]) -> list[Flip]:
    valid = [p for p in points if p.error is None]
    keys: list[tuple[str, str]] = []
    for p in valid:
        for k in p.outcomes:
            if k not in keys:
                keys.append(k)
    flips = []
    for key in keys:
        for prev, cur in zip(valid, valid[1:]):
            a, b = prev.outcomes.get(key, "conforme"), cur.outcomes.get(key, "conforme")
            if a != b:
                flips.append(Flip(key[0], key[1], a, prev.value, b, cur.value))
    return flips
