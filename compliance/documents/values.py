"""Values as documents write them: "1.006", "7,5%", "28 gennaio 2021", "-", "Comune di Crema".

Each parser returns the value, `DASH` for a cell that says "nothing given" ("-", "–", "n.d."),
or None when the text is not a value of that kind (the caller then writes nothing and reports
it). Nothing is guessed: "1.006" is a thousand and six (Italian thousands separator), "3,5"
is not a count.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

DASH = object()  # the document writes a dash: nothing given (never a zero)

_DASHES = {"-", "–", "—", "--", "n.d.", "nd", "n.d", "/", "n/d"}
MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}
_MONTH_WORDS = "|".join(MONTHS)
DATE_PATTERN = (
    rf"(?:\d{{1,2}}\s*[°º]?\s+(?:{_MONTH_WORDS})\s+\d{{4}}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_COUNT = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """One line of text: spaces collapsed, markup stars and soft hyphens removed, trimmed."""
    if text is None:
        return ""
    text = text.replace("\u00ad", "").replace("**", "").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def is_dash(text: str | None) -> bool:
    return clean(text).casefold() in _DASHES


def is_blank(text: str | None) -> bool:
    return not clean(text)


def parse_count(text: str | None):
    """A whole number of units: 1006, "1.006", "1 006"; DASH; None if not a count."""
    value = clean(text)
    if value.casefold() in _DASHES:
        return DASH
    if _COUNT.fullmatch(value):
        return int(re.sub(r"[.\s\u202f]", "", value))
    return None


def parse_percent(text: str | None):
    """A percentage as the plan writes it (10 means 10%): "10%", "7,5 %", "12.5"; DASH; None."""
    value = clean(text)
    if value.casefold() in _DASHES:
        return DASH
    match = re.fullmatch(r"(\d{1,3}(?:[.,]\d{1,4})?)\s*%?", value)
    if not match:
        return None
    number = match[1]
    if "." in number and "," not in number and re.fullmatch(r"\d{1,3}\.\d{3}", number):
        return None  # "1.000" as a percentage: a thousands separator, not a valid share
    try:
        dec = Decimal(number.replace(",", "."))
    except InvalidOperation:
        return None
    if dec > 100:
        return None
    return int(dec) if dec == dec.to_integral_value() else float(dec)


def parse_date(text: str | None):
    """A full date: "28 gennaio 2021", "1° febbraio 2021", "28/01/2021", "28.01.2021",
    "2021-01-28"; DASH; None (also for a date known only to the month)."""
    value = clean(text).casefold()
    if value in _DASHES:
        return DASH
    try:
        match = re.fullmatch(rf"(\d{{1,2}})\s*[°º]?\s+({_MONTH_WORDS})\s+(\d{{4}})", value)
        if match:
            return datetime.date(int(match[3]), MONTHS[match[2]], int(match[1]))
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 31/02/2021
        return None
    return None


def parse_text(text: str | None):
    value = clean(text)
    if not value:
        return None
    if value.casefold() in _DASHES:
        return DASH
    return value


_COMUNE_PREFIX = re.compile(r"^(?:il\s+|del\s+)?comune\s+di\s+", re.IGNORECASE)


def parse_comune(text: str | None):
    """A comune's name as written, without "Comune di" (kept as written otherwise)."""
    value = parse_text(text)
    if value is None or value is DASH:
        return value
    value = _COMUNE_PREFIX.sub("", value).strip()
    return value or None


def parse_list(text: str | None):
    """Items separated by commas or semicolons ("Anziani, Giovani coppie")."""
    value = parse_text(text)
    if value is None or value is DASH:
        return value
    items = [clean(p) for p in re.split(r"[;,]", value)]
    items = [i for i in items if i]
    return items or None


_YES = {"sì", "si", "sí", "x", "✓", "✔", "presente", "comunicato", "dati comunicati", "ha comunicato"}
_NO = {"no", "inadempiente", "non comunicato", "dati non comunicati", "non ha comunicato"}


def parse_yes_no(text: str | None):
    value = clean(text).casefold()
    if value in _DASHES:
        return DASH
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


PARSERS = {
    "conteggio": parse_count,
    "percentuale": parse_percent,
    "data": parse_date,
    "testo": parse_text,
    "ente": parse_text,
    "comune": parse_comune,
    "lista": parse_list,
    "si_no": parse_yes_no,
}


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation, for matching headers and titles."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+|%", text)
