"""Bounds on what a document may hold: a plan is a few dozen pages with a few hundred rows.

A document past a bound is refused (exit 2, located message) before it can use much memory or
time: the bytes on disk, the bytes once unpacked (DOCX, ODT are ZIP archives), the pages, the
characters of a page, the lines, the table rows. Same file-size bound as the spreadsheet import.
"""

from __future__ import annotations

MAX_BYTES = 20 * 1024 * 1024  # on disk (as compliance/spreadsheet/read.py)
MAX_UNPACKED = 60 * 1024 * 1024  # all the parts of a DOCX or ODT archive, decompressed
MAX_ZIP_ENTRIES = 2_000
MAX_RATIO = 200  # decompressed / compressed, per part (a zip bomb is thousands)
MAX_PAGES = 300  # a real plan has 5-60 pages
MAX_PAGE_CHARS = 60_000  # an A4 page of small print has ~6,000
MAX_LINES = 60_000
MAX_TABLE_ROWS = 20_000  # Milano's tables have a few hundred rows
MAX_SECONDS = 120  # wall time for reading one document
