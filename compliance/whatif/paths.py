"""Paths naming a field of a plan file, and their application to the plan's data.

Syntax (the plan file's own keys, as in `compliance schema`):

    approvazione.data
    tabelle.i_forze_di_polizia.righe[0].quota_percentuale
    tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale
    tabelle.b_carenza_manutentiva.righe[ente_proprietario=Comune di Crema,comune=Crema].unita_immobiliari

A list is selected by index or by one or more `key=value` pairs on the rows' fields (names compared
ignoring case, accents and apostrophe forms; `null` selects rows where the field is empty; a
value may be written in double quotes). Every key is checked against the plan model
(compliance/model/plan.py) by introspection, so new fields work without changes here; an unknown
key is an error naming the path and suggesting the closest valid key.
"""

from __future__ import annotations

import copy
import difflib
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from compliance.registry.istat import normalise
from compliance.whatif.texts import tw

# Fields that identify a row, in order of preference, when a path is written for a user.
KEY_FIELDS = ("comune", "ente_proprietario", "ente", "categoria")


class PathError(ValueError):
    """A path that does not name a field of the plan, or a row that is not there."""

    def __init__(self, path: str, message: str):
        self.path, self.message = path, message
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class Step:
    """One step of a path: a key of a mapping, or a selection in a list."""

    key: str | None = None  # mapping key
    index: int | None = None  # list index
    match: tuple[tuple[str, Any], ...] | None = None  # list selection by field values

    def text(self) -> str:
        if self.key is not None:
            return self.key
        if self.index is not None:
            return f"[{self.index}]"
        return "[" + ",".join(f"{k}={_show(v)}" for k, v in self.match) + "]"


def _show(value: Any) -> str:
    return "null" if value is None else str(value)


def path_text(steps: tuple[Step, ...] | list[Step]) -> str:
    out = ""
    for s in steps:
        piece = s.text()
        out += piece if (not out or piece.startswith("[")) else "." + piece
    return out


# ---- parsing --------------------------------------------------------------------------------


def split_assignment(option: str) -> tuple[str, str] | None:
    """`PATH=REST` split at the first '=' outside square brackets (a selection holds '=' too)."""
    depth = 0
    for i, ch in enumerate(option):
        depth += ch == "["
        depth -= ch == "]"
        if ch == "=" and depth == 0:
            path = option[:i].strip()
            return (path, option[i + 1:]) if path else None
    return None


def parse_path(text: str, lang: str = "it") -> tuple[Step, ...]:
    """Parse a path; raises PathError on bad syntax."""
    if not isinstance(text, str) or not text.strip():
        raise PathError(str(text), tw("path_empty", lang))
    text = text.strip()
    steps: list[Step] = []
    i, n = 0, len(text)
    expect_name = True
    while i < n:
        ch = text[i]
        if ch == "[":
            j, quoted = i + 1, False
            while j < n and (quoted or text[j] != "]"):
                if text[j] == '"':
                    quoted = not quoted
                j += 1
            if j >= n:
                raise PathError(text, tw("path_unclosed", lang))
            steps.append(_selector(text, text[i + 1 : j], lang))
            i = j + 1
            expect_name = False
        elif ch == ".":
            if expect_name:
                raise PathError(text, tw("path_empty_part", lang))
            expect_name = True
            i += 1
        else:
            if not expect_name:
                raise PathError(text, tw("path_expected_dot", lang, at=text[i:]))
            j = i
            while j < n and text[j] not in ".[":
                j += 1
            name = text[i:j].strip()
            if not name:
                raise PathError(text, tw("path_empty_part", lang))
            steps.append(Step(key=name))
            i = j
            expect_name = False
    if expect_name:
        raise PathError(text, tw("path_empty_part", lang))
    return tuple(steps)


def _selector(path: str, inner: str, lang: str) -> Step:
    inner = inner.strip()
    if inner.lstrip("-").isdigit():
        return Step(index=int(inner))
    pairs: list[tuple[str, Any]] = []
    for part in _split_commas(inner):
        if "=" not in part:
            raise PathError(path, tw("path_bad_selector", lang, sel=inner))
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not key:
            raise PathError(path, tw("path_bad_selector", lang, sel=inner))
        if len(value) >= 2 and value[0] == value[-1] == '"':
            pairs.append((key, value[1:-1]))
        elif value in ("null", "~"):
            pairs.append((key, None))
        else:
            pairs.append((key, value))
    return Step(match=tuple(pairs))


