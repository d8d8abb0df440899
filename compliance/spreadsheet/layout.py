"""The workbook's layout, read from the plan model (compliance/model/plan.py) by introspection.

Nothing here lists the plan's fields: a field added to the model appears in the workbook, with
the Italian title and description the model gives it (`Field(title=..., description=...)`).

* A field holding one sub-model with no lists of models inside (ambito, approvazione, a table's
  totale, a row's convenzione) is **flattened**: its fields are rows of a form (under a heading)
  or columns of a grid ("Convenzione: decorrenza").
* A list of models (a table's righe, ricognizione.enti, avvisi, giustificazioni…) is a **grid**:
  a sheet of its own with one header row of Italian words and one row per item; the field paths
  of the columns are in a hidden first row, for the importer.
* A sub-model that holds lists of models (ricognizione, each table) is a **section**: its own
  values (a table's totale and note) are rows of a **form**, a sheet of label | value rows whose
  field paths are in a hidden column; its list is a grid. The root's values and its sections'
  go in the form "Dati generali"; the sections of a pure container (`tabelle`, which only groups
  the tables) go in a form of their own ("Tabelle – totali e note").
* An optional section or list has a presence row in its form: `sì` (present, even with no rows:
  the plan states there is nothing), `no` (the plan does not give it), or empty (present if
  anything is filled in). A missing figure is never a zero.
* A cell holds a scalar (text, whole number, number, sì/no, date, one of fixed values) or a list
  of scalars separated by `;`; anything else the model may grow is a JSON text in its cell.

The layout knows no file format: book.py lays it out in cells, xlsx.py/ods.py/csv_files.py
write and read the files.
"""

from __future__ import annotations

import datetime
import decimal
import re
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT_FORM = "Dati generali"
CONTAINER_FORM = "{title} – totali e note"
CONTAINER_TITLE = "Per ciascuna delle {title}: se è nel piano, il totale e le note (le righe sono nel suo foglio)"
INSTRUCTIONS_SHEET = "Istruzioni"
LISTS_SHEET = "Elenchi"
PRESENCE_SUFFIX = "(presente)"
PRESENCE_LABEL = "Presente nel piano"
LISTS_HEADING = "Parti del piano su fogli propri"
LISTS_HELP = "Per ciascuna: sì se il piano la riporta (anche senza righe), no se non la riporta"
LIST_SEPARATOR = ";"
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\<>|\"]")

Kind = Literal["text", "int", "number", "bool", "date", "choice", "list", "json"]


@dataclass(frozen=True)
class Leaf:
    """One value: a row of a form or a column of a grid."""

    path: tuple[str, ...]  # forms: from the root; grids: from the row model
    kind: Kind
    label: str  # Italian words: the column header or the form's label
    help: str  # the model's description, plain Italian
    required: bool  # the whole chain of models requires it
    item_kind: Kind | None = None  # for kind == "list": the kind of each item
    choices: tuple[str, ...] = ()  # for kind == "choice" (or a list of choices)
    number_type: type | None = None  # int, float or Decimal: what the model takes
    minimum: Any = None  # the model's bounds (ge / le)
    maximum: Any = None
    max_length: int | None = None

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def percent(self) -> bool:
        """A percentage as the plans write it (10 = 10%): a number between 0 and 100."""
        return self.kind == "number" and self.minimum == 0 and self.maximum == 100

    @property
    def is_comune(self) -> bool:
        """A comune's name (checked against the ISTAT registry on import)."""
        textual = self.kind == "text" or (self.kind == "list" and self.item_kind == "text")
        return textual and (self.name in ("comune", "comuni") or self.name.startswith("comune_"))

    @property
    def is_owner(self) -> bool:
        """An owner (ente proprietario): picked from the owners listed in the first table."""
        return self.kind == "text" and self.name in ("ente_proprietario", "ente")


@dataclass(frozen=True)
class Group:
    """A flattened sub-model: its path and whether it may be null (None when all empty)."""

    path: tuple[str, ...]
    nullable: bool
    label: str


@dataclass(frozen=True)
class FormRow:
    """A row of a form: a heading, a value (leaf, path from the root) or a presence choice."""

    kind: Literal["heading", "value", "presence"]
    label: str
    help: str = ""
    path: tuple[str, ...] = ()  # value: the leaf's; presence: the section's or list's
    leaf: Leaf | None = None
    level: int = 1  # headings: 1 for a section, 2 for a group inside it

    @property
    def key(self) -> str:
        if self.kind == "presence":
            return ".".join(self.path) + PRESENCE_SUFFIX
        return ".".join(self.path)


