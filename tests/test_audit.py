"""`compliance audit` on a generated set: every planted defect is found, and nothing else."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.synth import generate
from compliance.synth.verify import compare


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    plans = tmp_path_factory.mktemp("piani")
    manifest = generate(plans, seed=5, ambiti=8, defect_share=0.6)
    out = tmp_path_factory.mktemp("audit")
    code = run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"])
    return plans, manifest, out, code


def test_finds_every_planted_defect_and_nothing_else(audited):
    _, manifest, out, code = audited
    assert code == 0
    kinds = {d["kind"] for d in manifest["defects"]}
    assert len(kinds) >= 12, kinds  # the small set exercises (nearly) the whole catalogue
    data = json.loads((out / "audit.json").read_text())
    for p in data["piani"]:
        assert p["stato"] == "valutato", p["errori"]
    result = compare(out / "audit.json", manifest)
    assert result.expected and result.missed == set()
    # nothing else: every finding is an expected one (a cross-plan finding may name two plans)
    assert result.other == set()


def test_outputs_summary_csv_reports_and_overview(audited):
    _, manifest, out, _ = audited
    raw = (out / "riepilogo.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) == manifest["plans"] == 24
    assert {r["stato"] for r in rows} == {"valutato"}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r["data_approvazione"]) for r in rows)
    assert all(r["provincia"] for r in rows)
    assert all(re.fullmatch(r"\d{6}", r["codice_istat_capofila"]) for r in rows)  # ISTAT code beside the name
    one = rows[0]
    assert one["esito_peggiore"] == "violazione"  # the worst first
    stem = one["piano"].replace("/", "__").removesuffix(".yaml")
    assert (out / "piani" / f"{stem}.md").read_text().startswith("# ")
    assert json.loads((out / "piani" / f"{stem}.json").read_text())["plan"]["anno"] == int(one["anno"])
    page = (out / "index.html").read_text()
    assert "<script>" in page and "http://" not in page and "https://" not in page
    assert not list(out.rglob("*.tmp"))


def test_fail_on_and_filters(audited, tmp_path):
    plans, manifest, _, _ = audited
    assert run(["audit", str(plans), "-o", str(tmp_path / "a")]) == 1  # violations, default --fail-on
    assert run(["audit", str(plans), "-o", str(tmp_path / "b"), "--severity", "informazione",
                "--fail-on", "violazione"]) == 0
    code = run(["audit", str(plans), "-o", str(tmp_path / "c"), "--year", "2025",
                "--rule", "RR4-A4-C3A-TOTALE-RIGA", "--fail-on", "informazione"])
    data = json.loads((tmp_path / "c" / "audit.json").read_text())
    assert {p["anno"] for p in data["piani"]} == {2025}
    rules = {f["regola"] for p in data["piani"] for f in p["rilievi"]} | {f["regola"] for f in data["rilievi_tra_piani"]}
    assert rules <= {"RR4-A4-C3A-TOTALE-RIGA"}
    planted = any(d["rule_id"] == "RR4-A4-C3A-TOTALE-RIGA" and d["plan"].startswith("2025/") for d in manifest["defects"])
    assert code == (1 if planted else 0)


def test_broken_plan_is_listed_and_does_not_stop_the_audit(audited, tmp_path):
    plans, manifest, _, _ = audited
    folder = tmp_path / "piani"
    shutil.copytree(plans, folder)
    bad = folder / "2025" / "rotto.yaml"
    bad.write_text("tipo: piano_annuale\nanno: duemila\nambito: {denominazione: X}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(["audit", str(folder), "-o", str(out), "--fail-on", "mai"]) == 2
    data = json.loads((out / "audit.json").read_text())
    broken = [p for p in data["piani"] if p["stato"] == "file_non_valido"]
    assert [p["piano"] for p in broken] == ["2025/rotto.yaml"]
    assert "rotto.yaml:2" in broken[0]["errori"][0] and "anno" in broken[0]["errori"][0]
    assert sum(1 for p in data["piani"] if p["stato"] == "valutato") == manifest["plans"]


def test_bad_usage_exit_2(tmp_path, capsys):
    assert run(["audit", str(tmp_path / "manca"), "-o", str(tmp_path / "o")]) == 2
    assert "percorso non trovato" in capsys.readouterr().err
    (tmp_path / "vuota").mkdir()
    assert run(["audit", str(tmp_path / "vuota"), "-o", str(tmp_path / "o")]) == 2
    assert run(["audit", str(tmp_path / "vuota"), "-o", str(tmp_path / "o"), "--fail-on", "tutto"]) == 2


def test_real_cases_annual_and_three_year(tmp_path):
    root = Path(__file__).resolve().parents[1] / "cases"
    out = tmp_path / "out"
    assert run(["audit", str(root), "-o", str(out)]) == 1  # Cremasco 2021: Trescore Cremasco did not report
    data = json.loads((out / "audit.json").read_text())
    by_name = {p["piano"]: p for p in data["piani"]}
    cremasco = by_name["cremasco-2021.yaml"]
    assert cremasco["stato"] == "valutato" and cremasco["violazioni"] == 1
    assert any(f["regola"] == "RR4-A5-C1-OBBLIGO-INFORMATIVO" and f["soggetto"] == "Comune di Trescore Cremasco"
               for f in cremasco["rilievi"])
    # the plan does not list its 48 comuni: whether they belong to one ambito only cannot be checked
    assert [(f["regola"], f["esito"]) for f in cremasco["rilievi_tra_piani"]] == [
        ("RR4-A2-C1-COMUNE-UN-SOLO-AMBITO", "non_valutabile")]
    assert all(p["stato"] == "valutato" for p in data["piani"])


def test_plans_under_the_2025_text(tmp_path):
    plans = tmp_path / "piani"
    manifest = generate(plans, seed=3, ambiti=8, years=[2025, 2026], defect_share=0.7)
    out = tmp_path / "out"
    assert run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"]) == 0
    data = json.loads((out / "audit.json").read_text())
    found = {(f["regola"], f["soggetto"], p["piano"], f["esito"]) for p in data["piani"] for f in p["rilievi"]}
    found |= {(f["regola"], f["soggetto"], plan, f["esito"]) for f in data["rilievi_tra_piani"] for plan in f["piani"]}
    expected = {(e["rule_id"], e["subject"], e["plan"], e["outcome"]) for d in manifest["defects"] for e in d["expected"]}
    assert expected <= found
    keyed = {(r, s, o) for r, s, _, o in expected}
    assert {x for x in found if (x[0], x[1], x[3]) not in keyed} == set()


def test_rules_across_plans_are_not_judged_on_a_single_plan(book, cremasco_report):
    import datetime

    day = datetime.date(2024, 12, 15)
    across = {r.id for r in book.in_force(day, scope="piani")}
    assert {"RR4-A2-C1-COMUNE-UN-SOLO-AMBITO", "RR4-A2-C1-VARIAZIONE-COMPOSIZIONE-AMBITO",
            "RR4-A4-C3-ASSEGNATE-RISPETTO-ASSEGNABILI", "RR4-A4-C3A-VARIAZIONE-CONSISTENZA"} <= across
    assert not across & {r.id for r in book.in_force(day)}  # the default scope is one plan
    shown = {r.id for r in cremasco_report.rules} | {r.id for r in cremasco_report.rules_not_in_force}
    assert not across & shown
    # their fixtures run like every other rule's (compliance rules test)
    from compliance.rules.fixtures import run_fixtures

    for rule in book.rules:
        if rule.spec.scope == "piani":
            assert all(res.ok for res in run_fixtures(rule)), rule.id
