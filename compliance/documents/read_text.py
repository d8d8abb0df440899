"""Plain text (.txt): text copied out of a plan, or printed by `pdftotext -layout`.

Pages are separated by form feeds (as pdftotext writes them). Lines holding tabs are table rows
(text copied from a table keeps its cells apart with tabs): consecutive ones, blank lines
allowed between them, form one table. Every other line is a `Line`, its spaces kept in `raw`
so that a table laid out in columns with spaces can be read once the extractor knows which
columns to expect (compliance/documents/layout.py).
"""

from __future__ import annotations

from pathlib import Path

from compliance.documents import limits
from compliance.documents.errors import fail
from compliance.documents.intermediate import Cell, Document, Line, Place, Table
from compliance.documents.values import clean


def decode(raw: bytes, path: str, lang: str) -> str:
    if b"\x00" in raw[:65536]:
        fail(path, "doc_binary_text", lang)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_text(path: Path, lang: str = "it") -> Document:
    raw = Path(path).read_bytes()
    text = decode(raw, str(path), lang)
    return text_document(text, str(path), "txt", lang)


def text_document(text: str, path: str, fmt: str, lang: str) -> Document:
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    doc = Document(path, fmt, pages=len(pages) if len(pages) > 1 else None)
    paged = len(pages) > 1
    line_no = 0
    tables = 0
    rows_total = 0
    pending: list[list[Cell]] = []
    pending_place: Place | None = None
    blank = False

    def flush() -> None:
        nonlocal pending, pending_place
        if pending:
            doc.blocks.append(Table(pending, pending_place))
        pending, pending_place = [], None

    for page_index, page in enumerate(pages, start=1):
        for page_line, raw_line in enumerate(page.split("\n"), start=1):
            line_no += 1
            if line_no > limits.MAX_LINES:
                fail(path, "doc_too_many_lines", lang, lines=f">{limits.MAX_LINES}", limit=limits.MAX_LINES)
            raw_line = raw_line.rstrip("\r")
            number = page_line if paged else line_no
            page_no = page_index if paged else None
            if "\t" in raw_line and raw_line.strip():
                if not pending:
                    tables += 1
                    pending_place = Place(page_no, number)
                rows_total += 1
                if rows_total > limits.MAX_TABLE_ROWS:
                    fail(path, "doc_too_many_rows", lang, rows=f">{limits.MAX_TABLE_ROWS}", limit=limits.MAX_TABLE_ROWS)
                cells = [Cell(clean(c), Place(page_no, number, column=i))
                         for i, c in enumerate(raw_line.split("\t"), start=1)]
                pending.append(cells)
                continue
            if not raw_line.strip():
                blank = True
                continue  # a blank line neither ends a table nor is text
            flush()
            doc.blocks.append(Line(clean(raw_line), Place(page_no, number), raw=raw_line.expandtabs(),
                                   after_blank=blank or page_line == 1))
            blank = False
    flush()
    if not doc.blocks:
        fail(path, "doc_empty", lang)
    return doc
