"""ODS (OpenDocument spreadsheet, the PA's open format): write a Book with odfpy; read the
sheets with a streaming parser, bounded.

Writing: the same sheets, formats (whole numbers, percentages, dates, text), hidden rows and
columns, frozen header, comments and validations (table:content-validation, which LibreOffice
applies while typing) as the XLSX file.

Reading: content.xml is parsed as a stream (defusedxml's iterparse: no DTD, no entities) after
limits.check_zip, so memory stays bounded; repeated rows and cells
(table:number-rows-repeated, table:number-columns-repeated) are expanded only where they hold a
value, and counted. Numbers are the decimal text the file stores (office:value), exact; a
percentage cell (office:value-type="percentage", 0.1) is read as the percentage it shows (10).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.spreadsheet.book import LINE_POINTS, Book, Page, Rule
from compliance.spreadsheet.cells import as_fraction, exact, italian_number, percent_shown, protect
from compliance.spreadsheet.limits import Counter, check_zip

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # ODF's default null date, the same day
CM_PER_CHAR = 0.21

ENTRY_STYLES = ("text", "int", "number", "percent", "date", "bool")
_COLORS = {
    "header": "#dde4ee", "header_required": "#fce8c8", "heading1": "#dde4ee", "heading2": "#eef2f7",
    "label_required": "#fce8c8",
}


# ---- writing ------------------------------------------------------------------------------


def _data_styles(doc) -> dict[str, str]:
    from odf.number import (NUMBERNS, DateStyle, Day, Month, Number, NumberStyle, PercentageStyle, Text,
                            TextContent, TextStyle, Year)

    integer = NumberStyle(name="N_int")
    integer.addElement(Number(decimalplaces=0, minintegerdigits=1))
    percent = PercentageStyle(name="N_pct")
    digits = Number(decimalplaces=4, minintegerdigits=1)
    digits.setAttrNS(NUMBERNS, "min-decimal-places", "1")  # 10,0% 12,5% 12,3456% as in the XLSX
    percent.addElement(digits)
    percent.addElement(Text(text="%"))
    date = DateStyle(name="N_date")
    date.addElement(Day(style="long"))
    date.addElement(Text(text="/"))
    date.addElement(Month(style="long"))
    date.addElement(Text(text="/"))
    date.addElement(Year(style="long"))
    text = TextStyle(name="N_text")
    text.addElement(TextContent())
    for style in (integer, percent, date, text):
        doc.automaticstyles.addElement(style)
    return {"int": "N_int", "percent": "N_pct", "date": "N_date", "text": "N_text", "bool": "N_text"}


def _cell_styles(doc, data_styles: dict[str, str]) -> None:
    from odf.style import ParagraphProperties, Style, TableCellProperties, TextProperties

    names = ["title", "subtitle", "header", "header_required", "key", "heading1", "heading2", "heading3",
             "label", "label_required", "help", "text", "int", "number", "percent", "date", "bool", "plain"]
    for name in names + [f"{n}_entry" for n in ENTRY_STYLES]:
        base = name.removesuffix("_entry")
        kw = {"datastylename": data_styles[base]} if base in data_styles else {}
        style = Style(name=f"ce_{name}", family="table-cell", **kw)
        cell = {"verticalalign": "top"}
        if name in _COLORS:
            cell["backgroundcolor"] = _COLORS[name]
        if name.endswith("_entry"):
            cell.update(backgroundcolor="#fffde8", border="0.5pt solid #c8c8c8", wrapoption="wrap")
        name = base
        if name in ("header", "header_required", "help", "plain", "label", "label_required"):
            cell["wrapoption"] = "wrap"
        if name in ("header", "header_required"):
            cell["borderbottom"] = "0.5pt solid #8899aa"
        style.addElement(TableCellProperties(**cell))
        text: dict[str, str] = {}
        if name in ("title", "subtitle", "header", "header_required", "heading1", "heading2", "heading3"):
            text["fontweight"] = "bold"
        if name in ("help", "heading3"):
            text["fontstyle"] = "italic"
        if name == "help":
            text["color"] = "#555555"
        if name == "key":
            text.update(color="#888888", fontsize="8pt")
        if name == "title":
            text["fontsize"] = "14pt"
        if name in ("subtitle", "heading1"):
            text["fontsize"] = "12pt"
        if text:
            style.addElement(TextProperties(**text))
        if name in ("int", "number", "percent"):
            style.addElement(ParagraphProperties(textalign="end"))
        doc.automaticstyles.addElement(style)


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(value: Any) -> str:
    return format(Decimal(str(value)), "f")


def _condition(rule: Rule) -> str:
    """The validation's condition as LibreOffice writes it (ODF 1.2: `of:` once, then the
    cell-content functions; `,` between a range's bounds, `;` in formulas)."""
    low, high = rule.minimum, rule.maximum
    if rule.percent:
        low, high = as_fraction(low), as_fraction(high)
    if rule.kind == "date":
        low, high = (low - EXCEL_EPOCH).days, (high - EXCEL_EPOCH).days
    if rule.kind in ("whole", "decimal", "date"):
        test = {"whole": "of:cell-content-is-whole-number()", "decimal": "of:cell-content-is-decimal-number()",
                "date": "of:cell-content-is-date()"}[rule.kind]
        if low is not None and high is not None:
            return f"{test} and cell-content-is-between({_number(low)},{_number(high)})"
        if low is not None:
            return f"{test} and cell-content()>={_number(low)}"
        if high is not None:
            return f"{test} and cell-content()<={_number(high)}"
        return test
    if rule.kind == "length":
        return f"of:cell-content-text-length()<={rule.maximum}"
    if rule.source is not None:
        src = rule.source
        column = _column_letter(src.column)
        area = f"[${_quoted(src.sheet)}.${column}${src.first_row}:.${column}${src.last_row}]"
        if src.variable:  # only the filled cells: no empty choices at the end of the list
            start = f"[${_quoted(src.sheet)}.${column}${src.first_row}]"
            return f"of:cell-content-is-in-list(OFFSET({start};0;0;MAX(1;COUNTA({area}));1))"
        return f"of:cell-content-is-in-list({area})"
    return "of:cell-content-is-in-list(" + ";".join('"' + o.replace('"', '""') + '"' for o in rule.options) + ")"


