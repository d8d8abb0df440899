"""What the sheets say -> the validated plan: `compliance import`.

Optional sections and lists are present when the form says so or when anything is filled in
(never defaulted: a missing figure is never a zero); the values are validated by the plan model
itself (compliance/model/plan.py), so the messages are those of a plan file, placed on the cell
they come from; the comune names are checked against the ISTAT registry: a name that is no
Lombardy comune is an error (with the nearest name as a hint), a near-miss spelling is kept as
written (the check's data-quality rule reports it). The caller exits with code 2 and writes
nothing when anything is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from compliance.i18n import t
from compliance.model.loader import InputError, validation_problems
from compliance.model.plan import PianoAnnuale
from compliance.spreadsheet.layout import Layout
from compliance.spreadsheet.read import (Problems, Read, Where, choose_model, layout_for, read_sheets,
                                         read_source)


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
