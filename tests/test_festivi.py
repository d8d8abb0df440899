"""The stored table of Italian holidays is the `holidays` library's own answer, or is not used."""

from __future__ import annotations

import datetime

from compliance import deadlines
from compliance.registry import festivi


def test_answers_are_the_librarys_for_every_year_of_the_table_and_beyond():
    for year in range(festivi.FIRST_YEAR - 3, festivi.LAST_YEAR + 3):
        assert dict(festivi.national_holidays(year)) == festivi.library_holidays(year), year


def test_the_table_is_used_only_while_it_agrees_with_the_installed_library():
    version, table = festivi.read_table()
    assert set(table) == set(range(festivi.FIRST_YEAR, festivi.LAST_YEAR + 1))
    if version == festivi.installed_version():
        assert festivi.usable_table() == table
        for year, days in table.items():
            assert days == festivi.library_holidays(year), year
    else:  # written by another version of the library: never used, the library answers
        assert festivi.usable_table() == {}


def test_a_table_from_another_library_version_is_ignored(tmp_path):
    stale = tmp_path / "festivi.csv"
    text = festivi.DATA_FILE.read_text(encoding="utf-8")
    stale.write_text(text.replace(f",{festivi.installed_version()}\n", ",0.0.1\n"), encoding="utf-8")
    assert festivi.read_table(stale)[0] == "0.0.1"
    assert festivi.usable_table(stale) == {}


def test_deadlines_see_the_same_holidays():
    assert deadlines.holiday_name(datetime.date(2021, 12, 8)) == festivi.library_holidays(2021)[datetime.date(2021, 12, 8)]
    assert deadlines.is_non_working(datetime.date(2023, 12, 31))  # a Sunday
    assert deadlines.next_working_day(datetime.date(2023, 12, 31)) == datetime.date(2024, 1, 2)  # 1 Jan is a holiday
