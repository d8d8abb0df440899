"""The what-if controls of a plan: for each comune and owner, the choices a comune makes, each tied
to a field of the plan file, and the scenario (compliance/whatif/scenario.py) that the values of
a submitted form make.

Choices (plan tables): the threshold for indigent households above 20% on the comune's own stock
(g), the reserve for Forze di Polizia and Vigili del Fuoco and the Polizia Locale share (i), the
owners' reserves for categories (riserve_categorie), the units for transitional housing (j), and
the units each owner puts in tables b) to f) for a comune; the declared totals of those tables.

A control names a row by its key fields (`righe[comune=Castelleone]`), as the CLI's paths do. A
value for a row the plan does not have adds the row; emptying a required value (a share) removes
the row; emptying another value sets it to null (not given: never a zero).

The controls are read from the plan's data, so the same plan always gives the same controls (and
the same field names); their values come from the plan with any loaded scenario applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from compliance.registry.istat import normalise
from compliance.web.texts import tx
from compliance.whatif.scenario import Change, parse_set

UNIT_TABLES = ("b_carenza_manutentiva", "c_nuova_edificazione", "d_normale_avvicendamento",
               "e_conferite_da_privati", "f_totale_assegnabili")
ADDABLE_UNIT_TABLES = UNIT_TABLES[:4]  # f) is the plan's sum of b) to e): only its rows present
OWNER_PREFIX = "comune di "


@dataclass(frozen=True)
class Control:
    name: str  # form field name
    label: str
    table: str  # path of the list of rows ("tabelle.i_forze_di_polizia.righe"), or of the table
    key: tuple[tuple[str, Any], ...]  # the row's key fields; () for a field of the table itself
    field: str
    kind: str  # "percent" | "units"
    required: bool  # emptying it removes the row
    new_row: tuple[tuple[str, Any], ...] = ()  # other fields of a row this control adds
    owner: str | None = None  # the owner, shown with unit rows

    def row_path(self) -> str:
        return f"{self.table}[{_selector(self.key)}]" if self.key else self.table

    def path(self) -> str:
        return f"{self.row_path()}.{self.field}"

    @property
    def minimum(self) -> int:
        return 0

    @property
    def maximum(self) -> int:
        return 100 if self.kind == "percent" else 1_000_000

    @property
    def step(self) -> str:
        return "any" if self.kind == "percent" else "1"


@dataclass
class Group:
    slug: str
    label: str
    kind: str  # "comune" | "ente" | "ambito"
    controls: list[Control] = field(default_factory=list)


def _selector(key: tuple[tuple[str, Any], ...]) -> str:
    out = []
    for k, v in key:
        text = "null" if v is None else str(v)
        if v is not None and re.search(r'[,\[\]=]|^\s|\s$|^(null|~)$', text):
            text = f'"{text}"'
        out.append(f"{k}={text}")
    return ",".join(out)


def _quotable(value: Any) -> bool:
    return value is None or '"' not in str(value)


def _rows(data: dict, table: str) -> list[dict]:
    node: Any = data
    for part in table.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return [r for r in node if isinstance(r, dict)] if isinstance(node, list) else []


def _comune_of_owner(owner: str | None) -> str | None:
    if owner and normalise(owner).startswith(OWNER_PREFIX):
        return owner.strip()[len(OWNER_PREFIX):].strip() or None
    return None


class _Builder:
    def __init__(self, data: dict, lang: str):
        self.data, self.lang = data, lang
        self.groups: dict[str, Group] = {}
        self.count = 0

    def group(self, name: str, kind: str) -> Group:
        key = (kind, normalise(name))
        slug = "g-" + re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")[:40] + ("" if kind == "comune" else "-e")
        found = self.groups.get(str(key))
        if found is None:
            found = Group(slug, name, kind)
            while any(g.slug == slug for g in self.groups.values()):
                slug += "x"
            found.slug = slug
            self.groups[str(key)] = found
        return found

    def add(self, group: Group, label: str, table: str, key, fld: str, kind: str, required: bool,
            new_row=(), owner=None) -> None:
        if not all(_quotable(v) for _, v in key):
            return  # a value the path syntax cannot select: left to scenario files
        self.count += 1
        group.controls.append(Control(f"v{self.count}", label, table, tuple(key), fld, kind, required,
                                      tuple(new_row), owner))


def build_controls(data: dict, lang: str = "it") -> list[Group]:
    """The groups of controls of a plan (its YAML data), capofila first, then comuni, owners, ambito."""
    b = _Builder(data, lang)
    comuni: dict[str, str] = {}  # normalised -> as first written
    owners: dict[str, str] = {}

    def note_comune(name: Any) -> None:
        if isinstance(name, str) and name.strip():
            comuni.setdefault(normalise(name), name.strip())

    ambito = data.get("ambito") or {}
    capofila = ambito.get("comune_capofila") if isinstance(ambito, dict) else None
    note_comune(capofila)
    for name in (ambito.get("comuni") or []) if isinstance(ambito, dict) else []:
        note_comune(name)
    owner_tables = ("tabelle.a_consistenza_patrimonio.righe", *[f"tabelle.{t}.righe" for t in UNIT_TABLES],
                    "tabelle.k_assegnate_anno_precedente.righe", "tabelle.riserve_categorie.righe")
    for table in owner_tables:
        for row in _rows(data, table):
            owner = row.get("ente_proprietario")
            if isinstance(owner, str) and owner.strip():
                owners.setdefault(normalise(owner), owner.strip())
                note_comune(_comune_of_owner(owner))
            note_comune(row.get("comune"))
    for table in ("g_soglia_indigenti_oltre_20", "h_categorie_aggiuntive", "i_forze_di_polizia",
                  "j_servizi_abitativi_transitori"):
        for row in _rows(data, f"tabelle.{table}.righe"):
            note_comune(row.get("comune"))

    def owner_of(comune: str) -> str | None:
        return owners.get(normalise(OWNER_PREFIX + comune))

    order = sorted(comuni, key=lambda n: (normalise(capofila or "") != n, n))
    g_rows = {normalise(r.get("comune") or ""): r for r in _rows(data, "tabelle.g_soglia_indigenti_oltre_20.righe")}
    for norm in order:
        name = comuni[norm]
        group = b.group(name, "comune")
        owner = owner_of(name)
        if owner or norm in g_rows:
            extra = (("ente_proprietario", owner),) if owner else ()
            b.add(group, tx("ctl_indigenti", lang), "tabelle.g_soglia_indigenti_oltre_20.righe",
                  (("comune", g_rows.get(norm, {}).get("comune", name)),), "quota_percentuale", "percent", True, extra)
        police = _match(_rows(data, "tabelle.i_forze_di_polizia.righe"), "comune", name)
        key = (("comune", police.get("comune") if police else name),)
        b.add(group, tx("ctl_forze_polizia", lang), "tabelle.i_forze_di_polizia.righe", key,
              "quota_percentuale", "percent", True)
        b.add(group, tx("ctl_polizia_locale", lang), "tabelle.i_forze_di_polizia.righe", key,
              "quota_polizia_locale", "percent", False, (("quota_percentuale", 0),))
        if owner:
            _reserve(b, group, data, owner, lang)
        sat = _match(_rows(data, "tabelle.j_servizi_abitativi_transitori.righe"), "comune", name)
        b.add(group, tx("ctl_sat", lang), "tabelle.j_servizi_abitativi_transitori.righe",
              (("comune", sat.get("comune") if sat else name),), "unita_immobiliari", "units", False)
        _unit_rows(b, group, data, lambda row: row.get("comune") is not None and normalise(str(row["comune"])) == norm,
                   lang)
        if owner:
            for table in ADDABLE_UNIT_TABLES:
                rows = _rows(data, f"tabelle.{table}.righe")
                if not any(_same(r.get("ente_proprietario"), owner) and _same(r.get("comune"), name) for r in rows):
                    if (data.get("tabelle") or {}).get(table) is None:
                        continue  # a table the plan leaves out: not given, not a table with no rows
                    b.add(group, tx("ctl_units", lang, table=tx(f"table_{table[0]}", lang), owner=owner),
                          f"tabelle.{table}.righe", (("ente_proprietario", owner), ("comune", name)),
                          "unita_immobiliari", "units", False, owner=owner)
    for norm, owner in sorted(owners.items()):
        if _comune_of_owner(owner):
            continue
        group = b.group(owner, "ente")
        _reserve(b, group, data, owner, lang)
        _unit_rows(b, group, data, lambda row, o=owner: row.get("comune") is None and _same(row.get("ente_proprietario"), o),
                   lang)
    ambito_group = b.group(tx("group_ambito", lang), "ambito")
    for table in UNIT_TABLES:
        section = (data.get("tabelle") or {}).get(table)
        if isinstance(section, dict):
            b.add(ambito_group, tx("ctl_total", lang, table=tx(f"table_{table[0]}", lang)), f"tabelle.{table}", (),
                  "totale", "units", False)
    return [g for g in b.groups.values() if g.controls]


def _same(a: Any, b: Any) -> bool:
    return a is not None and b is not None and normalise(str(a)) == normalise(str(b))


def _match(rows: list[dict], key: str, value: str) -> dict | None:
    hits = [r for r in rows if _same(r.get(key), value)]
    return hits[0] if len(hits) == 1 else None


def _reserve(b: _Builder, group: Group, data: dict, owner: str, lang: str) -> None:
    row = _match(_rows(data, "tabelle.riserve_categorie.righe"), "ente_proprietario", owner)
    b.add(group, tx("ctl_riserva_categorie", lang), "tabelle.riserve_categorie.righe",
          (("ente_proprietario", row.get("ente_proprietario") if row else owner),), "quota_percentuale", "percent",
          True, (("categorie", []),))


def _unit_rows(b: _Builder, group: Group, data: dict, wanted, lang: str) -> None:
    for table in UNIT_TABLES:
        rows = _rows(data, f"tabelle.{table}.righe")
        for row in rows:
            if not wanted(row):
                continue
            key = (("ente_proprietario", row.get("ente_proprietario")), ("comune", row.get("comune")))
            if sum(1 for r in rows if _same(r.get("ente_proprietario"), key[0][1])
                   and (_same(r.get("comune"), key[1][1]) or (r.get("comune") is None and key[1][1] is None))) != 1:
                continue  # two rows of one owner and comune: only a scenario file can tell them apart
            b.add(group, tx("ctl_units", lang, table=tx(f"table_{table[0]}", lang), owner=row.get("ente_proprietario")),
                  f"tabelle.{table}.righe", key, "unita_immobiliari", "units", False, owner=row.get("ente_proprietario"))


# ---- values ---------------------------------------------------------------------------------------


class RowFinder:
    """The rows controls name in one plan's data, found as the CLI's paths find them (key fields
    compared ignoring case, accents and apostrophe forms; exactly one row, else none), through an
    index per table built once: a form holds a value for every control."""

    def __init__(self, data: dict):
        self.data = data
        self._indexes: dict[tuple, dict[tuple, list[dict]]] = {}

    @staticmethod
    def _norm(value: Any) -> Any:
        return None if value is None else normalise(str(value))

    def row(self, control: Control) -> dict | None:
        if not control.key:
            node = _rows_parent(self.data, control.table)
            return node if isinstance(node, dict) else None
        fields = tuple(k for k, _ in control.key)
        index = self._indexes.get((control.table, fields))
        if index is None:
            index = {}
            for row in _rows(self.data, control.table):
                index.setdefault(tuple(self._norm(row.get(f)) for f in fields), []).append(row)
            self._indexes[(control.table, fields)] = index
        hits = index.get(tuple(self._norm(v) for _, v in control.key), [])
        return hits[0] if len(hits) == 1 else None

    def value(self, control: Control) -> Any:
        row = self.row(control)
        return None if row is None else row.get(control.field)


def find_row(data: dict, control: Control) -> dict | None:
    """The row a control names in `data`, or None if it is not there."""
    return RowFinder(data).row(control)


def _rows_parent(data: dict, table: str) -> Any:
    node: Any = data
    for part in table.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def current_value(data: dict, control: Control) -> Any:
    return RowFinder(data).value(control)


def values(groups: list[Group], data: dict) -> dict[str, tuple[bool, Any]]:
    """Each control's (row present, value) in `data`."""
    finder = RowFinder(data)
    out = {}
    for group in groups:
        for control in group.controls:
            row = finder.row(control)
            out[control.name] = (row is not None, None if row is None else row.get(control.field))
    return out


