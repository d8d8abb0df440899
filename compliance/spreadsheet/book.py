"""The workbook as cells, before any file format: `compliance template` (empty) and `export`.

The layout (layout.py) says which sheets and fields there are; this module puts them in cells,
with the rules a spreadsheet program enforces while the clerk types (whole numbers, percentages
between 0% and 100%, dates, choices from a list), the formats, the instructions in plain
Italian and the lists the dropdowns offer (the comuni from the ISTAT registry, the owners listed
in the first table). xlsx.py, ods.py and csv_files.py write it.

Sheets:
* Istruzioni: how to fill the workbook, and what each sheet holds.
* forms (Dati generali, Tabelle – totali e note): row 1 the header «Voce | Valore | Spiegazione»,
  then one row per value under headings; column D (hidden) holds each row's field path.
* grids (one per table or list): row 1 (hidden) the field paths, row 2 the header in Italian
  words, one row per item from row 3.
* Elenchi (hidden): the comuni the dropdowns offer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from compliance.spreadsheet.cells import EMPTY_LIST, NO, UNKNOWN, YES, to_cell
from compliance.spreadsheet.layout import (
    INSTRUCTIONS_SHEET,
    LIST_SEPARATOR,
    LISTS_SHEET,
    PRESENCE_LABEL,
    Form,
    Grid,
    Layout,
    Leaf,
    choice_label,
)

FORM_HEADER = ("Voce", "Valore", "Spiegazione", "Campo")
FORM_KEY_COLUMN = 4  # hidden: the field path of each row
GRID_KEY_ROW = 1  # hidden: the field path of each column
GRID_HEADER_ROW = 2
GRID_FIRST_ROW = 3
GRID_ROWS = 1000  # rows of a grid with formats and checks, beyond the rows already filled
DATE_MIN = datetime.date(1950, 1, 1)  # the dates a workbook accepts (plans are from 2018 on)
DATE_MAX = datetime.date(2100, 12, 31)
REQUIRED_NOTE = "(obbligatorio)"

Style = Literal[
    "title", "subtitle", "header", "header_required", "key", "heading1", "heading2", "heading3",
    "label", "label_required", "help", "text", "int", "number", "percent", "date", "bool", "plain",
]


@dataclass
class Cell:
    value: Any = None
    style: Style = "plain"
    comment: str | None = None
    entry: bool = False  # a cell the clerk fills in (shown as such)


@dataclass(frozen=True)
class ListSource:
    """A dropdown's values: a column of a sheet, rows first..last (1-based)."""

    sheet: str
    column: int
    first_row: int
    last_row: int
    variable: bool = False  # filled by the clerk: only the non-empty cells are offered


