"""User-facing words in Italian (default) and English: gettext catalogues and Babel formatting.

Messages live in gettext catalogues, one per language and domain:
`compliance/locale/<lang>/LC_MESSAGES/<domain>.po` (the source, edited by hand or with the tool
below) and `.mo` (compiled, what is read at run time). The msgid is a stable key, e.g.
`file_missing`; the msgstr is the text, with `{name}` placeholders. A message that counts
something is a plural entry (`msgid_plural`, `msgstr[0]` for one, `msgstr[1]` for more) and is
chosen by its `n` argument (or its only numeric argument) through gettext's `ngettext`:

    t("file_missing", lang)                     # "file non trovato"
    t("rules_evaluated", lang, n=33)            # "33 regole valutate"; n=1: "1 regola valutata"

**Adding a message** (both languages, then the compiled catalogues):

    python -m compliance.locale add KEY --it "testo {x}" --en "text {x}"
    python -m compliance.locale add KEY --it "{n} regola" "{n} regole" --en "{n} rule" "{n} rules"

or edit the two `.po` files and run `python -m compliance.locale compile`. A block of messages
written the old way, as a Python dict `KEY: ("italiano", "English")`, is taken in whole by
`python -m compliance.locale absorb FILE.py NAME`. `tests/test_i18n.py` fails when a key is
missing in a language, when the placeholders differ, when a `.mo` is out of date, or when a
counted noun reads "1 … -i".

**Placeholders** are formatted for the language (Babel, CLDR data): numbers of any type (int,
Decimal, Fraction, float) with thousands grouping and decimal comma ("1.006", "5,56"), dates
as 28/01/2021 (Italian) or 2021-01-28 (English), booleans as sì/no. A format spec after the
name chooses another form:

    {n:raw}        as written, no grouping (years, line numbers, identifiers)
    {q:pct}        a percentage: "5,56%" (at most two decimals)
    {x:.1f}        exactly one decimal, in the language's notation
    {day:dal}      with an articulated preposition, elided where Italian elides it:
                   "dal 28/01/2021", "dall'11/03/2025", "l'8%" ({q:il,pct})

`t()` never raises on a missing key (it returns the key, which the tests catch); a plural entry
called without `n` uses the plural form.
"""

from __future__ import annotations

import datetime
import gettext
import re
import string
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("it", "en")
DOMAIN = "compliance"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_BABEL_LOCALE = {"it": "it_IT", "en": "en_GB"}


# ---- catalogues ------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def catalogue(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalogue of `domain` in `lang` (Italian for any unknown language)."""
    lang = lang if lang in LANGS else "it"
    try:
        return gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def is_plural(key: str, lang: str = "it", domain: str = DOMAIN) -> bool:
    cat = getattr(catalogue(lang, domain), "_catalog", {})
    return (key, 0) in cat


def has(key: str, lang: str = "it", domain: str = DOMAIN) -> bool:
    cat = getattr(catalogue(lang, domain), "_catalog", {})
    return key in cat or (key, 0) in cat


def message(key: str, lang: str = "it", n: Any = None, domain: str = DOMAIN) -> str | None:
    """The raw text of `key` (the plural form for `n`; for n = 0 the entry `KEY_zero` where there
    is one: "nessun soggetto"), or None if the catalogue lacks it."""
    cat = catalogue(lang, domain)
    if n is not None and _count(n) == 0 and not _is_fraction(n) and has(key + "_zero", lang, domain):
        return cat.gettext(key + "_zero")
    if is_plural(key, lang, domain):
        count = 2 if n is None else _count(n)
        return cat.ngettext(key, key, count)
    if not has(key, lang, domain):
        return None
    return cat.gettext(key)


def t(key: str, /, lang: str = "it", **kw: Any) -> str:
    """The message `key` in `lang`, its placeholders filled and formatted for the language."""
    return td(DOMAIN, key, lang, **kw)


def td(domain: str, key: str, /, lang: str = "it", **kw: Any) -> str:
    """`t` for another catalogue domain (e.g. `whatif`)."""
    text = message(key, lang, _counted(kw), domain)
    if text is None:
        return key
    return MessageFormatter(lang).format(text, **kw) if kw else text