def show_value(value: Any) -> str:
    """A value as a number input holds it (a dot for decimals, no grouping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_value(raw: str, control: Control, lang: str) -> Any:
    """The submitted text as a plan file would hold it (read as YAML, like `--set`): 15, 10.5, or
    a text the plan model will refuse with its own message. A decimal comma is accepted."""
    text = raw.strip()
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    return parse_set(f"{control.path()}={text}", lang, source=f"#{control.name}").value


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        from decimal import Decimal

        return Decimal(str(a)) == Decimal(str(b))
    except Exception:  # noqa: BLE001 - not numbers: compare as they are
        return a == b


def form_changes(groups: list[Group], form: dict[str, str], data: dict, lang: str,
                 current: dict[str, tuple[bool, Any]] | None = None) -> list[Change]:
    """The changes the submitted values make to `data` (the plan, with a loaded scenario applied);
    `current` is `values(groups, data)` if already known."""
    from compliance.model.loader import InputError

    current = current if current is not None else values(groups, data)
    wanted: dict[str, list[tuple[Control, Any]]] = {}  # per row: the controls whose value changes
    problems = []
    for group in groups:
        for control in group.controls:
            raw = form.get(control.name)
            if raw is None:
                continue
            present, now = current[control.name]
            if raw.strip() == show_value(now):
                continue  # as shown: unchanged (no parsing needed)
            try:
                value = parse_value(raw, control, lang) if raw.strip() else None
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if _equal(value, now):
                continue
            wanted.setdefault(control.row_path(), []).append((control, value))
    if problems:
        raise InputError(problems)
    changes: list[Change] = []
    for row_path, items in wanted.items():
        control = items[0][0]
        present = current[control.name][0]
        if not present:
            values_ = {c.field: v for c, v in items if v is not None}
            if not values_ or not control.key:
                continue
            new = dict(control.key)
            for c, _v in items:
                new.update(dict(c.new_row))
            new.update(values_)
            changes.append(Change("add", control.table, [new], f"#{control.name}", None))
            continue
        if any(c.required and v is None for c, v in items):
            first = next(c for c, v in items if c.required and v is None)
            changes.append(Change("remove", row_path, None, f"#{first.name}", None))
            continue
        for c, v in items:
            changes.append(Change("set", c.path(), v, f"#{c.name}", None))
    return changes


def control_by_name(groups: list[Group], name: str) -> Control | None:
    for group in groups:
        for control in group.controls:
            if control.name == name:
                return control
    return None


def control_for_path(groups: list[Group], path: str | None) -> Control | None:
    """The control whose field a problem's path names (for showing it next to that control)."""
    if not path:
        return None
    for group in groups:
        for control in group.controls:
            if path in (control.path(), control.row_path(), control.table):
                return control
    return None
