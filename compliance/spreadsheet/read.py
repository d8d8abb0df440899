"""Workbook (XLSX, ODS) or folder of CSV files -> plan: `compliance import`.

Every problem names the sheet, the row and the column with its Italian header (for CSV: the
file, the line and the column), and says what was expected; the caller exits with code 2 and
writes nothing. The values are validated by the plan model itself (compliance/model/plan.py),
so the messages are those of a plan file; the comune names are checked against the ISTAT
registry: a name that is no Lombardy comune is an error (with the nearest name as a hint), a
near-miss spelling is kept as written (the check's data-quality rule reports it).

Columns and form rows are found by the field paths the template keeps in a hidden row (grids)
or column (forms); without them (a CSV folder written by hand), by their Italian headers.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ValidationError

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem, validation_problems
from compliance.model.plan import PianoAnnuale, PianoTriennale
from compliance.spreadsheet.book import FORM_KEY_COLUMN
from compliance.spreadsheet.cells import EMPTY, NO, YES, is_blank, parse_cell
from compliance.spreadsheet.csv_files import read_csv_folder
from compliance.spreadsheet.layout import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PRESENCE_SUFFIX,
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
        fail("ss_not_regular_file")
    return Source(path, False, reader(path, lang))


# ---- forms ------------------------------------------------------------------------------


@dataclass
class Read:
    """What the sheets say: values by path (from the root), presences, grid rows, places."""

    values: dict[tuple, Any] = field(default_factory=dict)
    presence: dict[tuple, bool] = field(default_factory=dict)
    rows: dict[tuple, list[dict[tuple, Any]]] = field(default_factory=dict)  # grid path -> items
    where: dict[tuple, Where] = field(default_factory=dict)
    sheet_of: dict[tuple, str] = field(default_factory=dict)  # optional's path -> where it is said


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
            read.sheet_of[form_row.path] = form.name
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
    read.sheet_of.setdefault(grid.path, grid.name)


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


def _content(read: Read, path: tuple) -> Where | None:
    """Where something under `path` is filled in (a value or a row), or None."""
    for value_path in read.values:
        if value_path[: len(path)] == path:
            return read.where.get(value_path)
    for grid_path, items in read.rows.items():
        if grid_path[: len(path)] == path and items:
            return read.where.get(grid_path + (0,))
    return None


def _present(plan_layout: Layout, read: Read, problems: Problems) -> dict[tuple, bool]:
    """Whether each optional section or list is in the plan: said, or anything filled in."""
    present: dict[tuple, bool] = {}
    for optional in plan_layout.optionals:  # outermost first
        path = optional.path
        content = _content(read, path)
        stated = read.presence.get(path)
        parent = next((p for p in present if path[: len(p)] == p and not present[p]), None)
        if parent is not None:
            if content is not None and stated is not False:
                problems.add(content, "ss_parent_absent",
                             parent=next(o.label for o in plan_layout.optionals if o.path == parent))
            present[path] = False
            continue
        if stated is False and content is not None:
            problems.add(read.where.get(path) or content, "ss_absent_with_data",
                         place=_place(content, problems.lang))
        present[path] = stated if stated is not None else content is not None
    return present


def _place(where: Where, lang: str) -> str:
    parts = [t("ss_where_sheet", lang, sheet=where.sheet)]
    if where.row is not None:
        parts.append(t("ss_where_row", lang, row=where.row))
    return ", ".join(parts)


def _set(data: dict, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _nest(values: dict[tuple, Any]) -> dict:
    out: dict = {}
    for path, value in values.items():
        _set(out, path, value)
    return out


def assemble(plan_layout: Layout, read: Read, problems: Problems) -> dict:
    """The plan's data from what the sheets say (only what they say: nothing is defaulted)."""
    present = _present(plan_layout, read, problems)

    def shown(path: tuple) -> bool:
        return all(ok for p, ok in present.items() if path[: len(p)] == p)

    data: dict = {}
    for path, value in read.values.items():
        if shown(path):
            _set(data, path, value)
    for optional in plan_layout.optionals:
        if present[optional.path] and shown(optional.path):
            if optional.is_list:
                _set(data, optional.path, [])
            else:
                target = data
                for part in optional.path:
                    target = target.setdefault(part, {})
    for grid in plan_layout.grids:
        items = read.rows.get(grid.path, [])
        if shown(grid.path) and (grid.nullable or grid.path[:-1] in present or items):
            _set(data, grid.path, [_nest(item) for item in items])
    for group in plan_layout.groups:
        first = next((w for p, w in read.where.items() if p[: len(group.path)] == group.path), None)
        if first is not None:
            read.where.setdefault(group.path, first)
    return data


