"""Tables laid out in columns with spaces (text printed by `pdftotext -layout`).

Under a section's title, the lines are read knowing the columns that section expects:
* the header is the first 1-4 lines; its words, grouped into columns where they overlap
  horizontally, are mapped to fields (headers.match_columns);
* a row is a line that splits into those columns by their kinds (a count is digits, a date
  is a date, a name is words): the split is made twice, taking as little and as much text as
  possible for each name; if the two differ the row is ambiguous and is not read;
* a line that is not a row and holds no number continues the row above (a wrapped cell):
  each piece goes to the column it starts under; a name that starts in lower case ("di
  Cremona") continues the name above (a cell merged over several rows);
* on a new page, lines before the first row (running heads, the header repeated) are skipped;
  the table ends at its totals row or at a line of prose.
"""

from __future__ import annotations

import re

from compliance.documents.found import Skipped
from compliance.documents.headers import Section, match_columns
from compliance.documents.intermediate import Cell, Line, Place, Table
from compliance.documents.values import DATE_PATTERN, clean, words

MAX_HEADER_LINES = 4
_GAP = re.compile(r"\S+(?: \S+)*")  # pieces separated by two or more spaces
_DASH = r"[-–—]"
_KIND_PATTERN = {
    "conteggio": rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+|{_DASH})",
    "percentuale": rf"(?:\d{{1,3}}(?:[.,]\d{{1,4}})?(?: ?%)?|{_DASH})",
    "data": rf"(?:{DATE_PATTERN}|{_DASH})",
}
_NUMERIC = re.compile(r"(?<!\S)(?:\d{1,3}(?:\.\d{3})+|\d+)(?: ?%)?(?!\S)")
_PAGE_NUMBER = re.compile(r"^\s*(?:pag(?:ina|\.)?\s*)?\d{1,3}(?:\s*(?:di|/)\s*\d{1,3})?\s*$", re.IGNORECASE)


def _pieces(raw: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _GAP.finditer(raw)]


