"""Where the time of one `compliance check` goes: `python benchmarks/breakdown.py [--runs N]`.

Runs, N times each in a fresh process: (a) the steps of `compliance check` on the Cremasco case
one by one, timed (import of the CLI, the other imports the check needs, reading the plan, the
rule book, facts + durable-rules + findings, the text report); (b) `python -X importtime` of
the same command, its import time summed by top-level package. Prints medians.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "cremasco-2021.yaml"

STEPS = r'''
import time, io, sys
T = [("start", time.perf_counter())]
def mark(name): T.append((name, time.perf_counter()))
import compliance.cli
mark("import compliance.cli (typer, pydantic, yaml, plan model)")
from compliance.evaluate import check_plan
from compliance.model.loader import load_any_plan
from compliance.rules.cache import load_rulebook
mark("imports of the check (evaluate, rules, facts, engine modules)")
from pathlib import Path
plan = Path(sys.argv[1])
piano, doc = load_any_plan(plan, "it")
mark("read and validate the plan")
book = load_rulebook(None)
mark("rule book (from the cache when unchanged)")
report = check_plan(piano, book, plan_file=str(plan), plan_bytes=doc.raw)
mark("check_plan: facts, durable-rules, findings (first call)")
from rich.console import Console
from compliance.report.terminal import print_report
mark("import rich and the terminal report")
print_report(report, Console(file=io.StringIO(), width=80, color_system=None, highlight=False))
mark("render the text report")
for (_, a), (name, b) in zip(T, T[1:]):
    print(f"{(b - a) * 1000:.3f}\t{name}")
'''


def steps(runs: int, env: dict) -> None:
    table: dict[str, list[float]] = collections.OrderedDict()
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STEPS, str(CASE)], capture_output=True, text=True,
                             env=env, cwd=ROOT, check=True).stdout
        for line in out.splitlines():
            ms, name = line.split("\t", 1)
            table.setdefault(name, []).append(float(ms))
    total = 0.0
    print(f"steps of one `compliance check` (median of {runs} fresh processes):")
    for name, values in table.items():
        total += statistics.median(values)
        print(f"  {statistics.median(values):8.1f} ms  {name}")
    print(f"  {total:8.1f} ms  sum (the interpreter's own start and exit come on top)")


def imports(runs: int, env: dict) -> None:
    code = "import sys; sys.argv = ['compliance', 'check', sys.argv[1]]\nfrom compliance.cli import main; main()"
    sums: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", code, str(CASE)], capture_output=True,
                             text=True, env=env, cwd=ROOT).stderr
        per: dict[str, float] = collections.Counter()
        for line in err.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            self_us, _cumulative, name = line[len("import time:"):].split("|", 2)
            if not self_us.strip().isdigit():
                continue  # the header line
            per[name.strip().split(".")[0]] += int(self_us) / 1000
        for name, ms in per.items():
            sums[name].append(ms)
    rows = sorted(((statistics.median(v), k) for k, v in sums.items()), reverse=True)
    total = sum(ms for ms, _ in rows)
    print(f"import time by top-level package (self time, median of {runs}; -X importtime inflates it):")
    for ms, name in rows[:14]:
        print(f"  {ms:8.1f} ms  {name}")
    print(f"  {total:8.1f} ms  all imports ({len(rows)} packages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compliance-breakdown-") as tmp:
        env = dict(os.environ, COMPLIANCE_CACHE_DIR=tmp)
        subprocess.run([sys.executable, "-c", STEPS, str(CASE)], capture_output=True, env=env, cwd=ROOT)  # fills it
        steps(args.runs, env)
        imports(args.runs, env)
    try:
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    except OSError:
        pass


if __name__ == "__main__":
    main()
