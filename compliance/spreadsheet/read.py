"""Workbook (XLSX) or folder of CSV files -> plan: `compliance import`.

Every problem names the sheet, the row and the column (for CSV: the file, the line and the
column), and says what was expected; the caller exits with code 2 and writes nothing. The
values are validated by the plan model itself (compliance/model/plan.py), so the messages are
those of a plan file; the comune names are checked against the ISTAT registry: a name that is
no Lombardy comune is an error (with the nearest name as a hint), a near-miss spelling is kept
as written (the check's data-quality rule reports it).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem, read_input, validation_problems
from compliance.model.plan import PianoAnnuale
from compliance.spreadsheet.layout import (
    EMPTY_LIST,
    INSTRUCTIONS_SHEET,
    LIST_SEPARATOR,
    PRESENCE_KEY,
    Leaf,
    Sheet,
    normal_key,
    sheets,
)
from compliance.spreadsheet.write import KV_HEADER

MAX_BYTES = 20 * 1024 * 1024
_EMPTY = object()  # a cell that says nothing
_BLANKS = {"", "-", "–", "—"}
_TRUE = {"sì", "si", "s", "vero", "true", "x", "yes", "y", "1"}
_FALSE = {"no", "n", "falso", "false", "0"}


@dataclass(frozen=True)
class Where:
    """A place in the workbook: sheet, row (1-based), column (1-based), and the key there."""

    sheet: str
    row: int | None = None
    column: int | None = None
    key: str | None = None


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


class _Problems:
    def __init__(self, source: Source, lang: str):
        self.source, self.lang, self.items = source, lang, []

    def add(self, where: Where, message: str, extra: str | None = None) -> None:
        self.items.append(self.problem(where, message, extra))

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
            parts.append(t("ss_where_column", lang, column=_column_letter(where.column), name=where.key or ""))
        elif where.key:
            parts.append(where.key)
        if extra:
            parts.append(extra)
        return InputProblem(self.source.file_for(where.sheet), line, ", ".join(parts) or None, message)


# ---- reading the files ------------------------------------------------------------------


def read_source(path: Path, lang: str = "it") -> Source:
    """Read an .xlsx workbook or a folder of CSV files. Raises InputError."""
    path = Path(path)

    def fail(key: str, **kw: Any):
        raise InputError([InputProblem(str(path), None, None, t(key, lang, **kw))])

    if not path.exists():
        fail("file_missing")
    if path.is_dir():
        return _read_csv_folder(path, lang)
    raw = read_input(path, MAX_BYTES, lang)  # a regular file, read for at most the limit
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        fail("ss_not_xlsx")
    from openpyxl import load_workbook

    try:
        # not read_only: that mode trusts the sheet's stored dimensions, which some programs get wrong
        wb = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        fail("ss_bad_workbook", detail=f"{type(exc).__name__}: {exc}")
    try:
        out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()
    return Source(path, False, out)


def _read_csv_folder(path: Path, lang: str) -> Source:
    out: dict[str, list[list[Any]]] = {}
    problems = []
    for file in sorted(path.glob("*.csv")):
        try:
            raw = read_input(file, MAX_BYTES, lang)  # not a FIFO nor a device; bounded
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(InputProblem(str(file), raw[: exc.start].count(b"\n") + 1, None, t("file_encoding", lang)))
            continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";" if text.count(";") >= text.count(",") else ","
        try:
            rows = [[c if c.strip() else None for c in row]
                    for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        except csv.Error as exc:
            problems.append(InputProblem(str(file), None, None, t("ss_bad_csv", lang, detail=exc)))
            continue
        out[file.stem] = rows
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError([InputProblem(str(path), None, None, t("ss_no_csv", lang))])
    return Source(path, True, out)


# ---- cells ------------------------------------------------------------------------------


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in _BLANKS)


def _to_int(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 1.006 as the plans write it
            return int(text.replace(".", ""))
        if re.fullmatch(r"[+-]?\d+[.,]0+", text):
            return int(re.split(r"[.,]", text)[0])
        return raw.strip()
    return raw


def _to_float(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return float(raw)
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return raw.strip()
    return raw


def _to_bool(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return raw.strip()
    return raw


def _to_date(raw: Any) -> Any:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
        try:
            if match:
                return datetime.date(int(match[3]), int(match[2]), int(match[1]))
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    return raw


def _to_text(raw: Any) -> Any:
    if isinstance(raw, bool):
        return "sì" if raw else "no"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, (int, float, datetime.date)):
        return str(raw) if not isinstance(raw, datetime.date) else raw.isoformat()
    return raw.strip() if isinstance(raw, str) else raw


_CONVERT = {"int": _to_int, "float": _to_float, "bool": _to_bool, "date": _to_date,
            "text": _to_text, "choice": _to_text}


def parse_cell(leaf: Leaf, raw: Any, lang: str) -> tuple[Any, str | None]:
    """(value or _EMPTY, problem) for one cell; the model judges the value afterwards."""
    if _is_blank(raw):
        return _EMPTY, None
    if leaf.kind == "list":
        text = _to_text(raw)
        if not isinstance(text, str):
            return text, None
        if text.strip() == EMPTY_LIST:
            return [], None
        items = [p.strip() for p in re.split(rf"[{LIST_SEPARATOR}\n]", text) if p.strip()]
        convert = _CONVERT.get(leaf.item_kind or "text", _to_text)
        return [convert(item) for item in items], None
    if leaf.kind == "json":
        try:
            return json.loads(raw) if isinstance(raw, str) else raw, None
        except json.JSONDecodeError as exc:
            return _EMPTY, t("ss_bad_json", lang, detail=exc.msg)
    return _CONVERT[leaf.kind](raw), None


# ---- sheets -----------------------------------------------------------------------------


@dataclass
class _Read:
    """What one sheet says: presence, key/value entries, grid rows (with where each came from)."""

    presence: bool | None
    presence_where: Where | None
    values: dict[tuple, Any]  # leaf path -> value
    where: dict[tuple, Where]  # leaf path -> cell
    rows: list[tuple[dict[tuple, Any], dict[tuple, Where], Where]]
    grid_header: Where | None


def _cells(row: list[Any]) -> list[Any]:
    return [c.strip() if isinstance(c, str) else c for c in row]


def _is_grid_header(cells: list[Any], sheet: Sheet) -> bool:
    if sheet.grid is None:
        return False
    keys = {leaf.key for leaf in sheet.grid.leaves}
    present = [normal_key(c) for c in cells if not _is_blank(c)]
    if not present:
        return False
    known = [c for c in present if c in keys]
    needed = min(2, len(keys))
    return len(known) >= needed and len(known) * 2 > len(present)


def _read_sheet(sheet: Sheet, rows: list[list[Any]], problems: _Problems) -> _Read:
    lang = problems.lang
    kv = {leaf.key: leaf for leaf in sheet.leaves}
    result = _Read(None, None, {}, {}, [], None)
    state = "before"
    seen_keys: dict[str, int] = {}
    columns: list[Leaf | None] = []
    for index, raw_row in enumerate(rows, start=1):
        cells = _cells(raw_row)
        if all(_is_blank(c) for c in cells):
            continue
        first = normal_key(cells[0]) if cells and not _is_blank(cells[0]) else ""
        if state != "grid" and _is_grid_header(cells, sheet):
            columns = _grid_columns(sheet, cells, index, problems)
            result.grid_header = Where(sheet.name, index)
            state = "grid"
            continue
        if state == "before":
            if (sheet.leaves or sheet.nullable) and first == KV_HEADER[0] and len(cells) > 1 \
                    and normal_key(cells[1] or "") == KV_HEADER[1]:
                state = "kv"
            continue
        if state == "kv":
            value = cells[1] if len(cells) > 1 else None
            if not first:
                if not _is_blank(value):
                    problems.add(Where(sheet.name, index, 2, ""), t("ss_value_without_key", lang))
                continue
            if first in seen_keys:
                problems.add(Where(sheet.name, index, 1, first),
                             t("ss_duplicate_key", lang, name=first, first=seen_keys[first]))
                continue
            seen_keys[first] = index
            if first == PRESENCE_KEY and sheet.nullable:
                where = Where(sheet.name, index, 2, PRESENCE_KEY)
                result.presence_where = where
                if not _is_blank(value):
                    parsed = _to_bool(value)
                    if isinstance(parsed, bool):
                        result.presence = parsed
                    else:
                        problems.add(where, t("ss_presence", lang, found=repr(value)))
                continue
            leaf = kv.get(first)
            if leaf is None:
                close = difflib.get_close_matches(first, list(kv) + ([PRESENCE_KEY] if sheet.nullable else []), n=1)
                hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
                problems.add(Where(sheet.name, index, 1, str(cells[0])),
                             t("ss_unknown_key", lang, name=cells[0]) + hint)
                continue
            where = Where(sheet.name, index, 2, leaf.key)
            result.where[leaf.path] = where
            parsed, problem = parse_cell(leaf, value, lang)
            if problem:
                problems.add(where, problem)
            elif parsed is not _EMPTY:
                result.values[leaf.path] = parsed
            continue
        # state == "grid": one item per row
        item: dict[tuple, Any] = {}
        item_where: dict[tuple, Where] = {}
        for col, leaf in enumerate(columns, start=1):
            if leaf is None:
                continue
            raw = raw_row[col - 1] if col - 1 < len(raw_row) else None
            where = Where(sheet.name, index, col, leaf.key)
            item_where[leaf.path] = where
            parsed, problem = parse_cell(leaf, raw, lang)
            if problem:
                problems.add(where, problem)
            elif parsed is not _EMPTY:
                item[leaf.path] = parsed
        extra = [c for c in cells[len(columns):] if not _is_blank(c)]
        if extra:
            problems.add(Where(sheet.name, index, len(columns) + 1, ""), t("ss_value_outside_columns", lang))
        result.rows.append((item, item_where, Where(sheet.name, index)))
    if state == "before":
        expected = ", ".join(leaf.key for leaf in sheet.grid.leaves) if sheet.grid else ""
        problems.add(Where(sheet.name), t("ss_no_header", lang, columns=expected or "-"))
    return result


def _grid_columns(sheet: Sheet, cells: list[Any], row: int, problems: _Problems) -> list[Leaf | None]:
    lang = problems.lang
    by_key = {leaf.key: leaf for leaf in sheet.grid.leaves}
    columns: list[Leaf | None] = []
    seen: dict[str, int] = {}
    for col, cell in enumerate(cells, start=1):
        if _is_blank(cell):
            columns.append(None)
            continue
        key = normal_key(cell)
        leaf = by_key.get(key)
        if leaf is None:
            close = difflib.get_close_matches(key, list(by_key), n=1)
            hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
            problems.add(Where(sheet.name, row, col, str(cell)),
                         t("ss_unknown_column", lang, name=cell, options=", ".join(by_key)) + hint)
            columns.append(None)
            continue
        if key in seen:
            problems.add(Where(sheet.name, row, col, key), t("ss_duplicate_column", lang, name=key))
            columns.append(None)
            continue
        seen[key] = col
        columns.append(leaf)
    while columns and columns[-1] is None:
        columns.pop()
    return columns


# ---- assembling the plan ----------------------------------------------------------------


def _set(data: dict, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _nest(values: dict[tuple, Any]) -> dict:
    out: dict = {}
    for path, value in values.items():
        _set(out, path, value)
    return out


def _comune_problems(leaves: list[Leaf], values: dict[tuple, Any],
                     where: dict[tuple, Where], problems: _Problems) -> None:
    from compliance.registry import istat

    for leaf in leaves:
        if not leaf.is_comune or leaf.path not in values:
            continue
        value = values[leaf.path]
        for name in value if isinstance(value, list) else [value]:
            if not isinstance(name, str):
                continue
            if istat.check(name).how != "non_trovato":
                continue
            hints = nearest_comuni(name)
            message = t("ss_comune_unknown", problems.lang, name=name)
            if len(hints) == 1:
                message += " " + t("did_you_mean", problems.lang, name=hints[0])
            elif hints:
                message += " " + t("ss_did_you_mean_either", problems.lang, a=hints[0], b=hints[1])
            problems.add(where[leaf.path], message)


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


def assemble(source: Source, root: type[BaseModel], lang: str) -> tuple[dict, dict[tuple, Where], _Problems]:
    """The plan's data from the sheets, where each value came from, and the problems found."""
    problems = _Problems(source, lang)
    layout = sheets(root)
    expected = {s.name for s in layout}
    by_normal = {s.casefold(): s for s in source.sheets}
    for name in source.sheets:
        if name not in expected and name.casefold() != INSTRUCTIONS_SHEET:
            close = difflib.get_close_matches(name, sorted(expected), n=1)
            hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
            problems.add(Where(name), t("ss_sheet_unknown", lang, name=name) + hint)
    data: dict = {}
    where: dict[tuple, Where] = {}
    absent: dict[tuple, str] = {}
    for sheet in layout:
        actual = sheet.name if sheet.name in source.sheets else by_normal.get(sheet.name.casefold())
        if actual is None:
            problems.add(Where(sheet.name), t("ss_sheet_missing", lang, name=sheet.name))
            continue
        read = _read_sheet(sheet, source.sheets[actual], problems)
        _comune_problems(sheet.leaves, read.values, read.where, problems)
        for item, item_where, _ in read.rows:
            _comune_problems(sheet.grid.leaves, item, item_where, problems)
        has_content = bool(read.values) or bool(read.rows)
        first_where = read.presence_where or read.grid_header or Where(sheet.name)
        if sheet.path:
            where.setdefault(sheet.path, first_where)
        if read.presence is False:
            if has_content:
                problems.add(read.presence_where, t("ss_absent_with_data", lang))
            absent[sheet.path] = sheet.name
            continue
        if sheet.nullable and read.presence is None and not has_content:
            continue  # nothing said: the section is unknown (None)
        parent = next((p for p in absent if sheet.path[: len(p)] == p), None)
        if parent is not None and has_content:
            problems.add(first_where, t("ss_parent_absent", lang, parent=absent[parent]))
            continue
        for path, w in read.where.items():
            where[sheet.path + path] = w
        for group in sheet.groups:
            first = next((w for p, w in read.where.items() if p[: len(group.path)] == group.path), None)
            if first is not None:
                where.setdefault(sheet.path + group.path, first)
        section = _nest(read.values)
        if sheet.grid is not None:
            items = []
            list_path = sheet.grid.path
            where.setdefault(list_path, read.grid_header or first_where)
            for i, (item, item_where, row_where) in enumerate(read.rows):
                items.append(_nest(item))
                where[list_path + (i,)] = row_where
                for path, w in item_where.items():
                    where[list_path + (i,) + path] = w
                for group in sheet.grid.groups:
                    first = next((w for p, w in item_where.items() if p[: len(group.path)] == group.path), None)
                    if first is not None:
                        where.setdefault(list_path + (i,) + group.path, first)
            relative = list_path[len(sheet.path):]
            if relative:
                _set(section, relative, items)
            else:
                _set(data, list_path, items)
                continue
        if not sheet.path:
            data.update(section)
        else:
            target = data
            for part in sheet.path[:-1]:
                target = target.setdefault(part, {})
            existing = target.get(sheet.path[-1])
            if isinstance(existing, dict):  # a nested sheet (ricognizione.enti) came first
                section = {**section, **existing}
            target[sheet.path[-1]] = section
    return data, where, problems