def tn(key: str, n: Any, /, lang: str = "it", **kw: Any) -> str:
    """A counted message (the older name of `nt`, kept for its callers)."""
    return t(key, lang, n=n, **kw)


def _counted(kw: dict) -> Any:
    """The number a plural entry agrees with: `n`, else the only number among the arguments."""
    if "n" in kw:
        return kw["n"]
    numbers = [v for v in kw.values() if isinstance(v, int) and not isinstance(v, bool)]
    return numbers[0] if len(numbers) == 1 else None


def nt(key: str, n: Any, /, lang: str = "it", **kw: Any) -> str:
    """A counted message: `t(key, lang, n=n, **kw)`."""
    return t(key, lang, n=n, **kw)


def _is_fraction(n: Any) -> bool:
    try:
        return Fraction(str(n)).denominator != 1
    except (ValueError, TypeError):
        return False


def _count(n: Any) -> int:
    """The integer gettext chooses the plural form by (1 only for exactly one)."""
    try:
        value = Fraction(str(n)) if not isinstance(n, (int, Fraction)) else Fraction(n)
    except (ValueError, TypeError):
        return 2
    return int(value) if value.denominator == 1 else 2


# ---- formatting ------------------------------------------------------------------------------------


def _babel_locale(lang: str) -> str:
    return _BABEL_LOCALE.get(lang, "it_IT")


def as_decimal(value: Any) -> Decimal:
    """Any exact or binary number as a Decimal (a Fraction to 12 significant decimals)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return Decimal(value.numerator)
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("1e-12"))
    if isinstance(value, int):
        return Decimal(int(value))
    return Decimal(repr(float(value)))  # float, numpy's numbers


def fmt_number(value: Any, lang: str = "it", decimals: int = 2, exact: bool = False) -> str:
    """A number for people: grouping, decimal comma (Italian), at most `decimals` decimals
    (rounded half up), exactly `decimals` with `exact`."""
    from babel.numbers import format_decimal

    number = as_decimal(value)
    step = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(step, rounding=ROUND_HALF_UP) if decimals >= 0 else number
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    pattern = "#,##0" + ("." + ("0" if exact else "#") * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale=_babel_locale(lang), decimal_quantization=False)


def fmt_int(value: Any, lang: str = "it") -> str:
    return fmt_number(value, lang, decimals=0)


def fmt_percent(value: Any, lang: str = "it", decimals: int = 2) -> str:
    """A percentage given in percent (10 means 10%): "5,56%"."""
    return fmt_number(value, lang, decimals) + "%"


def fmt_date(value: Any, lang: str = "it") -> str:
    """28/01/2021 in Italian, 2021-01-28 in English (ISO, as the English report has always been)."""
    if value is None:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    if isinstance(day, datetime.datetime):
        day = day.date()
    if lang == "en":
        return day.isoformat()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def fmt_long_date(value: datetime.date, lang: str = "it") -> str:
    """28 gennaio 2021 / 28 January 2021."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=_babel_locale(lang))


def fmt_datetime(value: datetime.datetime, lang: str = "it") -> str:
    """28 gennaio 2021, ore 10:15 / 28 January 2021, 10:15."""
    from babel.dates import format_time

    time = format_time(value, "HH:mm", locale=_babel_locale(lang))
    return f"{fmt_long_date(value.date(), lang)}, " + (f"ore {time}" if lang != "en" else time)


def fmt_list(items: list[str], lang: str = "it", style: str = "standard") -> str:
    """"a, b e c" / "a, b and c" (Babel, CLDR list patterns)."""
    from babel.lists import format_list

    items = [str(i) for i in items if str(i)]
    if not items:
        return ""
    return format_list(items, style=style, locale=_babel_locale(lang))


