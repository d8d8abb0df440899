"""The durable-rules runner and compiler guards (see ../shared/reference/durable-rules.md)."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap

import pytest

from compliance.engine.durable_runner import EngineError, encode_fact
from compliance.rules import expr
from compliance.rules.compiler import CompileError, compile_rule, encode_number
from compliance.rules.fixtures import fixture_fact
from compliance.evaluate import match


def test_numbers_never_reach_the_engine_with_an_exponent():
    assert encode_number(10.0) == 10 and isinstance(encode_number(10.0), int)
    assert encode_number(12.5) == 12.5 and encode_number(10.0000001) == 10.0000001
    assert encode_number(0.000123) == 0.000123
    with pytest.raises(CompileError):
        encode_number(1e-05)  # refused, never rounded into another number
    with pytest.raises(CompileError):
        encode_number(float("nan"))
    with pytest.raises(CompileError):
        encode_number(1e300)


def test_dates_are_day_numbers_and_types_are_checked():
    fact = {"kind": "piano", "id": "p", "soggetto": "piano", "anno": 2021,
            "data_approvazione": datetime.date(2021, 1, 28), "fine_anno_precedente": None,
            "organo_approvazione": "Assemblea", "numero_comuni_ambito": 48}
    assert encode_fact(fact)["data_approvazione"] == datetime.date(2021, 1, 28).toordinal()
    with pytest.raises(EngineError):
        encode_fact(dict(fact, anno="2021"))
    with pytest.raises(EngineError):
        encode_fact(dict(fact, organo_approvazione="x" * 70_000))


def test_every_pattern_starts_with_kind_and_guards_its_fields(book):
    for rule in book.rules:
        for name, body in compile_rule(rule).items():
            terms = body["all"][0]["m"]["$and"]
            assert terms[0] == {"kind": rule.spec.subject}
            if name.endswith("|v"):
                for field in rule.required_fields:
                    assert {"$neq": {field: None}} in terms


def test_division_is_refused_in_conditions():
    with pytest.raises(expr.ExprError):
        expr.parse_condition("a / b > 1")


def test_not_is_pushed_down():
    cond = expr.push_not(expr.parse_condition("not (a > 1 and b == 'x')"))
    assert cond == expr.BoolOp("or", (
        expr.Cmp("<=", expr.Field("a"), expr.Const(1)),
        expr.Cmp("!=", expr.Field("b"), expr.Const("x")),
    ))


def test_null_and_mixed_values_give_non_valutabile_not_a_crash(book):
    rule = next(r for r in book.rules if r.id == "RR4-A4-C3A-TOTALE-RIGA")
    facts = [
        fixture_fact(rule, 1, {"ente": "A", "totale_unita_immobiliari": None, "alloggi_sap": 1, "alloggi_sas": 0}),
        fixture_fact(rule, 2, {"ente": "B", "totale_unita_immobiliari": 5, "alloggi_sap": 2.5, "alloggi_sas": 2.5}),
        fixture_fact(rule, 3, {"ente": "C'è", "totale_unita_immobiliari": 2**40, "alloggi_sap": 2**40, "alloggi_sas": 1}),
    ]
    verdicts = match([rule], facts)
    assert [verdicts.outcome(rule, f["id"]) for f in facts] == ["non_valutabile", "conforme", "non_conforme"]


def test_actions_errors_are_not_swallowed(book, monkeypatch):
    from compliance.engine import durable_runner

    rule = next(r for r in book.rules if r.id == "RR4-A4-C3A-TOTALE-RIGA")
    fact = fixture_fact(rule, 1, {"ente": "A", "totale_unita_immobiliari": 3, "alloggi_sap": 1, "alloggi_sas": 0})
    real = durable_runner.Match

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(durable_runner, "Match", broken)
    with pytest.raises(EngineError, match="boom"):
        match([rule], [fact])
    monkeypatch.setattr(durable_runner, "Match", real)
    assert match([rule], [fact]).violated


def test_no_background_threads_after_evaluations(cremasco_report):
    import threading

    assert not any(isinstance(t, threading.Timer) for t in threading.enumerate())


def test_cli_import_does_not_load_durable_rules():
    code = textwrap.dedent("""
        import sys
        import compliance.cli
        print('durable' in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
