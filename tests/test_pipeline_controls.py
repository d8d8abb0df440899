"""What integrators wire into a pipeline: --select/--ignore, the configuration file, the baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from compliance.cli import main
from compliance.pipeline.baseline import fingerprint, plan_key

CASE = Path(__file__).resolve().parents[1] / "cases" / "cremasco-2021.yaml"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return exc.value.code, captured.out, captured.err


def findings(out: str) -> list[dict]:
    return json.loads(out)["findings"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Each test runs in a folder of its own, so no configuration file is found by accident."""
    monkeypatch.chdir(tmp_path)


# ---- --select / --ignore -------------------------------------------------------------------------

def test_select_by_rule_id_prefix_article_and_severity(capsys):
    _, out, _ = run(["check", str(CASE), "-f", "json"], capsys)
    every = findings(out)
    code, out, _ = run(["check", str(CASE), "-f", "json", "--select", "RR4-A5"], capsys)
    assert code == 1 and {f["rule_id"][:6] for f in findings(out)} == {"RR4-A5"}
    assert {r["id"][:6] for r in json.loads(out)["rules"]} == {"RR4-A5"}
    code, out, _ = run(["check", str(CASE), "-f", "json", "--select", "rr4-a5-c1-obbligo"], capsys)
    assert code == 1 and {f["rule_id"] for f in findings(out)} == {"RR4-A5-C1-OBBLIGO-INFORMATIVO"}
    assert json.loads(out)["summary"]["violazioni"] == 1
    code, out, _ = run(["check", str(CASE), "-f", "json", "--select", "art. 23"], capsys)
    assert code == 0 and findings(out) and all(f["source"].startswith("L.R. 16/2016 art. 23") for f in findings(out))
    code, out, _ = run(["check", str(CASE), "-f", "json", "--select", "avviso"], capsys)
    assert code == 0 and {f["severity"] for f in findings(out)} == {"avviso"}
    code, out, _ = run(["check", str(CASE), "-f", "json", "--ignore", "violazione", "--ignore", "DATI-"], capsys)
    assert code == 0
    kept = findings(out)
    assert kept and not any(f["severity"] == "violazione" or f["rule_id"].startswith("DATI-") for f in kept)
    assert len(kept) == sum(1 for f in every if f["severity"] != "violazione" and not f["rule_id"].startswith("DATI-"))


def test_unknown_selector_is_a_located_usage_error(capsys):
    code, _, err = run(["check", str(CASE), "--select", "RR4-A5-C1-OBBLIGO-INFORMATIV0"], capsys)
    assert code == 2 and "--select" in err and "Forse «RR4-A5-C1-OBBLIGO-INFORMATIVO»?" in err
    code, _, err = run(["check", str(CASE), "--ignore", "art. 99"], capsys)
    assert code == 2 and "art. 99" in err and "Traceback" not in err


def test_fail_on_for_check(capsys):
    assert run(["check", str(CASE), "-f", "json", "--select", "avviso"], capsys)[0] == 0
    assert run(["check", str(CASE), "-f", "json", "--select", "avviso", "--fail-on", "avviso"], capsys)[0] == 1
    assert run(["check", str(CASE), "-f", "json", "--fail-on", "mai"], capsys)[0] == 0


# ---- configuration file -----------------------------------------------------------------------------

def test_config_file_found_upward_and_overridden_by_the_command_line(tmp_path, capsys, monkeypatch):
    (tmp_path / "compliance.toml").write_text(
        'lang = "en"\nfail-on = "mai"\nignore = ["DATI-NOMI-COMUNI-ISTAT"]\nformat = "json"\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    code, out, _ = run(["check", str(CASE)], capsys)
    data = json.loads(out)  # format from the config
    assert code == 0 and data["lang"] == "en"  # fail-on mai, English
    assert not any(f["rule_id"] == "DATI-NOMI-COMUNI-ISTAT" for f in data["findings"])
    code, out, _ = run(["check", str(CASE), "--lang", "it", "--fail-on", "violazione", "--ignore", "avviso"], capsys)
    data = json.loads(out)
    assert code == 1 and data["lang"] == "it"  # the command line wins
    assert any(f["rule_id"] == "DATI-NOMI-COMUNI-ISTAT" for f in data["findings"]) is False  # avviso ignored
    assert any(f["severity"] == "informazione" for f in data["findings"])


def test_pyproject_tool_table(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.compliance]\nselect = ["RR4-A5-C1-OBBLIGO"]\n',
                                             encoding="utf-8")
    code, out, _ = run(["check", str(CASE), "-f", "json"], capsys)
    assert code == 1 and {f["rule_id"] for f in findings(out)} == {"RR4-A5-C1-OBBLIGO-INFORMATIVO"}
    # a pyproject without the table is passed over
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    _, out, _ = run(["check", str(CASE), "-f", "json"], capsys)
    assert len(findings(out)) > 1


