from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from compliance.registry import istat
from compliance.rules import expr


def test_registry_has_the_1502_lombardy_comuni():
    assert istat.current_count() == 1502


@pytest.mark.parametrize("written,how,istat_name", [
    ("Casaletto di Sopra", "esatto", "Casaletto di Sopra"),
    ("Casaleto di Sopra", "somiglianza", "Casaletto di Sopra"),
    ("Spino D'Adda", "maiuscole", "Spino d'Adda"),
    ("Spino d’Adda", "maiuscole", "Spino d'Adda"),
    ("Casale Cremasco-Vidolasco", "esatto", "Casale Cremasco-Vidolasco"),
    ("Ripalta Cremasca", "esatto", "Ripalta Cremasca"),
])
def test_name_checks(written, how, istat_name):
    found = istat.check(written, datetime.date(2021, 1, 28))
    assert found.how == how and found.comune.denominazione == istat_name
    assert found.exact == (how == "esatto")


def test_unknown_and_ambiguous_names_get_no_guess():
    assert istat.check("Borgo Inesistente").comune is None
    # 'Ripalta' alone is close to three comuni: no unambiguous suggestion
    assert istat.check("Ripalta").comune is None


def test_merged_comuni_are_valid_by_date():
    piadena = istat.check("Piadena", datetime.date(2018, 6, 1))
    assert piadena.how == "esatto" and piadena.valid_on_date
    assert not istat.check("Piadena", datetime.date(2021, 1, 28)).valid_on_date
    assert istat.check("Piadena Drizzona", datetime.date(2021, 1, 28)).valid_on_date


def test_compute_is_exact():
    term = expr.parse_term("ceil(quota * n / 100)")
    assert expr.eval_term(term, {"quota": 20, "n": 35}) == 7  # float math would give 8
    assert expr.eval_term(term, {"quota": 10, "n": 2}) == 1
    assert expr.eval_term(expr.parse_term("arrotonda(x)"), {"x": Fraction(5, 2)}) == 3
    assert expr.eval_term(term, {"quota": None, "n": 2}) is None


@pytest.mark.parametrize("text", ["a ==", "import os", "a.b > 1", "f(a) > 1", "a > null", "a ** 2 > 1", "[1] == a"])
def test_bad_conditions_are_refused(text):
    with pytest.raises(expr.ExprError):
        expr.parse_condition(text)