def _split_commas(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


# ---- the model's shape --------------------------------------------------------------------------


def _unwrap(annotation: Any) -> tuple[str, Any]:
    """('model', cls), ('list', item annotation) or ('leaf', annotation), ignoring None/Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if origin in (list, tuple):
        return "list", typing.get_args(annotation)[0]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return "leaf", annotation


@dataclass(frozen=True)
class Leaf:
    """What a path ends on: its annotation (for validation) and, for numbers, range and step."""

    annotation: Any
    kind: str  # 'int', 'number', 'date', 'bool', 'text', 'model', 'list', 'other'
    minimum: float | None = None
    maximum: float | None = None


@lru_cache(maxsize=512)
def _leaf_info(annotation: Any) -> Leaf:
    kind, inner = _unwrap(annotation)
    if kind != "leaf":
        return Leaf(annotation, kind)
    try:
        schema = TypeAdapter(annotation).json_schema()
    except Exception:  # noqa: BLE001 - a type with no schema is simply 'other'
        return Leaf(annotation, "other")
    options = schema.get("anyOf", [schema])
    for option in options:
        typ = option.get("type")
        if typ in ("integer", "number"):
            return Leaf(annotation, "int" if typ == "integer" else "number",
                        option.get("minimum", option.get("exclusiveMinimum")),
                        option.get("maximum", option.get("exclusiveMaximum")))
        if typ == "string" and option.get("format") == "date":
            return Leaf(annotation, "date")
        if typ == "boolean":
            return Leaf(annotation, "bool")
        if typ == "string":
            return Leaf(annotation, "text")
    return Leaf(annotation, "other")


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's full annotation (pydantic keeps a field's own constraints apart, in metadata)."""
    return {name: (typing.Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation)
            for name, f in model.model_fields.items()}


# ---- resolution and application on plain data -----------------------------------------------------


@dataclass
class Resolved:
    """A path resolved on some data: the concrete location and what it ends on."""

    loc: tuple  # keys and list indexes, as pydantic writes locations
    leaf: Leaf
    parent: Any  # the dict or list holding the value
    slot: Any  # key or index in parent
    text: str  # the path as the user wrote it (normalised)

    @property
    def value(self) -> Any:
        if isinstance(self.parent, dict):
            return self.parent.get(self.slot)
        return self.parent[self.slot]


def resolve(data: dict, steps: tuple[Step, ...], model: type[BaseModel], lang: str = "it",
            create: bool = False) -> Resolved:
    """Walk `steps` through `data` (a plan as plain YAML data) checking them against `model`.

    With `create`, missing or null sections on the way are created (empty mappings or lists) so
    that a value can be set in a table the plan leaves out.
    """
    text = path_text(steps)
    current_kind, current = "model", model
    node: Any = data
    loc: list = []
    parent: Any = None
    slot: Any = None
    annotation: Any = model
    for pos, step in enumerate(steps):
        here = path_text(steps[:pos]) or tw("path_root", lang)
        if step.key is not None:
            if current_kind != "model":
                raise PathError(text, tw("path_not_mapping", lang, where=here, key=step.key))
            fields = _fields(current)
            if step.key not in fields:
                raise PathError(text, _unknown_key(step.key, list(fields), here, lang))
            annotation = fields[step.key]
            if node is None:
                raise PathError(text, tw("path_missing_section", lang, where=here))
            parent, slot = node, step.key
            loc.append(step.key)
            current_kind, current = _unwrap(annotation)
            nxt = node.get(step.key) if isinstance(node, dict) else None
            if nxt is None and create and pos + 1 < len(steps):
                nxt = {} if current_kind == "model" else ([] if current_kind == "list" else None)
                if nxt is not None:
                    node[step.key] = nxt
            node = nxt
        else:
            if current_kind != "list":
                raise PathError(text, tw("path_not_list", lang, where=here))
            if node is None:
                raise PathError(text, tw("path_missing_section", lang, where=here))
            item_kind, item = _unwrap(current)
            index = _select(node, step, item if item_kind == "model" else None, text, here, lang)
            parent, slot = node, index
            loc.append(index)
            annotation = current
            current_kind, current = item_kind, item
            node = node[index]
    return Resolved(tuple(loc), _leaf_info(annotation), parent, slot, text)


def _unknown_key(key: str, options: list[str], where: str, lang: str) -> str:
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.5) or \
        [o for o in options if o.startswith(key) or key.startswith(o)][:1]
    msg = tw("path_unknown_field", lang, key=key, where=where)
    if close:
        msg += " " + tw("did_you_mean", lang, name=close[0])
    return msg + " " + tw("allowed_fields", lang, options=", ".join(options))


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return normalise(str(a)) == normalise(str(b))
    return a == b


def _select(rows: list, step: Step, item_model: type[BaseModel] | None, path: str, where: str, lang: str) -> int:
    if step.index is not None:
        index = step.index
        if not -len(rows) <= index < len(rows):
            raise PathError(path, tw("path_bad_index", lang, where=where, index=index, n=len(rows)))
        return index % len(rows)
    if item_model is not None:
        fields = list(_fields(item_model))
        for key, _ in step.match:
            if key not in fields:
                raise PathError(path, _unknown_key(key, fields, where, lang))
    hits = [i for i, row in enumerate(rows)
            if isinstance(row, dict) and all(_same(row.get(k), v) for k, v in step.match)]
    if len(hits) == 1:
        return hits[0]
    wanted = ", ".join(f"{k}={_show(v)}" for k, v in step.match)
    if not hits:
        key = step.match[0][0]
        present = [str(r.get(key)) for r in rows if isinstance(r, dict) and r.get(key) is not None]
        msg = tw("path_no_row", lang, where=where, sel=wanted)
        close = difflib.get_close_matches(str(step.match[0][1]), present, n=1, cutoff=0.6)
        if close:
            msg += " " + tw("did_you_mean", lang, name=close[0])
        if present:
            msg += " " + tw("rows_present", lang, key=key, values=", ".join(dict.fromkeys(present)))
        else:
            msg += " " + tw("rows_none", lang)
        raise PathError(path, msg)
    raise PathError(path, tw("path_many_rows", lang, where=where, sel=wanted, n=len(hits),
                             hint=_disambiguation(rows, hits)))