@pytest.mark.parametrize("text, line, words", [
    ('lang = "fr"\n', 1, "lang: valore ammesso: it, en"),
    ('\n\nfail_on = "avviso"\n', 3, "fail_on: chiave sconosciuta"),
    ('select = "RR4"\nignore = 3\n', 2, "ignore: atteso un testo o una lista di testi"),
    ('jobs = 0\n', 1, "jobs: atteso un numero intero da 1 in su"),
    ('lang = "it"\nfail-on = \n', 2, "TOML non valido"),
])
def test_bad_config_is_a_located_exit_2(tmp_path, capsys, text, line, words):
    (tmp_path / "compliance.toml").write_text(text, encoding="utf-8")
    code, out, err = run(["check", str(CASE)], capsys)
    assert code == 2 and out == ""
    assert f"compliance.toml:{line}:" in err and words in err, err
    assert "Traceback" not in err
    code, _, err = run(["audit", str(CASE), "-o", str(tmp_path / "o")], capsys)
    assert code == 2 and f"compliance.toml:{line}:" in err
    assert not (tmp_path / "o").exists()


def test_fail_on_did_you_mean_and_explicit_config(tmp_path, capsys):
    cfg = tmp_path / "altrove.toml"
    cfg.write_text('fail-onn = "mai"\n', encoding="utf-8")
    code, _, err = run(["check", str(CASE), "--config", str(cfg)], capsys)
    assert code == 2 and "Forse «fail-on»?" in err


# ---- baseline -------------------------------------------------------------------------------------

def test_fingerprint_ignores_the_message_and_the_folder():
    a = fingerprint("RR4-A5-C1-OBBLIGO-INFORMATIVO", "Comune di Trescore Cremasco",
                    plan_key("piano_annuale", 2021, "Ambito Distrettuale  Cremasco"), "non_conforme")
    b = fingerprint("rr4-a5-c1-obbligo-informativo", "Comune di  Trescore Cremasco",
                    plan_key("piano_annuale", 2021, "ambito distrettuale cremasco"), "non_conforme")
    assert a == b
    assert a != fingerprint("RR4-A5-C1-OBBLIGO-INFORMATIVO", "Comune di Trescore Cremasco",
                            plan_key("piano_annuale", 2021, "Ambito Distrettuale Cremasco"), "non_valutabile")


def test_baseline_check_fails_only_on_new_findings(tmp_path, capsys):
    base = tmp_path / "baseline.json"
    code, _, err = run(["check", str(CASE), "-f", "json", "--write-baseline", str(base)], capsys)
    assert code == 0 and "Baseline scritta" in err  # every current finding accepted
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["versione_schema"] == "1.0" and len(data["rilievi"]) > 10
    assert {"impronta", "regola", "soggetto", "piano", "esito", "gravita", "messaggio"} <= set(data["rilievi"][0])
    # the same plan elsewhere, with the same findings: nothing new
    moved = tmp_path / "altrove" / "piano.yaml"
    moved.parent.mkdir()
    shutil.copy(CASE, moved)
    code, out, err = run(["check", str(moved), "-f", "json", "--baseline", str(base)], capsys)
    assert code == 0 and findings(out) == [] and "già nella baseline" in err
    # a new violation: Castelleone's police reserve at 15%
    plan = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    for row in plan["tabelle"]["i_forze_di_polizia"]["righe"]:
        if row["comune"] == "Castelleone":
            row["quota_percentuale"] = 15
    changed = tmp_path / "cambiato.yaml"
    changed.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(["check", str(changed), "-f", "json", "--baseline", str(base)], capsys)
    new = findings(out)
    assert code == 1 and [f["rule_id"] for f in new if f["severity"] == "violazione"] == ["RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"]
    # SARIF keeps the accepted ones, marked
    _, out, _ = run(["check", str(changed), "-f", "sarif", "--baseline", str(base)], capsys)
    states = {r["baselineState"] for r in json.loads(out)["runs"][0]["results"] if "baselineState" in r}
    assert states == {"new", "unchanged"}


def test_bad_baseline_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "b.json"
    bad.write_text('{"rilievi": [\n  {"regola": 1}\n', encoding="utf-8")
    code, _, err = run(["check", str(CASE), "--baseline", str(bad)], capsys)
    assert code == 2 and "b.json:3:" in err and "JSON non valido" in err
    code, _, err = run(["check", str(CASE), "--baseline", str(tmp_path / "manca.json")], capsys)
    assert code == 2 and "--write-baseline" in err


def test_audit_baseline_and_config(tmp_path, capsys):
    from compliance.synth import generate

    plans = tmp_path / "piani"
    generate(plans, seed=6, ambiti=4, years=[2025, 2026], defect_share=0.8)
    base = tmp_path / "baseline.json"
    code, _, err = run(["audit", str(plans), "-o", str(tmp_path / "a"), "--write-baseline", str(base)], capsys)
    assert code == 0 and "Baseline scritta" in err
    code, _, _ = run(["audit", str(plans), "-o", str(tmp_path / "b"), "--baseline", str(base)], capsys)
    assert code == 0
    data = json.loads((tmp_path / "b" / "audit.json").read_text(encoding="utf-8"))
    assert data["totali"]["rilievi_accettati"] > 0 and data["totali"]["violazioni"] == 0
    assert data["filtri"]["baseline"] == str(base)
    # the config gives the audit its formats and its fail-on
    (tmp_path / "compliance.toml").write_text('audit-formats = ["json", "csv"]\nfail-on = "informazione"\n',
                                              encoding="utf-8")
    code, _, _ = run(["audit", str(plans), "-o", str(tmp_path / "c")], capsys)
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["audit.json", "piani", "riepilogo.csv",
                                                                 "rilievi.csv", "unita.csv"]
    assert all(p.suffix == ".json" for p in (tmp_path / "c" / "piani").iterdir())
