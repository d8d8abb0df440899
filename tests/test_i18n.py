"""Correct Italian (and English) through gettext catalogues and Babel: plurals, elision, numbers,
dates; the catalogues complete and compiled; adding a message with the tool."""

from __future__ import annotations

import datetime
import gettext
import re
import shutil
import string
from decimal import Decimal
from fractions import Fraction

import pytest

from compliance import locale
from compliance.i18n import (
    elide,
    fix_elision,
    fmt_date,
    fmt_int,
    fmt_list,
    fmt_number,
    fmt_percent,
    nt,
    t,
    td,
)

DOMAINS = ("compliance", "whatif")


def test_catalogues_are_complete_consistent_and_compiled():
    assert locale.check() == []


def _entries(domain: str, lang: str):
    cat = gettext.translation(domain, localedir=str(locale.LOCALE_DIR), languages=[lang])._catalog
    keys = {k[0] if isinstance(k, tuple) else k for k in cat if k}
    return sorted(k for k in keys if k)


def _placeholders(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]


def _plural_words() -> set[str]:
    """The words that follow {n} in the plural form of every counted message (regole, soggetti…)."""
    many, one = set(), set()
    for domain in DOMAINS:
        cat = gettext.translation(domain, localedir=str(locale.LOCALE_DIR), languages=["it"])._catalog
        for key, text in cat.items():
            if isinstance(key, tuple):
                (many if key[1] == 1 else one).update(re.findall(r"\{n\}\s+(?:altri\s+)?(\w+)", text))
                if key[1] == 0:  # a singular written out: "1 file non valido" (file is invariable)
                    one.update(re.findall(r"\b1\s+(\w+)", text))
    return many - one  # "non" follows {n} in both forms: not a plural word


def _renderings(domain: str, key: str, count: int) -> list[str]:
    """The message rendered with `count` for n and, in turn, for each other placeholder."""
    raw = [locale_text for locale_text in (_raw(domain, key, count),) if locale_text is not None][0]
    names = set(_placeholders(raw)) | ({"n"} if key_is_plural(domain, key) and "{n" in raw else set())
    base = {name: "x" for name in names}
    out = []
    for name in sorted(names) or [None]:
        values = dict(base)
        if name is not None:
            values[name] = count
        if "n" in names:
            values["n"] = count
        out.append(td(domain, key, "it", **values))
    return out


def _raw(domain: str, key: str, count: int) -> str | None:
    from compliance.i18n import message

    return message(key, "it", count, domain)


