"""SARIF 2.1.0 and JUnit XML from `check` and `audit`, validated against their schemas
(tests/data/schemas/, provenance in its README)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema
import yaml

from compliance.cli import main

ROOT = Path(__file__).resolve().parent
CASE = ROOT.parent / "cases" / "cremasco-2021.yaml"
TRIENNALE = ROOT.parent / "cases" / "cremonese-triennale-2023-2025.yaml"
SCHEMAS = ROOT / "data" / "schemas"


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def junit_schema():
    return xmlschema.XMLSchema10(str(SCHEMAS / "junit-10.xsd"))


def run(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code, capsys.readouterr().out


def _valid_sarif(validator, text: str) -> dict:
    log = json.loads(text)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


def test_check_sarif_is_valid_and_complete(sarif_validator, capsys):
    code, out = run(["check", str(CASE), "-f", "sarif"], capsys)
    assert code == 1
    log = _valid_sarif(sarif_validator, out)
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0" and run_["tool"]["driver"]["name"] == "compliance"
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    results = run_["results"]
    trescore = [r for r in results if r["ruleId"] == "RR4-A5-C1-OBBLIGO-INFORMATIVO"]
    assert len(trescore) == 1 and trescore[0]["level"] == "error" and trescore[0]["kind"] == "fail"
    assert trescore[0]["locations"][0]["logicalLocations"][0]["name"] == "Comune di Trescore Cremasco"
    assert trescore[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cases/cremasco-2021.yaml"
    assert rules["RR4-A5-C1-OBBLIGO-INFORMATIVO"]["shortDescription"]["text"]
    for r in results:
        assert r["ruleId"] in rules and run_["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        if r["properties"]["esito"] == "non_valutabile":
            assert (r["kind"], r["level"]) == ("open", "none")  # SARIF §3.27.10: not a failure
        assert len(r["partialFingerprints"]["complianceFinding/v1"]) == 32
    assert {r["level"] for r in results} >= {"error", "warning", "none"}
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_check_junit_is_valid(junit_schema, capsys):
    code, out = run(["check", str(CASE), "-f", "junit", "--lang", "en"], capsys)
    assert code == 1
    junit_schema.validate(out)
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    failing = [case for case in suite.findall("testcase") if case.find("failure") is not None]
    assert [case.get("name").split(" ")[0] for case in failing] == ["RR4-A5-C1-OBBLIGO-INFORMATIVO"]
    assert "Trescore Cremasco" in failing[0].find("failure").text
    assert int(suite.get("tests")) == len(suite.findall("testcase")) > 20
    assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped")) >= 1
    # with --fail-on avviso the warnings fail the build too
    _, out = run(["check", str(CASE), "-f", "junit", "--fail-on", "avviso"], capsys)
    junit_schema.validate(out)
    assert len(ET.fromstring(out).findall("testsuite/testcase/failure")) > 1


def test_justified_findings_are_suppressed_in_sarif(sarif_validator, tmp_path, capsys):
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    data["giustificazioni"] = [{"regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": "Comune di Trescore Cremasco",
                                "motivazione": "Dati trasmessi in ritardo, acquisiti d'ufficio",
                                "base_giuridica": "R.R. 4/2017 art. 5", "approvata_da": "Assemblea dei Sindaci"}]
    plan = tmp_path / "piano.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out = run(["check", str(plan), "-f", "sarif"], capsys)
    assert code == 0
    log = _valid_sarif(sarif_validator, out)
    justified = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert len(justified) == 1 and justified[0]["suppressions"][0]["kind"] == "inSource"
    assert "acquisiti d'ufficio" in justified[0]["suppressions"][0]["justification"]


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    from compliance.synth import generate

    root = tmp_path_factory.mktemp("ci")
    plans = root / "piani"
    generate(plans, seed=4, ambiti=6, years=[2025, 2026], defect_share=0.6)
    shutil.copy(TRIENNALE, plans / "triennale.yaml")
    (plans / "rotto.yaml").write_text("tipo: piano_annuale\nanno: [1\n", encoding="utf-8")
    out = root / "esito"
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(plans), "-o", str(out), "--fail-on", "mai", "--lang", "it"])
    assert exc.value.code == 2  # the broken file
    return plans, out


def test_audit_sarif_and_junit_are_valid(audited, sarif_validator, junit_schema):
    plans, out = audited
    log = _valid_sarif(sarif_validator, (out / "compliance.sarif").read_text(encoding="utf-8"))
    run_ = log["runs"][0]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert run_["invocations"][0]["executionSuccessful"] is False and "rotto.yaml" in notes[0]["message"]["text"]
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    counted = sum(len(p["rilievi"]) for p in data["piani"]) + len(data["rilievi_tra_piani"])
    assert len(run_["results"]) >= counted > 0
    across = [r for r in run_["results"] if r["ruleId"] in {x["regola"] for x in data["regole_tra_piani"]}]
    assert across and all(len(r["locations"]) >= 1 for r in across)
    xml = (out / "junit.xml").read_text(encoding="utf-8")
    junit_schema.validate(xml)
    root = ET.fromstring(xml)
    names = {s.get("name") for s in root.findall("testsuite")}
    assert any(n.endswith("rotto.yaml") for n in names) and "rilievi tra più piani" in names
    assert len(root.findall("testsuite/testcase/error")) == 1
    assert int(root.get("tests")) == len(root.findall("testsuite/testcase"))


def test_folder_check_formats(audited, sarif_validator, junit_schema, capsys, tmp_path):
    """`compliance check FOLDER`: the same audit, as one file or as the overview."""
    plans, _ = audited
    one = tmp_path / "ambito"
    one.mkdir()
    for f in sorted((plans / "2025").glob("*.yaml"))[:1] + sorted((plans / "2026").glob("*.yaml"))[:1]:
        shutil.copy(f, one / f"{f.parent.name}.yaml")
    code, out = run(["check", str(one), "-f", "sarif"], capsys)
    assert code in (0, 1)
    _valid_sarif(sarif_validator, out)
    code, out = run(["check", str(one), "-f", "junit"], capsys)
    junit_schema.validate(out)
    code, out = run(["check", str(one), "-f", "json"], capsys)
    assert json.loads(out)["versione_schema"] == "2.0" and len(json.loads(out)["piani"]) == 2
    code, out = run(["check", str(one), "-o", str(tmp_path / "panoramica")], capsys)
    assert (tmp_path / "panoramica" / "index.html").is_file()
    assert "<table id=\"piani\"" in (tmp_path / "panoramica" / "index.html").read_text(encoding="utf-8")
    code, out = run(["check", str(one)], capsys)
    assert "Totali: 2 piani" in out
    with pytest.raises(SystemExit) as exc:
        main(["check", str(one), "-f", "html"])
    assert exc.value.code == 2 and "--output" in capsys.readouterr().err
