"""XLSX (Office Open XML) with openpyxl: write a Book; read a workbook's sheets, bounded.

Writing: each style becomes a font, fill and number format (whole numbers "0", percentages
"0.0###%", dates "DD/MM/YYYY", text "@"); the grids' empty rows get their format from the
column; the rules become data validations (Excel's and LibreOffice's own checks while typing).

Reading: openpyxl in read-only (streaming) mode after limits.check_zip, rows and cells counted
(limits.Counter), cached values of formulas (data_only). A cell's number is made exact with
cells.exact; a cell formatted as a percentage is read as the percentage it shows.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.spreadsheet.book import LINE_POINTS, Book, Page, Rule
from compliance.spreadsheet.cells import as_fraction, exact, percent_shown, protect
from compliance.spreadsheet.limits import Counter, check_zip

NUMBER_FORMATS = {
    "int": "0",
    "number": "General",
    "percent": "0.0###%",
    "date": "DD/MM/YYYY",
    "text": "@",
    "bool": "@",
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    fill = lambda color: PatternFill("solid", fgColor=color)  # noqa: E731
    wrap_top = Alignment(wrap_text=True, vertical="top")
    line = Border(bottom=Side(style="thin", color="8899AA"))
    return {
        "title": dict(font=Font(bold=True, size=14)),
        "subtitle": dict(font=Font(bold=True, size=12)),
        "header": dict(font=Font(bold=True), fill=fill("DDE4EE"), alignment=wrap_top, border=line),
        "header_required": dict(font=Font(bold=True), fill=fill("FCE8C8"), alignment=wrap_top, border=line),
        "key": dict(font=Font(color="888888", size=8)),
        "heading1": dict(font=Font(bold=True, size=12), fill=fill("DDE4EE")),
        "heading2": dict(font=Font(bold=True), fill=fill("EEF2F7")),
        "heading3": dict(font=Font(bold=True, italic=True)),
        "label": dict(alignment=Alignment(vertical="top")),
        "label_required": dict(fill=fill("FCE8C8"), alignment=Alignment(vertical="top")),
        "help": dict(font=Font(italic=True, color="555555"), alignment=wrap_top),
        "plain": dict(alignment=Alignment(wrap_text=True, vertical="top")),
        "entry": dict(fill=fill("FFFDE8"), border=Border(*(Side(style="thin", color="C8C8C8"),) * 4),
                      alignment=wrap_top),
    }


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _serial(day: datetime.date) -> int:
    return (day - EXCEL_EPOCH).days


def _validation(rule: Rule):
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kw: dict[str, Any] = dict(allow_blank=True, showErrorMessage=True, errorTitle=rule.title[:32],
                              error=rule.message[:255], errorStyle="stop" if rule.strict else "warning")
    low, high = rule.minimum, rule.maximum
    if rule.percent:
        low, high = as_fraction(low), as_fraction(high)
    if rule.kind == "date":
        low, high = _serial(low), _serial(high)
    if rule.kind in ("whole", "decimal", "date"):
        kw["type"] = rule.kind
        if low is not None and high is not None:
            kw.update(operator="between", formula1=str(low), formula2=str(high))
        elif low is not None:
            kw.update(operator="greaterThanOrEqual", formula1=str(low))
        elif high is not None:
            kw.update(operator="lessThanOrEqual", formula1=str(high))
        else:
            kw.update(operator="between", formula1="-1E+300", formula2="1E+300")
    elif rule.kind == "length":
        kw.update(type="textLength", operator="lessThanOrEqual", formula1=str(rule.maximum))
    elif rule.source is not None:
        src = rule.source
        column = get_column_letter(src.column)
        area = f"{_quoted(src.sheet)}!${column}${src.first_row}:${column}${src.last_row}"
        if src.variable:  # only the filled cells: no empty choices at the end of the list
            start = f"{_quoted(src.sheet)}!${column}${src.first_row}"
            area = f"OFFSET({start},0,0,MAX(1,COUNTA({area})),1)"
        kw.update(type="list", formula1=area)
    else:
        kw.update(type="list", formula1='"' + ",".join(rule.options) + '"')
    validation = DataValidation(**kw)
    first = f"{get_column_letter(rule.first_col)}{rule.first_row}"
    last = f"{get_column_letter(rule.last_col)}{rule.last_row}"
    validation.add(first if first == last else f"{first}:{last}")
    return validation


def _value(cell_style: str, value: Any) -> Any:
    if cell_style == "percent" and isinstance(value, (int, Decimal)):
        return as_fraction(value)
    if cell_style == "text" and isinstance(value, str):
        return protect(value)
    return value


def _write_page(wb, page: Page, styles: dict) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(page.name)
    for col, width in page.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for col, style in page.column_styles.items():
        ws.column_dimensions[get_column_letter(col)].number_format = NUMBER_FORMATS.get(style, "General")
    for r, line in enumerate(page.rows, start=1):
        for c, cell in enumerate(line, start=1):
            if cell.value is None and cell.style == "plain" and not cell.comment:
                continue
            target = ws.cell(row=r, column=c)
            value = _value(cell.style, cell.value)
            if value is not None:
                target.value = value
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"  # text, never a formula
            for attr, spec in styles.get(cell.style, {}).items():
                setattr(target, attr, spec)
            if cell.style in NUMBER_FORMATS:
                target.number_format = NUMBER_FORMATS[cell.style]
            if cell.entry:
                for attr, spec in styles["entry"].items():
                    setattr(target, attr, spec)
            if cell.comment:
                target.comment = Comment(cell.comment, "compliance", width=320, height=120)
    for row, lines in page.lines.items():
        ws.row_dimensions[row].height = LINE_POINTS * lines
    for row in page.hidden_rows:
        ws.row_dimensions[row].hidden = True
    for col in page.hidden_columns:
        ws.column_dimensions[get_column_letter(col)].hidden = True
    if page.freeze_below > 1:
        ws.freeze_panes = f"A{page.freeze_below}"
    for rule in page.rules:
        ws.add_data_validation(_validation(rule))
    if page.hidden:
        ws.sheet_state = "hidden"
    ws.page_setup.orientation = "landscape"  # printed: as wide as the page, as many pages as needed
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if page.freeze_below > 1:  # the header on every printed page
        ws.print_title_rows = f"{page.freeze_below - 1}:{page.freeze_below - 1}"


def write_xlsx(book: Book) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    styles = _styles()
    for page in book.pages:
        _write_page(wb, page, styles)
    wb.active = 0
    wb.properties.creator = "compliance"
    wb.properties.title = book.title
    wb.properties.subject = book.tipo or ""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---- reading ------------------------------------------------------------------------------


def _is_percent_format(number_format: str | None) -> bool:
    if not number_format:
        return False
    plain = "".join(part for i, part in enumerate(number_format.split('"')) if i % 2 == 0)
    return "%" in plain.replace("\\%", "")


def cell_value(value: Any, number_format: str | None) -> Any:
    """An openpyxl cell value as the reader hands it on: exact numbers, % read as shown."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, datetime.date, datetime.datetime)):
        return value
    if isinstance(value, (int, float, Decimal)):
        if _is_percent_format(number_format):
            return percent_shown(value)
        return value if isinstance(value, int) else exact(value)
    return str(value)  # a time or another type: as text, the model says what it expected