def fmt_value(value: Any, lang: str = "it") -> str:
    """Any value of a message or a figure, in its plain form for the language."""
    if value is None:
        return t("not_given_short", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, datetime.date):
        return fmt_date(value, lang)
    if isinstance(value, (int, Decimal, Fraction, float)):
        return fmt_number(value, lang)
    if isinstance(value, (list, tuple)):
        return fmt_list([fmt_value(v, lang) for v in value], lang)
    return str(value)


# ---- Italian elision -------------------------------------------------------------------------------

# articulated prepositions (and the article) before a word starting with a vowel sound
_ELIDED = {"il": "l'", "dal": "dall'", "del": "dell'", "al": "all'", "nel": "nell'", "sul": "sull'"}


def _number_starts_with_vowel(digits: str) -> bool:
    """Whether an Italian reading of the whole number starts with a vowel: uno, otto, undici,
    ottanta…, ottocento…, ottomila, undicimila, un milione… (not mille, not primo)."""
    digits = digits.lstrip("0") or "0"
    groups = []
    while digits:
        groups.insert(0, int(digits[-3:]))
        digits = digits[:-3]
    lead, scale = groups[0], len(groups) - 1
    if lead == 1:
        return scale != 1  # "uno", "un milione"; but "mille"
    return lead in (8, 11) or 80 <= lead <= 89 or 800 <= lead <= 899


def elide(preposition: str, text: str) -> str:
    """`preposition` + `text`, elided where Italian elides it before a number or a date.

    A date dd/mm/yyyy is read by its day: "dall'8/02/2018", "dall'11/03/2025", "dal 01/03/2025"
    (the first is read "primo")."""
    match = re.match(r"(\d{1,3}(?:\.\d{3})+(?!\d)|\d+)", text)  # 1.006 is one number
    vowel = False
    if match:
        digits = match.group(1).replace(".", "")
        is_day = re.match(r"\d{1,2}/\d{1,2}/\d{4}", text) is not None
        if is_day:
            vowel = int(digits) in (8, 11)
        else:
            vowel = _number_starts_with_vowel(digits)
    elif text[:1].lower() in "aeiouàèéìòù" and text[:1]:
        vowel = True
    if vowel and preposition.lower() in _ELIDED:
        elided = _ELIDED[preposition.lower()]
        if preposition[:1].isupper():
            elided = elided[:1].upper() + elided[1:]
        return elided + text
    return f"{preposition} {text}"


_ELISION_FIX = re.compile(r"\b([Dd]al|[Dd]el|[Aa]l|[Nn]el|[Ss]ul|[Ii]l) (0?8|11)(?=[/.,%\s]|°)")


def fix_elision(text: str) -> str:
    """Elide the articles and prepositions a text written elsewhere (a rule file) leaves before
    8 and 11 ("dal 11/03/2025" → "dall'11/03/2025"). Italian only."""
    def repl(m: re.Match) -> str:
        return elide(m.group(1), m.group(2)).rstrip()

    return _ELISION_FIX.sub(repl, text)


# ---- the message formatter -------------------------------------------------------------------------


class MessageFormatter(string.Formatter):
    """str.format with the language's numbers, dates and elision (see the module docstring)."""

    def __init__(self, lang: str = "it"):
        self.lang = lang

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        parts = [p for p in format_spec.split(",") if p] if format_spec else []
        preposition = None
        kind = ""
        for part in parts:
            if part in _ELIDED or part in ("Il", "Dal", "Del", "Al", "Nel", "Sul"):
                preposition = part
            else:
                kind = part
        text = self._value(value, kind)
        if preposition is not None:
            return elide(preposition, text) if self.lang != "en" else f"{preposition} {text}"
        return text

    def _value(self, value: Any, kind: str) -> str:
        if kind == "raw":
            return str(value)
        if kind == "pct" and _is_number(value):
            return fmt_percent(value, self.lang)
        match = re.fullmatch(r"\.(\d)f", kind)
        if match and _is_number(value):
            return fmt_number(value, self.lang, int(match.group(1)), exact=True)
        if isinstance(value, str):
            return value  # a number's spec on a text: the text as it is
        return fmt_value(value, self.lang)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal, Fraction, float)) and not isinstance(value, bool)