@dataclass(frozen=True)
class Rule:
    """A data validation on the cells first_row..last_row x first_col..last_col (1-based)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    kind: Literal["whole", "decimal", "date", "list", "length"]
    title: str
    message: str
    minimum: Any = None
    maximum: Any = None
    percent: bool = False  # a percentage: the cell stores the fraction (10% = 0.1)
    options: tuple[str, ...] = ()
    source: ListSource | None = None
    strict: bool = True  # False: a value outside the list gets a warning, not a refusal


@dataclass
class Page:
    name: str
    role: Literal["instructions", "form", "grid", "lists"]
    rows: list[list[Cell]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)  # column (1-based) -> characters
    column_styles: dict[int, Style] = field(default_factory=dict)  # grids: the empty cells' format
    styled_rows: int = 0  # rows (from the top) the column styles and rules cover
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    freeze_below: int = 0  # rows above this one stay in view
    hidden: bool = False
    rules: list[Rule] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # row -> lines of text it needs (wrapped cells)

    @property
    def is_data(self) -> bool:
        return self.role in ("form", "grid")

    def put(self, row: int, column: int, cell: Cell) -> None:
        while len(self.rows) < row:
            self.rows.append([])
        line = self.rows[row - 1]
        while len(line) < column:
            line.append(Cell())
        line[column - 1] = cell


WRAPPED = {"header", "header_required", "help", "plain", "label", "label_required"}
LINE_POINTS = 15.0  # the height of one line of text in a row (points)


def fit_rows(page: Page) -> None:
    """How many lines each row needs for its wrapped text: spreadsheet programs do not all
    size rows by themselves when they open a file."""
    for r, line in enumerate(page.rows, start=1):
        need = 1
        for c, cell in enumerate(line, start=1):
            if (cell.style in WRAPPED or cell.entry) and isinstance(cell.value, str):
                width = max(8.0, page.widths.get(c, 10.0) * 1.05)
                lines = sum(max(1, -(-len(part) // int(width))) for part in cell.value.split("\n"))
                need = max(need, lines)
        if need > 1:
            page.lines[r] = min(need, 12)


@dataclass
class Book:
    pages: list[Page]
    title: str
    tipo: str | None


# ---- what each kind of value looks like and accepts ---------------------------------------


def style_of(leaf: Leaf) -> Style:
    if leaf.kind == "int":
        return "int"
    if leaf.kind == "number":
        return "percent" if leaf.percent else "number"
    if leaf.kind == "date":
        return "date"
    if leaf.kind == "bool":
        return "bool"
    return "text"


def _bounds_text(leaf: Leaf) -> str:
    low, high = leaf.minimum, leaf.maximum
    if low is not None and high is not None:
        return f" tra {low} e {high}"
    if low is not None:
        return f" non minore di {low}"
    if high is not None:
        return f" non maggiore di {high}"
    return ""


def _rule(leaf: Leaf, rows: tuple[int, int], col: int, lists: dict[str, ListSource]) -> Rule | None:
    """The check a spreadsheet program applies to the cells of `leaf`, or None."""
    first, last = rows
    area = dict(first_row=first, first_col=col, last_row=last, last_col=col)
    if leaf.kind == "int":
        return Rule(**area, kind="whole", minimum=leaf.minimum, maximum=leaf.maximum, title="Numero intero",
                    message=f"Scrivere un numero intero{_bounds_text(leaf)}, senza punti né decimali. "
                            "Lasciare vuoto se il piano non lo indica.")
    if leaf.kind == "number" and leaf.percent:
        return Rule(**area, kind="decimal", minimum=0, maximum=100, percent=True, title="Percentuale",
                    message="Scrivere una percentuale tra 0% e 100%, ad esempio 10%. "
                            "Lasciare vuoto se il piano non la indica.")
    if leaf.kind == "number":
        return Rule(**area, kind="decimal", minimum=leaf.minimum, maximum=leaf.maximum, title="Numero",
                    message=f"Scrivere un numero{_bounds_text(leaf)}.")
    if leaf.kind == "date":
        return Rule(**area, kind="date", minimum=DATE_MIN, maximum=DATE_MAX, title="Data",
                    message="Scrivere una data, ad esempio 28/01/2021.")
    if leaf.kind == "bool":
        return Rule(**area, kind="list", options=(YES, NO, UNKNOWN), title="Sì o no",
                    message=f"Scegliere dall'elenco: {YES}, {NO} o {UNKNOWN}.")
    if leaf.kind == "choice":
        options = tuple(choice_label(c) for c in leaf.choices)
        return Rule(**area, kind="list", options=options, title="Valore dall'elenco",
                    message="Scegliere un valore dall'elenco: " + ", ".join(options) + ".")
    if leaf.is_comune and leaf.kind == "text" and "comuni" in lists:
        return Rule(**area, kind="list", source=lists["comuni"], strict=False, title="Comune",
                    message="Il nome non è tra i comuni dell'elenco (nomi ISTAT). Confermare solo se è "
                            "scritto così nel piano; altrimenti sceglierlo dall'elenco.")
    if leaf.is_owner and "enti" in lists:
        return Rule(**area, kind="list", source=lists["enti"], strict=False, title="Ente proprietario",
                    message="L'ente non è tra quelli della tabella degli enti proprietari. "
                            "Confermare solo se è giusto.")
    if leaf.kind == "text" and leaf.max_length:
        return Rule(**area, kind="length", maximum=leaf.max_length, title="Testo troppo lungo",
                    message=f"Al massimo {leaf.max_length} caratteri.")
    return None


def _help(leaf: Leaf) -> str:
    parts = [leaf.help] if leaf.help else []
    if leaf.kind == "list":
        parts.append(f"più valori separati da «{LIST_SEPARATOR}»; «{EMPTY_LIST}» se il piano dichiara "
                     "che non ce ne sono")
    if leaf.kind == "bool":
        parts.append(f"{YES}, {NO} o {UNKNOWN}")
    if leaf.percent:
        parts.append("percentuale, ad esempio 10%")
    text = "; ".join(p.rstrip(".") for p in parts)
    if leaf.required:
        text = (text + " " + REQUIRED_NOTE).strip()
    return text[:1].upper() + text[1:]


# ---- the sheets ---------------------------------------------------------------------------


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _form_page(form: Form, data: dict | None, lists: dict[str, ListSource], defaults: dict) -> Page:
    page = Page(form.name, "form", widths={1: 38, 2: 34, 3: 80, 4: 30}, freeze_below=2)
    for col, text in enumerate(FORM_HEADER, start=1):
        page.put(1, col, Cell(text, "header"))
    page.hidden_columns.add(FORM_KEY_COLUMN)
    row = 2
    for form_row in form.rows:
        if form_row.kind == "heading":
            style: Style = f"heading{min(form_row.level, 3)}"  # type: ignore[assignment]
            page.put(row, 1, Cell(form_row.label, style))
            for col in (2, 3):
                page.put(row, col, Cell(None, style))
            row += 1
            continue
        if form_row.kind == "presence":
            value = None
            if data is not None:
                value = YES if _get(data, form_row.path) is not None else NO
            label = form_row.label
            sheet_hint = "" if label == PRESENCE_LABEL else f" (le righe sono nel foglio «{label}»)"
            help_text = (f"{YES}: il piano la riporta, anche senza righe (dichiara che non c'è nulla){sheet_hint}; "
                         f"{NO}: il piano non la riporta; vuoto: {YES} se ci sono dati")
            page.put(row, 1, Cell(label, "label"))
            page.put(row, 2, Cell(value, "bool", entry=True))
            page.put(row, 3, Cell(help_text, "help"))
            page.put(row, 4, Cell(form_row.key, "key"))
            page.rules.append(Rule(row, 2, row, 2, "list", "Sì o no", f"Scegliere {YES} o {NO}.",
                                   options=(YES, NO)))
            row += 1
            continue
        leaf = form_row.leaf
        assert leaf is not None
        value = to_cell(leaf, _get(data, leaf.path) if data is not None else defaults.get(leaf.path))
        page.put(row, 1, Cell(form_row.label, "label_required" if leaf.required else "label"))
        page.put(row, 2, Cell(value, style_of(leaf), entry=True))
        page.put(row, 3, Cell(_help(leaf) or None, "help"))
        page.put(row, 4, Cell(form_row.key, "key"))
        rule = _rule(leaf, (row, row), 2, lists)
        if rule is not None:
            page.rules.append(rule)
        row += 1
    return page


def _width(leaf: Leaf, values: list[Any]) -> float:
    """A grid column's width (characters): its header, its longest value, its kind."""
    longest = max([len(str(v)) for v in values if v is not None] + [0])
    least = {"text": 16.0, "list": 24.0, "json": 24.0}.get(leaf.kind, 12.0)
    if leaf.is_owner or leaf.is_comune:
        least = 30.0 if leaf.is_owner else 24.0
    return min(48.0, max(least, len(leaf.label) * 0.9 + 4, longest + 2.0))


