"""A folder of CSV files, one per data sheet, as Excel in Italian writes and reads them.

Writing: `;` between fields, UTF-8 with a byte-order mark (so that Excel reads the accents),
decimal comma (12,5), dates as 28/01/2021, percentages as the plans write them (10 = 10%), and
text that a spreadsheet program would take for a formula neutralised (cells.neutralise). The
file is named after its sheet. The first line of a table holds the field paths, the second the
Italian header; a form's fourth column holds the field paths.

Reading: `;`, `,` or tab between fields (sniffed), UTF-8 with or without the mark; each file is
a regular file, read up to limits.MAX_FILE_BYTES, with rows and cells counted.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem, read_input
from compliance.spreadsheet.book import Book
from compliance.spreadsheet.cells import italian_number, neutralise
from compliance.spreadsheet.limits import MAX_FILE_BYTES, MAX_SHEETS, Counter

DELIMITER = ";"
ENCODING = "utf-8-sig"


def _text(value: Any, style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float, Decimal)):
        return italian_number(value)
    text = str(value)
    return neutralise(text) if style == "text" else text


def csv_texts(book: Book) -> dict[str, str]:
    """One CSV text per data sheet, by file name (the sheet's name + .csv)."""
    out: dict[str, str] = {}
    for page in book.pages:
        if not page.is_data:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        for line in page.rows:
            cells = [_text(cell.value, cell.style) for cell in line]
            while cells and cells[-1] == "":
                cells.pop()
            writer.writerow(cells)
        out[f"{page.name}.csv"] = buffer.getvalue()
    return out


def _read_text(file: Path, lang: str) -> str:
    """A CSV file's text: a regular file, at most MAX_FILE_BYTES, UTF-8."""
    def fail(key: str, line: int | None = None, **kw) -> None:
        raise InputError([InputProblem(str(file), line, None, t(key, lang, **kw))])

    raw = read_input(file, MAX_FILE_BYTES, lang)  # a regular file (not a FIFO nor a device), bounded
    if b"\x00" in raw:
        fail("ss_csv_binary")
    try:
        return raw.decode(ENCODING)
    except UnicodeDecodeError as exc:
        fail("file_encoding", raw[: exc.start].count(b"\n") + 1)
    raise AssertionError("unreachable")


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if text.count(";") >= text.count(",") else ","


def read_csv_folder(path: Path, lang: str) -> dict[str, list[list[Any]]]:
    """{sheet name: rows of texts} from a folder of CSV files. Raises InputError."""
    files = sorted(p for p in path.iterdir() if p.suffix.casefold() == ".csv")
    if not files:
        raise InputError([InputProblem(str(path), None, None, t("ss_no_csv", lang))])
    if len(files) > MAX_SHEETS:
        raise InputError([InputProblem(str(path), None, None,
                                       t("ss_too_many_sheets", lang, n=len(files), limit=MAX_SHEETS))])
    out: dict[str, list[list[Any]]] = {}
    problems: list[InputProblem] = []
    for file in files:
        try:
            out[file.stem] = _read_file(file, lang)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return out


def _read_file(file: Path, lang: str) -> list[list[Any]]:
    text = _read_text(file, lang)
    counter = Counter(str(file), lang)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        for index, line in enumerate(reader, start=1):
            values: list[Any] = []
            for column, cell in enumerate(line, start=1):
                if cell.strip():
                    counter.cell(file.stem, column, len(cell))
                    values.append(cell)
                else:
                    values.append(None)
            while values and values[-1] is None:
                values.pop()
            if values:
                counter.row(file.stem, index)
            rows.append(values)
    except csv.Error as exc:
        raise InputError([InputProblem(str(file), reader.line_num, None, t("ss_bad_csv", lang, detail=exc))]) from None
    return rows
