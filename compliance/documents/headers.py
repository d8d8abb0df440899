"""The wordings of intestazioni.yaml: which section a title opens, which field a column fills.

Matching works on words (values.words): a wording matches when all its words are in the text
and none of its `senza` words is. Several candidates: the longest wording wins; a tie is
ambiguous and nothing is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from compliance.documents.values import DATE_PATTERN, words

DATA_FILE = Path(__file__).with_name("intestazioni.yaml")

# placeholders of the sentence patterns
_NAME_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
_LINK_WORD = r"(?:di|del|della|dei|de|d['’]|sul|sull['’]|al|in|con|e|ed|san|santa|sopra|sotto)"
NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_LINK_WORD}(?=[ \t]*[A-ZÀ-Ý])[ \t]*{_NAME_WORD}))*"
ALER = r"ALER\b[^;\n]{0,80}?"


@dataclass(frozen=True)
class Column:
    field: str  # dotted path inside a row: "comune", "convenzione.data_inizio"
    kind: str
    key: bool  # the row's identifying column (filled down from a merged cell)
    wordings: tuple[tuple[str, ...], ...]
    without: frozenset[str]
    choices: tuple[str, ...] = ()

    def score(self, text_words: set[str]) -> int:
        if self.without & text_words:
            return 0
        return max((len(w) for w in self.wordings if set(w) <= text_words), default=0)


@dataclass(frozen=True)
class Section:
    name: str
    path: tuple[str, ...]  # where its rows go, from the plan's root ("tabelle", "b_…")
    letter: str | None
    titles: tuple[tuple[str, ...], ...]
    total: str | None  # "campi", "numero" or None
    columns: tuple[Column, ...]

    @property
    def is_table(self) -> bool:
        return self.path[0] == "tabelle"

    @property
    def rows_path(self) -> tuple[str, ...]:
        return self.path + ("righe",) if self.is_table else self.path

    @property
    def key(self) -> Column:
        return next(c for c in self.columns if c.key)


@dataclass(frozen=True)
class Phrase:
    fields: dict[str, str]  # group name -> dotted field path
    kinds: dict[str, str]  # group name -> kind
    patterns: tuple[re.Pattern, ...]
    first: bool
    zone: str | None
    paragraphs_only: bool = False  # read only where lines are whole paragraphs (a title may wrap)


@dataclass(frozen=True)
class Wordings:
    sections: tuple[Section, ...]
    nothing: tuple[re.Pattern, ...]
    phrases: tuple[Phrase, ...]
    triennale_items: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


def _wordings(items) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(w).casefold() for w in item) for item in items)


def _pattern(text: str) -> re.Pattern:
    text = text.replace("{DATA}", DATE_PATTERN.replace("(?:", "(?i:", 1)).replace("{NOME}", NAME).replace("{ALER}", ALER)
    return re.compile(text)


@lru_cache(maxsize=1)
def load() -> Wordings:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 20x faster
    data = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=loader)
    sections = []
    for name, spec in data["sezioni"].items():
        columns = tuple(
            Column(field=f, kind=c["tipo"], key=bool(c.get("chiave")), wordings=_wordings(c["intestazioni"]),
                   without=frozenset(str(w).casefold() for w in c.get("senza", [])),
                   choices=tuple(c.get("valori", ())))
            for f, c in spec["colonne"].items()
        )
        sections.append(Section(name, tuple(spec["percorso"].split(".")), spec.get("lettera"),
                                _wordings(spec["titolo"]), spec.get("totale"), columns))
    phrases = []
    for spec in data["frasi"]:
        kinds = spec["tipo"] if isinstance(spec["tipo"], dict) else {g: spec["tipo"] for g in spec["campi"]}
        phrases.append(Phrase(dict(spec["campi"]), kinds, tuple(_pattern(p) for p in spec["schemi"]),
                              bool(spec.get("prima")), spec.get("zona"), bool(spec.get("paragrafi"))))
    nothing = tuple(re.compile(p) for p in data["nessuno"])
    items = {k: _wordings(v) for k, v in data["contenuti_triennale"].items()}
    return Wordings(tuple(sections), nothing, tuple(phrases), items)


_LETTER = re.compile(r"^\s*([a-k])\s*[).]\s", re.IGNORECASE)


def title_sections(text: str) -> list[Section]:
    """The sections whose title this text could be (best first; empty if none)."""
    if len(text) > 400:  # a paragraph of prose, not a title
        return []
    found = set(words(text))
    letter = _LETTER.match(text)
    scored = []
    for section in load().sections:
        best = max((len(w) for w in section.titles if set(w) <= found), default=0)
        if best:
            same_letter = bool(letter and section.letter == letter[1].casefold())
            scored.append((same_letter, best, section))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return []  # two sections fit equally well: not a title we can place
    return [s[2] for s in scored]


def lettered_heading(text: str) -> bool:
    """A line opening with a table letter, "d) ...": a heading even if its words are unknown."""
    return bool(_LETTER.match(text))


def match_columns(section: Section, headers: list[str]) -> tuple[list[Column | None], list[str]]:
    """The field of each column (None: unread), and the header texts left ambiguous."""
    ambiguous: list[str] = []
    choice: list[tuple[Column | None, int]] = []
    for text in headers:
        found = set(words(text or ""))
        scored = sorted(((c.score(found), c) for c in section.columns), key=lambda s: s[0], reverse=True)
        if not scored or scored[0][0] == 0:
            choice.append((None, 0))
        elif len(scored) > 1 and scored[1][0] == scored[0][0]:
            ambiguous.append(text)
            choice.append((None, 0))
        else:
            choice.append((scored[0][1], scored[0][0]))
    # one column per field: the best-scored keeps it; a tie drops both
    out: list[Column | None] = [c for c, _ in choice]
    for column in section.columns:
        at = [i for i, (c, _) in enumerate(choice) if c is column]
        if len(at) < 2:
            continue
        best = max(choice[i][1] for i in at)
        keep = [i for i in at if choice[i][1] == best]
        for i in at:
            if len(keep) > 1 or i not in keep:
                out[i] = None
        if len(keep) > 1:
            ambiguous.extend(headers[i] for i in keep)
    return out, ambiguous