def _validations(doc, book: Book) -> dict[int, str]:
    """One table:content-validation per rule; {id(rule): its name}."""
    from odf.table import ContentValidation, ContentValidations, ErrorMessage
    from odf.text import P

    container = ContentValidations()
    names: dict[int, str] = {}
    for page in book.pages:
        for rule in page.rules:
            name = f"val{len(names) + 1}"
            names[id(rule)] = name
            base = f"{_quoted(page.name)}.{_column_letter(rule.first_col)}{rule.first_row}"
            validation = ContentValidation(name=name, condition=_condition(rule), allowemptycell="true",
                                           basecelladdress=base,
                                           displaylist="unsorted" if rule.kind == "list" else "none")
            message = ErrorMessage(title=rule.title, display="true",
                                   messagetype="stop" if rule.strict else "warning")
            message.addElement(P(text=rule.message))
            validation.addElement(message)
            container.addElement(validation)
    if names:
        doc.spreadsheet.addElement(container)
    return names


def _paragraphs(element, text: str) -> None:
    from odf import teletype
    from odf.text import P

    for line in text.split("\n"):
        p = P()
        teletype.addTextToElement(p, line)
        element.addElement(p)


def _cell(value: Any, style: str, validation: str | None, comment: str | None):
    from odf.office import Annotation
    from odf.table import TableCell

    kw: dict[str, Any] = {"stylename": f"ce_{style}"}
    if validation:
        kw["contentvalidationname"] = validation
    shown = None
    if isinstance(value, bool):
        value = "sì" if value else "no"
    if isinstance(value, (int, Decimal)) and style.startswith("percent"):
        kw.update(valuetype="percentage", value=_number(as_fraction(value)))
        shown = italian_number(value) + "%"
    elif isinstance(value, (int, Decimal)):
        kw.update(valuetype="float", value=_number(value))
        shown = italian_number(value)
    elif isinstance(value, datetime.date):
        kw.update(valuetype="date", datevalue=value.isoformat())
        shown = value.strftime("%d/%m/%Y")
    elif isinstance(value, str):
        kw.update(valuetype="string")
        shown = protect(value) if style.startswith("text") else value
    cell = TableCell(**kw)
    if comment:
        note = Annotation()
        _paragraphs(note, comment)
        cell.addElement(note)
    if shown is not None:
        _paragraphs(cell, shown)
    return cell


def _rule_at(page: Page, row: int, col: int) -> Rule | None:
    for rule in page.rules:
        if rule.first_row <= row <= rule.last_row and rule.first_col <= col <= rule.last_col:
            return rule
    return None


def _row_styles(doc, book: Book) -> dict[int, str]:
    """A row style per number of lines a row needs (its wrapped text)."""
    from odf.style import Style, TableRowProperties

    out = {}
    for lines in sorted({n for page in book.pages for n in page.lines.values()}):
        style = Style(name=f"ro{lines}", family="table-row")
        style.addElement(TableRowProperties(rowheight=f"{LINE_POINTS * lines:.1f}pt", useoptimalrowheight="false"))
        doc.automaticstyles.addElement(style)
        out[lines] = f"ro{lines}"
    return out


