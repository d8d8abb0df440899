"""Rule files are validated on load: a broken one is a located error, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.model.loader import InputError
from compliance.rules.book import load_rulebook
from tests.conftest import CREMASCO, ROOT

POLICE = "rr-4-2017/art-07-bis/c1-riserva-forze-polizia.v2019.yaml"


@pytest.fixture
def rules(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(rules: Path) -> str:
    with pytest.raises(InputError) as exc:
        load_rulebook(rules)
    return str(exc.value)


def test_unknown_operator(rules):
    edit(rules / POLICE, "violation_when: quota_percentuale > 10", "violation_when: quota_percentuale ** 10")
    assert "violation_when" in problems(rules)


def test_unknown_field(rules):
    edit(rules / POLICE, "violation_when: quota_percentuale > 10", "violation_when: quota_percentual > 10")
    assert "campo «quota_percentual» sconosciuto" in problems(rules)


def test_missing_citation(rules):
    edit(rules / POLICE, "source:\n  act: R.R. 4/2017\n", "source:\n")
    text = problems(rules)
    assert POLICE.split("/")[-1] in text and "source.act" in text and "obbligatorio" in text


def test_unknown_key_is_located(rules):
    edit(rules / POLICE, "severity: violazione", "severity: violazione\nseverita: alta")
    text = problems(rules)
    assert "severita" in text and "campo sconosciuto" in text
    line = (rules / POLICE).read_text().splitlines().index("severita: alta") + 1
    assert f":{line}:" in text


def test_overlapping_versions(rules):
    shutil.copy(rules / POLICE, rules / POLICE.replace("v2019", "v2020"))
    edit(rules / POLICE.replace("v2019", "v2020"), 'version: "2019"', 'version: "2020"')
    assert "versioni sovrapposte" in problems(rules)


def test_placeholder_that_does_not_exist(rules):
    edit(rules / POLICE, "Il Comune di {comune}", "Il Comune di {comun}")
    assert "segnaposto {comun} sconosciuto" in problems(rules)


def test_fixtures_must_include_pass_and_fail(rules):
    path = rules / POLICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("expect: non_conforme", "expect: conforme"), encoding="utf-8")
    assert "almeno un caso conforme e uno non conforme" in problems(rules)


def test_a_fixture_that_fails_is_reported_by_rules_test(rules):
    edit(rules / POLICE, "fact: {comune: Castelleone, quota_percentuale: 15, unita_anno: 2}",
         "fact: {comune: Castelleone, quota_percentuale: 5, unita_anno: 2}")
    result = CliRunner().invoke(app, ["rules", "test", "--rules", str(rules)])
    assert result.exit_code == 1 and "FALLITO RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA" in result.stdout


def test_check_with_a_broken_rule_file_exits_2(rules):
    edit(rules / POLICE, "severity: violazione", "severity: gravissima")
    result = CliRunner().invoke(app, ["check", str(CREMASCO), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "severity" in result.stderr and "c1-riserva-forze-polizia.v2019.yaml" in result.stderr
