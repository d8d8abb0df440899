"""The synthetic plan generator: valid, realistic, deterministic plans; clean plans are clean."""

from __future__ import annotations

import datetime

import pytest

from compliance.model.plan import PianoAnnuale
from compliance.synth import generate_plans
from compliance.synth.geography import ALER_BY_PROVINCE, TOTAL_AMBITI, lombardy_map
from compliance.synth.generator import DEFAULT_YEARS
from tests.conftest import judge


def test_lombardy_map_covers_the_region_with_91_ambiti():
    days = (datetime.date(DEFAULT_YEARS[0] - 1, 12, 1), datetime.date(DEFAULT_YEARS[-1], 1, 31))
    ambiti = lombardy_map(days)
    assert len(ambiti) == TOTAL_AMBITI
    comuni = [c for a in ambiti for c in a.comuni]
    assert len(comuni) == len(set(comuni)) >= 1495  # every current comune once (minus mergers in the span)
    assert {a.aler for a in ambiti} == set(ALER_BY_PROVINCE.values()) and len(set(ALER_BY_PROVINCE.values())) == 5
    assert any(a.comuni == ("Milano",) for a in ambiti)
    assert all(a.capofila == a.comuni[0] for a in ambiti)


def test_plans_are_valid_consistent_and_deterministic():
    one = generate_plans(seed=7, ambiti=5, defect_share=0.0)
    two = generate_plans(seed=7, ambiti=5, defect_share=0.0)
    assert one.manifest == two.manifest and [p.data for p in one.plans] == [p.data for p in two.plans]
    assert len(one.plans) == 5 * len(DEFAULT_YEARS)
    for p in one.plans:
        plan = p.model()
        assert isinstance(plan, PianoAnnuale)
        t = plan.tabelle
        assert plan.approvazione.data.month == 12 and plan.approvazione.data.year == plan.anno - 1
        f = sum(r.unita_immobiliari for r in t.f_totale_assegnabili.righe)
        assert f == t.f_totale_assegnabili.totale
        assert f == sum(getattr(t, x).totale for x in ("b_carenza_manutentiva", "c_nuova_edificazione",
                                                         "d_normale_avvicendamento", "e_conferite_da_privati"))
        for r in t.a_consistenza_patrimonio.righe:
            assert r.totale_unita_immobiliari == r.alloggi_sap + r.alloggi_sas
        assert all(r.quota_percentuale <= 10 for r in t.i_forze_di_polizia.righe)
        assert plan.ambito.numero_comuni == len(plan.ambito.comuni)


@pytest.mark.parametrize("years", [DEFAULT_YEARS, (2025, 2026)])  # before and after R.R. 2/2025
def test_clean_plans_give_no_finding_at_all(book, years):
    synthetic = generate_plans(seed=11, ambiti=6, years=years, defect_share=0.0)
    for p in synthetic.plans:
        report = judge(p.model(), book)
        assert [(f.rule_id, f.subject, f.outcome) for f in report.findings] == [], p.file


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        generate_plans(years=[2017])
    with pytest.raises(ValueError):
        generate_plans(ambiti=0)
    with pytest.raises(ValueError):
        generate_plans(defect_share=1.5)