def _disambiguation(rows: list, hits: list[int]) -> str:
    keys = [k for k in KEY_FIELDS if any(rows[i].get(k) is not None for i in hits)]
    shown = []
    for i in hits[:4]:
        shown.append("[" + ",".join(f"{k}={_show(rows[i].get(k))}" for k in keys) + "]" if keys else f"[{i}]")
    return ", ".join(shown)


def set_value(data: dict, path: str, value: Any, model: type[BaseModel], lang: str = "it") -> tuple:
    """Set the field named by `path` in `data` (in place). Returns the concrete location."""
    steps = parse_path(path, lang)
    r = resolve(data, steps, model, lang, create=True)
    if r.leaf.kind == "list" and value is not None and not isinstance(value, list):
        raise PathError(r.text, tw("path_value_not_list", lang))
    r.parent[r.slot] = copy.deepcopy(value)
    return r.loc


def add_rows(data: dict, path: str, rows: list, model: type[BaseModel], lang: str = "it") -> tuple:
    """Append rows to the list named by `path` (created if the plan lacks it)."""
    steps = parse_path(path, lang)
    r = resolve(data, steps, model, lang, create=True)
    if r.leaf.kind != "list":
        raise PathError(r.text, tw("path_add_not_list", lang))
    target = r.parent.get(r.slot) if isinstance(r.parent, dict) else r.parent[r.slot]
    if target is None:
        target = []
        r.parent[r.slot] = target
    for row in rows:
        if isinstance(row, dict):
            for key in KEY_FIELDS:
                if row.get(key) is None:
                    continue
                same = [x for x in target if isinstance(x, dict) and _row_identity(x) == _row_identity(row)]
                if same:
                    raise PathError(r.text, tw("path_row_exists", lang, row=_identity_text(row)))
                break
        target.append(copy.deepcopy(row))
    return r.loc


def _row_identity(row: dict) -> tuple:
    return tuple(normalise(str(row.get(k))) if row.get(k) is not None else None for k in KEY_FIELDS)


def _identity_text(row: dict) -> str:
    return ", ".join(f"{k}={row[k]}" for k in KEY_FIELDS if row.get(k) is not None)


def remove_row(data: dict, path: str, model: type[BaseModel], lang: str = "it") -> tuple:
    """Remove the list item named by `path` (the path must end with a selection)."""
    steps = parse_path(path, lang)
    if steps[-1].key is not None:
        raise PathError(path_text(steps), tw("path_remove_not_row", lang))
    r = resolve(data, steps, model, lang)
    del r.parent[r.slot]
    return r.loc


def user_path(data: dict, loc: tuple) -> str:
    """A location (keys and indexes) written with key selectors where a row has a unique key."""
    steps: list[Step] = []
    node: Any = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            row = node[part]
            step = Step(index=part)
            if isinstance(row, dict):
                for key in KEY_FIELDS:
                    value = row.get(key)
                    if value is None:
                        continue
                    if sum(1 for x in node if isinstance(x, dict) and _same(x.get(key), value)) == 1:
                        step = Step(match=((key, value),))
                        break
            steps.append(step)
            node = row
        else:
            steps.append(Step(key=str(part)))
            node = node.get(part) if isinstance(node, dict) else None
    return path_text(steps)


def numeric_leaves(data: Any, model: type[BaseModel]) -> list[tuple[tuple, Leaf]]:
    """Every number or date set in the plan data, with its location and what the model allows."""
    out: list[tuple[tuple, Leaf]] = []

    def walk(node: Any, kind: str, typ: Any, loc: tuple) -> None:
        if kind == "model" and isinstance(node, dict):
            fields = _fields(typ)
            for key, value in node.items():
                if key not in fields or value is None:
                    continue
                sub_kind, sub = _unwrap(fields[key])
                if sub_kind == "leaf":
                    leaf = _leaf_info(fields[key])
                    if leaf.kind in ("int", "number", "date") and not isinstance(value, bool):
                        out.append((loc + (key,), leaf))
                else:
                    walk(value, sub_kind, sub, loc + (key,))
        elif kind == "list" and isinstance(node, list):
            item_kind, item = _unwrap(typ)
            for i, value in enumerate(node):
                walk(value, item_kind, item, loc + (i,))

    walk(data, "model", model, ())
    return out


def get_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part]
    return data


def set_at(data: Any, loc: tuple, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value