def _located(loc: tuple, where: dict[tuple, Where]) -> tuple[Where | None, str | None]:
    """The nearest recorded place for a validation error, and what is left of its path."""
    probe = tuple(loc)
    while probe and probe not in where:
        probe = probe[:-1]
    rest = ".".join(str(p) for p in loc[len(probe):])
    return where.get(probe), rest or None


def import_plan(path: Path, lang: str = "it", root: type[BaseModel] = PianoAnnuale) -> BaseModel:
    """Read a workbook or a CSV folder into a validated plan. Raises InputError (located)."""
    source = read_source(path, lang)
    data, where, problems = assemble(source, root, lang)
    if problems.items:
        raise InputError(problems.items)
    try:
        return root.model_validate(data)
    except ValidationError as exc:
        messages = validation_problems(exc, str(path), {}, root, lang)
        located = []
        for err, message in zip(exc.errors(), messages):
            place, rest = _located(tuple(err["loc"]), where)
            if place is None:  # e.g. a required key/value row deleted from the root sheet
                place, rest = Where(sheets(root)[0].name), message.field
            located.append(problems.problem(place, message.message, rest))
        raise InputError(located) from None


# ---- the plan as YAML -------------------------------------------------------------------


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
    data = {"tipo": plan.tipo, **{k: v for k, v in data.items() if k != "tipo"}}
    head = (
        f"# Piano importato da {origin} con «compliance import» (sha256 {sha256}).\n"
        "# Le celle vuote non sono riportate: un dato mancante non è mai uno zero.\n"
    )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return head + body
