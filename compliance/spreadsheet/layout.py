"""The workbook's layout, read from the plan model (compliance/model/plan.py) by introspection.

Nothing here lists the plan's fields: a field added to the model appears in the workbook.

* A field holding one sub-model with no lists of models inside (ambito, approvazione, a table's
  totale, a row's convenzione) is flattened into dotted keys: `ambito.denominazione`.
* A sub-model that holds lists of models (ricognizione, each table) is a **section**: a sheet of
  its own with a key/value block (its flattened fields) and, if it has one required list of
  rows (a table's `righe`), the grid of those rows below it.
* Every other list of models (giustificazioni, avvisi, ricognizione.enti…) is a sheet of its own,
  a grid with one row per item.
* An optional section or list has a `presente_nel_piano` entry: `sì` (present, even with no
  rows: the plan states there is nothing), `no` (the plan does not give it), or empty (present
  if anything is filled in). A missing figure is never a zero.
* A cell holds a scalar (text, whole number, number, sì/no, date, one of fixed values) or a list
  of scalars separated by `;`; anything else the model may grow is a JSON text in its cell.

`Tabelle`'s container, which only groups the tables, has no sheet. The root's own fields go in
the sheet `piano`.
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

PRESENCE_KEY = "presente_nel_piano"
ROOT_SHEET = "piano"
INSTRUCTIONS_SHEET = "istruzioni"
LIST_SEPARATOR = ";"
EMPTY_LIST = "(nessuno)"
MAX_SHEET_NAME = 31

# Titles the model does not give in Italian (docstrings in English): the plan's own headings.
TITLES = {
    ROOT_SHEET: "Piano annuale: ambito, approvazione, dati generali",
    "ricognizione": "Ricognizione sulla piattaforma regionale (R.R. 4/2017 art. 5 c. 1)",
    "b_carenza_manutentiva": "b) Unità destinate a SAP in carenza manutentiva, assegnabili nello stato di fatto (art. 10 R.R. 4/2017)",
    "c_nuova_edificazione": "c) Unità destinate a SAP per nuova edificazione, ristrutturazione, recupero, riqualificazione, assegnabili nell'anno",
    "d_normale_avvicendamento": "d) Unità destinate a SAP libere o che si libereranno nell'anno per normale avvicendamento",
    "e_conferite_da_privati": "e) Unità conferite da soggetti pubblici o privati e destinate ai SAP",
    "f_totale_assegnabili": "f) Totale delle unità assegnabili nell'anno (somma delle tabelle da b a e)",
    "giustificazioni": "Giustificazioni: scostamenti giustificati da un atto",
    "enti": "Ricognizione: esito per ente",
}

Kind = Literal["text", "int", "float", "bool", "date", "choice", "list", "json"]


@dataclass(frozen=True)
class Leaf:
    """One value: a cell of the key/value block or a column of a grid."""

    path: tuple[str, ...]  # relative to the sheet's model (a row model for a grid)
    kind: Kind
    item_kind: Kind | None  # for kind == "list": the kind of each item
    choices: tuple[str, ...]  # for kind == "choice" (or a list of choices)
    required: bool  # the whole chain of models requires it
    description: str

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def is_comune(self) -> bool:
        """A comune's name (checked against the ISTAT registry on import)."""
        name = self.path[-1]
        textual = self.kind == "text" or (self.kind == "list" and self.item_kind == "text")
        return textual and (name in ("comune", "comuni") or name.startswith("comune_"))


@dataclass(frozen=True)
class Group:
    """A flattened sub-model: its path and whether it may be null (None when all empty)."""

    path: tuple[str, ...]
    nullable: bool
    required: bool


@dataclass
class Grid:
    """A list of models shown as rows."""

    path: tuple[str, ...]  # from the root
    model: type[BaseModel]
    nullable: bool
    leaves: list[Leaf] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


@dataclass
class Sheet:
    name: str
    title: str
    path: tuple[str, ...]  # from the root: the section's model, or the grid's list
    nullable: bool  # an optional section or list: it has a presente_nel_piano entry
    leaves: list[Leaf] = field(default_factory=list)  # key/value block, relative to `path`
    groups: list[Group] = field(default_factory=list)
    grid: Grid | None = None

    @property
    def kv_keys(self) -> list[str]:
        keys = [leaf.key for leaf in self.leaves]
        return ([PRESENCE_KEY] if self.nullable else []) + keys


# ---- type introspection -----------------------------------------------------------------


def _strip(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without Annotated/Optional, whether None is allowed)."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, nullable


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any) -> tuple[Kind, tuple[str, ...]] | None:
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float or annotation is Decimal:  # percentages are exact Decimals
        return "float", ()
    if annotation is str:
        return "text", ()
    if annotation in (datetime.date, datetime.datetime):
        return "date", ()
    return None


def _list_item(annotation: Any) -> Any | None:
    if typing.get_origin(annotation) in (list, tuple, set):
        args = typing.get_args(annotation)
        return _strip(args[0])[0] if args else None
    return None


