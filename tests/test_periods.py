"""Periods and deadlines by the law's own counting (compliance/deadlines.py, c.c. art. 2963),
judged on the real Cremasco plan on both sides of every boundary: the convention of eight years,
the 30 days of the public notice and of the notice to the Prefettura, 31 October, 31 December
and the first plan's 60 days."""

from __future__ import annotations

import datetime

import pytest

from compliance import deadlines
from compliance.model.plan import (
    Avviso,
    Convenzione,
    EnteRicognizione,
    NotificaPrefettura,
    RigaConferite,
)
from tests.conftest import judge

D = datetime.date


def _outcome(report, rid: str) -> str:
    return next(r for r in report.rules if r.id == rid).outcome


# ---- the counting rule itself ---------------------------------------------------------------------


@pytest.mark.parametrize("start,days,end", [
    (D(2021, 1, 28), 30, D(2021, 2, 27)),  # the first day is not counted
    (D(2018, 2, 8), 60, D(2018, 4, 9)),
    (D(2020, 12, 31), 1, D(2021, 1, 1)),
])
def test_days_after(start, days, end):
    assert deadlines.days_after(start, days) == end


@pytest.mark.parametrize("start,years,end", [
    (D(2021, 1, 1), 8, D(2028, 12, 31)),  # the day before the eighth anniversary
    (D(2020, 2, 29), 8, D(2028, 2, 28)),
    (D(2020, 3, 1), 9, D(2029, 2, 28)),  # the day before 1/3/2029
    (D(2021, 3, 1), 8, D(2029, 2, 28)),
    (D(2019, 3, 1), 1, D(2020, 2, 29)),  # a leap year's last day of February
    (D(2020, 2, 29), 1, D(2021, 2, 28)),  # the anniversary of 29/2 in 2021 is 1/3
])
def test_period_end(start, years, end):
    assert deadlines.period_end(start, years) == end


@pytest.mark.parametrize("start,end,years", [
    (D(2021, 1, 1), D(2028, 12, 31), 8),
    (D(2021, 1, 1), D(2028, 12, 30), 7),
    (D(2021, 1, 1), D(2029, 1, 1), 8),
    (D(2020, 2, 29), D(2028, 2, 28), 8),
    (D(2020, 2, 29), D(2028, 2, 27), 7),
    (D(2021, 1, 1), D(2021, 12, 30), 0),
    (D(2021, 1, 1), D(2020, 1, 1), 0),
])
def test_whole_years(start, end, years):
    assert deadlines.whole_years(start, end) == years


def test_years_after_the_last_day_of_a_shorter_month():
    assert deadlines.years_after(D(2020, 2, 29), 1) == D(2021, 2, 28)


# ---- conventions of at least eight years (L.R. 16/2016 art. 23 c. 2) ------------------------------

CONVENTION = "LR16-A23-C2-CONVENZIONE-8-ANNI"


@pytest.mark.parametrize("start,end,expected", [
    (D(2021, 1, 1), D(2028, 12, 31), "conforme"),
    (D(2021, 1, 1), D(2028, 12, 30), "non_conforme"),
    (D(2020, 2, 29), D(2028, 2, 28), "conforme"),
    (D(2020, 2, 29), D(2028, 2, 27), "non_conforme"),
])
def test_convention_on_both_sides_of_eight_years(cremasco_plan, book, start, end, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.tabelle.e_conferite_da_privati.righe = [RigaConferite(
        ente_proprietario="Fondazione Casa Amica", comune="Crema", unita_immobiliari=3,
        convenzione=Convenzione(data_inizio=start, data_fine=end, rinnovo="espresso"))]
    assert _outcome(judge(plan, book), CONVENTION) == expected


# ---- 30 days from the approval: the public notice and the notice to the Prefettura -------------------

NOTICE = "RR4-A8-AVVISO-30-GIORNI"


@pytest.mark.parametrize("approval,notice,expected", [
    (D(2021, 1, 28), D(2021, 2, 27), "conforme"),  # day 30 is a Saturday: a working day
    (D(2021, 1, 28), D(2021, 2, 28), "non_conforme"),
    (D(2021, 1, 29), D(2021, 3, 1), "conforme"),  # day 30 is a Sunday: Monday 1 March
    (D(2021, 1, 29), D(2021, 3, 2), "non_conforme"),
])
def test_public_notice_within_30_days(cremasco_plan, book, approval, notice, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.approvazione.data = approval
    plan.avvisi = [Avviso(data=notice)]
    assert _outcome(judge(plan, book), NOTICE) == expected


PREFETTURA = "RR4-A7BIS-C2-NOTIFICA-CONTESTUALE"


@pytest.mark.parametrize("notice,expected", [
    (D(2021, 1, 27), "non_conforme"),  # before the approval
    (D(2021, 1, 28), "conforme"),
    (D(2021, 2, 27), "conforme"),
    (D(2021, 2, 28), "non_conforme"),
])
def test_notice_to_the_prefettura_with_the_approval(cremasco_plan, book, notice, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.notifiche_prefettura = [NotificaPrefettura(ente_proprietario="Comune di Castelleone", data=notice)]
    assert _outcome(judge(plan, book), PREFETTURA) == expected


# ---- fixed days: 31 October, 31 December, the first plan's 60 days --------------------------------

APPROVAL = "RR4-A4-APPROVAZIONE-31-DICEMBRE"


@pytest.mark.parametrize("year,approval,expected", [
    (2021, D(2020, 12, 31), "conforme"),  # a Thursday
    (2021, D(2021, 1, 1), "non_conforme"),
    (2024, D(2024, 1, 2), "conforme"),  # 31/12/2023 a Sunday, 1/1 a holiday
    (2024, D(2024, 1, 3), "non_conforme"),
    (2018, D(2018, 4, 9), "conforme"),  # 60 days from 8 February 2018 (S1)
    (2018, D(2018, 4, 10), "non_conforme"),
])
def test_approval_deadline_on_both_sides(cremasco_plan, book, year, approval, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.anno = year
    plan.approvazione.data = approval
    assert _outcome(judge(plan, book), APPROVAL) == expected


REPORTING = "RR4-A5-C1-RISCONTRO-31-OTTOBRE"


@pytest.mark.parametrize("year,reported,expected", [
    (2021, D(2020, 10, 31), "conforme"),  # a Saturday: not moved
    (2021, D(2020, 11, 1), "non_conforme"),
    (2022, D(2021, 11, 2), "conforme"),  # a Sunday, then All Saints' Day
    (2022, D(2021, 11, 3), "non_conforme"),
])
def test_reporting_deadline_on_both_sides(cremasco_plan, book, year, reported, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.anno = year
    plan.approvazione.data = D(year - 1, 12, 15)
    plan.ricognizione.enti = [EnteRicognizione(ente="Comune di Crema", riscontro=True, data_riscontro=reported)]
    report = judge(plan, book)
    crema = [f for f in report.findings if f.rule_id == REPORTING and f.subject == "Comune di Crema"]
    assert (crema[0].outcome if crema else "conforme") == expected
