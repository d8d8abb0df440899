"""Offline registry of Lombardy comuni (ISTAT names), with spelling suggestions."""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from compliance import resources

FUZZY_MIN_SCORE = 88.0  # rapidfuzz ratio, 0..100
FUZZY_MIN_MARGIN = 3.0  # the best candidate must beat the second by this much


@dataclass(frozen=True)
class Comune:
    codice_istat: str
    denominazione: str
    sigla_provincia: str
    codice_catastale: str
    valido_dal: datetime.date | None
    valido_al: datetime.date | None

    @property
    def key(self) -> str:
        return self.codice_istat or f"cessato:{self.codice_catastale}:{self.denominazione}"

    def valid_on(self, day: datetime.date | None) -> bool:
        if day is None:
            return self.valido_al is None
        if self.valido_dal and day < self.valido_dal:
            return False
        if self.valido_al and day > self.valido_al:
            return False
        return True


@dataclass(frozen=True)
class NameCheck:
    """How a name written in a plan relates to the registry."""

    written: str
    comune: Comune | None  # the comune it refers to (exact, same letters, or unambiguous slip)
    exact: bool  # written exactly as ISTAT writes it (and valid on the date)
    how: str  # "esatto", "maiuscole" (same letters, other case/apostrophe), "somiglianza", "non_trovato"
    score: float | None = None
    valid_on_date: bool = True


_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def normalise(name: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name."""
    text = name
    if not text.isascii():  # ASCII has no accents to strip nor other apostrophes: skip the work
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("’", "'").replace("´", "'")
    text = text.replace("`", "'")
    if "-" in text:
        text = _SPACED_HYPHEN.sub("-", text)
    return " ".join(text.split()).casefold()  # runs of whitespace -> one space, trimmed


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


DATA_FILE = resources.data_file("comuni_lombardia.csv")
_COLUMNS = ("codice_istat", "denominazione", "sigla_provincia", "codice_catastale", "valido_dal", "valido_al")


@lru_cache(maxsize=1)
def load() -> tuple[Comune, ...]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        try:
            at = [header.index(name) for name in _COLUMNS]
        except ValueError:
            raise ValueError(f"{DATA_FILE}: intestazione attesa {', '.join(_COLUMNS)}, trovata {header}") from None
        i, n, p, c, dal, al = at
        return tuple(
            Comune(row[i], row[n], row[p], row[c], _date(row[dal]), _date(row[al]))
            for row in rows
        )


@lru_cache(maxsize=1)
def _by_exact() -> dict[str, list[Comune]]:
    out: dict[str, list[Comune]] = {}
    for comune in load():
        out.setdefault(comune.denominazione, []).append(comune)
    return out


@lru_cache(maxsize=1)
def _by_normal() -> dict[str, list[Comune]]:
    out: dict[str, list[Comune]] = {}
    for comune in load():
        out.setdefault(normalise(comune.denominazione), []).append(comune)
    return out


def _pick(candidates: list[Comune], day: datetime.date | None) -> tuple[Comune, bool]:
    for comune in candidates:
        if comune.valid_on(day):
            return comune, True
    return candidates[0], False


@lru_cache(maxsize=4096)
def check(written: str, day: datetime.date | None = None) -> NameCheck:
    """Look a comune name up: exact, same letters, or a close and unambiguous spelling."""
    if written in _by_exact():
        comune, valid = _pick(_by_exact()[written], day)
        return NameCheck(written, comune, valid, "esatto", 100.0, valid)
    norm = normalise(written)
    if norm in _by_normal():
        comune, valid = _pick(_by_normal()[norm], day)
        return NameCheck(written, comune, False, "maiuscole", 100.0, valid)
    from rapidfuzz import fuzz, process

    names = list(_by_normal().keys())
    best = process.extract(norm, names, scorer=fuzz.ratio, limit=2)
    if best and best[0][1] >= FUZZY_MIN_SCORE:
        margin = best[0][1] - (best[1][1] if len(best) > 1 else 0.0)
        if margin >= FUZZY_MIN_MARGIN:
            comune, valid = _pick(_by_normal()[best[0][0]], day)
            return NameCheck(written, comune, False, "somiglianza", round(best[0][1], 1), valid)
    return NameCheck(written, None, False, "non_trovato", round(best[0][1], 1) if best else None)


def current_count() -> int:
    return sum(1 for c in load() if c.codice_istat)
