"""The data of measurement 3: every plan of one year at Lombardy scale, as (rules, facts) pairs.

Plans come from the synthetic generator `compliance.synth` (91 ambiti over the real Lombardy
comuni, with their ALER; a share of them with planted defects, so that the engine has findings
to report); each is validated by the plan model and turned into facts by the fact builder with
the rules in force on its approval date, exactly as `compliance check` does, so that only the
evaluation is timed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

YEAR = 2024
SEED = 8
DEFECT_SHARE = 0.2


@dataclass
class Year:
    description: str
    evaluations: list  # [(rules in force, facts)] one per plan
    seconds_to_build: float


def lombardy_year(year: int = YEAR, seed: int = SEED) -> Year:
    from compliance.evaluate import reference_date
    from compliance.facts.build import build_facts
    from compliance.rules.book import load_rulebook
    from compliance.synth import generate_plans

    start = time.perf_counter()
    book = load_rulebook()
    synthetic = generate_plans(seed=seed, years=(year,), defect_share=DEFECT_SHARE)
    evaluations = []
    for _, plan in synthetic.models():
        day, _ = reference_date(plan, None)
        evaluations.append((book.in_force(day), build_facts(plan, day).facts))
    manifest = synthetic.manifest
    description = (
        f"compliance.synth, seed {seed}, year {year}: {manifest['plans']} plans, {manifest['ambiti']} ambiti, "
        f"{manifest['comuni']} comuni, {manifest['defects_planted']} planted defects"
    )
    return Year(description, evaluations, time.perf_counter() - start)