def _comune_problems(plan_layout: Layout, read: Read, problems: Problems) -> None:
    """A comune name that is no Lombardy comune in the ISTAT list is an error, with a hint."""
    from compliance.registry import istat

    found: list[tuple[Any, Where]] = []
    for form in plan_layout.forms:
        for row in form.rows:
            if row.leaf is not None and row.leaf.is_comune and row.leaf.path in read.values:
                found.append((read.values[row.leaf.path], read.where[row.leaf.path]))
    for grid in plan_layout.grids:
        for n, item in enumerate(read.rows.get(grid.path, [])):
            for leaf in grid.leaves:
                if leaf.is_comune and leaf.path in item:
                    found.append((item[leaf.path], read.where[grid.path + (n,) + leaf.path]))
    for value, where in found:
        for name in value if isinstance(value, list) else [value]:
            if not isinstance(name, str) or istat.check(name).how != "non_trovato":
                continue
            hints = nearest_comuni(name)
            message = t("ss_comune_unknown", problems.lang, name=name)
            if len(hints) == 1:
                message += " " + t("did_you_mean", problems.lang, name=hints[0])
            elif hints:
                message += " " + t("ss_did_you_mean_either", problems.lang, a=hints[0], b=hints[1])
            problems.items.append(problems.problem(where, message))
            problems.bad_values.add(where)


def nearest_comuni(name: str) -> list[str]:
    """Up to two current Lombardy comuni whose names are close to `name` (for a hint)."""
    from rapidfuzz import fuzz, process

    from compliance.registry import istat

    names = sorted({c.denominazione for c in istat.load() if c.codice_istat})
    best = process.extract(istat.normalise(name), names, scorer=fuzz.WRatio,
                           processor=istat.normalise, limit=2)
    if not best or best[0][1] < 85:
        return []
    return [b[0] for b in best if b[1] >= 85 and best[0][1] - b[1] <= 3]


def _located(loc: tuple, where: dict[tuple, Where]) -> tuple[Where | None, tuple]:
    """The nearest recorded place for a validation error, and what is left of its path."""
    probe = tuple(loc)
    while probe and probe not in where:
        probe = probe[:-1]
    return where.get(probe), tuple(loc[len(probe):])


def _labels(plan_layout: Layout, loc: tuple, rest: tuple) -> str | None:
    """The Italian header of a value that has no cell of its own (a column left out)."""
    if not rest:
        return None
    for grid in plan_layout.grids:
        n = len(grid.path)
        if loc[:n] == grid.path and len(loc) > n + 1 and isinstance(loc[n], int):
            for leaf in grid.leaves:
                if leaf.path == loc[n + 1:]:
                    return leaf.label
    for form in plan_layout.forms:
        for row in form.rows:
            if row.leaf is not None and row.leaf.path == loc:
                return row.label
    return ".".join(str(p) for p in rest)


def import_plan(path: Path, lang: str = "it") -> BaseModel:
    """Read a workbook or a CSV folder into a validated plan. Raises InputError (located)."""
    source = read_source(path, lang)
    problems = Problems(source, lang)
    model = choose_model(source, problems)
    plan_layout = layout_for(model)
    read = read_sheets(source, plan_layout, problems)
    _comune_problems(plan_layout, read, problems)
    data = assemble(plan_layout, read, problems)
    if problems.structural:
        raise InputError(problems.items)
    if model is not PianoAnnuale and "tipo" not in data:
        data["tipo"] = plan_layout.tipo
    try:
        plan = model.model_validate(data)
    except ValidationError as exc:
        messages = validation_problems(exc, str(path), {}, model, lang)
        for err, message in zip(exc.errors(), messages):
            loc = tuple(err["loc"])
            place, rest = _located(loc, read.where)
            if place is None:  # e.g. a required row deleted from the form
                place = Where(plan_layout.forms[0].name)
                rest = loc
            if place in problems.bad_values:
                continue  # already said: the cell's value could not be read
            problems.items.append(problems.problem(place, message.message, _labels(plan_layout, loc, rest)))
        raise InputError(problems.items) from None
    if problems.items:
        raise InputError(problems.items)
    return plan


# ---- the plan as YAML -------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Decimals written as the exact numbers they are (12.5, never a float's 12.499…)."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal):
    text = format(value, "f")
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def _tidy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan_yaml(plan: BaseModel, origin: str, sha256: str) -> str:
    """The plan file (YAML) for an imported plan: only what the workbook says, in model order."""
    data = _tidy(plan.model_dump(mode="python", exclude_unset=True))
    tipo = getattr(plan, "tipo", None)
    if tipo is not None:
        data = {"tipo": tipo, **{k: v for k, v in data.items() if k != "tipo"}}
    head = (
        f"# Piano importato da {origin} con «compliance import» (sha256 {sha256}).\n"
        "# Le celle vuote non sono riportate: un dato mancante non è mai uno zero.\n"
    )
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)
    return head + body
