"""`compliance whatif` on the Cremasco 2021 case: scenarios as YAML files and --set options.

Every verdict compared here comes from check_plan (durable-rules). The plan's own approval date
(28 January 2021) selects the 2019 text of art. 7 bis (police reserve up to 10%); it is also
given explicitly with --date where the test is about that text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.cli import main

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
POLICE = "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"
ONLY_COMUNAL = "RR4-A13-C3-SOGLIA-SOLO-COMUNALE"
CASTELLEONE_SHARE = "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def whatif_json(capsys, *args) -> dict:
    code, out, err = run(capsys, "whatif", CREMASCO, *args, "-f", "json")
    assert code in (0, 1), err
    return json.loads(out)


def rule_outcome(doc_rules: list[dict], rule_id: str) -> str:
    return next(r["after"] for r in doc_rules if r["id"] == rule_id)


def findings_of(scenario: dict, rule_id: str) -> list[dict]:
    return [c for c in scenario["finding_changes"] if c["rule_id"] == rule_id]


# ---- the police reserve: 10% conforme, 15% non conforme (2019 text) -------------------------------


def test_castelleone_reserve_15_is_non_conforme_and_10_conforme(capsys):
    doc = whatif_json(capsys, "--date", "2021-01-28", "--set", f"{CASTELLEONE_SHARE}=15")
    assert doc["reference_date"] == "2021-01-28"
    [sc] = doc["scenarios"]
    assert sc["changes"] == [{"op": "set", "path": CASTELLEONE_SHARE, "old": 10, "new": 15}]
    assert rule_outcome(sc["rule_changes"], POLICE) == "non_conforme"
    [change] = findings_of(sc, POLICE)
    assert change["status"] == "nuovo" and change["subject"] == "Castelleone"
    assert change["after"]["outcome"] == "non_conforme" and change["after"]["severity"] == "violazione"
    assert "15%" in change["after"]["message"]
    assert sc["summary"]["violazioni"] == doc["baseline"]["summary"]["violazioni"] + 1

    # the same plan at 10% (its real value, set explicitly): nothing about the reserve changes
    doc = whatif_json(capsys, "--date", "2021-01-28", "--set", f"{CASTELLEONE_SHARE}=10")
    [sc] = doc["scenarios"]
    assert findings_of(sc, POLICE) == [] and not any(r["id"] == POLICE for r in sc["rule_changes"])
    assert sc["summary"] == doc["baseline"]["summary"]


def test_scenario_file_in_italian_text(capsys, tmp_path):
    scenario = tmp_path / "castelleone-15.yaml"
    scenario.write_text(
        "nome: Castelleone al 15%\n"
        "descrizione: Riserva per le Forze di Polizia portata al 15%.\n"
        "modifiche:\n"
        f"  {CASTELLEONE_SHARE}: 15\n",
        encoding="utf-8",
    )
    before = scenario.read_bytes()
    code, out, err = run(capsys, "whatif", CREMASCO, scenario, "--date", "2021-01-28")
    assert code == 1, err
    assert "Scenario: Castelleone al 15%" in out
    words = " ".join(out.split())  # the terminal folds long lines
    assert "Castelleone — tabella i) Forze di Polizia e VVF: quota: 10% → 15%" in words
    assert ("NUOVO — Castelleone: Riserva per Forze di Polizia e Vigili del Fuoco fino al 10% "
            "(non conforme, violazione)") in words
    rules = words.split("Regole che cambiano esito", 1)[1].split("Rilievi", 1)[0]
    assert "Riserva per Forze di Polizia e Vigili del Fuoco fino al" in rules and "conforme non conforme" in rules
    assert POLICE not in out  # rules by their title, not their id
    # only real changes: the notification finding changes its numbers, not its outcome
    assert "1 altro rilievo cambia solo nei numeri, con lo stesso esito." in words
    assert "non valutabile → non valutabile" not in words
    # what it means in units, next to the baseline: Castelleone's own row
    assert "Unità per comune" in out
    assert any(line.strip() == "Comune di Castelleone" for line in out.splitlines())
    assert max(len(line) for line in out.splitlines()) <= 80
    assert scenario.read_bytes() == before  # input files are never modified


def test_english_output(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--set", f"{CASTELLEONE_SHARE}=15", "--lang", "en")
    assert code == 1
    words = " ".join(out.split())
    assert ("NEW — Castelleone: Reserve for Forze di Polizia and Vigili del Fuoco up to 10% "
            "(non-compliant, violation)") in words
    assert "Units per comune (baseline → scenario)" in out


def test_markdown_output_written_atomically(capsys, tmp_path):
    target = tmp_path / "whatif.md"
    code, out, _ = run(capsys, "whatif", CREMASCO, "--set", f"{CASTELLEONE_SHARE}=15", "-f", "md", "-o", target)
    assert code == 1 and out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Che cosa succede se — Ambito Distrettuale Cremasco 2021")
    assert "| Comune | Disp. | Indig. | FdP | P.L. | Cat. | Grad. |" in text
    assert "| **Comune di Castelleone** |" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whatif.md"]


# ---- the indigent share above 20%: ALER stock (non conforme) against comunal stock (conforme) ------


def _g_row_scenario(tmp_path: Path, owner: str) -> Path:
    path = tmp_path / "crema-30.yaml"
    path.write_text(
        "nome: Crema al 30% per gli indigenti\n"
        "aggiungi:\n"
        "  tabelle.g_soglia_indigenti_oltre_20.righe:\n"
        f"    - {{comune: Crema, quota_percentuale: 30, ente_proprietario: {owner}}}\n",
        encoding="utf-8",
    )
    return path


def test_indigent_share_above_20_on_aler_units_is_non_conforme(capsys, tmp_path):
    doc = whatif_json(capsys, _g_row_scenario(tmp_path, "ALER Brescia-Cremona-Mantova"))
    [sc] = doc["scenarios"]
    assert sc["changes"][0]["op"] == "add"
    assert rule_outcome(sc["rule_changes"], ONLY_COMUNAL) == "non_conforme"
    [change] = findings_of(sc, ONLY_COMUNAL)
    assert change["status"] == "nuovo" and change["after"]["outcome"] == "non_conforme"
    assert "ALER" in change["after"]["message"]


def test_indigent_share_above_20_on_comunal_units_is_conforme_and_costs_units(capsys, tmp_path):
    doc = whatif_json(capsys, _g_row_scenario(tmp_path, "Comune di Crema"))
    [sc] = doc["scenarios"]
    assert findings_of(sc, ONLY_COMUNAL) == []
    assert not any(r["id"] == ONLY_COMUNAL and r["after"] == "non_conforme" for r in sc["rule_changes"])
    # in units: Crema's own 34 units, 30% to indigent households rounded up = 11 (was 7 at 20%)
    [row] = [u for u in sc["units"] if u["ente"] == "Comune di Crema" and u["comune"] == "Crema"]
    assert row["before"]["unita_anno"] == row["after"]["unita_anno"] == 34
    assert (row["before"]["indigenti"], row["after"]["indigenti"]) == (7, 11)
    assert row["after"]["graduatoria"] == row["before"]["graduatoria"] - 4


def test_several_scenarios_and_rows_removed(capsys, tmp_path):
    first = _g_row_scenario(tmp_path, "Comune di Crema")
    second = tmp_path / "senza-transitori.yaml"
    second.write_text(
        "rimuovi:\n  - tabelle.j_servizi_abitativi_transitori.righe[comune=Bagnolo Cremasco]\n"
        "modifiche:\n  tabelle.j_servizi_abitativi_transitori.righe[comune=Crema].unita_immobiliari: 16\n",
        encoding="utf-8",
    )
    doc = whatif_json(capsys, first, second)
    names = [s["name"] for s in doc["scenarios"]]
    assert names == ["Crema al 30% per gli indigenti", "senza-transitori"]
    ops = [(c["op"], c["path"]) for c in doc["scenarios"][1]["changes"]]
    assert ops == [("remove", "tabelle.j_servizi_abitativi_transitori.righe[comune=Bagnolo Cremasco]"),
                   ("set", "tabelle.j_servizi_abitativi_transitori.righe[comune=Crema].unita_immobiliari")]
    assert doc["scenarios"][1]["changes"][1]["old"] == 14


def test_approval_date_changes_the_reference_date(capsys):
    doc = whatif_json(capsys, "--set", "approvazione.data=2020-12-15")
    [sc] = doc["scenarios"]
    assert sc["reference_date"] == "2020-12-15"
    [change] = findings_of(sc, "RR4-A4-APPROVAZIONE-31-DICEMBRE")
    assert change["status"] == "risolto"


# ---- bad scenarios: exit 2, a clear Italian message, nothing written --------------------------------


def test_unknown_field_names_the_path_and_suggests(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "whatif", CREMASCO, "-o", target, "--set",
                         "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentual=15")
    assert code == 2 and out == ""
    assert err.strip() == (
        "errore: --set: tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentual: campo "
        "«quota_percentual» sconosciuto in tabelle.i_forze_di_polizia.righe[comune=Castelleone]. "
        "Forse «quota_percentuale»? Campi ammessi: " + err.split("Campi ammessi: ")[1].strip()
    )
    assert "comune, quota_percentuale" in err and "Traceback" not in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_unknown_field_in_a_scenario_file_names_file_and_line(capsys, tmp_path):
    scenario = tmp_path / "typo.yaml"
    scenario.write_text("nome: refuso\nmodifiche:\n  tabelle.i_forze_di_polizia.righe[0].quota: 15\n"
                        "  tabele.b_carenza_manutentiva.totale: 9\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", CREMASCO, scenario)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"errore: {scenario}:3: tabelle.i_forze_di_polizia.righe[0].quota: campo «quota» sconosciuto")
    assert "Forse «quota_percentuale»?" in lines[0]
    assert lines[1].startswith(f"errore: {scenario}:4: tabele.b_carenza_manutentiva.totale: campo «tabele» sconosciuto")
    assert "Forse «tabelle»?" in lines[1]


@pytest.mark.parametrize("option,phrase", [
    (f"{CASTELLEONE_SHARE}=150", "deve essere al massimo 100, trovato 150"),
    (f"{CASTELLEONE_SHARE}=dieci", "atteso un numero, trovato 'dieci'"),
    ("tabelle.i_forze_di_polizia.righe[comune=Castelone].quota_percentuale=5",
     "nessuna riga di tabelle.i_forze_di_polizia.righe con comune=Castelone. Forse «Castelleone»?"),
    ("tabelle.b_carenza_manutentiva.righe[ente_proprietario=ALER Brescia-Cremona-Mantova].unita_immobiliari=2",
     "5 righe di tabelle.b_carenza_manutentiva.righe hanno ente_proprietario=ALER Brescia-Cremona-Mantova: precisare"),
    ("tabelle.i_forze_di_polizia.righe[7].quota_percentuale=5", "ha 1 riga: l'indice 7 non esiste"),
    ("tabelle.i_forze_di_polizia.righe[comune=Castelleone", "atteso PERCORSO=VALORE"),
    ("tabelle..i_forze_di_polizia=5", "percorso con una parte vuota"),
    ("quota", "atteso PERCORSO=VALORE"),
    ("approvazione.data=2021-13-45", "valore non leggibile"),
])
def test_bad_set_options(capsys, option, phrase):
    code, out, err = run(capsys, "whatif", CREMASCO, "--set", option)
    assert code == 2 and out == ""
    assert phrase in err and err.startswith("errore: ") and "Traceback" not in err


def test_adding_a_row_that_exists_is_refused(capsys, tmp_path):
    scenario = tmp_path / "doppia.yaml"
    scenario.write_text("aggiungi:\n  tabelle.i_forze_di_polizia.righe:\n"
                        "    - {comune: Castelleone, quota_percentuale: 5}\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", CREMASCO, scenario)
    assert code == 2
    assert f"{scenario}:3:" in err and "la riga comune=Castelleone c'è già: per cambiarla usare «modifiche»" in err


def test_bad_added_rows_are_located_on_their_own_lines(capsys, tmp_path):
    scenario = tmp_path / "righe.yaml"
    scenario.write_text("aggiungi:\n  tabelle.g_soglia_indigenti_oltre_20.righe:\n"
                        "    - {comune: Crema, quota_percentuale: trenta}\n"
                        "    - {comune: Vailate, quota_percentuale: 130}\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", CREMASCO, scenario)
    assert code == 2
    assert err.splitlines() == [
        f"errore: {scenario}:3: tabelle.g_soglia_indigenti_oltre_20.righe[comune=Crema].quota_percentuale: "
        "atteso un numero, trovato 'trenta'",
        f"errore: {scenario}:4: tabelle.g_soglia_indigenti_oltre_20.righe[comune=Vailate].quota_percentuale: "
        "deve essere al massimo 100, trovato 130",
    ]


def test_scenario_with_unknown_top_key_and_empty_scenario(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("nome: x\nmodifica:\n  anno: 2022\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", CREMASCO, bad)
    assert code == 2 and f"{bad}:2: modifica: campo sconosciuto" in err and "Forse «modifiche»?" in err
    empty = tmp_path / "empty.yaml"
    empty.write_text("nome: niente\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", CREMASCO, empty)
    assert code == 2 and "lo scenario non contiene modifiche" in err


def test_nothing_to_do_and_bad_format(capsys):
    code, _, err = run(capsys, "whatif", CREMASCO)
    assert code == 2 and "indicare almeno uno scenario" in err
    code, _, err = run(capsys, "whatif", CREMASCO, "--plot", "x.png", "--set", "anno=2021")
    assert code == 2 and "--plot richiede --sweep" in err


# ---- the example scenarios shipped with the project -------------------------------------------------


def test_example_scenarios_of_the_cremasco_case(capsys):
    folder = ROOT / "scenarios" / "cremasco-2021"
    files = sorted(folder.glob("*.yaml"))
    assert [f.name for f in files] == ["castelleone-riserva-15.yaml", "crema-indigenti-30.yaml",
                                       "crema-transitori-16.yaml"]
    code, out, _ = run(capsys, "whatif", CREMASCO, *files)
    assert code == 1
    comparison = out.split("Confronto\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert comparison[0].split() == ["Scenario", "Violazioni", "Avvisi", "Non", "valutabili", "Rilievi", "che", "cambiano"]
    rows = [line.split() for line in comparison[1:]]
    counted = [r for r in rows if len(r) > 4 and r[-1] in ("—", "0", "1", "2")]
    assert [r[0] for r in counted] == ["piano", "Castelleone,", "Crema,", "Crema,"]
    # violations, warnings, not assessable, findings that really change (outcome or severity)
    assert [r[-4:] for r in counted] == [["1", "7", "42", "—"], ["2", "7", "42", "1"],
                                                    ["1", "7", "42", "0"], ["1", "7", "42", "0"]]
    doc = whatif_json(capsys, *files)
    police, indigent, transitional = doc["scenarios"]
    assert rule_outcome(police["rule_changes"], POLICE) == "non_conforme"
    assert findings_of(indigent, ONLY_COMUNAL) == []
    [change] = findings_of(transitional, "LR16-A23-C13-SAT-10")
    assert change["status"] == "cambiato" and "16 unità" in change["after"]["message"]


def test_three_year_plan_is_loaded_with_its_own_model(capsys):
    triennale = ROOT / "cases" / "cremonese-triennale-2023-2025.yaml"
    code, out, err = run(capsys, "whatif", triennale, "--set", "approvazione.data=2022-11-30", "-f", "json")
    assert code in (0, 1), err
    [sc] = json.loads(out)["scenarios"]
    assert sc["reference_date"] == "2022-11-30"
    code, _, err = run(capsys, "whatif", triennale, "--set", "tabelle.i_forze_di_polizia.righe[0].quota_percentuale=5")
    assert code == 2 and "campo «tabelle» sconosciuto in (il piano)" in err  # a three-year plan has no tables