def _table(doc, page: Page, names: dict[int, str], column_styles: dict[float, str], row_styles: dict[int, str]):
    from odf.table import Table, TableColumn, TableRow

    table = Table(name=page.name, stylename="ta_hidden" if page.hidden else "ta_shown")
    width = max([len(line) for line in page.rows] + list(page.widths) + list(page.column_styles) + [1])
    for col in range(1, width + 1):
        kw: dict[str, Any] = {"stylename": column_styles[page.widths.get(col, 12.0)]}
        if col in page.column_styles:
            kw["defaultcellstylename"] = f"ce_{page.column_styles[col]}"
        if col in page.hidden_columns:
            kw["visibility"] = "collapse"
        table.addElement(TableColumn(**kw))

    def validation(row: int, col: int) -> str | None:
        rule = _rule_at(page, row, col)
        return names.get(id(rule)) if rule is not None else None

    for r, line in enumerate(page.rows, start=1):
        kw = {"stylename": row_styles[page.lines[r]]} if r in page.lines else {}
        tr = TableRow(visibility="collapse", **kw) if r in page.hidden_rows else TableRow(**kw)
        for c in range(1, width + 1):
            cell = line[c - 1] if c <= len(line) else None
            style = cell.style if cell is not None and cell.style != "plain" else page.column_styles.get(c, "plain")
            value = cell.value if cell is not None else None
            if cell is not None and cell.entry and style in ENTRY_STYLES:
                style = f"{style}_entry"
            tr.addElement(_cell(value, style, validation(r, c), cell.comment if cell is not None else None))
        table.addElement(tr)
    rest = page.styled_rows - len(page.rows)
    if rest > 0:  # the grid's empty rows: formats and checks, written once and repeated
        first = len(page.rows) + 1
        tr = TableRow(numberrowsrepeated=rest)
        for c in range(1, width + 1):
            tr.addElement(_cell(None, page.column_styles.get(c, "plain"), validation(first, c), None))
        table.addElement(tr)
    return table


