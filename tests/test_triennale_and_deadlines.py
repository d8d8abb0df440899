"""The piano triennale (Cremonese 2023-2025) and deadlines on the Italian calendar."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance import deadlines
from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.model.loader import load_any_plan

ROOT = Path(__file__).resolve().parents[1]
CREMONESE = ROOT / "cases" / "cremonese-triennale-2023-2025.yaml"


def judge_file(path, book, date=None):
    plan, doc = load_any_plan(path)
    return check_plan(plan, book, plan_file=str(path), plan_bytes=doc.raw, date=date)


def test_cremonese_reports_each_content_item_honestly(book):
    report = judge_file(CREMONESE, book)
    assert report.plan.tipo == "piano_triennale" and report.plan.anno_fine == 2025
    outcomes = {r.id: r.outcome for r in report.rules}
    contents = {k: v for k, v in outcomes.items() if k.startswith("RR4-A3-C2-TRIENNALE-")}
    # the page says the plan contains each of the seven items a) to g)
    assert len(contents) == 7 and set(contents.values()) == {"conforme"}
    # the figures are not on the page: unknown, never conforme
    assert outcomes["RR4-A3-C2-D-TRIENNALE-UNITA"] == "non_valutabile"
    # no deadline is known for a triennium after the first (Q7)
    assert outcomes["RR4-A3-TRIENNALE-TERMINE"] == "non_valutabile"
    assert outcomes["RR4-A3-TRIENNALE-TRE-ANNI"] == "conforme"
    assert outcomes["RR4-A3-C3-TRIENNALE-ASSEMBLEA"] == "conforme"
    # no annual-plan rule is applied to a three-year plan
    assert not any(r.id.startswith("RR4-A13") or r.id.startswith("RR4-A4-C3") for r in report.rules)


def test_cremonese_from_the_command_line():
    result = CliRunner().invoke(app, ["check", str(CREMONESE), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plan"]["tipo"] == "piano_triennale"
    assert data["summary"]["violazioni"] == 0 and data["summary"]["non_valutabili"] == 2


def test_first_triennium_uses_the_2021_extension(book, tmp_path):
    text = CREMONESE.read_text(encoding="utf-8")
    text = text.replace("periodo: {dal: 2023, al: 2025}", "periodo: {dal: 2022, al: 2024}")
    late = tmp_path / "late.yaml"
    late.write_text(text.replace("data: 2023-05-19", "data: 2022-03-01"), encoding="utf-8")
    on_time = tmp_path / "on-time.yaml"
    on_time.write_text(text.replace("data: 2023-05-19", "data: 2021-12-20"), encoding="utf-8")
    rid = "RR4-A3-TRIENNALE-TERMINE"
    late_report = judge_file(late, book)
    (f,) = [f for f in late_report.findings if f.rule_id == rid]
    assert f.outcome == "non_conforme" and "31/12/2021" in f.message and "Comunicato n. 103" in f.message
    assert next(r for r in judge_file(on_time, book).rules if r.id == rid).outcome == "conforme"


@pytest.mark.parametrize("nominal,effective", [
    (datetime.date(2023, 12, 31), datetime.date(2024, 1, 2)),  # Sunday, then New Year's Day
    (datetime.date(2020, 12, 31), datetime.date(2020, 12, 31)),  # a Thursday
    (datetime.date(2020, 10, 31), datetime.date(2020, 10, 31)),  # Saturday is not a holiday
    (datetime.date(2021, 10, 31), datetime.date(2021, 11, 2)),  # Sunday, then All Saints
    (datetime.date(2021, 4, 25), datetime.date(2021, 4, 26)),  # Liberation Day on a Sunday
    (datetime.date(2022, 12, 25), datetime.date(2022, 12, 27)),  # Christmas (Sunday), St Stephen
])
def test_deadline_moves_to_the_next_working_day(nominal, effective):
    assert deadlines.deadline(nominal, "obbligo_informativo", 2022).effective == effective


def test_extension_applies_only_to_the_plans_it_names(book):
    (p,) = [p for p in book.proroghe if p.id == "PT-2021"]
    assert p.applies("approvazione_piano_triennale", 2022)
    assert not p.applies("approvazione_piano_triennale", 2023)
    assert not p.applies("approvazione_piano_annuale", 2022)
    due = deadlines.deadline(datetime.date(2021, 12, 31), "approvazione_piano_triennale", 2022, book.proroghe)
    assert due.extension is p and "Comunicato n. 103" in due.basis()


def test_annual_plan_approved_on_the_moved_deadline_is_on_time(cremasco_plan, book):
    from tests.conftest import judge

    plan = cremasco_plan.model_copy(deep=True)
    plan.anno = 2024
    plan.approvazione.data = datetime.date(2024, 1, 2)  # 31/12/2023 was a Sunday, 1/1 a holiday
    rid = "RR4-A4-APPROVAZIONE-31-DICEMBRE"
    assert next(r for r in judge(plan, book).rules if r.id == rid).outcome == "conforme"
    plan.approvazione.data = datetime.date(2024, 1, 3)
    report = judge(plan, book)
    (f,) = [f for f in report.findings if f.rule_id == rid]
    assert "02/01/2024" in f.message and "domenica" in f.explanation
