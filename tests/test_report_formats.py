"""Report formats, the JSON contract, --date, --lang, --output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from compliance.cli import app
from tests.conftest import CREMASCO

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [*args])


def test_json_contract():
    result = run("check", str(CREMASCO), "-f", "json")
    data = json.loads(result.stdout)
    assert isinstance(data["findings"], list) and isinstance(data["rules"], list)
    for f in data["findings"]:
        assert {"rule_id", "outcome", "severity", "subject", "message", "source"} <= set(f)
        assert f["outcome"] in ("non_conforme", "non_valutabile")
        assert f["severity"] in ("violazione", "avviso", "informazione")
        assert isinstance(f["subject"], str) and f["subject"]
        assert isinstance(f["message"], str) and f["message"]
    for r in data["rules"]:
        assert {"id", "outcome"} <= set(r)
        assert r["outcome"] in ("conforme", "non_conforme", "non_valutabile")
    assert data["schema_version"] == "1.4"
    trescore = next(f for f in data["findings"] if f["rule_id"] == "RR4-A5-C1-OBBLIGO-INFORMATIVO")
    assert trescore["fields"] == ["riscontro"] and trescore["data"]["riscontro"] is False
    assert data["plan"]["sha256"] and data["ruleset"]["digest"]
    # since 1.3: ISTAT codes beside comune names, in the units rows and in findings about a comune
    crema = [u for u in data["units"] if u["comune"] == "Crema"]
    assert crema and {u["codice_istat"] for u in crema} == {"019035"}
    bagnolo = [f for f in data["findings"] if f["data"].get("comune") == "Bagnolo Cremasco"]
    assert bagnolo and all(f["data"]["codice_istat"] == "019005" for f in bagnolo)
    assert all(u["codice_istat"] is None for u in data["units"] if u["comune"] is None)


def test_json_is_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("check", str(CREMASCO), "-f", "json", "-o", str(a)).exit_code == 1
    assert run("check", str(CREMASCO), "-f", "json", "-o", str(b)).exit_code == 1
    assert a.read_bytes() == b.read_bytes()


def test_markdown_report(tmp_path):
    out = tmp_path / "report.md"
    result = run("check", str(CREMASCO), "--format", "md", "--output", str(out))
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Verifica di conformità: Ambito Distrettuale Cremasco, 2021")
    assert "Testi applicati" in text and "R.R. 3/2019" in text
    assert "Comune di Trescore Cremasco" in text and "R.R. 4/2017 art. 5 c. 1" in text
    assert "## Regole non valutabili: dati mancanti" in text
    assert "RR4-A5-C1-OBBLIGO-INFORMATIVO" not in text  # words, not codes


def test_terminal_report_in_italian():
    result = run("check", str(CREMASCO))
    assert "Verifica di conformità" in result.stdout
    assert "Violazione — Comune di Trescore Cremasco" in result.stdout
    assert "Il piano non è conforme: 1 violazione" in result.stdout
    assert "Esito: almeno una violazione." in result.stdout


def test_english_report():
    result = run("check", str(CREMASCO), "--lang", "en", "-f", "md")
    assert "# Compliance check" in result.stdout
    assert "failed its reporting duty" in result.stdout


def test_date_option_changes_the_reference_date():
    result = run("check", str(CREMASCO), "-f", "json", "--date", "2020-12-15")
    data = json.loads(result.stdout)
    assert data["reference_date"] == "2020-12-15" and data["reference_date_basis"] == "opzione"
    assert not any(f["rule_id"] == "RR4-A4-APPROVAZIONE-31-DICEMBRE" for f in data["findings"])
    # Trescore is still inadempiente: exit 1
    assert result.exit_code == 1


def test_date_before_2019_applies_the_original_text():
    result = run("check", str(CREMASCO), "-f", "json", "--date", "2019-01-15")
    data = json.loads(result.stdout)
    police = next(r for r in data["rules"] if r["id"] == "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA")
    # the original text has no police reserve: the 10% of Castelleone is only information
    assert police["version"] == "2018" and police["severity"] == "informazione"
    assert any(r["id"] == "RR4-A7BIS-C2-NOTIFICA-PREFETTURA" for r in data["rules_not_in_force"])
    rr4 = next(t for t in data["legal_texts"] if t["act"] == "R.R. 4/2017")
    assert rr4["version"] == "testo originario"


def test_schema_command_prints_the_plan_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"].startswith("Piano annuale")
    assert "tabelle" in schema["properties"]


def test_rules_list_and_test_commands():
    listed = run("rules", "list", "--date", "2021-01-28")
    assert listed.exit_code == 0 and "RR4-A13-C3-QUOTA-INDIGENTI" in listed.stdout
    tested = run("rules", "test")
    assert tested.exit_code == 0 and "0 falliti" in tested.stdout


def test_date_before_the_regulation_is_refused():
    result = run("check", str(CREMASCO), "--date", "2017-05-01")
    assert result.exit_code == 2 and "nessuna regola in vigore il 01/05/2017" in result.stderr


def test_facts_command_shows_what_the_rules_see():
    result = run("facts", str(CREMASCO))
    assert result.exit_code == 0
    facts = json.loads(result.stdout)
    aler = [f for f in facts if f["kind"] == "disponibilita_ente_comune" and f["comune"] is None]
    assert aler and aler[0]["unita_non_ripartite"] == 41 and aler[0]["unita_anno"] is None
