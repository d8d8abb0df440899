"""One section's tables -> its rows: header found and mapped, repeated headers and totals rows
recognised, merged cells filled down (key column only), a table split across pages joined.

Nothing is guessed: a cell that is not a value of its column's kind is reported and not
written; a row without its key (owner or comune) is reported and not written; a dash is
written as null ("not given"), never as zero.
"""

from __future__ import annotations

from compliance.documents.found import Found, Row, Rows, Skipped
from compliance.documents.headers import Column, Section, match_columns
from compliance.documents.intermediate import Cell, Place, Table
from compliance.documents.values import DASH, PARSERS, clean, is_blank, parse_count, parse_date, parse_percent, words

MAX_HEADER_ROWS = 3


def _numeric(text: str | None) -> bool:
    value = clean(text)
    if not value or value in ("-", "–", "—"):
        return False
    return any(p(value) not in (None, DASH) for p in (parse_count, parse_percent, parse_date))


def _header_texts(rows: list[list[Cell]], depth: int, width: int) -> list[str]:
    columns: list[list[str]] = [[] for _ in range(width)]
    for row in rows[:depth]:
        previous = ""
        for j in range(width):
            cell = row[j] if j < len(row) else None
            text = clean(cell.text) if cell is not None and cell.text is not None else None
            if text is None and cell is not None and cell.merged:
                text = previous  # a header cell spanning columns: its text heads each of them
            text = text or ""
            if text and (not columns[j] or columns[j][-1] != text):
                columns[j].append(text)
            previous = text
    return [" ".join(parts) for parts in columns]


def find_header(section: Section, rows: list[list[Cell]]) -> tuple[int, list[Column | None], list[str], list[str]]:
    """(header depth, column fields, header texts, ambiguous header texts); depth 0: none."""
    width = max((len(r) for r in rows), default=0)
    best = (0, [], [], [])
    best_score = 0
    for depth in range(1, min(MAX_HEADER_ROWS, len(rows)) + 1):
        if any(_numeric(c.text) for c in rows[depth - 1]):
            break
        texts = _header_texts(rows, depth, width)
        columns, ambiguous = match_columns(section, texts)
        mapped = [c for c in columns if c is not None]
        if not any(c.key for c in mapped):
            continue
        if len(mapped) > best_score:
            best, best_score = (depth, columns, texts, ambiguous), len(mapped)
    if best_score < min(2, len(section.columns)):
        return 0, [], [], []
    return best


def is_total_row(row: list[Cell]) -> bool:
    first = next((c for c in row if not is_blank(c.text)), None)
    return first is not None and (words(first.text or "")[:1] in (["totale"], ["totali"]))


def parse_value(column: Column, cell: Cell) -> tuple[object, str | None]:
    """(value, problem): value None = nothing written; DASH = written as null."""
    text = cell.text
    if is_blank(text):
        return None, None
    if column.kind == "scelta":
        value = clean(text).casefold()
        return (value, None) if value in column.choices else (None, "skip_not_value")
    value = PARSERS[column.kind](text)
    if value is None:
        return None, "skip_not_value"
    return value, None


class TableReader:
    """Reads the tables of one section in order; a table with no header continues the last."""

    def __init__(self, section: Section, place: Place):
        self.section = section
        self.result = Rows([], place)
        self.skipped: list[Skipped] = []
        self.columns: list[Column | None] | None = None
        self.header_words: list[list[str]] = []
        self.last_key: Found | None = None

    def skip(self, field: str, place: Place, text: str, reason: str, **args) -> None:
        self.skipped.append(Skipped(field, place, text, reason, args))

    def add(self, table: Table) -> None:
        rows = [r for r in table.rows if any(not is_blank(c.text) for c in r)]
        if not rows:
            return
        depth, columns, texts, ambiguous = find_header(self.section, rows)
        name = self.section.name
        if depth:
            self.columns = columns
            self.header_words = [words(" ".join(clean(c.text) for c in r if c.text)) for r in rows[:depth]]
            for text in ambiguous:
                self.skip(name, table.place, text, "skip_column_ambiguous")
            for text, column in zip(texts, columns):
                if column is None and text and text not in ambiguous:
                    self.skip(name, table.place, text, "skip_column_unknown")
            body = rows[depth:]
        elif self.columns is not None:
            body = rows  # the same table going on (a page break without a repeated header)
        else:
            self.skip(name, table.place, "", "skip_no_header")
            return
        for row in body:
            self.add_row(row)

    def add_row(self, row: list[Cell]) -> None:
        row_words = words(" ".join(clean(c.text) for c in row if c.text))
        if row_words and any(row_words == h for h in self.header_words):
            return  # the header again, after a page break
        if is_total_row(row):
            self.add_total(row)
            return
        fields: dict[str, Found] = {}
        key_found = None
        for j, column in enumerate(self.columns or []):
            if column is None:
                continue
            cell = row[j] if j < len(row) else None
            if cell is None:
                continue
            if column.key and (cell.merged or cell.text is None) and self.last_key is not None:
                key_found = Found(self.last_key.value, cell.place, self.last_key.text, ("merged_from", {}))
                fields[column.field] = key_found
                continue
            value, problem = parse_value(column, cell)
            if problem:
                self.skip(column.field, cell.place, clean(cell.text), problem, kind=column.kind)
                continue
            if value is None:
                continue
            found = Found(None if value is DASH else value, cell.place, clean(cell.text),
                          ("dash_cell", {"text": clean(cell.text)}) if value is DASH else None)
            fields[column.field] = found
            if column.key:
                key_found = found
        key = self.section.key.field
        if key_found is None or key_found.value is None:
            if fields:
                place = row[0].place if row else self.result.place
                text = " | ".join(clean(c.text) for c in row if c.text)
                self.skip(key, place, text, "skip_no_key", name=key)
            return
        self.last_key = key_found
        self.result.rows.append(Row(fields, row[0].place))

    def add_total(self, row: list[Cell]) -> None:
        mode = self.section.total
        if mode is None:
            text = " | ".join(clean(c.text) for c in row if c.text)
            self.skip(self.section.name, row[0].place, text, "skip_total_not_in_model")
            return
        for j, column in enumerate(self.columns or []):
            if column is None or column.key or column.kind != "conteggio" or j >= len(row):
                continue
            cell = row[j]
            if cell.merged:
                continue
            value, problem = parse_value(column, cell)
            target = "" if mode == "numero" else column.field
            if problem:
                self.skip("totale", cell.place, clean(cell.text), problem, kind=column.kind)
            elif value is not None:
                self.result.total[target] = Found(None if value is DASH else value, cell.place, clean(cell.text),
                                                  ("dash_cell", {"text": clean(cell.text)}) if value is DASH else None)
