"""Bounds on what an import reads, whatever the file says about itself.

A workbook is a zip of XML files: a few hundred kilobytes can unpack to gigabytes, and a sheet
can declare a million rows. Before any spreadsheet library opens the file, every member's
declared size is checked and then each member is unpacked in a counting stream (a member that
unpacks to more than it declares is damaged); while the sheets are read, rows and cells are
counted. Past a bound the import stops with exit 2 and names the sheet; memory and time stay
bounded (the tests build the hostile files: tests/test_spreadsheet_limits.py).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem

MAX_FILE_BYTES = 20 * 1024 * 1024  # the workbook (zip) or one CSV file on disk
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # all the members of the zip together, unpacked (a plan: < 2 MB)
MAX_MEMBERS = 2000
MAX_SHEETS = 100
MAX_ROWS = 10_000  # rows with data in one sheet (a plan has dozens; an ambito has at most ~100 comuni)
MAX_COLUMNS = 200  # columns read in one row; data further right is an error
MAX_CELLS = 200_000  # non-empty cells in the whole file (a large plan has a few thousand)
MAX_CELL_CHARS = 100_000  # characters in one cell


@dataclass
class Counter:
    """Counts what a reader took in; raises a located InputError past a bound."""

    file: str
    lang: str
    cells: int = 0

    def fail(self, key: str, sheet: str | None = None, **kw) -> None:
        where = t("ss_where_sheet", self.lang, sheet=sheet) if sheet is not None else None
        raise InputError([InputProblem(self.file, None, where, t(key, self.lang, **kw))])

    def row(self, sheet: str, index: int) -> None:
        """A row with data at `index` (1-based)."""
        if index > MAX_ROWS:
            self.fail("ss_too_many_rows", sheet, n=MAX_ROWS)

    def cell(self, sheet: str, column: int, text_length: int = 0) -> None:
        """A non-empty cell at `column` (1-based)."""
        if column > MAX_COLUMNS:
            self.fail("ss_too_many_columns", sheet, limit=MAX_COLUMNS)
        if text_length > MAX_CELL_CHARS:
            self.fail("ss_cell_too_long", sheet, n=MAX_CELL_CHARS)
        self.cells += 1
        if self.cells > MAX_CELLS:
            self.fail("ss_too_many_cells", sheet, n=MAX_CELLS)

    def sheets(self, count: int) -> None:
        if count > MAX_SHEETS:
            self.fail("ss_too_many_sheets", None, n=count, limit=MAX_SHEETS)


def check_zip(path: Path, lang: str, kind_key: str) -> None:
    """Refuse a file that is no zip, or whose members declare or unpack to too much."""
    file = str(path)

    def fail(key: str, **kw) -> None:
        raise InputError([InputProblem(file, None, None, t(key, lang, **kw))])

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        fail("file_too_large", size=size, limit=MAX_FILE_BYTES)
    if not zipfile.is_zipfile(path):
        fail(kind_key)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                fail("ss_zip_members", n=len(members), limit=MAX_MEMBERS)
            declared = sum(m.file_size for m in members)
            if declared > MAX_UNPACKED_BYTES:
                fail("ss_zip_too_large", size=_mb(declared), limit=_mb(MAX_UNPACKED_BYTES))
            total = 0
            for member in members:
                with archive.open(member) as stream:  # the bytes it really unpacks to
                    read = 0
                    while chunk := stream.read(1 << 20):
                        read += len(chunk)
                        total += len(chunk)
                        if read > member.file_size or total > MAX_UNPACKED_BYTES:
                            fail("ss_zip_too_large", size=f"> {_mb(total)}", limit=_mb(MAX_UNPACKED_BYTES))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
            EOFError) as exc:
        fail("ss_bad_workbook", detail=f"{type(exc).__name__}: {exc}")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
