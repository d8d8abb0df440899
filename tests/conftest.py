from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from compliance.evaluate import check_plan
from compliance.model.loader import load_plan
from compliance.rules.book import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"

# Tests read the rule files every time and write nothing to ~/.cache (the rule book cache of
# `compliance check` has its own tests, tests/test_rule_cache.py, which switch it on).
os.environ["COMPLIANCE_CACHE"] = "0"


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(scope="session")
def cremasco_plan():
    return load_plan(CREMASCO)


def judge(plan, book, date: datetime.date | None = None, lang: str = "it", path: Path = CREMASCO):
    return check_plan(plan, book, plan_file=str(path), plan_bytes=path.read_bytes(), date=date, lang=lang)


@pytest.fixture(scope="session")
def cremasco_report(cremasco_plan, book):
    return judge(cremasco_plan, book)
