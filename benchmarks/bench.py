"""Benchmarks (not part of the tests): `make bench` or `python benchmarks/bench.py`.

Four measurements, each the median over several runs, with the ratio against a plain-Python
evaluation of the same rules on the same data (`compliance.engine.reference`, the reference
engine) — durable-rules gives the verdicts, the reference engine is only the yardstick:

1. `compliance check` on the Cremasco 2021 case as a whole process, cold (the installed console
   script, default text report, output to a pipe), against `compliance check --engine reference`
   (the same process: load, facts, plain-Python matching, report);
2. the evaluation of one plan inside one process (facts already built): durable-rules against
   plain Python, and the whole in-process `check_plan` (facts, matching, findings) with each engine;
3. the evaluation of every plan of one year at Lombardy scale (91 ambiti, 1,502 comuni), from the
   synthetic generator;
4. memory over 10,000 evaluations in one process: growth of the resident set size (RSS, read
   from /proc/self/statm: tracemalloc does not see the C engine's memory).

Targets: (1) under 0.5 s; (3) within 5x plain Python; (4) under 10 MB of growth.
Other processes share the CPU: the load average is printed before and after; repeat when busy.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CASE = ROOT / "cases" / "cremasco-2021.yaml"
TARGET_PROCESS_S = 0.5
TARGET_YEAR_RATIO = 5.0
TARGET_MEMORY_MB = 10.0
TARGETS: list[str] = []  # filled by the measurements, printed at the end


# ---- timing helpers ---------------------------------------------------------------------------


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(fn_a, fn_b, runs: int) -> tuple[float, float]:
    """Medians of two alternated measurements (A B A B ...), so that both see the same load."""
    a, b = [], []
    for _ in range(runs):
        for fn, out in ((fn_a, a), (fn_b, b)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float, float | None, str]] = []

    def add(self, name: str, runs: str, engine: float, python: float | None, note: str = "") -> None:
        self.rows.append((name, runs, engine, python, note))
        self.print_row(self.rows[-1])

    @staticmethod
    def header() -> None:
        print(f"{'measurement':62} {'runs':>6} {'median':>11} {'plain Python':>13} {'ratio':>7}  note")

    @staticmethod
    def print_row(row) -> None:
        name, runs, engine, python, note = row
        py = f"{python * 1000:10.2f} ms" if python is not None else " " * 13
        ratio = f"{engine / python:6.2f}x" if python else ""
        print(f"{name:62} {runs:>6} {engine * 1000:8.2f} ms {py} {ratio:>7}  {note}", flush=True)


# ---- 1. the whole process ---------------------------------------------------------------------


def compliance_command() -> list[str]:
    """The installed console script, as users run it (next to this Python, else on PATH)."""
    script = Path(sys.executable).parent / "compliance"
    if script.exists():
        return [str(script)]
    found = shutil.which("compliance")
    if found:
        return [found]
    return [sys.executable, "-c", "from compliance.cli import main; main()"]


class Process:
    """One command run as a fresh process; records wall and CPU (user + system) time."""

    def __init__(self, cmd: list[str], env: dict[str, str]):
        self.cmd, self.env = cmd, env
        self.cpu: list[float] = []

    def __call__(self) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(self.cmd)} failed ({done.returncode}):\n{done.stderr.decode()}")

    def cpu_ms(self) -> str:
        return f"cpu {statistics.median(self.cpu) * 1000:.0f} ms"


def measure_process(table: Table, runs: int) -> float:
    base = compliance_command() + ["check", str(CASE)]
    help_text = subprocess.run(base[:-1] + ["--help"], capture_output=True, text=True).stdout
    has_reference = "--engine" in help_text
    name = "1. `compliance check` Cremasco 2021, whole process, cold"
    with tempfile.TemporaryDirectory(prefix="compliance-bench-") as tmp:
        # the rule book cache of the runs below lives here, not in the user's ~/.cache
        env = dict(os.environ, COMPLIANCE_CACHE_DIR=str(Path(tmp) / "cache"))
        no_cache = dict(env, COMPLIANCE_CACHE="0")
        Process(base, no_cache)()  # after an install the first run writes the bytecode caches
        first = Process(base, env)
        t_first = median_time(first, 1)  # empty cache: reads and validates the rule files, stores them
        durable = Process(base, env)
        if not has_reference:
            t_engine = median_time(durable, runs)
            table.add(name, str(runs), t_engine, None, durable.cpu_ms() + "; no --engine reference in this CLI")
        else:
            reference = Process(base + ["--engine", "reference"], env)
            t_engine, t_python = paired_medians(durable, reference, runs)
            table.add(name, str(runs), t_engine, t_python,
                      f"{durable.cpu_ms()}; vs `--engine reference` ({reference.cpu_ms()})")
        verdict = "met" if t_engine < TARGET_PROCESS_S else "NOT met"
        TARGETS.append(f"`compliance check` under {TARGET_PROCESS_S:.1f} s: {verdict} ({t_engine * 1000:.0f} ms)")
        print(f"   target < {TARGET_PROCESS_S:.1f} s: {verdict}")
        table.add("   the first run after a change of rules or code (no cache yet)", "1", t_first, None,
                  first.cpu_ms())
        as_json = Process(base + ["-f", "json"], env)
        t_json = median_time(as_json, max(3, runs // 2))
        table.add("   same, JSON report (no rich layout)", str(max(3, runs // 2)), t_json, None, as_json.cpu_ms())
        durable_nc = Process(base, no_cache)
        reference_nc = Process(base + ["--engine", "reference"], no_cache) if has_reference else None
        if reference_nc is None:
            t_nc = median_time(durable_nc, max(3, runs // 2))
            table.add("   same, rule book cache off (COMPLIANCE_CACHE=0)", str(max(3, runs // 2)), t_nc, None,
                      durable_nc.cpu_ms())
        else:
            t_nc, t_nc_python = paired_medians(durable_nc, reference_nc, max(3, runs // 2))
            table.add("   same, rule book cache off (COMPLIANCE_CACHE=0)", str(max(3, runs // 2)), t_nc, t_nc_python,
                      durable_nc.cpu_ms())
    return t_engine


# ---- 2. one plan in one process ---------------------------------------------------------------


def cremasco_inputs():
    from compliance.evaluate import reference_date
    from compliance.facts.build import build_facts
    from compliance.model.loader import load_plan
    from compliance.rules.book import load_rulebook

    book = load_rulebook()
    plan = load_plan(CASE)
    day, _ = reference_date(plan, None)
    rules = book.in_force(day)
    facts = build_facts(plan, day).facts
    return book, plan, rules, facts


def measure_one_plan(table: Table, runs: int) -> None:
    from compliance.engine.reference import match_python
    from compliance.evaluate import check_plan, match

    book, plan, rules, facts = cremasco_inputs()
    assert match(rules, facts) == match_python(rules, facts), "engines disagree on Cremasco 2021"
    t_engine, t_python = paired_medians(lambda: match(rules, facts), lambda: match_python(rules, facts), runs)
    table.add(f"2. evaluation of one plan (Cremasco: {len(facts)} facts, {len(rules)} rules)", str(runs),
              t_engine, t_python)

    plan_bytes = CASE.read_bytes()

    def whole(engine):
        return lambda: check_plan(plan, book, plan_file=str(CASE), plan_bytes=plan_bytes, engine=engine)

    t_engine, t_python = paired_medians(whole("durable"), whole("reference"), runs)
    table.add("   check_plan in process (facts + matching + findings)", str(runs), t_engine, t_python)


# ---- 3. one year at Lombardy scale ------------------------------------------------------------


def measure_year(table: Table, runs: int):
    from compliance.engine.reference import match_python
    from compliance.evaluate import match
    from year_data import lombardy_year

    year = lombardy_year()
    print(f"   data: {year.description}")
    plans = year.evaluations  # [(rules, facts)] one per plan
    n_facts = sum(len(f) for _, f in plans)
    for rules, facts in plans:
        assert match(rules, facts) == match_python(rules, facts), "engines disagree on a synthetic plan"

    def engine():
        for rules, facts in plans:
            match(rules, facts)

    def python():
        for rules, facts in plans:
            match_python(rules, facts)

    t_engine, t_python = paired_medians(engine, python, runs)
    table.add(f"3. evaluation of a Lombardy year ({len(plans)} plans, {n_facts} facts)", str(runs),
              t_engine, t_python)
    verdict = "met" if t_engine / t_python <= TARGET_YEAR_RATIO else "NOT met"
    TARGETS.append(f"Lombardy year within {TARGET_YEAR_RATIO:.0f}x plain Python: {verdict} ({t_engine / t_python:.2f}x)")
    print(f"   target <= {TARGET_YEAR_RATIO:.0f}x plain Python: {verdict}")
    return year


# ---- 4. memory --------------------------------------------------------------------------------


def measure_memory(table: Table, evaluations: int, year) -> None:
    from compliance.engine.reference import match_python
    from compliance.evaluate import match

    plans = year.evaluations if year is not None else [cremasco_inputs()[2:]]
    warm_up = min(200, evaluations)

    def loop(fn, n):
        start = time.perf_counter()
        for i in range(n):
            rules, facts = plans[i % len(plans)]
            fn(rules, facts)
        return (time.perf_counter() - start) / n

    loop(match, warm_up)  # rulesets registered, caches and allocator pools filled
    gc.collect()
    before = rss_mb()
    per_eval = loop(match, evaluations)
    gc.collect()
    after = rss_mb()
    per_eval_python = loop(match_python, min(evaluations, 2000))
    growth = after - before
    table.add(f"4. {evaluations} evaluations in one process (mean per evaluation)", str(evaluations),
              per_eval, per_eval_python, f"RSS {before:.1f} -> {after:.1f} MB: growth {growth:+.2f} MB")
    verdict = "met" if growth < TARGET_MEMORY_MB else "NOT met"
    TARGETS.append(f"memory growth under {TARGET_MEMORY_MB:.0f} MB over {evaluations} evaluations: {verdict} "
                   f"({growth:+.2f} MB)")
    print(f"   target growth < {TARGET_MEMORY_MB:.0f} MB: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50, help="runs of each in-process measurement")
    parser.add_argument("--process-runs", type=int, default=15, help="runs of the whole command (each engine)")
    parser.add_argument("--year-runs", type=int, default=7, help="runs of the Lombardy year")
    parser.add_argument("--evaluations", type=int, default=10_000, help="evaluations for the memory measurement")
    parser.add_argument("--only", choices=["1", "2", "3", "4"], action="append", help="run only these measurements")
    args = parser.parse_args()
    only = set(args.only or "1234")

    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; load average {load_average()}")
    table = Table()
    table.header()
    if "1" in only:
        measure_process(table, args.process_runs)
    if "2" in only:
        measure_one_plan(table, args.runs)
    year = None
    if "3" in only or "4" in only:
        if "3" in only:
            year = measure_year(table, args.year_runs)
        else:
            from year_data import lombardy_year

            year = lombardy_year()
    if "4" in only:
        measure_memory(table, args.evaluations, year)
    print("targets: " + ("; ".join(TARGETS) or "none measured"))
    print(f"load average at the end: {load_average()} (other processes share the CPUs: medians, not means)")


if __name__ == "__main__":
    main()
