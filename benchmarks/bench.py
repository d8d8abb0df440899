"""Benchmarks (not part of the tests): `make bench` or `python benchmarks/bench.py`.

Prints, for each measurement, the median over several runs and the ratio against a plain-Python
evaluation of the same rules on the same facts (compliance/engine/reference.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.engine.reference import match_python  # noqa: E402
from compliance.evaluate import check_plan, match, reference_date  # noqa: E402
from compliance.facts.build import build_facts  # noqa: E402
from compliance.model.loader import load_plan  # noqa: E402
from compliance.rules.spec import load_rulebook  # noqa: E402

CASE = ROOT / "cases" / "cremasco-2021.yaml"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="runs per in-process measurement")
    parser.add_argument("--process-runs", type=int, default=5, help="runs of the whole command")
    args = parser.parse_args()

    book = load_rulebook()
    plan = load_plan(CASE)
    day, _ = reference_date(plan, None)
    rules = book.in_force(day)
    facts = build_facts(plan, day).facts
    assert match(rules, facts) == match_python(rules, facts), "engines disagree"

    rows = []
    engine = median_time(lambda: match(rules, facts), args.runs)
    python = median_time(lambda: match_python(rules, facts), args.runs)
    rows.append(("matching, Cremasco 2021 (%d facts, %d rules)" % (len(facts), len(rules)), engine, python))

    plan_bytes = CASE.read_bytes()
    whole = median_time(lambda: check_plan(plan, book, plan_file=str(CASE), plan_bytes=plan_bytes), args.runs)
    rows.append(("check_plan in process (facts + matching + report)", whole, None))

    cmd = [sys.executable, "-c", "from compliance.cli import main; main()", "check", str(CASE), "-f", "json"]
    process = median_time(lambda: subprocess.run(cmd, capture_output=True, check=False), args.process_runs)
    rows.append(("`compliance check` as a whole process, cold", process, None))

    print(f"{'measurement':58} {'median':>10} {'plain Python':>13} {'ratio':>7}")
    for name, t_engine, t_python in rows:
        py = f"{t_python * 1000:10.2f} ms" if t_python else " " * 13
        ratio = f"{t_engine / t_python:6.1f}x" if t_python else ""
        print(f"{name:58} {t_engine * 1000:7.2f} ms {py} {ratio:>7}")


if __name__ == "__main__":
    main()
