"""What the extractor found: each value with where it came from; what it could not choose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.documents.intermediate import Place


@dataclass
class Found:
    """A value read from the document. `value` None: the document gives a dash (not given)."""

    value: Any
    place: Place
    text: str  # the text it was read from
    note: str | None = None  # a text key of texts.py with its arguments, e.g. ("merged_from", {})


@dataclass
class Row:
    """One row of a table (or one item of a list section): its fields and where it is."""

    fields: dict[str, Found]  # dotted field path inside the row -> value
    place: Place


@dataclass
class Rows:
    """A table or list section: its rows, its totals, where its title and table are."""

    rows: list[Row]
    place: Place  # the title (or the table) in the document
    total: dict[str, Found] = field(default_factory=dict)  # "" for a single count, else the field
    note: Found | None = None  # the sentence that says there is nothing


@dataclass
class Ambiguity:
    """A field found with different values: none is written, all are shown."""

    field: str
    candidates: list[Found]


@dataclass
class Skipped:
    """Something read but not written, and why (a text key of texts.py and its arguments)."""

    field: str
    place: Place
    text: str
    reason: str
    args: dict = field(default_factory=dict)