def key_is_plural(domain: str, key: str) -> bool:
    from compliance.i18n import is_plural

    return is_plural(key, "it", domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_italian_message_with_0_1_2_has_no_plural_after_one(domain):
    plural_words = _plural_words()
    assert {"regole", "soggetti", "violazioni", "avvisi", "giorni"} <= plural_words
    bad = []
    for key in _entries(domain, "it"):
        for count in (0, 1, 2):
            for text in _renderings(domain, key, count):
                if count != 1:
                    continue
                for word in re.findall(r"(?<![\d.,/])\b1\s+(?:altri\s+)?(\w+)", text):
                    if (len(word) > 2 and word.endswith("i")) or word in plural_words:
                        bad.append((key, text))
    assert bad == []


def test_plural_forms_by_count():
    assert t("count_violations", "it", n=1) == "1 violazione"
    assert t("count_violations", "it", n=2) == "2 violazioni"
    assert t("count_violations", "it", n=0) == "nessuna violazione"
    assert t("subjects_with_findings", "it", n=1, total=24) == "1 soggetto su 24"
    assert nt("days", 28, "it") == "28 giorni" and nt("days", 1, "it") == "1 giorno"
    assert nt("days", 1, "en") == "1 day" and nt("rules_evaluated_n", 1006, "it") == "1.006 regole valutate"
    assert t("more_subjects", "it", n=1).startswith("… e un altro soggetto non valutabile")
    assert t("timing", "it") == "timing"  # a missing key is shown as itself (tests catch it)
    assert td("whatif", "timing", "it", n=1, seconds=0.5, mode="un processo") == \
        "1 scenario valutato in 0,50 s (un processo)"


def test_elision_before_vowel_sounds():
    assert t("in_force_since", "it", start=datetime.date(2025, 3, 11)) == "in vigore dall'11/03/2025"
    assert t("in_force_since", "it", start=datetime.date(2018, 2, 8)) == "in vigore dall'08/02/2018"
    assert t("in_force_since", "it", start=datetime.date(2021, 1, 28)) == "in vigore dal 28/01/2021"
    assert t("in_force_since", "it", start=datetime.date(2025, 3, 1)) == "in vigore dal 01/03/2025"  # "primo"
    assert t("in_force_between", "it", start=datetime.date(2019, 3, 12), end=datetime.date(2025, 3, 10)) == \
        "in vigore dal 12/03/2019 al 10/03/2025"
    assert t("in_force_since", "en", start=datetime.date(2025, 3, 11)) == "in force from 2025-03-11"
    assert elide("il", "8%") == "l'8%" and elide("del", "11%") == "dell'11%" and elide("al", "80%") == "all'80%"
    assert elide("il", "18%") == "il 18%" and elide("dal", "1.006") == "dal 1.006"
    assert elide("il", "1.000.000") == "l'1.000.000" and elide("il", "800") == "l'800"
    assert fix_elision("dal 11/03/2025 al 8/04/2026; il 11% e il 12%") == \
        "dall'11/03/2025 all'8/04/2026; l'11% e il 12%"


def test_numbers_and_dates_by_babel():
    assert fmt_int(1006, "it") == "1.006" and fmt_int(1006, "en") == "1,006" and fmt_int(2021, "it") == "2.021"
    assert t("plan_title_annuale", "it", year=2021).endswith("2021")  # years are written raw
    assert fmt_number(Decimal("5.555555"), "it") == "5,56" and fmt_number(5.5, "en") == "5.5"
    assert fmt_percent(Fraction(100, 18), "it") == "5,56%" and fmt_percent(Fraction(700, 17), "it") == "41,18%"
    assert fmt_percent(Decimal("20.00"), "it") == "20%" and fmt_number(Fraction(-1, 1000), "it") == "0"
    assert fmt_number(Decimal("0.125"), "it") == "0,13"  # half up, on the exact value
    assert fmt_number(2.675, "it") == "2,68"  # the float's decimal text, not its binary value
    assert fmt_date(datetime.date(2021, 1, 28), "it") == "28/01/2021" and fmt_date("2021-01-28", "en") == "2021-01-28"
    assert fmt_list(["1 violazione", "7 avvisi", "1 informazione"], "it") == "1 violazione, 7 avvisi e 1 informazione"
    assert t("file_too_large", "it", size=52_428_800, limit=10_485_760) == \
        "file troppo grande (52.428.800 byte; massimo 10.485.760)"
    assert t("ss_where_row", "it", row=1006) == "riga 1006"  # identifiers are raw


def test_adding_a_message_with_the_tool(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(locale.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(locale, "LOCALE_DIR", copy)
    locale.add("prova_conteggio", {"it": ["{n} piano", "{n} piani"], "en": ["{n} plan", "{n} plans"]})
    table = tmp_path / "vecchi.py"
    table.write_text('NUOVI = {"prova_testo": ("testo {x}", "text {x}")}\n', encoding="utf-8")
    assert locale.absorb(table, "NUOVI") == 1
    assert locale.check() == []
    it = gettext.translation("compliance", localedir=str(copy), languages=["it"])
    assert it.ngettext("prova_conteggio", "prova_conteggio", 1) == "{n} piano"
    assert it.ngettext("prova_conteggio", "prova_conteggio", 3) == "{n} piani"
    assert it.gettext("prova_testo") == "testo {x}"
    with pytest.raises(SystemExit):
        locale.add("prova_testo", {"it": ["a"], "en": ["b"]})  # no silent overwrite


def test_a_po_change_without_compiling_is_caught(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(locale.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(locale, "LOCALE_DIR", copy)
    po = copy / "it" / "LC_MESSAGES" / "compliance.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "file non trovato"', 'msgstr "file assente"'),
                  encoding="utf-8")
    assert any("non è aggiornato" in p for p in locale.check())
