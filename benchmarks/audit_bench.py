"""Benchmark of `compliance audit` at Lombardy scale (not part of the tests).

    .venv/bin/python benchmarks/audit_bench.py [--ambiti 91] [--years 2024 2025 2026] [--jobs 1 2]

Generates the synthetic region (compliance.synth), audits it with 1 and 2 worker processes
(wall time of the whole audit, outputs included), and times the matching alone on the same
facts: durable-rules (compliance.evaluate.match) against the plain-Python reading of the same
rules (compliance.engine.reference.match_python). Prints plans, wall times, defects found/planted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.audit.command import audit_command  # noqa: E402
from compliance.synth import generate  # noqa: E402
from compliance.synth.verify import compare  # noqa: E402


def found_vs_planted(out: Path, manifest: dict) -> tuple[int, int, int]:
    c = compare(out / "audit.json", manifest)
    return len(c.expected & c.found), len(c.expected), len(c.other)


def matching_ratio(folder: Path, manifest: dict) -> tuple[float, float, int]:
    """Matching only, in this process: durable-rules vs plain Python on every plan's facts."""
    from compliance.engine.reference import match_python
    from compliance.evaluate import match
    from compliance.facts.build import build_facts
    from compliance.model.loader import load_plan
    from compliance.rules.book import load_rulebook

    book = load_rulebook()
    jobs = []
    for name in manifest["plan_files"]:
        plan = load_plan(folder / name)
        day = plan.approvazione.data
        jobs.append((book.in_force(day), build_facts(plan, day).facts))
    for rules, facts in jobs:  # same verdicts, else the comparison means nothing
        assert match(rules, facts) == match_python(rules, facts), "durable-rules and plain Python disagree"
    t0 = time.perf_counter()
    for rules, facts in jobs:
        match(rules, facts)
    engine = time.perf_counter() - t0
    t0 = time.perf_counter()
    for rules, facts in jobs:
        match_python(rules, facts)
    python = time.perf_counter() - t0
    return engine, python, sum(len(f) for _, f in jobs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ambiti", type=int, default=91)
    ap.add_argument("--years", type=int, nargs="+", default=[2024, 2025, 2026])
    ap.add_argument("--defects", type=float, default=0.2)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "piani"
        t0 = time.perf_counter()
        manifest = generate(folder, seed=1, years=args.years, ambiti=args.ambiti, defect_share=args.defects)
        print(f"generated {manifest['plans']} plans ({manifest['ambiti']} ambiti, {manifest['comuni']} comuni), "
              f"{manifest['defects_planted']} defects, in {time.perf_counter() - t0:.1f} s")
        for jobs in args.jobs:
            out = Path(tmp) / f"audit-{jobs}"
            t0 = time.perf_counter()
            code = audit_command([folder], out, rules=[], severities=[], years=[], ambiti=[], fail_on="mai",
                                 jobs=jobs, lang="it", rules_dir=None, quiet=True)
            wall = time.perf_counter() - t0
            hit, planted, other = found_vs_planted(out, manifest)
            print(f"audit, {jobs} process(es): {wall:6.1f} s wall, exit {code}; expected findings found "
                  f"{hit}/{planted}; other findings {other}")
        engine, python, n = matching_ratio(folder, manifest)
        print(f"matching only ({n} facts): durable-rules {engine:.2f} s, plain Python {python:.2f} s, "
              f"ratio {engine / python:.1f}x")


if __name__ == "__main__":
    main()
