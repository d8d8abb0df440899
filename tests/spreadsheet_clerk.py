"""Helpers for the spreadsheet tests: a program that uses a workbook as a clerk would.

It finds sheets, columns and rows by the Italian words a person reads (never by the hidden
field paths), types values the way Excel stores them (a date as a date, 10% in a percentage
cell as 0.1 with the cell's format), and asks the workbook's own data validation, as stored in
the file, whether it would accept a value: `verdict(ws, cell, value)`, an evaluator of the
validation types the template uses (list from values or from a range, whole, decimal, date,
text length), as Excel applies them.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

EXCEL_EPOCH = datetime.date(1899, 12, 30)


def validation_for(ws, coordinate: str):
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref:
            return dv
    return None


def _range_values(wb, ref: str) -> list:
    """The values of a range like 'Sheet name'!$A$3:$A$10 (or OFFSET(start,0,0,…,1) of one)."""
    offset = re.fullmatch(r"OFFSET\((.+?)!(\$?[A-Z]+\$?\d+),0,0,MAX\(1,COUNTA\((.+)\)\),1\)", ref)
    if offset:
        ref = offset.group(3)  # the non-empty cells of the counted range
    sheet, area = ref.rsplit("!", 1)
    sheet = sheet.strip("'").replace("''", "'")
    min_col, min_row, max_col, max_row = range_boundaries(area.replace("$", ""))
    ws = wb[sheet]
    values = [ws.cell(row=r, column=c).value for r in range(min_row, max_row + 1)
              for c in range(min_col, max_col + 1)]
    return [v for v in values if v not in (None, "")]


def list_choices(wb, dv) -> list:
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    return _range_values(wb, formula)


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return Decimal(str(value))


def _compare(dv, value: Decimal) -> bool:
    low = Decimal(dv.formula1) if dv.formula1 is not None else None
    high = Decimal(dv.formula2) if dv.formula2 is not None else None
    operator = dv.operator or "between"
    if operator == "between":
        return low <= value <= high
    if operator == "greaterThanOrEqual":
        return value >= low
    if operator == "lessThanOrEqual":
        return value <= low
    raise AssertionError(f"operator {operator} not expected in the template")


def verdict(wb, ws, coordinate: str, value) -> str:
    """'ok', 'warning' (Excel asks to confirm) or 'refused', as the cell's validation says."""
    dv = validation_for(ws, coordinate)
    if dv is None or value in (None, ""):
        return "ok"
    kind = dv.type
    if kind == "list":
        good = str(value) in [str(v) for v in list_choices(wb, dv)]
    elif kind == "whole":
        number = _number(value)
        good = number is not None and number == number.to_integral_value() and _compare(dv, number)
    elif kind == "decimal":
        number = _number(value)
        good = number is not None and _compare(dv, number)
    elif kind == "date":
        if isinstance(value, datetime.datetime):
            value = value.date()
        good = isinstance(value, datetime.date) and _compare(dv, Decimal((value - EXCEL_EPOCH).days))
    elif kind == "textLength":
        good = _compare(dv, Decimal(len(str(value))))
    else:
        raise AssertionError(f"validation type {kind} not expected in the template")
    if good:
        return "ok"
    return "warning" if dv.errorStyle in ("warning", "information") else "refused"


def column_of(ws, header: str, header_row: int = 2) -> int:
    for cell in ws[header_row]:
        if cell.value == header:
            return cell.column
    raise KeyError(f"{ws.title}: no column headed {header!r}")


def form_row(ws, label: str, under: str | None = None) -> int:
    """The row of a form whose label (column A) is `label`, below the heading `under`."""
    heading_seen = under is None
    for row in range(2, ws.max_row + 1):
        value = ws.cell(row=row, column=1).value
        if not heading_seen:
            heading_seen = value == under
            continue
        if value == label:
            return row
    raise KeyError(f"{ws.title}: no row {label!r} under {under!r}")


def type_into(ws, row: int, column: int, value, percent: bool = False):
    """Put a value in a cell as Excel does when a person types it: the column's format applies
    to a new cell; '10%' typed in a percentage cell is stored as 0.1."""
    cell = ws.cell(row=row, column=column)
    letter = cell.column_letter
    column_format = ws.column_dimensions[letter].number_format
    if cell.number_format == "General" and column_format not in (None, "General"):
        cell.number_format = column_format
    if percent:
        assert "%" in cell.number_format, (ws.title, cell.coordinate, cell.number_format)
        value = Decimal(str(value)) / 100
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    cell.value = value
    return cell


def coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


__all__ = ["verdict", "list_choices", "validation_for", "column_of", "form_row", "type_into", "coordinate",
           "coordinate_from_string", "column_index_from_string"]