@dataclass
class Form:
    name: str
    title: str
    rows: list[FormRow] = field(default_factory=list)


@dataclass
class Grid:
    """A list of models shown as rows under one header row."""

    name: str
    title: str
    path: tuple[str, ...]  # the list, from the root
    nullable: bool
    leaves: list[Leaf] = field(default_factory=list)  # paths from the row model
    groups: list[Group] = field(default_factory=list)


@dataclass(frozen=True)
class Optional_:
    """An optional section or list: the importer decides whether it is present."""

    path: tuple[str, ...]
    is_list: bool
    label: str


@dataclass
class Layout:
    model: type[BaseModel]
    tipo: str | None  # the plan type the layout is for (the model's `tipo`)
    sheets: list[Form | Grid]
    optionals: list[Optional_]  # every optional section and list, outermost first
    sections: list[tuple[str, ...]]  # every section (sub-model with lists), outermost first
    groups: list[Group]  # flattened sub-models of the forms, paths from the root

    @property
    def forms(self) -> list[Form]:
        return [s for s in self.sheets if isinstance(s, Form)]

    @property
    def grids(self) -> list[Grid]:
        return [s for s in self.sheets if isinstance(s, Grid)]

    def form_rows(self) -> dict[str, tuple[Form, FormRow]]:
        return {row.key: (form, row) for form in self.forms for row in form.rows if row.kind != "heading"}

    def owner_source(self) -> tuple[Grid, int] | None:
        """The grid whose `ente_proprietario` column lists the owners, and the column (0-based)."""
        for grid in self.grids:
            for i, leaf in enumerate(grid.leaves):
                if leaf.name == "ente_proprietario":
                    return grid, i
        return None


# ---- type introspection -----------------------------------------------------------------


def _strip(annotation: Any) -> tuple[Any, bool, list]:
    """(the annotation without Annotated/Optional, whether None is allowed, Annotated metadata)."""
    nullable = False
    metadata: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            metadata += list(args[1:])
            annotation = args[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, nullable, metadata


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any) -> tuple[Kind, tuple[str, ...], type | None] | None:
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation)), None
    if annotation is bool:
        return "bool", (), None
    if annotation is int:
        return "int", (), int
    if annotation in (float, decimal.Decimal):
        return "number", (), annotation
    if annotation is str:
        return "text", (), None
    if annotation in (datetime.date, datetime.datetime):
        return "date", (), None
    return None


def _list_item(annotation: Any) -> tuple[Any, list] | None:
    if typing.get_origin(annotation) in (list, tuple, set):
        args = typing.get_args(annotation)
        if not args:
            return None
        item, _, metadata = _strip(args[0])
        return item, metadata
    return None


def _has_model_lists(model: type[BaseModel], seen: tuple = ()) -> bool:
    if model in seen:  # a recursive model cannot be flattened: treat it as a section
        return True
    for info in model.model_fields.values():
        annotation = _strip(info.annotation)[0]
        item = _list_item(annotation)
        if item is not None and _is_model(item[0]):
            return True
        if _is_model(annotation) and _has_model_lists(annotation, seen + (model,)):
            return True
    return False


def _bounds(metadata: list) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in metadata:
        for attr, key in (("ge", "minimum"), ("gt", "minimum"), ("le", "maximum"), ("lt", "maximum"),
                          ("max_length", "max_length")):
            value = getattr(m, attr, None)
            if value is not None and not isinstance(m, type):
                out[key] = value
        if isinstance(m, FieldInfo):
            out.update(_bounds(m.metadata))
    return out


def label_of(name: str, info: FieldInfo | None) -> str:
    """The field's Italian title, or its name in words when the model gives none."""
    if info is not None and info.title:
        return info.title.strip()
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def help_of(info: FieldInfo | None) -> str:
    return ((info.description if info is not None else None) or "").strip()


def _join(outer: str, inner: str) -> str:
    """'Convenzione' + 'Decorrenza' -> 'Convenzione: decorrenza' (acronyms keep their case)."""
    if len(inner) > 1 and inner[0].isupper() and inner[1].islower():
        inner = inner[0].lower() + inner[1:]
    return f"{outer}: {inner}"


