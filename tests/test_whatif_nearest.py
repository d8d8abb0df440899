"""The nearest compliant plan: computed from the rule conditions, verified by check_plan."""

from __future__ import annotations

import datetime

import json
from pathlib import Path

import pytest

from compliance.cli import main

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
SHARE = "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def suggestions(capsys, *sets) -> dict:
    args = []
    for s in sets:
        args += ["--set", s]
    code, out, err = run(capsys, "whatif", CREMASCO, *args, "--suggerisci", "-f", "json")
    assert code in (0, 1), err
    [sc] = json.loads(out)["scenarios"]
    return sc["nearest"]


def by_rule(nearest: dict, rule_id: str) -> dict:
    [s] = [s for s in nearest["suggestions"] if s["rule_id"] == rule_id]
    return s


def test_share_above_the_limit_goes_back_to_the_limit(capsys):
    n = suggestions(capsys, f"{SHARE}=15")
    s = by_rule(n, "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA")
    assert (s["path"], s["old"], s["new"], s["verified"]) == (SHARE, 15, 10, True)


def test_share_above_20_on_aler_stock_goes_to_20(capsys):
    row = "{comune: Crema, quota_percentuale: 35, ente_proprietario: ALER Brescia-Cremona-Mantova}"
    n = suggestions(capsys, f"tabelle.g_soglia_indigenti_oltre_20.righe=[{row}]")
    s = by_rule(n, "RR4-A13-C3-SOGLIA-SOLO-COMUNALE")
    assert s["path"] == "tabelle.g_soglia_indigenti_oltre_20.righe[comune=Crema].quota_percentuale"
    assert (s["old"], s["new"], s["verified"]) == (35, 20, True)


def test_a_total_that_does_not_add_up_gets_the_balancing_value(capsys):
    n = suggestions(capsys, "tabelle.b_carenza_manutentiva.totale=12")
    s = by_rule(n, "RR4-A4-C3-TOTALI-COLONNA")
    # the declared total is changed, not a row that other sums (table f) also use
    assert (s["path"], s["old"], s["new"], s["verified"]) == ("tabelle.b_carenza_manutentiva.totale", 12, 9, True)


def test_what_no_number_decides_is_said_not_guessed(capsys):
    n = suggestions(capsys, f"{SHARE}=15")
    s = by_rule(n, "RR4-A5-C1-OBBLIGO-INFORMATIVO")
    assert s["new"] is None and s["verified"] is False and s["not_computable"] == "no_numeric"


def test_all_suggestions_together_are_verified(capsys):
    n = suggestions(capsys, f"{SHARE}=15", "tabelle.b_carenza_manutentiva.totale=12")
    assert n["violations_before"] == n["violations_after"] + 2
    assert {c["path"] for c in n["changes"]} >= {SHARE, "tabelle.b_carenza_manutentiva.totale"}


def test_text_of_the_suggestion(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--set", f"{SHARE}=15", "--suggerisci")
    words = " ".join(out.split())
    assert ("Castelleone: Riserva per Forze di Polizia e Vigili del Fuoco fino al 10% → "
            "Castelleone — tabella i) Forze di Polizia e VVF: quota: 15% → 10%") in words
    assert "verificato: il rilievo scompare e non ne compaiono di nuovi" in words


def test_baseline_alone(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--suggerisci", "-f", "json")
    doc = json.loads(out)
    assert doc["scenarios"] == [] and doc["nearest"]["violations_before"] == doc["baseline"]["summary"]["violazioni"]


def test_a_rounded_up_reserve_is_traced_through_its_lowest_value(capsys):
    # ceil(10% × 2) = ceil(11% × 2) = 1: one step does not move Castelleone's units, its lowest
    # value (0%) does; the reserve that leaves nothing to the general ranking goes to 0%
    code, out, _ = run(capsys, "whatif", CREMASCO, "--suggerisci", "-f", "json")
    nearest = json.loads(out)["nearest"]
    s = by_rule(nearest, "RR4-A15-C1-RISERVE-NULLA-GRADUATORIA")
    assert (s["path"], s["old"], s["new"], s["verified"]) == (SHARE, 10, 0, True)


def test_two_suggestions_for_one_field_are_reconciled(capsys):
    # at 15% the police reserve is above 10% (→ 10%) and, on Castelleone's 2 units, leaves nothing
    # to the general ranking (→ 0%); together the value that leaves fewer findings is kept
    n = suggestions(capsys, f"{SHARE}=15")
    values = {s["new"] for s in n["suggestions"] if s["path"] == SHARE and s["verified"]}
    assert values == {10, 0}
    [change] = [c for c in n["changes"] if c["path"] == SHARE]
    assert (change["old"], change["new"]) == (15, 0)
    assert n["non_conformi_after"] < n["non_conformi_before"]


def test_no_past_date_and_no_fact_is_ever_proposed(capsys):
    # Cremasco was approved on 28/01/2021, after the 31 December deadline: moving the approval
    # to 2020 would backdate an adopted act. The finding is to be remedied by a new act.
    code, out, _ = run(capsys, "whatif", CREMASCO, "--suggerisci", "-f", "json")
    doc = json.loads(out)
    s = by_rule(doc["nearest"], "RR4-A4-APPROVAZIONE-31-DICEMBRE")
    assert s["new"] is None and s["not_computable"] == "fact" and s["facts"] == ["approvazione.data"]
    for suggestion in doc["nearest"]["suggestions"]:
        assert not isinstance(suggestion["new"], str), suggestion  # no date proposed at all
    assert all(not c["path"].startswith(("approvazione", "tabelle.a_", "tabelle.k_"))
               for c in doc["nearest"]["changes"])
    code, text, _ = run(capsys, "whatif", CREMASCO, "--suggerisci")
    words = " ".join(text.split())
    assert ("Il piano: Approvazione del piano annuale entro il 31 dicembre dell'anno precedente → "
            "da sanare con un nuovo atto") in words
    assert "dipende da fatti, non da scelte del piano: approvazione: data" in words


def test_the_choice_fields_are_data():
    from compliance.whatif.nearest import CHOICES_FILE, may_change

    assert CHOICES_FILE.name == "choices.yaml"
    day = datetime.date(2021, 1, 28)
    share = ("tabelle", "i_forze_di_polizia", "righe", 0, "quota_percentuale")
    stock = ("tabelle", "a_consistenza_patrimonio", "righe", 0, "alloggi_sap")
    assigned = ("tabelle", "k_assegnate_anno_precedente", "righe", 0, "alloggi_sap_assegnati")
    assert may_change(share, 10, day) and not may_change(stock, 18, day) and not may_change(assigned, 3, day)
    assert may_change(("tabelle", "b_carenza_manutentiva", "totale"), 9, day)  # a declared total: a correction
    assert not may_change(("approvazione", "data"), day, day)  # on the reference date: done
    assert may_change(("approvazione", "data"), day + datetime.timedelta(days=1), day)
