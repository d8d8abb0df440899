"""Benchmark of `compliance import` on plan documents (not part of the tests).

    .venv/bin/python benchmarks/document_import_bench.py [--plans 12] [--seed 1] [--keep CARTELLA]

Takes plans from the generator (compliance.synth: the 91 ambiti over the real ISTAT comuni,
2025 and 2026, so both texts of R.R. 4/2017), writes each one's document in three layouts
with noise (compliance/documents/synthetic.py: a DOCX with Word tables, a PDF printed by
Chromium from HTML with tables broken across pages, the text `pdftotext -layout` prints from
it), imports each document and compares the draft with what the document states, field by
field. Prints, per layout: fields stated, written, right, wrong (a wrong or invented value),
missed, precision and recall, and the time to read one document. Exit code 1 if a layout's
precision is below 100% or its recall below 95% (the targets of issue 17).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.documents.command import draft_document  # noqa: E402
from compliance.documents.synthetic import LAYOUTS, Score, compare, write_documents  # noqa: E402
from compliance.synth import generate_plans  # noqa: E402

PRECISION_TARGET = 1.0
RECALL_TARGET = 0.95


def _general_field(path: str) -> str:
    return ".".join(p for p in path.split(".") if not p.lstrip("+").isdigit())


def run(plans: int, seed: int, folder: Path) -> int:
    synthetic = generate_plans(seed=seed, years=[2025, 2026], ambiti=91, defect_share=0.0)
    chosen = random.Random(seed).sample(synthetic.plans, k=min(plans, len(synthetic.plans)))
    scores = {layout: Score() for layout in LAYOUTS}
    seconds = {layout: 0.0 for layout in LAYOUTS}
    render = 0.0
    for n, plan in enumerate(chosen):
        t0 = time.perf_counter()
        doc, files = write_documents(plan.data, f"{seed}/{n}", folder, f"piano-{n:02d}")
        render += time.perf_counter() - t0
        for layout, path in files.items():
            t0 = time.perf_counter()
            draft, _ = draft_document(path)
            seconds[layout] += time.perf_counter() - t0
            score = compare(doc.truth, draft.data)
            scores[layout].add(score)
            for field, stated, written in score.wrong:
                print(f"  SBAGLIATO {path.name}: {field}: nel documento {stated!r}, nella bozza {written!r}")
    print(f"{len(chosen)} piani (seme {seed}, 2025-2026), documenti in {folder}; "
          f"scrittura dei documenti {render:.1f} s in tutto")
    print(f"{'formato':<8} {'campi':>6} {'scritti':>8} {'giusti':>7} {'sbagliati':>10} {'mancati':>8} "
          f"{'precisione':>11} {'richiamo':>9} {'s/doc':>6}")
    failed = False
    for layout in LAYOUTS:
        s = scores[layout]
        print(f"{layout:<8} {s.truth:>6} {s.extracted:>8} {s.correct:>7} {len(s.wrong):>10} {len(s.missed):>8} "
              f"{s.precision:>10.2%} {s.recall:>9.2%} {seconds[layout] / len(chosen):>6.2f}")
        failed |= s.precision < PRECISION_TARGET or s.recall < RECALL_TARGET
    for layout in LAYOUTS:
        common = Counter(_general_field(m) for m in scores[layout].missed).most_common(6)
        if common:
            print(f"mancati più frequenti ({layout}): " + ", ".join(f"{f} ({n})" for f, n in common))
    print("obiettivo: precisione 100%, richiamo ≥ 95%: " + ("NON raggiunto" if failed else "raggiunto"))
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="Cartella dove lasciare i documenti scritti.")
    args = parser.parse_args()
    if args.keep:
        raise SystemExit(run(args.plans, args.seed, args.keep))
    with tempfile.TemporaryDirectory(prefix="compliance-docs-") as tmp:
        raise SystemExit(run(args.plans, args.seed, Path(tmp)))


if __name__ == "__main__":
    main()