def _has_model_lists(model: type[BaseModel], seen: tuple = ()) -> bool:
    if model in seen:  # a recursive model cannot be flattened: treat it as a section
        return True
    for info in model.model_fields.values():
        annotation, _ = _strip(info.annotation)
        item = _list_item(annotation)
        if item is not None and _is_model(item):
            return True
        if _is_model(annotation) and _has_model_lists(annotation, seen + (model,)):
            return True
    return False


def _description(info: FieldInfo) -> str:
    return (info.description or "").strip()


def flatten(model: type[BaseModel], prefix: tuple[str, ...] = (), required: bool = True) -> tuple[list[Leaf], list[Group]]:
    """The leaves of a model whose sub-models have no lists of models (see module doc)."""
    return flatten_fields(model.model_fields.items(), prefix, required)


def flatten_fields(items, prefix: tuple[str, ...] = (), required: bool = True) -> tuple[list[Leaf], list[Group]]:
    """The leaves of some fields (name, FieldInfo) of a model, sub-models flattened."""
    leaves: list[Leaf] = []
    groups: list[Group] = []
    for name, info in items:
        annotation, nullable = _strip(info.annotation)
        path = prefix + (name,)
        needed = required and info.is_required()
        if _is_model(annotation) and not _has_model_lists(annotation):
            groups.append(Group(path, nullable, needed))
            sub_leaves, sub_groups = flatten(annotation, path, needed)
            leaves += sub_leaves
            groups += sub_groups
            continue
        scalar = _scalar_kind(annotation)
        if scalar is not None:
            leaves.append(Leaf(path, scalar[0], None, scalar[1], needed, _description(info)))
            continue
        item = _list_item(annotation)
        item_scalar = _scalar_kind(item) if item is not None else None
        if item_scalar is not None:
            leaves.append(Leaf(path, "list", item_scalar[0], item_scalar[1], needed, _description(info)))
            continue
        leaves.append(Leaf(path, "json", None, (), needed, _description(info)))
    return leaves, groups


def _title(name: str, info: FieldInfo | None, model: type[BaseModel]) -> str:
    if name in TITLES:
        return TITLES[name]
    if info is not None and info.description:
        return info.description.strip()
    doc = (model.__doc__ or "").strip().splitlines()
    return doc[0].strip() if doc else name


def _grid(path: tuple[str, ...], model: type[BaseModel], nullable: bool) -> Grid:
    leaves, groups = flatten(model)
    return Grid(path, model, nullable, leaves, groups)


def sheets(root: type[BaseModel]) -> list[Sheet]:
    """The sheets of the workbook for `root` (e.g. PianoAnnuale), in order."""
    out: list[Sheet] = []
    used: set[str] = {INSTRUCTIONS_SHEET}

    def name_for(path: tuple[str, ...]) -> str:
        for candidate in (path[-1], ".".join(path)):
            short = candidate[:MAX_SHEET_NAME]
            if short not in used:
                used.add(short)
                return short
        n = 2
        while f"{path[-1][:MAX_SHEET_NAME - 3]}~{n}" in used:
            n += 1
        used.add(f"{path[-1][:MAX_SHEET_NAME - 3]}~{n}")
        return f"{path[-1][:MAX_SHEET_NAME - 3]}~{n}"

    def section(model: type[BaseModel], path: tuple[str, ...], nullable: bool, title: str) -> None:
        sheet = Sheet(name_for(path) if path else ROOT_SHEET, title, path, nullable)
        if not path:
            used.add(ROOT_SHEET)
        later: list[tuple] = []
        for name, info in model.model_fields.items():
            annotation, field_nullable = _strip(info.annotation)
            sub = path + (name,)
            item = _list_item(annotation)
            if item is not None and _is_model(item):
                if path and not field_nullable and sheet.grid is None:
                    sheet.grid = _grid(sub, item, False)
                else:
                    later.append(("grid", sub, item, field_nullable, _title(name, info, item)))
                continue
            if _is_model(annotation) and _has_model_lists(annotation):
                later.append(("section", sub, annotation, field_nullable, _title(name, info, annotation)))
                continue
            leaves, groups = flatten_fields([(name, info)])
            sheet.leaves += leaves
            sheet.groups += groups
        if sheet.leaves or sheet.grid is not None or not path:
            out.append(sheet)
        else:
            used.discard(sheet.name)  # a pure container (Tabelle): no sheet
        for kind, sub, sub_model, sub_nullable, sub_title in later:
            if kind == "section":
                section(sub_model, sub, sub_nullable, sub_title)
            else:
                grid = _grid(sub, sub_model, sub_nullable)
                out.append(Sheet(name_for(sub), sub_title, sub, sub_nullable, grid=grid))

    section(root, (), False, TITLES[ROOT_SHEET])
    return out


def leaf_at(leaves: list[Leaf], key: str) -> Leaf | None:
    for leaf in leaves:
        if leaf.key == key:
            return leaf
    return None


def normal_key(text: str) -> str:
    """Header and key cells compare without case, spaces vs underscores, or a trailing '*'."""
    return str(text).strip().rstrip("*").strip().casefold().replace(" ", "_")
