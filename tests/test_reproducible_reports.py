"""The same input, rule set and date give a byte-identical report, in every text format.

Each real case is reported in md, json, text and html by two separate processes with different
hash seeds (set and dict order, the engine's state ids and the rule-book cache must not leak into
a report), and once more in the first process after other plans; the files must be equal byte for
byte. The reports state when they were generated: both children get the same
$SOURCE_DATE_EPOCH (the reproducible-builds convention), as a build server would. The PDF's own
reproducibility is tested in tests/test_html_pdf_report.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "cases").glob("*.yaml"))
FORMATS = ("md", "json", "text", "html")

CHILD = textwrap.dedent("""
    import sys
    from compliance.cli import main

    out, cases, formats = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
    for rounds in range(2):  # the second round runs after every other plan was judged
        for case in cases:
            for fmt in formats:
                name = case.rsplit("/", 1)[-1]
                try:
                    main(["check", case, "-f", fmt,
                          "-o", f"{out}/{rounds}-{name}.{fmt}"])
                except SystemExit as exc:
                    assert exc.code in (0, 1), (case, fmt, exc.code)
""")


def run_child(out: Path, seed: str) -> None:
    out.mkdir()
    env = dict(os.environ, PYTHONHASHSEED=seed, COMPLIANCE_CACHE="0", SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(out), ",".join(map(str, CASES)), ",".join(FORMATS)],
        capture_output=True, text=True, timeout=600, env=env, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reproducible")
    first, second = base / "seed-1", base / "seed-2"
    run_child(first, "1")
    run_child(second, "4242")
    return first, second


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_report_is_byte_identical(outputs, case, fmt):
    first, second = outputs
    name = f"{case.name}.{fmt}"
    reference = (first / f"0-{name}").read_bytes()
    assert reference, "empty report"
    assert (first / f"1-{name}").read_bytes() == reference, "changed after other plans in one process"
    assert (second / f"0-{name}").read_bytes() == reference, "changed with another process and hash seed"