def _leaf(path: tuple, info: FieldInfo, annotation: Any, metadata: list, required: bool, label: str) -> Leaf:
    bounds = _bounds(metadata + list(info.metadata))
    scalar = _scalar_kind(annotation)
    if scalar is not None:
        return Leaf(path, scalar[0], label, help_of(info), required, choices=scalar[1],
                    number_type=scalar[2], **bounds)
    item = _list_item(annotation)
    if item is not None:
        item_scalar = _scalar_kind(item[0])
        if item_scalar is not None:
            item_bounds = _bounds(item[1])
            return Leaf(path, "list", label, help_of(info), required, item_kind=item_scalar[0],
                        choices=item_scalar[1], number_type=item_scalar[2], **item_bounds)
    return Leaf(path, "json", label, help_of(info), required)


def flatten(model: type[BaseModel], prefix: tuple[str, ...] = (), required: bool = True,
            label_prefix: str = "") -> tuple[list[Leaf], list[Group]]:
    """The leaves of a model whose sub-models have no lists of models (see module doc)."""
    return flatten_fields(model.model_fields.items(), prefix, required, label_prefix)


def flatten_fields(items, prefix: tuple[str, ...] = (), required: bool = True,
                   label_prefix: str = "") -> tuple[list[Leaf], list[Group]]:
    """The leaves of some fields (name, FieldInfo) of a model, sub-models flattened; grid
    labels join the group's title and the field's ('Convenzione: decorrenza')."""
    leaves: list[Leaf] = []
    groups: list[Group] = []
    for name, info in items:
        annotation, nullable, metadata = _strip(info.annotation)
        path = prefix + (name,)
        needed = required and info.is_required()
        label = label_of(name, info)
        full = _join(label_prefix, label) if label_prefix else label
        if _is_model(annotation) and not _has_model_lists(annotation):
            groups.append(Group(path, nullable, full))
            sub_leaves, sub_groups = flatten(annotation, path, needed, full)
            leaves += sub_leaves
            groups += sub_groups
            continue
        leaves.append(_leaf(path, info, annotation, metadata, needed, full))
    return leaves, groups


# ---- the sheets ---------------------------------------------------------------------------


def sheet_name(title: str) -> str:
    """A sheet name from a title: the characters Excel refuses removed, at most 31 long."""
    name = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", title).split()).strip("'")
    return name[:MAX_SHEET_NAME].rstrip() or "Foglio"


