"""Generate a set of synthetic plans at Lombardy scale, with planted defects and their list.

`generate_plans` builds the set in memory; `generate` writes it to a folder (one YAML file per
plan, `<year>/<ambito>.yaml`, and `manifest.json` listing what was planted, where, and which
findings each defect must produce).
"""

from __future__ import annotations

import datetime
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from compliance.model.plan import PianoAnnuale
from compliance.synth.defects import CATALOGUE, World
from compliance.synth.geography import TOTAL_AMBITI, geography_label, lombardy_map, pick
from compliance.synth.plans import build_plan, series_for

DEFAULT_YEARS = (2024, 2025, 2026)  # both texts: 2024-2025 plans under R.R. 3/2019, 2026 under R.R. 2/2025
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SyntheticPlan:
    file: str  # path relative to the output folder, e.g. "2023/ambito-territoriale-di-crema.yaml"
    data: dict  # the plan as a plan file holds it

    def model(self) -> PianoAnnuale:
        return PianoAnnuale.model_validate(self.data)


@dataclass(frozen=True)
class SyntheticSet:
    plans: list[SyntheticPlan]
    manifest: dict

    def models(self) -> list[tuple[str, PianoAnnuale]]:
        return [(p.file, p.model()) for p in self.plans]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rule_checker(rules_dir: Path | None):
    from compliance.rules.spec import load_rulebook

    book = load_rulebook(rules_dir)
    cache: dict[datetime.date, set[str]] = {}

    def in_force(rule_id: str, day: datetime.date) -> bool:
        if day not in cache:
            cache[day] = {r.id for r in book.in_force(day, scope=None)}
        return rule_id in cache[day]

    return in_force


def generate_plans(
    *,
    seed: int = 0,
    years: tuple[int, ...] | list[int] = DEFAULT_YEARS,
    ambiti: int = TOTAL_AMBITI,
    defect_share: float = 0.2,
    rules_dir: Path | None = None,
) -> SyntheticSet:
    """The plans of `ambiti` ambiti for each of `years`; `defect_share` of them get a defect."""
    years = sorted(set(years))
    if not years or years[0] < 2019:
        raise ValueError("anni: servono anni dal 2019 (i piani si approvano a dicembre dell'anno prima)")
    if not 1 <= ambiti <= TOTAL_AMBITI:
        raise ValueError(f"ambiti: tra 1 e {TOTAL_AMBITI}")
    if not 0 <= defect_share <= 1:
        raise ValueError("quota di difetti: tra 0 e 1")
    rng = random.Random(seed)
    # comuni that exist from the first approval (December) to the last possible one (late January)
    span = (datetime.date(years[0] - 1, 12, 1), datetime.date(years[-1], 1, 31))
    chosen = pick(lombardy_map(span), ambiti)
    series = [series_for(a, years, random.Random(f"{seed}/{a.index}")) for a in chosen]
    plans: dict[tuple[int, int], dict] = {}
    files: dict[tuple[int, int], str] = {}
    for i, s in enumerate(series):
        prng = random.Random(f"{seed}/{s.ambito.index}/plans")
        for y in years:
            plans[(i, y)] = build_plan(s, y, prng, seed)
            files[(i, y)] = f"{y}/{slug(s.ambito.denominazione)}.yaml"

    world = World(series, years, plans, files, rng, _rule_checker(rules_dir))
    target = round(defect_share * len(plans))
    kinds = list(CATALOGUE)
    rng.shuffle(kinds)
    defects: list[dict] = []
    turn = 0
    keys = sorted(plans)
    while len(defects) < target:
        placed = False
        for step in range(len(kinds)):
            kind = kinds[(turn + step) % len(kinds)]
            free = [k for k in keys if k not in world.reserved]
            rng.shuffle(free)
            for key in free[:40]:
                expected = kind.plant(world, key)
                if expected:
                    world.reserved.update(k for k in kind.touches(world, key) if k in plans)
                    first = expected[0]
                    defects.append({"kind": kind.name, "rule_id": kind.rule_id, "plan": first["plan"],
                                    "subject": first["subject"], "description": kind.description,
                                    "expected": expected})
                    placed = True
                    break
            if placed:
                turn += step + 1
                break
        if not placed:
            break  # no kind fits any plan left

    out = []
    for key in keys:
        PianoAnnuale.model_validate(plans[key])  # a generator bug, never a user's problem
        out.append(SyntheticPlan(files[key], plans[key]))
    manifest = {
        "generator": "compliance genera",
        "seed": seed,
        "years": years,
        "ambiti": len(chosen),
        "comuni": sum(len(s.ambito.comuni) for s in series),
        "geografia": geography_label(),
        "plans": len(out),
        "defect_share": defect_share,
        "defects_planted": len(defects),
        "plan_files": [p.file for p in out],
        "defects": defects,
    }
    return SyntheticSet(out, manifest)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # plan files refuse anchors and aliases
        return True


def plan_yaml(data: dict) -> str:
    head = "# Piano sintetico generato da `compliance genera`: dati inventati, comuni reali (ISTAT).\n"
    return head + yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True,
                            default_flow_style=None, width=120)


def generate(
    out_dir: Path | str,
    *,
    seed: int = 0,
    years: tuple[int, ...] | list[int] = DEFAULT_YEARS,
    ambiti: int = TOTAL_AMBITI,
    defect_share: float = 0.2,
    rules_dir: Path | None = None,
) -> dict:
    """Write the set into `out_dir` (plan files, then manifest.json); return the manifest."""
    from compliance.output import write_atomic

    synthetic = generate_plans(seed=seed, years=years, ambiti=ambiti, defect_share=defect_share, rules_dir=rules_dir)
    out = Path(out_dir)
    for plan in synthetic.plans:
        path = out / plan.file
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, plan_yaml(plan.data))
    write_atomic(out / MANIFEST, json.dumps(synthetic.manifest, indent=2, ensure_ascii=False) + "\n")
    return synthetic.manifest
