"""Plan -> workbook (XLSX): `compliance template` (empty) and `compliance export` (filled).

The layout comes from compliance/spreadsheet/layout.py (introspection of the plan model); the
cells are written so that compliance/spreadsheet/read.py reads them back to the same plan.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from compliance.model.plan import PianoAnnuale
from compliance.spreadsheet.layout import (
    EMPTY_LIST,
    INSTRUCTIONS_SHEET,
    LIST_SEPARATOR,
    PRESENCE_KEY,
    Leaf,
    Sheet,
    sheets,
)

KV_HEADER = ("campo", "valore", "descrizione")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE8C8")
GRID_ROWS_VALIDATED = 500
YES, NO = "sì", "no"

PRESENCE_HELP = (
    "sì: la sezione è nel piano (anche senza righe: il piano dichiara che non c'è nulla); "
    "no: il piano non la riporta; vuoto: sì se qualcosa è compilato"
)

INSTRUCTIONS = [
    "Modello per i dati del Piano annuale dell'offerta dei servizi abitativi pubblici e sociali",
    "",
    "Come compilarlo",
    "• Un foglio per i dati generali (piano), uno per la ricognizione, uno per ogni tabella (a–k) "
    "e uno per ogni elenco (avvisi, giustificazioni, …). Non rinominare né eliminare i fogli.",
    "• Nei fogli con «campo / valore», scrivere il valore nella colonna B accanto al campo.",
    "• Nelle tabelle, una riga per ente o comune sotto la riga di intestazione; non cambiare le "
    "intestazioni (sono i nomi dei campi del piano). Le colonne in arancio sono obbligatorie.",
    "• Una cella vuota (o «-») significa «il piano non lo indica», mai zero: scrivere 0 se il "
    "piano dice zero.",
    f"• {PRESENCE_KEY}: {PRESENCE_HELP}.",
    "• Numeri interi per le unità (1006, non 1.006,00); percentuali come nel piano (10 = 10%).",
    "• Date come data di Excel o nel formato AAAA-MM-GG (anche GG/MM/AAAA). Sì/no: «sì» o «no».",
    f"• Più valori in una cella (es. elenco dei comuni): separarli con «{LIST_SEPARATOR}»; "
    f"«{EMPTY_LIST}» per un elenco dichiarato vuoto.",
    "• I nomi dei comuni si scrivono come nell'elenco ISTAT: un nome che non è un comune lombardo "
    "è un errore; una grafia appena diversa è mantenuta e segnalata dalla verifica.",
    "",
    "Poi: compliance import QUESTO_FILE.xlsx -o piano.yaml   e   compliance check piano.yaml",
    "(oppure una cartella con un file CSV per foglio, con gli stessi nomi: piano.csv, "
    "a_consistenza_patrimonio.csv, …)",
]


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def cell_value(leaf: Leaf, value: Any) -> Any:
    """A plan value as a cell value (the inverse of read.parse_cell)."""
    if value is None:
        return None
    kind = leaf.kind
    if kind == "bool":
        return YES if value else NO
    if kind == "float" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "list":
        if not value:
            return EMPTY_LIST
        items = [cell_value(Leaf(leaf.path, leaf.item_kind or "text", None, (), False, ""), v) for v in value]
        return f"{LIST_SEPARATOR} ".join(
            v.isoformat() if isinstance(v, datetime.date) else str(v) for v in items
        )
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return value


def _put(ws, row: int, column: int, value: Any) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, (datetime.date, datetime.datetime)):
        cell.number_format = "DD/MM/YYYY"


def _validations(ws, leaf: Leaf, ref: str) -> None:
    options = None
    if leaf.kind == "bool":
        options = [YES, NO]
    elif leaf.kind == "choice":
        options = list(leaf.choices)
    if options:
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        dv.add(ref)
        ws.add_data_validation(dv)


def _write_sheet(wb: Workbook, sheet: Sheet, data: dict | None) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.cell(row=1, column=1, value=sheet.title).font = Font(bold=True, size=13)
    help_text = (
        "Scrivere i valori nella colonna B." if sheet.leaves or sheet.nullable else ""
    ) + (" Una riga per elemento sotto l'intestazione." if sheet.grid else "")
    ws.cell(row=2, column=1, value=help_text.strip()).font = Font(italic=True, color="555555")
    row = 4
    section = _get(data, sheet.path) if data is not None else None
    if sheet.leaves or sheet.nullable:
        for col, text in enumerate(KV_HEADER, start=1):
            cell = ws.cell(row=row, column=col, value=text)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        row += 1
        if sheet.nullable:
            present = None if data is None else (YES if section is not None else NO)
            ws.cell(row=row, column=1, value=PRESENCE_KEY)
            _put(ws, row, 2, present)
            ws.cell(row=row, column=3, value=PRESENCE_HELP)
            _validations(ws, Leaf((PRESENCE_KEY,), "bool", None, (), False, ""), f"B{row}")
            row += 1
        for leaf in sheet.leaves:
            key_cell = ws.cell(row=row, column=1, value=leaf.key)
            if leaf.required:
                key_cell.fill = REQUIRED_FILL
            value = _get(section, leaf.path) if isinstance(section, dict) else None
            _put(ws, row, 2, cell_value(leaf, value))
            note = leaf.description + (" (obbligatorio)" if leaf.required else "")
            ws.cell(row=row, column=3, value=note.strip() or None)
            _validations(ws, leaf, f"B{row}")
            row += 1
        row += 1
        ws.column_dimensions["A"].width = 36
        ws.column_dimensions["B"].width = 40
        ws.column_dimensions["C"].width = 70
    if sheet.grid is not None:
        grid = sheet.grid
        header_row = row
        for col, leaf in enumerate(grid.leaves, start=1):
            cell = ws.cell(row=header_row, column=col, value=leaf.key)
            cell.font = Font(bold=True)
            cell.fill = REQUIRED_FILL if leaf.required else HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if leaf.description or leaf.required:
                text = leaf.description + (" (obbligatorio)" if leaf.required else "")
                cell.comment = Comment(text.strip(), "compliance")
            letter = get_column_letter(col)
            width = max(14, min(42, len(leaf.key) + 4))
            if ws.column_dimensions[letter].width is None or ws.column_dimensions[letter].width < width:
                ws.column_dimensions[letter].width = width
            _validations(ws, leaf, f"{letter}{header_row + 1}:{letter}{header_row + GRID_ROWS_VALIDATED}")
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        items = _get(data, grid.path) if data is not None else None
        for i, item in enumerate(items or [], start=1):
            for col, leaf in enumerate(grid.leaves, start=1):
                _put(ws, header_row + i, col, cell_value(leaf, _get(item, leaf.path)))


def build_workbook(plan: BaseModel | None, root: type[BaseModel] = PianoAnnuale) -> Workbook:
    """The workbook for `plan` (None: the empty template)."""
    data = plan.model_dump(mode="python") if plan is not None else None
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    for i, line in enumerate(INSTRUCTIONS, start=1):
        cell = info.cell(row=i, column=1, value=line)
        if i == 1:
            cell.font = Font(bold=True, size=13)
        elif line in ("Come compilarlo",):
            cell.font = Font(bold=True)
    info.column_dimensions["A"].width = 130
    for sheet in sheets(root):
        _write_sheet(wb, sheet, data)
    wb.properties.creator = "compliance"
    return wb


def xlsx_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_texts(wb: Workbook) -> dict[str, str]:
    """One CSV text per sheet (';'-separated, as Excel writes it in Italy), by file name."""
    out: dict[str, str] = {}
    for ws in wb.worksheets:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        for row in ws.iter_rows(values_only=True):
            cells = [_csv_text(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            writer.writerow(cells)
        out[f"{ws.title}.csv"] = buffer.getvalue()
    return out
