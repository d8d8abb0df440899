"""Differential tests: durable-rules and the reference engine judge everything the same way.

* every real case (cases/*.yaml), on its own date and on dates that select other rule versions:
  the whole report (verdicts, messages, numbers) must be equal, except the engine's name;
* every rule fixture, all of them asserted together in one evaluation (tests/test_rule_fixtures.py
  runs them one rule at a time);
* `compliance check --engine reference` names the engine in the report (JSON field and header).

The generated plans of tests/test_properties.py add thousands of hostile cases to these.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.engine import reference
from compliance.engine.choice import match_with
from compliance.evaluate import check_plan
from compliance.model.loader import load_any_plan
from compliance.rules.fixtures import fixture_fact
from compliance.rules.book import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "cases").glob("*.yaml"))
BOOK = load_rulebook()
DATES = [None, datetime.date(2018, 6, 1), datetime.date(2019, 1, 15), datetime.date(2021, 1, 28),
         datetime.date(2025, 6, 1), datetime.date(2027, 12, 31)]


def report_data(report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("engine")
    return data


@pytest.mark.parametrize("day", DATES, ids=lambda d: str(d or "approval"))
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_case_same_report_from_both_engines(case, day):
    plan, doc = load_any_plan(case)
    reports = [
        check_plan(plan, BOOK, plan_file=str(case), plan_bytes=doc.raw, date=day, engine=engine)
        for engine in ("durable", "reference")
    ]
    assert reports[0].engine.startswith("durable-rules") and reports[1].engine == reference.LABEL
    assert report_data(reports[0]) == report_data(reports[1])
    assert reports[0].rules, "no rule was evaluated"


def test_all_fixtures_together_same_verdicts():
    rules = list(BOOK.rules)
    facts, expected = [], {}
    n = 0
    for rule in rules:
        for fx in rule.spec.fixtures:
            n += 1
            fact = fixture_fact(rule, n, fx.fact)
            facts.append(fact)
            expected[(rule, fact["id"])] = fx.expect
    durable = match_with("durable", rules, facts)
    ref = match_with("reference", rules, facts)
    assert durable == ref
    for (rule, fact_id), expect in expected.items():
        if expect in ("conforme", "non_conforme", "non_valutabile"):
            assert durable.outcome(rule, fact_id) == expect, (rule.id, fact_id)


def test_check_engine_option_names_the_engine():
    runner = CliRunner()
    case = str(ROOT / "cases" / "cremasco-2021.yaml")
    outputs = {}
    for engine in ("durable", "reference"):
        result = runner.invoke(app, ["check", case, "-f", "json", "--engine", engine])
        assert result.exit_code == 1, result.stderr
        outputs[engine] = json.loads(result.stdout)
    assert outputs["durable"].pop("engine").startswith("durable-rules")
    assert outputs["reference"].pop("engine") == reference.LABEL
    assert outputs["durable"] == outputs["reference"]
    md = runner.invoke(app, ["check", case, "-f", "md", "--engine", "reference"]).stdout
    header = md.split("## ", 1)[0]
    assert reference.LABEL in header


def test_unknown_engine_is_a_usage_error():
    result = CliRunner().invoke(app, ["check", "--engine", "drools"])
    assert result.exit_code == 2


def test_reference_engine_refuses_what_it_cannot_judge():
    rule = next(r for r in BOOK.rules if r.id == "RR4-A4-C3A-TOTALE-RIGA")
    fact = fixture_fact(rule, 1, {"ente": "A", "totale_unita_immobiliari": "3", "alloggi_sap": 1, "alloggi_sas": 2})
    with pytest.raises(reference.ReferenceEngineError):
        reference.match([rule], [fact])