def _grid_page(grid: Grid, data: dict | None, lists: dict[str, ListSource]) -> Page:
    items = _get(data, grid.path) if data is not None else None
    items = items or []
    last = GRID_FIRST_ROW + len(items) + GRID_ROWS - 1
    page = Page(grid.name, "grid", freeze_below=GRID_FIRST_ROW, styled_rows=last)
    page.hidden_rows.add(GRID_KEY_ROW)
    for col, leaf in enumerate(grid.leaves, start=1):
        page.put(GRID_KEY_ROW, col, Cell(leaf.key, "key"))
        note = _help(leaf)
        page.put(GRID_HEADER_ROW, col, Cell(leaf.label, "header_required" if leaf.required else "header",
                                            comment=note or None))
        page.widths[col] = _width(leaf, [_get(item, leaf.path) for item in items])
        page.column_styles[col] = style_of(leaf)
        rule = _rule(leaf, (GRID_FIRST_ROW, last), col, lists)
        if rule is not None:
            page.rules.append(rule)
    for i, item in enumerate(items):
        for col, leaf in enumerate(grid.leaves, start=1):
            page.put(GRID_FIRST_ROW + i, col, Cell(to_cell(leaf, _get(item, leaf.path)), style_of(leaf)))
    return page


def _comuni(data: dict | None, capofila: str | None) -> tuple[list[str], str]:
    """The comuni the dropdowns offer, and how they were chosen (for the instructions)."""
    from compliance.registry import istat

    current = [c for c in istat.load() if c.codice_istat]
    listed = (_get(data, ("ambito", "comuni")) if data is not None else None) or []
    if listed:
        return sorted(dict.fromkeys(listed), key=istat.normalise), "i comuni dell'ambito indicati nei dati generali"
    capofila = capofila or (_get(data, ("ambito", "comune_capofila")) if data is not None else None)
    if capofila:
        found = istat.check(capofila)
        if found.comune is not None:
            province = found.comune.sigla_provincia
            names = [c.denominazione for c in current if c.sigla_provincia == province]
            return sorted(names, key=istat.normalise), f"i comuni della provincia di {province} (elenco ISTAT)"
    return sorted((c.denominazione for c in current), key=istat.normalise), "i comuni della Lombardia (elenco ISTAT)"


def _lists_page(comuni: list[str]) -> Page:
    page = Page(LISTS_SHEET, "lists", hidden=True, widths={1: 40})
    page.put(1, 1, Cell("Comuni", "header"))
    for i, name in enumerate(comuni, start=2):
        page.put(i, 1, Cell(name, "text"))
    return page


