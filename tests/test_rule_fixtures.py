"""Every rule's own fixtures pass and fail as they say, in durable-rules and in plain Python."""

from __future__ import annotations

import pytest

from compliance.rules.fixtures import run_fixtures
from compliance.rules.book import load_rulebook

BOOK = load_rulebook()
CASES = [(rule, i) for rule in BOOK.rules for i in range(len(rule.spec.fixtures))]


@pytest.mark.parametrize(
    "rule,index", CASES, ids=[f"{r.id}@{r.spec.version}-{r.spec.fixtures[i].name}" for r, i in CASES]
)
def test_fixture(rule, index):
    result = run_fixtures(rule)[index]
    assert result.engine == result.expected, f"durable-rules said {result.engine}"
    assert result.python == result.expected, f"plain Python said {result.python}"


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: f"{r.id}@{r.spec.version}")
def test_every_rule_has_pass_and_fail_fixtures(rule):
    outcomes = {f.expect for f in rule.spec.fixtures}
    assert {"conforme", "non_conforme"} <= outcomes


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: f"{r.id}@{r.spec.version}")
def test_rule_file_carries_its_metadata(rule):
    s = rule.spec
    assert s.title.it and s.title.en and s.message.it and s.message.en
    assert s.source.act
    assert s.certainty in ("letto", "secondario", "dedotto")
    assert s.in_force.from_ is not None
    # laid out like the law: legal rules live under their act and article
    if s.source.article:
        act = s.source.act.lower().replace("r.r. ", "rr-").replace("l.r. ", "lr-")
        assert rule.path.split("/")[0] == act.replace("/", "-").replace(".", "")
        number, *suffix = s.source.article.split(" ")
        assert rule.path.split("/")[1] == "-".join(["art", number.zfill(2), *suffix])


def test_fixtures_run_together_in_one_state_do_not_leak():
    # running all fixtures twice gives the same outcomes (fresh state per evaluation)
    first = [r.engine for rule in BOOK.rules for r in run_fixtures(rule)]
    second = [r.engine for rule in BOOK.rules for r in run_fixtures(rule)]
    assert first == second
