"""Workbook (XLSX, ODS) or folder of CSV files -> what its sheets say (assemble.py makes the plan).

The file is read by its format's bounded reader (xlsx.py, ods.py, csv_files.py); the plan type
is chosen by the form's «Tipo di piano» (or, if empty, by the sheets present). Columns and form
rows are found by the field paths the template keeps in a hidden row (grids) or column (forms);
without them (a CSV folder written by hand), by their Italian headers. Every problem names the
sheet, the row and the column with its Italian header (for CSV: the file, the line and the
column), and says what was expected.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.model.plan import PianoAnnuale, PianoTriennale
from compliance.spreadsheet.book import FORM_KEY_COLUMN
from compliance.spreadsheet.cells import EMPTY, NO, YES, is_blank, parse_cell
from compliance.spreadsheet.csv_files import read_csv_folder
from compliance.spreadsheet.layout import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    ROOT_FORM,
    Form,
    FormRow,
    Grid,
    Layout,
    Leaf,
    choice_label,
    layout,
    normal_text,
    plan_types,
)
from compliance.spreadsheet.ods import read_ods
from compliance.spreadsheet.xlsx import read_xlsx

PLAN_MODELS = plan_types((PianoAnnuale, PianoTriennale))
TYPES = tuple(PLAN_MODELS)

# The readers by file suffix; a folder is a folder of CSV files. Other importers (plan documents)
# are dispatched by the caller before this table.
READERS: dict[str, Callable[[Path, str], dict[str, list[list[Any]]]]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".ods": read_ods,
}


def layout_for(model: type[BaseModel]) -> Layout:
    return layout(model, TYPES)


@dataclass(frozen=True)
class Where:
    """A place in the workbook: sheet, row (1-based), column (1-based), and its header."""

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None


@dataclass
class Source:
    """The sheets read from a workbook or a CSV folder: rows of raw cell values."""

    path: Path
    is_csv: bool
    sheets: dict[str, list[list[Any]]]

    def file_for(self, sheet: str) -> str:
        return str(self.path / f"{sheet}.csv") if self.is_csv else str(self.path)


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Problems:
    def __init__(self, source: Source, lang: str):
        self.source, self.lang, self.items = source, lang, []
        self.bad_values: set[Where] = set()  # cells whose value is wrong (the rest can be judged)
        self.structural = 0  # problems with the sheets themselves: nothing else can be judged

    def value(self, where: Where, key: str, **kw: Any) -> None:
        """A cell whose value cannot be used (the model judges the others)."""
        self.items.append(self.problem(where, t(key, self.lang, **kw)))
        self.bad_values.add(where)

    def add(self, where: Where, key: str, hint: str | None = None, **kw: Any) -> None:
        """A problem at `where`: the message `key` (with `kw`), then the hint, if any."""
        message = t(key, self.lang, **kw) + (f" {hint}" if hint else "")
        self.items.append(self.problem(where, message))
        self.structural += 1

    def problem(self, where: Where, message: str, extra: str | None = None) -> InputProblem:
        lang = self.lang
        parts = []
        line = None
        if self.source.is_csv:
            line = where.row
        else:
            parts.append(t("ss_where_sheet", lang, sheet=where.sheet))
            if where.row is not None:
                parts.append(t("ss_where_row", lang, row=where.row))
        if where.column is not None:
            parts.append(t("ss_where_column", lang, column=_column_letter(where.column), name=where.header or ""))
        if extra:
            parts.append(extra)
        return InputProblem(self.source.file_for(where.sheet), line, ", ".join(parts) or None, message)


# ---- reading the files ------------------------------------------------------------------


def read_source(path: Path, lang: str = "it") -> Source:
    """Read an .xlsx or .ods workbook or a folder of CSV files. Raises InputError."""
    path = Path(path)

    def fail(key: str, **kw: Any):
        raise InputError([InputProblem(str(path), None, None, t(key, lang, **kw))])

    try:
        info = os.stat(path)
    except OSError:
        fail("file_missing")
    if stat.S_ISDIR(info.st_mode):
        return Source(path, True, read_csv_folder(path, lang))
    reader = READERS.get(path.suffix.casefold())
    if reader is None:
        fail("ss_unknown_format", suffix=path.suffix or path.name)
    if not stat.S_ISREG(info.st_mode):
        fail("file_not_regular")
    return Source(path, False, reader(path, lang))


# ---- forms ------------------------------------------------------------------------------


@dataclass
class Read:
    """What the sheets say: values by path (from the root), presences, grid rows, places."""

    values: dict[tuple, Any] = field(default_factory=dict)
    presence: dict[tuple, bool] = field(default_factory=dict)
    rows: dict[tuple, list[dict[tuple, Any]]] = field(default_factory=dict)  # grid path -> items
    where: dict[tuple, Where] = field(default_factory=dict)


def _cell(row: list[Any], column: int) -> Any:
    value = row[column - 1] if column - 1 < len(row) else None
    return value.strip() if isinstance(value, str) else value


def _form_index(form: Form) -> tuple[dict[str, FormRow], dict[tuple[str, str], FormRow], dict[str, list[FormRow]]]:
    """Rows by key, by (heading, label) and by label alone (for files without the key column)."""
    by_key: dict[str, FormRow] = {}
    by_context: dict[tuple[str, str], FormRow] = {}
    by_label: dict[str, list[FormRow]] = {}
    heading = ""
    for row in form.rows:
        if row.kind == "heading":
            heading = normal_text(row.label)
            continue
        by_key[row.key] = row
        by_context.setdefault((heading, normal_text(row.label)), row)
        by_label.setdefault(normal_text(row.label), []).append(row)
    return by_key, by_context, by_label


def _read_form(form: Form, rows: list[list[Any]], read: Read, problems: Problems) -> None:
    by_key, by_context, by_label = _form_index(form)
    headings = {normal_text(r.label) for r in form.rows if r.kind == "heading"}
    seen: dict[str, int] = {}
    heading = ""
    for index, raw in enumerate(rows, start=1):
        label = _cell(raw, 1)
        key = _cell(raw, FORM_KEY_COLUMN)
        value = raw[1] if len(raw) > 1 else None
        if index == 1 and normal_text(label or "") == "voce":
            continue  # the header row
        form_row = by_key.get(str(key)) if not is_blank(key) else None
        if form_row is None and not is_blank(key):
            close = difflib.get_close_matches(str(key), list(by_key), n=1)
            hint = t("did_you_mean", problems.lang, name=close[0]) if close else None
            problems.add(Where(form.name, index, FORM_KEY_COLUMN, str(key)), "ss_unknown_key", hint, name=key)
            continue
        if form_row is None and not is_blank(label):
            text = normal_text(label)
            if text in headings and is_blank(value):
                heading = text
                continue
            form_row = by_context.get((heading, text))
            if form_row is None and len(by_label.get(text, [])) == 1:
                form_row = by_label[text][0]
        if form_row is None:
            if not is_blank(value):
                problems.add(Where(form.name, index, 1, str(label or "")), "ss_unknown_label", name=label or "")
            continue
        if form_row.key in seen:
            problems.add(Where(form.name, index, 1, form_row.label), "ss_duplicate_key",
                         name=form_row.label, first=seen[form_row.key])
            continue
        seen[form_row.key] = index
        where = Where(form.name, index, 2, form_row.label)
        if form_row.kind == "presence":
            read.where.setdefault(form_row.path, where)
            if not is_blank(value):
                word = normal_text(value) if isinstance(value, str) else value
                if word in (normal_text(YES), "si", True):
                    read.presence[form_row.path] = True
                elif word in (normal_text(NO), False):
                    read.presence[form_row.path] = False
                else:
                    problems.value(where, "ss_presence", found=_shown(value))
            continue
        leaf = form_row.leaf
        assert leaf is not None
        read.where[leaf.path] = where
        _store(leaf, value, where, read.values, leaf.path, problems)


def _store(leaf: Leaf, raw: Any, where: Where, values: dict, path: tuple, problems: Problems) -> None:
    parsed, problem = parse_cell(leaf, raw)
    if problem == "not_a_date":
        problems.value(where, "ss_expected_date", found=_shown(raw))
    elif problem == "bad_json":
        problems.value(where, "ss_bad_json", detail=_shown(raw))
    elif problem == "not_yes_no":
        problems.value(where, "ss_expected_yes_no", found=_shown(raw))
    elif problem == "not_a_choice":
        problems.value(where, "ss_unknown_choice", found=_shown(raw),
                     options=", ".join(f"«{choice_label(c)}»" for c in leaf.choices))
    elif parsed is not EMPTY:
        values[path] = parsed


def _shown(raw: Any) -> str:
    text = repr(raw) if not isinstance(raw, Decimal) else format(raw, "f")
    return text if len(text) <= 60 else text[:57] + "..."


# ---- grids ------------------------------------------------------------------------------


def _is_key_row(cells: list[Any], keys: set[str]) -> bool:
    present = [str(c).strip() for c in cells if not is_blank(c)]
    known = [c for c in present if c in keys]
    return bool(present) and len(known) * 2 >= len(present) and bool(known)


def _grid_columns(grid: Grid, cells: list[Any], row: int, by_keys: bool,
                  problems: Problems) -> list[Leaf | None]:
    by_key = {leaf.key: leaf for leaf in grid.leaves}
    by_label = {normal_text(leaf.label): leaf for leaf in grid.leaves}
    by_label.update({normal_text(leaf.key): leaf for leaf in grid.leaves if normal_text(leaf.key) not in by_label})
    columns: list[Leaf | None] = []
    seen: set[str] = set()
    for col, cell in enumerate(cells, start=1):
        if is_blank(cell):
            columns.append(None)
            continue
        leaf = by_key.get(str(cell).strip()) if by_keys else by_label.get(normal_text(cell))
        if leaf is None:
            options = [leaf.label for leaf in grid.leaves]
            close = difflib.get_close_matches(str(cell), options, n=1)
            hint = t("did_you_mean", problems.lang, name=close[0]) if close else None
            problems.add(Where(grid.name, row, col, str(cell)), "ss_unknown_column", hint,
                         name=cell, options=", ".join(options))
            columns.append(None)
            continue
        if leaf.key in seen:
            problems.add(Where(grid.name, row, col, leaf.label), "ss_duplicate_column", name=leaf.label)
            columns.append(None)
            continue
        seen.add(leaf.key)
        columns.append(leaf)
    while columns and columns[-1] is None:
        columns.pop()
    return columns


def _read_grid(grid: Grid, rows: list[list[Any]], read: Read, problems: Problems) -> None:
    keys = {leaf.key for leaf in grid.leaves}
    labels = {normal_text(leaf.label) for leaf in grid.leaves} | {normal_text(k) for k in keys}
    columns: list[Leaf | None] | None = None
    header_row = None
    items: list[dict[tuple, Any]] = []
    for index, raw in enumerate(rows, start=1):
        cells = [c.strip() if isinstance(c, str) else c for c in raw]
        if all(is_blank(c) for c in cells):
            continue
        if columns is None:
            if _is_key_row(cells, keys):
                columns = _grid_columns(grid, cells, index, True, problems)
                header_row = index
                continue
            present = [normal_text(c) for c in cells if not is_blank(c)]
            if present and sum(p in labels for p in present) * 2 >= len(present):
                columns = _grid_columns(grid, cells, index, False, problems)
                header_row = index
                continue
            problems.add(Where(grid.name, index), "ss_no_header",
                         columns=", ".join(leaf.label for leaf in grid.leaves))
            return
        if index == header_row + 1 and _is_header_of(cells, columns):
            continue  # the Italian header under the hidden row of field paths
        item: dict[tuple, Any] = {}
        n = len(items)
        read.where[grid.path + (n,)] = Where(grid.name, index)
        for col, leaf in enumerate(columns, start=1):
            if leaf is None:
                continue
            where = Where(grid.name, index, col, leaf.label)
            read.where[grid.path + (n,) + leaf.path] = where
            _store(leaf, raw[col - 1] if col - 1 < len(raw) else None, where, item, leaf.path, problems)
        for group in grid.groups:
            first = next((read.where[grid.path + (n,) + leaf.path] for leaf in grid.leaves
                          if leaf.path[: len(group.path)] == group.path
                          and grid.path + (n,) + leaf.path in read.where), None)
            if first is not None:
                read.where.setdefault(grid.path + (n,) + group.path, first)
        extra = [c for c in range(len(columns) + 1, len(cells) + 1) if not is_blank(cells[c - 1])]
        if extra:
            problems.add(Where(grid.name, index, extra[0], ""), "ss_value_outside_columns")
        items.append(item)
    if columns is None:
        if not grid.leaves:
            return
        columns = []
    read.rows[grid.path] = items
    read.where.setdefault(grid.path, Where(grid.name, header_row))


def _is_header_of(cells: list[Any], columns: list[Leaf | None]) -> bool:
    for col, leaf in enumerate(columns, start=1):
        if leaf is not None and col - 1 < len(cells) and not is_blank(cells[col - 1]):
            if normal_text(cells[col - 1]) not in (normal_text(leaf.label), normal_text(leaf.key)):
                return False
    return True


# ---- choosing the model ----------------------------------------------------------------


def _sheet_lookup(source: Source) -> dict[str, str]:
    return {normal_text(name): name for name in source.sheets}


def _tipo(source: Source) -> str | None:
    """The plan type the root form states (None if it says nothing)."""
    name = _sheet_lookup(source).get(normal_text(ROOT_FORM))
    if name is None:
        return None
    for raw in source.sheets[name]:
        key, label = _cell(raw, FORM_KEY_COLUMN), _cell(raw, 1)
        if key == "tipo" or (is_blank(key) and normal_text(label or "") == "tipo di piano"):
            value = raw[1] if len(raw) > 1 else None
            if is_blank(value):
                return None
            words = {normal_text(choice_label(c)): c for c in TYPES}
            return words.get(normal_text(value))  # an unknown one is reported with the form
    return None


def _fit(source: Source, model: type[BaseModel]) -> int:
    names = set(_sheet_lookup(source))
    return sum(normal_text(s.name) in names for s in layout_for(model).sheets)


def choose_model(source: Source, problems: Problems) -> type[BaseModel]:
    tipo = _tipo(source)
    best = max(PLAN_MODELS.values(), key=lambda m: _fit(source, m))
    if tipo is None:
        return best
    model = PLAN_MODELS[tipo]
    if best is not model and _fit(source, best) > _fit(source, model):
        other = next(k for k, m in PLAN_MODELS.items() if m is best)
        problems.add(Where(ROOT_FORM), "ss_wrong_template", tipo=choice_label(tipo),
                     other=choice_label(other), tipo_key=tipo)
    return model


# ---- assembling the plan ----------------------------------------------------------------


def read_sheets(source: Source, plan_layout: Layout, problems: Problems) -> Read:
    read = Read()
    lookup = _sheet_lookup(source)
    expected = {normal_text(s.name) for s in plan_layout.sheets}
    ignored = {normal_text(INSTRUCTIONS_SHEET), normal_text(LISTS_SHEET)}
    for name, rows in source.sheets.items():
        if normal_text(name) in expected | ignored or not any(any(not is_blank(c) for c in r) for r in rows):
            continue
        close = difflib.get_close_matches(name, [s.name for s in plan_layout.sheets], n=1)
        hint = t("did_you_mean", problems.lang, name=close[0]) if close else None
        problems.add(Where(name), "ss_sheet_unknown", hint, name=name)
    for sheet in plan_layout.sheets:
        actual = lookup.get(normal_text(sheet.name))
        if actual is None:
            problems.add(Where(sheet.name), "ss_sheet_missing", name=sheet.name)
            continue
        if isinstance(sheet, Form):
            _read_form(sheet, source.sheets[actual], read, problems)
        else:
            _read_grid(sheet, source.sheets[actual], read, problems)
    return read