def _instructions(layout: Layout, book_title: str, comuni_how: str, other_types: list[str]) -> Page:
    page = Page(INSTRUCTIONS_SHEET, "instructions", widths={1: 34, 2: 100})
    lines: list[tuple[str, str, Style]] = [
        (book_title, "", "title"),
        ("", "", "plain"),
        ("Come compilarlo", "", "subtitle"),
    ]
    forms = [s.name for s in layout.forms]
    container_forms = forms[1:]
    bullets = [
        f"Nel foglio «{forms[0]}» scrivere ogni valore nella colonna «Valore», accanto alla sua voce. "
        "Le voci in arancio sono obbligatorie.",
        "Ogni tabella ed elenco del piano ha un foglio suo: una riga per ente o per comune, sotto la riga "
        "di intestazione. Non cambiare le intestazioni, non rinominare né eliminare i fogli.",
    ]
    if container_forms:
        bullets.append(
            f"Il totale e le note di ogni tabella vanno nel foglio «{container_forms[0]}». Lì si indica anche "
            f"se la tabella è nel piano: «{YES}» anche se è vuota (il piano dichiara che non c'è nulla), "
            f"«{NO}» se il piano non la riporta; se la voce resta vuota, la tabella conta come presente "
            "quando ha almeno un dato.")
    bullets += [
        "Una cella vuota vuol dire «il piano non lo indica», mai zero: scrivere 0 solo se il piano "
        "dice zero.",
        "Numeri interi senza punti delle migliaia (1006, non 1.006). Percentuali come nel piano: 10% "
        "(la cella mostra il simbolo %).",
        "Date come date, ad esempio 28/01/2021.",
        f"Sì o no: scegliere dall'elenco «{YES}», «{NO}» o «{UNKNOWN}».",
        f"Comuni: sceglierli dall'elenco, che propone {comuni_how}. Enti proprietari: sceglierli tra "
        "quelli già scritti nella tabella degli enti proprietari.",
        f"Più valori in una cella (ad esempio gli enti inadempienti): separarli con «{LIST_SEPARATOR}».",
        "Il foglio rifiuta i valori non ammessi: un testo dove va un numero, un numero negativo, una "
        "percentuale oltre il 100%, una data che non esiste.",
    ]
    if other_types:
        bullets.append("Questo modello è per il " + layout.tipo.replace("_", " ") + ". Per "
                       + " o ".join(f"il {t.replace('_', ' ')} generare il suo modello con "
                                    f"«compliance template FILE --tipo {t}»" for t in other_types) + ".")
    lines += [("•", text, "plain") for text in bullets]
    lines += [
        ("", "", "plain"),
        ("Poi", "", "subtitle"),
        ("•", "Salvare il file (formato .xlsx o .ods) e trasformarlo nel file del piano con il comando "
              "«compliance import FILE -o piano.yaml»; verificarlo con «compliance check piano.yaml».", "plain"),
        ("•", "Ogni errore è indicato con il foglio, la riga e la colonna.", "plain"),
        ("", "", "plain"),
        ("I fogli", "", "subtitle"),
    ]
    for sheet in layout.sheets:
        lines.append((sheet.name, sheet.title, "plain"))
    for row, (first, second, style) in enumerate(lines, start=1):
        page.put(row, 1, Cell(first or None, style))
        if second:
            page.put(row, 2, Cell(second, "plain"))
    return page


def build_book(layout: Layout, plan: BaseModel | None, capofila: str | None = None,
               other_types: list[str] | None = None) -> Book:
    """The workbook for `plan` (None: the empty template) with `layout`'s sheets."""
    data = plan.model_dump(mode="python") if plan is not None else None
    defaults = {("tipo",): layout.tipo, ("ambito", "comune_capofila"): capofila}
    comuni, how = _comuni(data, capofila)
    lists: dict[str, ListSource] = {"comuni": ListSource(LISTS_SHEET, 1, 2, 1 + len(comuni))}
    owners = layout.owner_source()
    pages: list[Page] = []
    if owners is not None:
        grid, column = owners
        items = _get(data, grid.path) if data is not None else None
        last = GRID_FIRST_ROW + len(items or []) + GRID_ROWS - 1
        lists["enti"] = ListSource(grid.name, column + 1, GRID_FIRST_ROW, last, variable=True)
    title = "Modello per i dati del " + (layout.model.model_config.get("title") or layout.model.__name__)
    title = title.replace("del Piano", "del piano")
    pages.append(_instructions(layout, title, how, other_types or []))
    for sheet in layout.sheets:
        if isinstance(sheet, Form):
            pages.append(_form_page(sheet, data, lists, defaults))
        else:
            owner_lists = lists if owners is None or sheet is not owners[0] else {
                k: v for k, v in lists.items() if k != "enti"}
            pages.append(_grid_page(sheet, data, owner_lists))
    pages.append(_lists_page(comuni))
    for page in pages:
        fit_rows(page)
    return Book(pages, title, layout.tipo)