def read_xlsx(path: Path, lang: str) -> dict[str, list[list[Any]]]:
    """{sheet name: rows of values} from an .xlsx workbook, bounded (limits.py)."""
    check_zip(path, lang, "ss_not_workbook")
    from defusedxml import DefusedXmlException  # openpyxl parses with defusedxml when it is installed
    from openpyxl import load_workbook

    counter = Counter(str(path), lang)
    def forbidden() -> InputError:
        return InputError([InputProblem(str(path), None, None, t("ss_xml_forbidden", lang))])

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        if _caused_by(exc, DefusedXmlException):
            raise forbidden() from None
        raise InputError([InputProblem(str(path), None, None,
                                       t("ss_bad_workbook", lang, detail=f"{type(exc).__name__}: {exc}"))]) from None
    try:
        counter.sheets(len(wb.worksheets))
        out: dict[str, list[list[Any]]] = {}
        for ws in wb.worksheets:
            if not hasattr(ws, "reset_dimensions"):  # a chartsheet: no cells
                continue
            ws.reset_dimensions()  # the stored size may be wrong; the rows themselves are counted
            out[ws.title] = _read_rows(ws, counter)
        return out
    except InputError:
        raise
    except Exception as exc:
        if _caused_by(exc, DefusedXmlException):
            raise forbidden() from None
        raise InputError([InputProblem(str(path), None, None,
                                       t("ss_bad_workbook", lang, detail=f"{type(exc).__name__}: {exc}"))]) from None
    finally:
        wb.close()


def _caused_by(exc: BaseException, kind: type) -> bool:
    """Whether `exc` or an exception it was raised from is a `kind` (openpyxl wraps them)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, kind):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _read_rows(ws, counter: Counter) -> list[list[Any]]:
    from compliance.spreadsheet.limits import MAX_COLUMNS

    rows: list[list[Any]] = []
    for index, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        values = []
        for column, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            if value is None or value == "":
                values.append(None)
                continue
            counter.cell(ws.title, column, len(value) if isinstance(value, str) else 0)
            values.append(cell_value(value, getattr(cell, "number_format", None)))
        while values and values[-1] is None:
            values.pop()
        if values:
            counter.row(ws.title, index)
            rows.extend([] for _ in range(index - 1 - len(rows)))
            rows.append(values)
    return rows
