"""Word documents (.docx) with python-docx: paragraphs and tables in the order of the body.

Merged cells are kept as such: a cell spanning columns covers the next ones (no text of
their own), a cell merged downwards gives its text to the cells it covers, marked `merged`.
Paragraphs are numbered in the body (tables apart); a .docx has no pages until Word lays it out.
"""

from __future__ import annotations

from pathlib import Path

from compliance.documents import limits
from compliance.documents.archive import check_archive
from compliance.documents.errors import fail
from compliance.documents.intermediate import Cell, Document, Line, Place, Table
from compliance.documents.values import clean


def read_docx(path: Path, lang: str = "it") -> Document:
    check_archive(path, "DOCX", "word/document.xml", lang)
    import docx
    from docx.table import Table as DocxTable
    from docx.table import _Cell

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        fail(str(path), "doc_bad_docx", lang, detail=f"{type(exc).__name__}: {exc}")
    doc = Document(str(path), "docx")
    paragraph = 0
    tables = 0
    rows_total = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            tables += 1
            rows = _table_rows(block, tables, _Cell)
            rows_total += len(rows)
            if rows_total > limits.MAX_TABLE_ROWS:
                fail(str(path), "doc_too_many_rows", lang, rows=rows_total, limit=limits.MAX_TABLE_ROWS)
            if rows:
                doc.blocks.append(Table(rows, Place(table=tables, row=1, column=1)))
            continue
        text = clean(block.text)
        if not text:
            continue
        paragraph += 1
        if paragraph > limits.MAX_LINES:
            fail(str(path), "doc_too_many_lines", lang, lines=paragraph, limit=limits.MAX_LINES)
        for part in block.text.splitlines() or [block.text]:  # line breaks inside a paragraph
            if clean(part):
                doc.blocks.append(Line(clean(part), Place(line=paragraph, paragraph=True)))
    if not doc.blocks:
        fail(str(path), "doc_empty", lang)
    return doc


def _table_rows(table, number: int, cell_class) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell a downward merge started from
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        row: list[Cell] = []
        column = 0
        for tc in tr.tc_lst:
            span = max(1, int(tc.grid_span or 1))
            merge = tc.vMerge
            place = Place(table=number, row=r, column=column + 1)
            if merge == "continue":
                row.append(Cell(above.get(column), place, merged=True))
            else:
                text = clean(cell_class(tc, table).text)
                row.append(Cell(text, place))
                if merge == "restart":
                    above[column] = text
                else:
                    above.pop(column, None)
            for extra in range(1, span):
                row.append(Cell(None, Place(table=number, row=r, column=column + extra + 1), merged=True))
            column += span
            if column > 200:
                break
        rows.append(row)
    return rows
