"""durable-rules and the plain-Python reading of the same rules agree on whole plans."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.engine.reference import match_python
from compliance.evaluate import match
from compliance.facts.build import build_facts


def both(plan, book, day):
    rules = book.in_force(day)
    facts = build_facts(plan, day).facts
    return match(rules, facts), match_python(rules, facts)


@pytest.mark.parametrize("day", [datetime.date(2019, 1, 15), datetime.date(2021, 1, 28), datetime.date(2025, 6, 1)])
def test_cremasco_same_verdicts(cremasco_plan, book, day):
    engine, python = both(cremasco_plan, book, day)
    assert engine == python


counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000))
# percentages as the plan model holds them: exact decimals, at most 4 places, 0..100
shares = st.one_of(st.integers(min_value=0, max_value=100).map(Decimal),
                   st.integers(min_value=0, max_value=1_000_000).map(lambda n: Decimal(n).scaleb(-4)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sap=counts, sas=counts, total=counts, f_crema=counts, d_aler=counts,
    police=shares, approval=st.dates(datetime.date(2019, 3, 12), datetime.date(2025, 3, 10)),
    drop_table=st.sampled_from([None, "b_carenza_manutentiva", "e_conferite_da_privati", "g_soglia_indigenti_oltre_20"]),
)
def test_perturbed_cremasco_same_verdicts(cremasco_plan, book, sap, sas, total, f_crema, d_aler, police, approval, drop_table):
    plan = cremasco_plan.model_copy(deep=True)
    row = plan.tabelle.a_consistenza_patrimonio.righe[6]
    row.alloggi_sap, row.alloggi_sas, row.totale_unita_immobiliari = sap, sas, total
    plan.tabelle.f_totale_assegnabili.righe[4].unita_immobiliari = f_crema
    plan.tabelle.d_normale_avvicendamento.righe[0].unita_immobiliari = d_aler
    plan.tabelle.i_forze_di_polizia.righe[0].quota_percentuale = police
    plan.approvazione.data = approval
    if drop_table:
        setattr(plan.tabelle, drop_table, None)
    engine, python = both(plan, book, approval)
    assert engine == python