def _column_styles(doc, book: Book) -> dict[float, str]:
    from odf.style import Style, TableColumnProperties

    widths = sorted({w for page in book.pages for w in page.widths.values()} | {12.0})
    out = {}
    for i, w in enumerate(widths, start=1):
        style = Style(name=f"co{i}", family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{w * CM_PER_CHAR:.2f}cm"))
        doc.automaticstyles.addElement(style)
        out[w] = f"co{i}"
    return out


def _table_styles(doc) -> None:
    """Sheets shown or hidden; printed on landscape A4 pages, as wide as the page."""
    from odf.style import STYLENS, MasterPage, PageLayout, PageLayoutProperties, Style, TableProperties

    layout = PageLayout(name="pm_landscape")
    page = PageLayoutProperties(printorientation="landscape", pagewidth="29.7cm", pageheight="21cm",
                                margin="1.5cm")
    page.setAttrNS(STYLENS, "scale-to-X", "1")  # ODF 1.3: one page wide, as many pages tall as needed
    page.setAttrNS(STYLENS, "scale-to-Y", "0")
    layout.addElement(page)
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Orizzontale", pagelayoutname=layout))
    for name, display in (("ta_shown", "true"), ("ta_hidden", "false")):
        style = Style(name=name, family="table", masterpagename="Orizzontale")
        style.addElement(TableProperties(display=display))
        doc.automaticstyles.addElement(style)


def _settings(doc, book: Book) -> None:
    """The view: frozen header rows of each sheet, the first sheet active."""
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet

    def item(name: str, kind: str, value: Any):
        element = ConfigItem(name=name, type=kind)
        element.addText(str(value))
        return element

    view_set = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    view = ConfigItemMapEntry()
    view.addElement(item("ViewId", "string", "view1"))
    tables = ConfigItemMapNamed(name="Tables")
    for page in book.pages:
        if page.freeze_below <= 1:
            continue
        entry = ConfigItemMapEntry(name=page.name)
        split = page.freeze_below - 1
        for name, kind, value in (("HorizontalSplitMode", "short", 0), ("VerticalSplitMode", "short", 2),
                                  ("HorizontalSplitPosition", "int", 0), ("VerticalSplitPosition", "int", split),
                                  ("ActiveSplitRange", "short", 2), ("PositionLeft", "int", 0),
                                  ("PositionRight", "int", 0), ("PositionTop", "int", 0),
                                  ("PositionBottom", "int", split)):
            entry.addElement(item(name, kind, value))
        tables.addElement(entry)
    view.addElement(tables)
    view.addElement(item("ActiveTable", "string", book.pages[0].name))
    views.addElement(view)
    view_set.addElement(views)
    doc.settings.addElement(view_set)


def write_ods(book: Book) -> bytes:
    from odf.dc import Title
    from odf.opendocument import OpenDocumentSpreadsheet

    doc = OpenDocumentSpreadsheet()
    data_styles = _data_styles(doc)
    _cell_styles(doc, data_styles)
    _table_styles(doc)
    column_styles = _column_styles(doc, book)
    row_styles = _row_styles(doc, book)
    names = _validations(doc, book)
    for page in book.pages:
        doc.spreadsheet.addElement(_table(doc, page, names, column_styles, row_styles))
    _settings(doc, book)
    doc.meta.addElement(Title(text=book.title))
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


# ---- reading ------------------------------------------------------------------------------

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T = "{%s}" % _NS["table"]
_O = "{%s}" % _NS["office"]
_X = "{%s}" % _NS["text"]
_TABLE, _ROW, _CELL, _COVERED = _T + "table", _T + "table-row", _T + "table-cell", _T + "covered-table-cell"
_P, _ANNOTATION = _X + "p", _O + "annotation"


def _text_of(element) -> str:
    """The text of a text:p (or span), with text:s, text:tab and text:line-break."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _X + "s":
            parts.append(" " * int(child.get(_X + "c", "1") or 1))
        elif tag == _X + "tab":
            parts.append("\t")
        elif tag == _X + "line-break":
            parts.append("\n")
        elif tag != _ANNOTATION:
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _value(cell) -> Any:
    kind = cell.get(_O + "value-type")
    if kind in ("float", "currency"):
        return exact(cell.get(_O + "value"))
    if kind == "percentage":
        return percent_shown(cell.get(_O + "value"))
    if kind == "date":
        text = cell.get(_O + "date-value") or ""
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if kind == "boolean":
        return cell.get(_O + "boolean-value") == "true"
    text = "\n".join(_text_of(p) for p in cell if p.tag == _P)
    return text if text != "" else None


def read_ods(path: Path, lang: str) -> dict[str, list[list[Any]]]:
    """{sheet name: rows of values} from an .ods file, bounded (limits.py)."""
    check_zip(path, lang, "ss_not_workbook")
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    counter = Counter(str(path), lang)
    out: dict[str, list[list[Any]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            if "content.xml" not in archive.namelist():
                raise InputError([InputProblem(str(path), None, None, t("ss_not_workbook", lang))])
            with archive.open("content.xml") as stream:
                _parse(iterparse(stream, events=("start", "end")), out, counter)
    except InputError:
        raise
    except DefusedXmlException:
        raise InputError([InputProblem(str(path), None, None, t("ss_xml_forbidden", lang))]) from None
    except Exception as exc:  # damaged XML, …
        raise InputError([InputProblem(str(path), None, None,
                                       t("ss_bad_workbook", lang, detail=f"{type(exc).__name__}: {exc}"))]) from None
    return out


def _parse(events, out: dict[str, list[list[Any]]], counter: Counter) -> None:
    """Sheets from content.xml's events. Every element is dropped from the tree once read (a
    cell's content when the cell ends), so memory does not grow with the file."""
    sheet: str | None = None
    rows: list[list[Any]] = []
    row_index = 0  # rows seen in the current sheet (repeats included)
    row: list[Any] = []
    column = 0
    stack: list = []
    depth = 0  # table:table nesting (a sub-table inside a cell is not a sheet)
    in_cell = 0
    for event, element in events:
        tag = element.tag
        if event == "start":
            stack.append(element)
            if tag == _TABLE:
                depth += 1
                if depth == 1:
                    sheet, rows, row_index = element.get(_T + "name") or f"Foglio{len(out) + 1}", [], 0
                    counter.sheets(len(out) + 1)
            elif tag == _ROW and depth == 1:
                row, column = [], 0
            elif tag in (_CELL, _COVERED):
                in_cell += 1
            continue
        stack.pop()
        if tag in (_CELL, _COVERED):
            in_cell -= 1
            if depth == 1 and in_cell == 0 and sheet is not None:
                repeat = int(element.get(_T + "number-columns-repeated", "1") or 1)
                value = _value(element) if tag == _CELL else None
                if value is None or value == "":
                    column += repeat
                else:
                    for _ in range(repeat):
                        column += 1
                        counter.cell(sheet, column, len(value) if isinstance(value, str) else 0)
                        row.extend([None] * (column - 1 - len(row)))
                        row.append(value)
        elif tag == _ROW and depth == 1 and in_cell == 0 and sheet is not None:
            repeat = int(element.get(_T + "number-rows-repeated", "1") or 1)
            if row:
                for _ in range(repeat):
                    row_index += 1
                    counter.row(sheet, row_index)
                    rows.extend([] for _ in range(row_index - 1 - len(rows)))
                    rows.append(list(row))
            else:
                row_index += repeat
        elif tag == _TABLE:
            depth -= 1
            if depth == 0 and sheet is not None:
                out[sheet] = rows
                sheet = None
        if in_cell == 0 and stack:
            stack[-1].remove(element)  # read: drop it (and what it held) from the tree
