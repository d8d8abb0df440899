"""The three wrong verdicts of issue 13, reproduced on the real Cremasco plan (each failed before)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from compliance.model.plan import Convenzione, RigaConferite, RigaForzePolizia
from tests.conftest import judge

D2025 = datetime.date(2025, 6, 1)
COMBINED = "RR4-A4-C3-DBIS-RISERVA-COMPLESSIVA"
POLICE = "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"
CONVENTION = "LR16-A23-C2-CONVENZIONE-8-ANNI"


def _rule(report, rid):
    return next(r for r in report.rules if r.id == rid)


def _findings(report, rid):
    return [f for f in report.findings if f.rule_id == rid]


def _police(plan, share, local):
    plan = plan.model_copy(deep=True)
    plan.tabelle.i_forze_di_polizia.righe = [
        RigaForzePolizia(comune="Castelleone", quota_percentuale=share, quota_polizia_locale=local)
    ]
    return plan


def test_exactly_20_percent_is_within_the_combined_cap(cremasco_plan, book):
    """4.7% (art. 7 bis) + 15.3% (art. 7 ter) = 20%: within the cap, not a violation."""
    report = judge(_police(cremasco_plan, Decimal("4.7"), Decimal("15.3")), book, D2025)
    assert _rule(report, COMBINED).outcome == "conforme", _findings(report, COMBINED)


def test_35_percent_breaks_the_combined_cap_whatever_the_local_police_share(cremasco_plan, book):
    """Shares are >= 0: 35% under art. 7 bis alone is above the 20% cap, with or without the
    Polizia Locale share; the message says what was assumed."""
    report = judge(_police(cremasco_plan, 35, None), book, D2025)
    (finding,) = _findings(report, COMBINED)
    assert finding.outcome == "non_conforme" and finding.severity == "violazione"
    assert "anche con" in finding.message and "Polizia Locale uguale a 0" in finding.message


def _convention(plan, start, end):
    plan = plan.model_copy(deep=True)
    plan.tabelle.e_conferite_da_privati.righe = [RigaConferite(
        ente_proprietario="Fondazione Casa Amica", comune="Crema", unita_immobiliari=3,
        convenzione=Convenzione(data_inizio=start, data_fine=end, rinnovo="espresso"))]
    return plan


def test_a_convention_of_exactly_eight_years_is_long_enough(cremasco_plan, book):
    """1/1/2021 - 31/12/2028 covers eight years, both days included."""
    plan = _convention(cremasco_plan, datetime.date(2021, 1, 1), datetime.date(2028, 12, 31))
    assert _rule(judge(plan, book), CONVENTION).outcome == "conforme"
