"""The rule book cache: the same rule book as reading the files, never a stale or broken one."""

from __future__ import annotations

import datetime
import shutil

import pytest

from compliance.model.loader import InputError
from compliance.rules import cache
from compliance.rules.book import default_rules_dir, load_rulebook

DAYS = [datetime.date(2019, 6, 1), datetime.date(2021, 1, 28), datetime.date(2025, 6, 1)]


@pytest.fixture
def rules(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COMPLIANCE_CACHE", raising=False)
    return folder


def same(a, b) -> None:
    assert a.digest == b.digest and a.root == b.root and a.meta == b.meta
    assert [(r.path, r.spec) for r in a.rules] == [(r.path, r.spec) for r in b.rules]
    assert a.proroghe == b.proroghe and a.not_checkable == b.not_checkable
    for day in DAYS:
        assert [r.path for r in a.in_force(day)] == [r.path for r in b.in_force(day)]


def edit_a_rule(rules, new_severity: str) -> None:
    """Change the severity of the first rule file that is a violazione."""
    for path in sorted(rules.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "\nseverity: violazione\n" in text:
            path.write_text(text.replace("\nseverity: violazione\n", f"\nseverity: {new_severity}\n"), encoding="utf-8")
            return
    raise AssertionError("no rule file with severity: violazione")


def cached_files(tmp_path):
    return sorted((tmp_path / "cache").glob("rulebook-*.pickle"))


def test_second_load_comes_from_the_cache_and_equals_the_files(rules, tmp_path):
    first = cache.load_rulebook(rules)
    assert len(cached_files(tmp_path)) == 1
    second = cache.load_rulebook(rules)
    assert second is not first  # unpickled, not the same object
    same(second, load_rulebook(rules))
    assert [r.required_fields for r in second.rules] == [r.required_fields for r in first.rules]


def test_an_edited_rule_file_is_read_again(rules, tmp_path):
    before = cache.load_rulebook(rules)
    edit_a_rule(rules, "avviso")
    after = cache.load_rulebook(rules)
    assert after.digest != before.digest
    same(after, load_rulebook(rules))
    assert len(cached_files(tmp_path)) == 2


def test_a_broken_rule_file_is_reported_even_when_a_good_version_was_cached(rules, tmp_path):
    cache.load_rulebook(rules)
    edit_a_rule(rules, "gravissima")
    for _ in range(2):
        with pytest.raises(InputError):
            cache.load_rulebook(rules)
    assert len(cached_files(tmp_path)) == 1  # only the good one


def test_a_corrupt_cache_file_is_ignored_and_replaced(rules, tmp_path):
    cache.load_rulebook(rules)
    (path,) = cached_files(tmp_path)
    path.write_bytes(b"not a pickle")
    same(cache.load_rulebook(rules), load_rulebook(rules))
    assert cache._read(path) is not None


def test_an_unwritable_cache_folder_is_no_error(rules, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(blocker / "cache"))
    same(cache.load_rulebook(rules), load_rulebook(rules))


def test_switched_off(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CACHE", "0")
    same(cache.load_rulebook(rules), load_rulebook(rules))
    assert cached_files(tmp_path) == []


def test_the_key_follows_the_code_too(rules, monkeypatch, tmp_path):
    key = cache.cache_key(rules)
    assert cache.cache_key(rules) == key
    code = tmp_path / "code"
    shutil.copytree(cache.PACKAGE_DIR, code, ignore=shutil.ignore_patterns("__pycache__", "*.csv"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", code)
    assert cache.cache_key(rules) == key
    schema = code / "facts" / "schema.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert cache.cache_key(rules) != key


def test_check_gives_the_same_report_from_the_cache(rules, tmp_path):
    from typer.testing import CliRunner

    from compliance.cli import app

    plan = default_rules_dir().parent / "cases" / "cremasco-2021.yaml"
    args = ["check", str(plan), "--rules", str(rules), "-f", "json"]
    first = CliRunner().invoke(app, args)
    assert len(cached_files(tmp_path)) == 1
    second = CliRunner().invoke(app, args)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and '"findings"' in second.stdout
