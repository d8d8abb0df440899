"""Every rule a generated plan is judged by has a defect kind that makes it fire."""

from __future__ import annotations

import datetime

from compliance.facts.schema import KINDS
from compliance.synth.defects import CATALOGUE, NOT_PLANTABLE, rules_exercised
from compliance.synth.generator import DEFAULT_YEARS


def test_every_rule_in_force_for_generated_plans_has_a_defect_kind(book):
    # the generator's default years and the years after them, up to now (plans approved until today)
    first = datetime.date(DEFAULT_YEARS[0] - 1, 12, 1)
    last = datetime.date.today()
    in_force = {
        r.id for r in book.rules
        if r.spec.in_force.from_ <= last and (r.spec.in_force.to is None or r.spec.in_force.to >= first)
        and "piano_annuale" in getattr(KINDS[r.spec.subject], "plan_types", ("piano_annuale",))
    }
    missing = sorted(in_force - rules_exercised() - set(NOT_PLANTABLE))
    assert not missing, "regole senza un difetto nel catalogo di compliance/synth/defects.py: " + ", ".join(missing)


def test_catalogue_names_known_rules(book):
    ids = {r.id for r in book.rules}
    assert rules_exercised() <= ids, sorted(rules_exercised() - ids)
    assert set(NOT_PLANTABLE) <= ids, sorted(set(NOT_PLANTABLE) - ids)  # no stale excuses
    assert not set(NOT_PLANTABLE) & rules_exercised()
    assert len({k.name for k in CATALOGUE}) == len(CATALOGUE)
