"""Defects planted in a copy of the Cremasco plan are found, with their numbers."""

from __future__ import annotations

import datetime

import pytest

from compliance.model.plan import RigaSogliaIndigenti
from tests.conftest import judge


@pytest.fixture
def plan(cremasco_plan):
    return cremasco_plan.model_copy(deep=True)


def only(report, rule_id):
    return [f for f in report.findings if f.rule_id == rule_id]


def test_row_total_that_does_not_add_up(plan, book):
    plan.tabelle.a_consistenza_patrimonio.righe[6].totale_unita_immobiliari = 360  # Crema: 353 + 5
    [f] = only(judge(plan, book), "RR4-A4-C3A-TOTALE-RIGA")
    assert f.subject == "Comune di Crema" and f.outcome == "non_conforme"
    assert "360" in f.message and "358" in f.message and f.data["differenza"] == 2
    # and the column total of a) no longer matches either
    cols = only(judge(plan, book), "RR4-A4-C3-TOTALI-COLONNA")
    assert [c.subject for c in cols] == ["tabella a) consistenza del patrimonio, colonna totale_unita_immobiliari"]
    assert cols[0].data["dichiarato"] == 1699 and cols[0].data["somma_righe"] == 1701
    assert cols[0].data["differenza"] == -2


def test_f_that_is_not_b_plus_c_plus_d_plus_e(plan, book):
    plan.tabelle.f_totale_assegnabili.righe[4].unita_immobiliari = 35  # Crema: 4 + 28 + 2
    plan.tabelle.f_totale_assegnabili.totale = 115
    [f] = only(judge(plan, book), "RR4-A4-C3B-TOTALE-ASSEGNABILI")
    assert f.subject == "Comune di Crema"
    assert "35" in f.message and "34" in f.message


def test_missing_table_makes_f_non_valutabile_never_zero(plan, book):
    plan.tabelle.e_conferite_da_privati = None
    report = judge(plan, book)
    res = next(r for r in report.rules if r.id == "RR4-A4-C3B-TOTALE-ASSEGNABILI")
    assert res.outcome == "non_valutabile" and res.non_valutabili == res.subjects
    indig = next(r for r in report.rules if r.id == "RR4-A13-C3-QUOTA-INDIGENTI")
    assert indig.outcome == "non_valutabile"
    assert all(f.outcome == "non_valutabile" for f in only(report, "RR4-A13-C3-QUOTA-INDIGENTI"))


def test_police_reserve_above_10_percent_under_2019_text(plan, book):
    plan.tabelle.i_forze_di_polizia.righe[0].quota_percentuale = 15
    [f] = only(judge(plan, book), "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA")
    assert f.outcome == "non_conforme" and f.severity == "violazione"
    assert f.subject == "Castelleone"
    assert "15%" in f.message and "10%" in f.message
    # Castelleone's own units in the year: 2 (table c); ceil(15% of 2) = 1
    assert f.data["unita_anno"] == 2 and f.data["unita_riservate"] == 1


def test_indigent_share_above_20_on_aler_units(plan, book):
    plan.tabelle.g_soglia_indigenti_oltre_20.righe = [
        RigaSogliaIndigenti(comune="Crema", quota_percentuale=30, ente_proprietario="ALER Brescia-Cremona-Mantova")
    ]
    [f] = only(judge(plan, book), "RR4-A13-C3-SOGLIA-SOLO-COMUNALE")
    assert f.outcome == "non_conforme" and "ALER" in f.message and "30%" in f.message


def test_indigent_share_above_20_on_comunal_units_is_conforme(plan, book):
    plan.tabelle.g_soglia_indigenti_oltre_20.righe = [RigaSogliaIndigenti(comune="Crema", quota_percentuale=30)]
    report = judge(plan, book)
    assert only(report, "RR4-A13-C3-SOGLIA-SOLO-COMUNALE") == []
    res = next(r for r in report.rules if r.id == "RR4-A13-C3-SOGLIA-SOLO-COMUNALE")
    assert res.outcome == "conforme" and res.subjects == 1


def test_no_ricognizione_is_non_valutabile(plan, book):
    plan.ricognizione = None
    report = judge(plan, book)
    res = next(r for r in report.rules if r.id == "RR4-A5-C1-OBBLIGO-INFORMATIVO")
    assert res.outcome == "non_valutabile"


def test_unknown_comune_name_is_reported_without_suggestion(plan, book):
    plan.tabelle.j_servizi_abitativi_transitori.righe[0].comune = "Borgo Inesistente"
    by = {f.subject: f for f in only(judge(plan, book), "DATI-NOMI-COMUNI-ISTAT")}
    assert "nessun comune lombardo" in by["«Borgo Inesistente»"].message


def test_approval_in_time_has_no_warning(plan, book):
    plan.approvazione.data = datetime.date(2020, 12, 15)
    assert only(judge(plan, book), "RR4-A4-APPROVAZIONE-31-DICEMBRE") == []


def test_evaluations_are_isolated_and_repeatable(cremasco_plan, plan, book):
    plan.tabelle.i_forze_di_polizia.righe[0].quota_percentuale = 15
    base1 = judge(cremasco_plan, book).model_dump()
    bad = judge(plan, book).model_dump()
    base2 = judge(cremasco_plan, book).model_dump()
    assert base1 == base2
    assert bad != base1


def test_unknown_reporting_of_the_other_comuni_is_non_valutabile(plan, book):
    plan.ricognizione.riscontro_di_tutti_gli_altri_enti = None
    report = judge(plan, book)
    res = next(r for r in report.rules if r.id == "RR4-A5-C1-OBBLIGO-INFORMATIVO")
    assert res.outcome == "non_conforme"  # Trescore is still inadempiente
    nv = [f for f in only(report, "RR4-A5-C1-OBBLIGO-INFORMATIVO") if f.outcome == "non_valutabile"]
    # 23 comuni in table a) plus Trescore are named; the other 24 of the 48 are unknown
    assert [f.subject for f in nv] == ["altri 24 comuni dell'ambito"]


def test_comune_that_no_longer_exists_on_the_date(plan, book):
    plan.tabelle.j_servizi_abitativi_transitori.righe[0].comune = "Piadena"
    by = {f.subject: f for f in only(judge(plan, book), "DATI-NOMI-COMUNI-ISTAT")}
    msg = by["«Piadena»"].message
    assert "non esiste alla data di riferimento" in msg and "31/12/2018" in msg