def _header_columns(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Header pieces grouped into columns where they overlap horizontally: (start, end, text)."""
    spans: list[list] = []
    for line in lines:
        for start, end, text in _pieces(line.raw or line.text):
            hit = [s for s in spans if start < s[1] + 1 and end > s[0] - 1]
            if hit:
                merged = hit[0]
                for other in hit[1:]:
                    merged[0], merged[1] = min(merged[0], other[0]), max(merged[1], other[1])
                    merged[2].extend(other[2])
                    spans.remove(other)
                merged[0], merged[1] = min(merged[0], start), max(merged[1], end)
                merged[2].append(text)
            else:
                spans.append([start, end, [text]])
    spans.sort(key=lambda s: s[0])
    return [(s[0], s[1], " ".join(s[2])) for s in spans]


def _row_pattern(kinds: list[str], lazy: bool) -> re.Pattern:
    text = r"[^\s\d]\S*(?: \S+)*" + ("?" if lazy else "")  # a name: words, not starting with a digit
    parts = []
    for i, kind in enumerate(kinds):
        body = _KIND_PATTERN.get(kind, text)
        parts.append((i, body))
    regex = r"^\s*"
    # the first column may be empty (a cell merged with the one above); the last ones may be empty
    first, body = parts[0]
    regex += rf"(?:(?P<c{first}>{body})\s+)?" if len(parts) > 1 else rf"(?P<c{first}>{body})"
    tail = ""
    for i, body in parts[1:]:
        sep = r"\s{2,}" if kinds[i] not in _KIND_PATTERN and kinds[i - 1] not in _KIND_PATTERN else r"\s+"
        if i == 1:
            regex += rf"(?P<c{i}>{body})"
        else:
            regex += rf"(?:{sep}(?P<c{i}>{body})"
            tail += ")?"
    regex += tail + r"\s*$"
    return re.compile(regex)


class _Layout:
    def __init__(self, section: Section, lines: list[Line]):
        self.section = section
        self.lines = lines
        self.skipped: list[Skipped] = []

    def header(self):
        """(first line, depth, columns, header pieces, kinds) with the line after it a row; None
        if not found. The header may come after a line or two (the title wrapping)."""
        best = None
        for skip in range(0, min(3, len(self.lines))):
            for depth in range(1, min(MAX_HEADER_LINES, len(self.lines) - skip - 1) + 1):
                pieces = _header_columns(self.lines[skip:skip + depth])
                columns, _ = match_columns(self.section, [p[2] for p in pieces])
                mapped = [c for c in columns if c is not None]
                if not any(c.key for c in mapped) or len(mapped) < 2:
                    continue
                kinds = [c.kind if c is not None else "testo" for c in columns]
                first_row = self.parse(self.lines[skip + depth], kinds)
                if first_row in (None, "ambiguous") or first_row[0] is None:
                    continue  # the first row has its key (else this "row" is more header)
                if best is None or len(mapped) > best[0]:
                    best = (len(mapped), skip, depth, columns, pieces, kinds)
            if best is not None:
                break
        return best[1:] if best else None

    def parse(self, line: Line, kinds: list[str]):
        """Cells of a row as (start, text) per column, or None; "ambiguous" if two readings."""
        raw = line.raw or line.text
        indented = len(raw) - len(raw.lstrip(" ")) >= 8  # the first cell empty (merged with the one above)
        if len(kinds) > 1 and not indented and not re.search(r"\S(?: {2,}|\t)\S", raw):
            return None  # no column gap: prose, not a row
        readings = []
        for lazy in (True, False):
            match = _row_pattern(kinds, lazy).match(raw)
            if match is None:
                return None
            readings.append([(match.start(f"c{i}"), match.group(f"c{i}")) if match.group(f"c{i}") is not None
                             else None for i in range(len(kinds))])
        if readings[0] != readings[1]:
            return "ambiguous"
        cells = readings[0]
        if all(c is None for i, c in enumerate(cells) if kinds[i] in _KIND_PATTERN) and any(
                k in _KIND_PATTERN for k in kinds):
            return None  # a table with numbers: a row has at least one
        return cells


def layout_table(section: Section, lines: list[Line]) -> tuple[Table | None, list[Skipped]]:
    """The table under a section's title, read from lines laid out in columns."""
    lay = _Layout(section, lines)
    found = lay.header()
    if found is None:
        return None, lay.skipped
    skip, depth, columns, pieces, kinds = found
    lines = lines[skip:]
    header_words = words(" ".join(p[2] for p in pieces))
    header_set = set(header_words)
    first = lines[0]
    rows: list[list[Cell]] = [[Cell(p[2], Place(first.place.page, first.place.line, column=j + 1))
                               for j, p in enumerate(pieces)]]
    starts: list[int | None] = []  # where each column's text starts in the last row's line
    all_text = not any(k in _KIND_PATTERN for k in kinds)
    last_page = first.place.page
    row_on_page = True
    for line in lines[depth:]:
        raw = line.raw or line.text
        if line.place.page != last_page:
            last_page, row_on_page = line.place.page, False
        if _PAGE_NUMBER.match(raw):
            continue
        line_words = set(words(line.text))
        if line_words and line_words <= header_set | {"nel", "di", "n"}:
            continue  # the header repeated after a page break
        if all_text and starts and not line.after_blank and row_on_page and not _opens_row(rows[-1], raw):
            # a table of names only: a line right under a row, not starting like its key, continues it
            if not _continue(rows[-1], starts, raw, kinds, line):
                lay.skipped.append(Skipped(section.name, line.place, line.text, "skip_continuation", {"text": line.text}))
                rows.pop()
                starts = []
            continue
        cells = lay.parse(line, kinds)
        if cells == "ambiguous":
            lay.skipped.append(Skipped(section.name, line.place, line.text, "skip_row_ambiguous", {"text": line.text}))
            starts = []
            continue
        if cells is None:
            line_words = set(words(line.text))
            if line_words and line_words <= header_set | {"nel", "di", "n"} or not row_on_page:
                continue  # the header repeated after a page break, or a running head
            if line.after_blank or _NUMERIC.search(raw) or not starts:
                if not re.search(r"\S {2,}\S", raw.strip()):
                    break  # a line of prose or a title: the table is over
                lay.skipped.append(Skipped(section.name, line.place, line.text, "skip_row_unread", {"text": line.text}))
                continue
            if not _continue(rows[-1], starts, raw, kinds, line):
                lay.skipped.append(Skipped(section.name, line.place, line.text, "skip_continuation", {"text": line.text}))
                rows.pop()  # the row above is not whole: not read
                starts = []
            continue
        row_on_page = True
        row = []
        starts = []
        for j, cell in enumerate(cells):
            place = Place(line.place.page, line.place.line, column=j + 1)
            if cell is None:
                row.append(Cell(None if j == 0 else "", place, merged=(j == 0)))
                starts.append(None)
                continue
            start, text = cell
            owner = next((r for r in reversed(rows[1:]) if r[0].text), None)
            if j == 0 and text[:1].islower() and owner is not None:  # "di Cremona": the merged name above goes on
                owner[0] = Cell(clean(f"{owner[0].text} {text}"), owner[0].place, owner[0].merged)
                row.append(Cell(None, place, merged=True))
                starts.append(start)
                continue
            row.append(Cell(text, place))
            starts.append(start)
        rows.append(row)
        if words(cells[0][1])[:1] in (["totale"], ["totali"]) if cells[0] else False:
            break
    if len(rows) < 2:
        return None, lay.skipped
    return Table(rows, first.place), lay.skipped


def _opens_row(row: list[Cell], raw: str) -> bool:
    """Whether a line starts like the key of the row above ("Comune di …" under "Comune di …")."""
    first = (row[0].text or "").split()[:1] if row and row[0].text else []
    return bool(first) and raw.strip().split()[:1] == first


def _continue(row: list[Cell], starts: list[int | None], raw: str, kinds: list[str], line: Line) -> bool:
    """Append a wrapped line's pieces to the text cells of the row above; False if one fits none."""
    if not starts:
        return False
    for start, _end, text in _pieces(raw):
        best, distance = None, None
        for j, at in enumerate(starts):
            if at is None or kinds[j] in _KIND_PATTERN or j >= len(row):
                continue
            d = abs(start - at)
            if distance is None or d < distance:
                best, distance = j, d
        if best is None or distance > 3:
            return False
        cell = row[best]
        if cell.text is None:
            return False
        joiner = "" if cell.text.endswith("-") and not cell.text.endswith(" -") else " "
        row[best] = Cell(cell.text + joiner + text, cell.place, cell.merged)
    return True
