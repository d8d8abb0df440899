"""Versions of the law at their boundaries, generated from the rule files themselves.

* Every rule version's dates are the law's: it starts on the first day of a version of its act in
  rules/ruleset.yaml (the texts in force by date, each with the act that amended it) and ends on
  the last day of one; a rule that starts with an amending act cites that act. Moving a rule's
  start off the law's dates (11 March 2025 → 1 May 2025) fails here, catalogue regenerated or not.
* For each rule version, a subject (the version's own non-conforme fixture) is judged through the
  evaluation path on the day before `from`, on `from`, on `to` and on the day after `to`: on the
  version's own days it applies and gives its verdict; on the days around it, the neighbouring
  version of the same rule applies, or none.
"""

from __future__ import annotations

import datetime

import pytest

from compliance.evaluate import NoRulesInForce, judge_facts, rules_for
from compliance.facts.schema import KINDS
from compliance.rules.book import load_rulebook
from compliance.rules.fixtures import fixture_fact

BOOK = load_rulebook()
ONE_DAY = datetime.timedelta(days=1)


def _act_versions(act: str):
    return [v for text in BOOK.meta.legal_texts if text.act == act for v in text.versions]


def _starts(act: str) -> set[datetime.date]:
    out = {v.in_force.from_ for v in _act_versions(act)}
    return out or {BOOK.meta.plans_from}  # data-quality rules: from the first day plans are judged


def _ends(act: str) -> set[datetime.date]:
    return {v.in_force.to for v in _act_versions(act) if v.in_force.to}


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.key)
def test_a_rule_version_starts_and_ends_with_a_version_of_its_act(rule):
    act, span = rule.spec.source.act, rule.spec.in_force
    assert span.from_ in _starts(act), (
        f"{rule.path}: in force from {span.from_}, not the first day of a version of {act} in ruleset.yaml")
    assert span.to is None or span.to in _ends(act), (
        f"{rule.path}: in force to {span.to}, not the last day of a version of {act} in ruleset.yaml")
    introduced = [v.amended_by for v in _act_versions(act) if v.amended_by and v.in_force.from_ == span.from_]
    if introduced:
        assert rule.spec.source.amended_by == introduced[0], (
            f"{rule.path}: starts with the text amended by {introduced[0]} but cites {rule.spec.source.amended_by}")


def _days(rule):
    span = rule.spec.in_force
    days = [span.from_ - ONE_DAY, span.from_]
    if span.to is not None:
        days += [span.to, span.to + ONE_DAY]
    return days


CASES = [(rule, day) for rule in BOOK.rules for day in _days(rule)]


def _expected(rule, day):
    """The version of the rule's id whose dates cover `day`, or None (none before the first day a
    plan can be judged, ruleset.yaml `plans_from`)."""
    if day < BOOK.meta.plans_from:
        return None
    return next((r for r in BOOK.rules if r.id == rule.id and r.spec.in_force.covers(day)), None)


@pytest.mark.parametrize("rule,day", CASES, ids=[f"{r.key}-{d}" for r, d in CASES])
def test_the_version_in_force_judges_on_each_side_of_its_dates(rule, day):
    fixture = next(fx for fx in rule.spec.fixtures if fx.expect == "non_conforme")
    fact = fixture_fact(rule, 1, fixture.fact)
    plan_type = KINDS[rule.spec.subject].plan_types[0]
    try:
        in_force = [r for r in rules_for(BOOK, day, plan_type, scope=None) if r.id == rule.id]
    except NoRulesInForce:
        in_force = []
    expected = _expected(rule, day)
    assert [r.key for r in in_force] == ([expected.key] if expected else [])
    if not in_force:
        return
    results, findings = judge_facts(in_force, [fact])
    (result,) = results
    assert result.version == expected.spec.version
    if expected is rule:  # on its own days the version gives its own verdict
        assert result.outcome == "non_conforme"
        assert [f.rule_version for f in findings] == [rule.spec.version]
