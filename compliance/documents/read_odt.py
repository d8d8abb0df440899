"""OpenDocument text (.odt) with odfpy: headings, paragraphs, list items and tables in order.

Covered cells (merged) are kept as such: one covered by a cell spanning rows gets that cell's
text, marked `merged`; one covered by a cell spanning columns has no text. Repeated empty
cells and rows (number-*-repeated) are capped.
"""

from __future__ import annotations

from pathlib import Path

from compliance.documents import limits
from compliance.documents.archive import check_archive
from compliance.documents.errors import fail
from compliance.documents.intermediate import Cell, Document, Line, Place, Table
from compliance.documents.values import clean

MAX_REPEAT = 50
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_odt(path: Path, lang: str = "it") -> Document:
    check_archive(path, "ODT", "content.xml", lang)
    from odf.opendocument import load

    try:
        odt = load(str(path))
    except Exception as exc:  # odfpy and the XML parser raise many kinds on a damaged file
        fail(str(path), "doc_bad_odt", lang, detail=f"{type(exc).__name__}: {exc}")
    reader = _Reader(str(path), lang)
    reader.walk(odt.text)
    if not reader.doc.blocks:
        fail(str(path), "doc_empty", lang)
    return reader.doc


def _text(node) -> str:
    """The text of a paragraph: its text nodes, spaces (text:s) and tabs, line breaks."""
    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.qname == (_TEXT, "s"):
            parts.append(" " * int(child.getAttribute("c") or 1) if child.getAttribute("c") else " ")
        elif child.qname in ((_TEXT, "tab"), (_TEXT, "line-break")):
            parts.append(" ")
        elif child.qname[0] == _TEXT and child.qname[1] in ("note", "tracked-changes"):
            continue
        else:
            parts.append(_text(child))
    return "".join(parts)


class _Reader:
    def __init__(self, path: str, lang: str):
        self.path, self.lang = path, lang
        self.doc = Document(path, "odt")
        self.paragraphs = 0
        self.tables = 0
        self.rows_total = 0

    def walk(self, node) -> None:
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            name = child.qname
            if name in ((_TEXT, "p"), (_TEXT, "h")):
                self.paragraph(child)
            elif name == (_TABLE, "table"):
                self.table(child)
            else:
                self.walk(child)  # lists, sections, frames: their paragraphs and tables in order

    def paragraph(self, node) -> None:
        text = clean(_text(node))
        if not text:
            return
        self.paragraphs += 1
        if self.paragraphs > limits.MAX_LINES:
            fail(self.path, "doc_too_many_lines", self.lang, lines=self.paragraphs, limit=limits.MAX_LINES)
        self.doc.blocks.append(Line(text, Place(line=self.paragraphs, paragraph=True)))

    def _rows(self, node):
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname == (_TABLE, "table-row"):
                repeat = min(int(child.getAttribute("numberrowsrepeated") or 1), MAX_REPEAT)
                for _ in range(repeat):
                    yield child
            elif child.qname[0] == _TABLE and child.qname[1] in ("table-header-rows", "table-rows", "table-row-group"):
                yield from self._rows(child)

    def table(self, node) -> None:
        self.tables += 1
        number = self.tables
        rows: list[list[Cell]] = []
        spanning: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
        for r, tr in enumerate(self._rows(node), start=1):
            self.rows_total += 1
            if self.rows_total > limits.MAX_TABLE_ROWS:
                fail(self.path, "doc_too_many_rows", self.lang, rows=self.rows_total, limit=limits.MAX_TABLE_ROWS)
            row: list[Cell] = []
            for tc in tr.childNodes:
                if tc.nodeType != tc.ELEMENT_NODE or tc.qname[0] != _TABLE:
                    continue
                repeat = min(int(tc.getAttribute("numbercolumnsrepeated") or 1), MAX_REPEAT)
                for _ in range(repeat):
                    column = len(row)
                    place = Place(table=number, row=r, column=column + 1)
                    if tc.qname[1] == "covered-table-cell":
                        text, left = spanning.get(column, (None, 0))
                        if left > 0:
                            spanning[column] = (text, left - 1)
                            row.append(Cell(text, place, merged=True))
                        else:
                            row.append(Cell(None, place, merged=True))
                    elif tc.qname[1] == "table-cell":
                        text = clean(" ".join(_text(p) for p in tc.childNodes if p.nodeType == p.ELEMENT_NODE))
                        row.append(Cell(text, place))
                        down = int(tc.getAttribute("numberrowsspanned") or 1)
                        if down > 1:
                            spanning[column] = (text, down - 1)
                if len(row) > 200:
                    break
            rows.append(row)
        if rows:
            self.doc.blocks.append(Table(rows, Place(table=number, row=1, column=1)))
