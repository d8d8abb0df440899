"""What-if benchmark (not part of the tests): `python benchmarks/whatif_bench.py`.

A 1,000-scenario sweep on the Cremasco 2021 case (Castelleone's police reserve from 0% to 99.9%
in steps of 0.1) timed as `compliance whatif --sweep` runs it (every point judged by check_plan
with durable-rules, plus the units breakdown), in one process and with a worker pool, and
compared with evaluating the same scenarios in plain Python (compliance/engine/reference.py
`match_python` on the same facts). Prints wall times and ratios; checks that both engines give
the same verdicts on every scenario.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.engine.reference import match_python  # noqa: E402
from compliance.evaluate import match  # noqa: E402
from compliance.facts.build import build_facts  # noqa: E402
from compliance.whatif.evaluation import judge, load_baseline  # noqa: E402
from compliance.whatif.scenario import Change, Scenario, apply  # noqa: E402
from compliance.whatif.sweep import choose_jobs, parse_sweep, run_sweep  # noqa: E402

CASE = ROOT / "cases" / "cremasco-2021.yaml"
FIELD = "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=1000, help="number of sweep values (step 0.1 from 0)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for the pool run (default: all cores)")
    args = parser.parse_args()

    base = load_baseline(CASE, None, None, "it")
    stop = (args.scenarios - 1) / 10
    spec = parse_sweep(f"{FIELD}=0:{stop:g}:0.1", base)
    values = spec.values()
    assert len(values) == args.scenarios, len(values)
    empty = Scenario("bench", None, (), "bench")
    judge(base, base.plan)  # compile and register the ruleset once, as any first evaluation does
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = args.jobs or cores

    rows = []
    serial_s, serial = timed(lambda: run_sweep(base, empty, spec, jobs=1))
    rows.append((f"whatif sweep, 1 process ({len(values)} scenarios, check_plan + units)", serial_s))
    pool_s, pooled = timed(lambda: run_sweep(base, empty, spec, jobs=jobs))
    rows.append((f"whatif sweep, {jobs} processes (includes worker start-up)", pool_s))
    same = [(p.value, p.outcomes, p.violations) for p in serial.points] == \
           [(p.value, p.outcomes, p.violations) for p in pooled.points]
    assert same, "pool and serial sweeps disagree"

    # the same scenarios, facts built once, matched by each engine
    day = base.plan.approvazione.data
    rules = base.book.in_force(day)
    facts_s, all_facts = timed(lambda: [
        build_facts(apply(base.data, Scenario("v", None, (Change("set", FIELD, v, "bench", None),), "bench"), "it", base.model)[0], day).facts
        for v in values
    ])
    durable_s, durable = timed(lambda: [match(rules, f) for f in all_facts])
    python_s, python = timed(lambda: [match_python(rules, f) for f in all_facts])
    assert durable == python, "durable-rules and plain Python disagree"

    flips = ", ".join(f"{f.subject} {f.rule_id}: {f.before} ≤ {f.last_before} < {f.after} from {f.first_after}"
                      for f in serial.flips)
    print(f"Cremasco 2021, sweep of {FIELD}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  {len(values)} scenarios, {len(rules)} rules, {len(all_facts[0])} facts per scenario, {cores} cores,"
          f" load average {load:.1f}; automatic choice now: {choose_jobs(len(values), None)} process(es)")
    print(f"  flips found: {flips}")
    print()
    print(f"{'measurement':70} {'wall time':>10}")
    for name, seconds in rows:
        print(f"{name:70} {seconds:9.2f} s")
    print(f"{'pool speed-up over 1 process':70} {serial_s / pool_s:9.2f} x")
    print(f"{'apply scenario + validate + build facts (both engines need this)':70} {facts_s:9.2f} s")
    print(f"{'matching, durable-rules (same facts)':70} {durable_s:9.2f} s")
    print(f"{'matching, plain Python match_python (same facts)':70} {python_s:9.2f} s")
    print(f"{'ratio durable-rules / plain Python, matching':70} {durable_s / python_s:9.2f} x")
    print(f"{'ratio whatif sweep (1 process) / plain Python (facts + matching)':70} "
          f"{serial_s / (facts_s + python_s):9.2f} x")
    print(f"{'ratio whatif sweep (best) / plain Python (facts + matching)':70} "
          f"{min(serial_s, pool_s) / (facts_s + python_s):9.2f} x")


if __name__ == "__main__":
    main()
