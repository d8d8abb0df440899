"""What every reader produces: the document as lines and tables, each with where it is.

The readers (one per format) know nothing of plans; the extractor knows nothing of formats.
Between them is this: a list of blocks in reading order, each `Line` or `Table`, and for
every piece of text its `Place` (page and line, or table, row and column), which the draft
writes next to every value it takes from the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """Where a piece of text is. Pages and lines are 1-based; `page` is None where the format
    has no pages (DOCX, ODT: their pages exist only once a word processor lays them out)."""

    page: int | None = None
    line: int | None = None  # line of the page (PDF), of the file (text), paragraph (DOCX, ODT)
    table: int | None = None  # the table's number in the document
    row: int | None = None
    column: int | None = None
    paragraph: bool = False  # `line` counts paragraphs, not lines

    def render(self, lang: str = "it") -> str:
        from compliance.documents.texts import tx

        parts = []
        if self.page is not None:
            parts.append(tx("place_page", lang, n=self.page))
        if self.table is not None:
            parts.append(tx("place_table", lang, n=self.table))
            if self.row is not None:
                parts.append(tx("place_row", lang, n=self.row))
        elif self.line is not None:
            parts.append(tx("place_paragraph" if self.paragraph else "place_line", lang, n=self.line))
        if self.column is not None:
            parts.append(tx("place_column", lang, n=self.column))
        return ", ".join(parts)


@dataclass(frozen=True)
class Line:
    """One line of running text (a paragraph for DOCX and ODT). `raw` keeps the spaces of a
    line laid out in columns (text printed by `pdftotext -layout`), for reading tables."""

    text: str
    place: Place
    raw: str | None = None
    after_blank: bool = False  # a blank line comes before it (it cannot continue a table's row)


@dataclass(frozen=True)
class Cell:
    """One cell. `merged` is True where the cell is covered by a cell above or to the left
    (a merged cell): its text is then the covering cell's, or None where the format gives
    no text for covered cells."""

    text: str | None
    place: Place
    merged: bool = False


@dataclass
class Table:
    """A table as the document draws it: rows of cells (rows may differ in length)."""

    rows: list[list[Cell]]
    place: Place  # its first cell
    continued: bool = False  # set by a reader that knows this table goes on from the previous one


@dataclass
class Document:
    """A document read by one of the readers."""

    path: str
    format: str  # "pdf", "docx", "odt", "txt"
    blocks: list[Line | Table] = field(default_factory=list)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)  # what the reader noticed (e.g. pages without text)

    @property
    def paragraphs(self) -> bool:
        """Whether each Line is a whole paragraph (DOCX, ODT, text copied paragraph by paragraph),
        not one line of a page where a paragraph may wrap."""
        if self.format in ("docx", "odt"):
            return True
        return self.format == "txt" and not any(
            isinstance(b, Line) and b.raw and "   " in b.raw.strip() for b in self.blocks)

    @property
    def lines(self) -> list[Line]:
        return [b for b in self.blocks if isinstance(b, Line)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