class _Builder:
    def __init__(self, root: type[BaseModel], plan_types: tuple[str, ...]):
        self.root = root
        self.plan_types = plan_types
        self.sheets: list[Form | Grid] = []
        self.optionals: list[Optional_] = []
        self.sections: list[tuple[str, ...]] = []
        self.groups: list[Group] = []
        self.used = {INSTRUCTIONS_SHEET.casefold(), LISTS_SHEET.casefold()}

    def name_for(self, title: str) -> str:
        base = sheet_name(title)
        name, n = base, 2
        while name.casefold() in self.used:
            suffix = f" ({n})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
            n += 1
        self.used.add(name.casefold())
        return name

    def form_leaves(self, form: Form, items, prefix: tuple, required: bool, level: int) -> None:
        """Value rows for the scalar fields, then a heading and value rows for each flattened
        group (so that no plain row sits under a group's heading)."""
        groups = []
        for name, info in items:
            annotation, nullable, metadata = _strip(info.annotation)
            path = prefix + (name,)
            needed = required and info.is_required()
            label = label_of(name, info)
            if _is_model(annotation) and not _has_model_lists(annotation):
                groups.append((name, info, annotation, nullable, needed, label, path))
                continue
            leaf = _leaf(path, info, annotation, metadata, needed, label)
            if path == ("tipo",) and leaf.kind == "choice" and self.plan_types:
                leaf = Leaf(**{**leaf.__dict__, "choices": self.plan_types})
            form.rows.append(FormRow("value", label, leaf.help, path, leaf))
        for name, info, annotation, nullable, needed, label, path in groups:
            self.groups.append(Group(path, nullable, label))
            form.rows.append(FormRow("heading", label, help_of(info), path, level=level + 1))
            self.form_leaves(form, annotation.model_fields.items(), path, needed, level + 1)

    def body(self, model: type[BaseModel], path: tuple, form: Form, level: int, label: str,
             description: str, required: bool = True) -> None:
        """A section's (or the root's) fields. In `form`: its values first, then whether each of
        its optional lists is in the plan (their rows are on the list's own sheet), then its
        sections; the sheets themselves follow the model's order."""
        self.sections.append(path)
        values: list = []
        lists, sections = Form("", ""), Form("", "")
        for name, info in model.model_fields.items():
            annotation, nullable, _ = _strip(info.annotation)
            item = _list_item(annotation)
            sub = path + (name,)
            sub_label = label_of(name, info)
            if item is not None and _is_model(item[0]):
                if nullable:
                    self.optionals.append(Optional_(sub, True, sub_label))
                    lists.rows.append(FormRow("presence", sub_label, help_of(info), sub))
                    self.grid(item[0], sub, True, sub_label, help_of(info) or sub_label)
                elif not path:
                    self.grid(item[0], sub, False, sub_label, help_of(info) or sub_label)
                else:  # a section's own rows (a table's righe): the sheet is named after the section
                    self.grid(item[0], sub, False, label, description or label)
            elif _is_model(annotation) and _has_model_lists(annotation):
                if self.is_container(annotation) and not nullable:
                    self.sections.append(sub)
                    child = Form(self.name_for(CONTAINER_FORM.format(title=sub_label)),
                                 CONTAINER_TITLE.format(title=sub_label.lower()))
                    self.sheets.append(child)
                    for cname, cinfo in annotation.model_fields.items():
                        self.child_section(cname, cinfo, sub, child, 1, required)
                else:
                    self.child_section(name, info, path, sections, level + 1 if path else 1, required)
            else:
                values.append((name, info))
        self.form_leaves(form, values, path, required, level)
        if lists.rows and not path:
            form.rows.append(FormRow("heading", LISTS_HEADING, LISTS_HELP, level=1))
        form.rows += lists.rows + sections.rows

    def child_section(self, name: str, info: FieldInfo, parent: tuple, form: Form, level: int,
                      required: bool) -> None:
        annotation, nullable, _ = _strip(info.annotation)
        sub = parent + (name,)
        label = label_of(name, info)
        form.rows.append(FormRow("heading", label, help_of(info), sub, level=level))
        if nullable:
            self.optionals.append(Optional_(sub, False, label))
            form.rows.append(FormRow("presence", PRESENCE_LABEL, help_of(info), sub))
        self.body(annotation, sub, form, level, label, help_of(info), required and not nullable)

    @staticmethod
    def is_container(model: type[BaseModel]) -> bool:
        """A model that only groups sections (Tabelle): no values of its own."""
        for info in model.model_fields.values():
            annotation = _strip(info.annotation)[0]
            if not (_is_model(annotation) and _has_model_lists(annotation)):
                return False
        return True

    def grid(self, model: type[BaseModel], path: tuple, nullable: bool, label: str | None, title: str) -> None:
        leaves, groups = flatten(model)
        name = self.name_for(label or title)
        self.sheets.append(Grid(name, title, path, nullable, leaves, groups))


def plan_types(models: typing.Iterable[type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """{tipo: model} for the plan models, from each model's `tipo` Literal."""
    out = {}
    for model in models:
        info = model.model_fields.get("tipo")
        if info is None:
            continue
        annotation = _strip(info.annotation)[0]
        for value in typing.get_args(annotation):
            out[str(value)] = model
    return out


@lru_cache(maxsize=8)
def layout(root: type[BaseModel], types_offered: tuple[str, ...] = ()) -> Layout:
    """The sheets of the workbook for `root` (PianoAnnuale, PianoTriennale), in order."""
    builder = _Builder(root, types_offered)
    form = Form(ROOT_FORM, (root.model_config.get("title") or root.__doc__ or "").strip())
    builder.used.add(ROOT_FORM.casefold())
    builder.sheets.append(form)
    builder.body(root, (), form, 1, form.title, "")
    builder.sections = list(dict.fromkeys(builder.sections))
    tipo = root.model_fields.get("tipo")
    default = tipo.default if tipo is not None and isinstance(tipo.default, str) else None
    if default is None and tipo is not None:
        values = typing.get_args(_strip(tipo.annotation)[0])
        default = str(values[0]) if len(values) == 1 else None
    return Layout(root, default, builder.sheets, builder.optionals, builder.sections, builder.groups)


def choice_label(value: str) -> str:
    """What the clerk sees for a fixed value: words, not identifiers."""
    return value.replace("_", " ")


def normal_text(text: Any) -> str:
    """Headers, labels and choices compare without case, accents of sì, spaces vs underscores,
    a trailing '*' or '(obbligatorio)'."""
    value = str(text).strip()
    value = re.sub(r"\s*\(obbligatori[oa]\)\s*$", "", value).rstrip("*").strip()
    return " ".join(value.replace("_", " ").split()).casefold()
