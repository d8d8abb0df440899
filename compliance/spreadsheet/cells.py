"""One value between the plan and a cell, both ways; shared by every file format.

Numbers are exact. A spreadsheet holds a binary double, shown with at most 15 significant
digits; a cell's number is read as the shortest decimal that gives the same double (Python's
`repr`, which for anything a person typed is what they typed: 0.1, not 0.1000000000000000055…),
rounded to 15 significant digits (so that a computed 0.30000000000000004 is the 0.3 the cell
shows), as a `Decimal`. ODS and CSV files carry the decimal text itself, read as a `Decimal`
with the same rounding. A percentage cell (0.1 formatted as 10%) is read as the percentage it
shows, 10, by moving the decimal point (exact). Nothing goes through a float on the way to the
model: the model's own number type (int, float or Decimal) is applied last.

Text that a spreadsheet program would take for a formula when it opens a CSV file (starting with
=, +, -, @, a tab or a carriage return) is written with a leading apostrophe, as the OWASP
guidance on CSV injection says (neutralise); so is, in every format, a text the reader would not
read as written ("-", which means "not given", or spaces around it: protect). Reading removes one
leading apostrophe before such a text (restore), so that the round trip gives the text back.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
from decimal import Decimal
from typing import Any

from compliance.spreadsheet.layout import LIST_SEPARATOR, Leaf, choice_label, normal_text

SIGNIFICANT_DIGITS = 15
EMPTY_LIST = "(nessuno)"
YES, NO, UNKNOWN = "sì", "no", "non noto"
BLANKS = {"", "-", "–", "—"}
_TRUE = {"sì", "si", "s", "sí", "vero", "x", "yes", "y", "true"}
_FALSE = {"no", "n", "falso", "false"}
_UNKNOWN = {"non noto", "non nota", "n.d.", "nd", "non indicato"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


class Empty:
    """A cell that says nothing (the plan does not give the value)."""


EMPTY = Empty()


# ---- exact numbers ------------------------------------------------------------------------


def exact(value: Any) -> Decimal | None:
    """A number from a spreadsheet as an exact Decimal (see the module doc), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        value = repr(value)
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except decimal.InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if len(number.as_tuple().digits) > SIGNIFICANT_DIGITS:
        with decimal.localcontext() as ctx:
            ctx.prec = SIGNIFICANT_DIGITS
            number = +number
    return tidy(number)


def tidy(number: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form (10, not 1E+1; 0.5, not 0.50)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def percent_shown(fraction: Any) -> Decimal | None:
    """The percentage a cell formatted as % shows for its stored fraction: 0.1 -> 10."""
    number = exact(fraction)
    return None if number is None else tidy(number.scaleb(2))


def as_fraction(percent: Any) -> Decimal:
    """10 (%) -> Decimal('0.1'), the value a percentage cell stores."""
    return tidy(Decimal(str(percent)).scaleb(-2))


def italian_number(number: Any) -> str:
    """12.5 -> '12,5' (decimal comma, no thousands separator), as Excel in Italian reads it."""
    text = format(tidy(Decimal(str(number))), "f")
    return text.replace(".", ",")


def _parse_number(text: str) -> Decimal | None:
    """'12,5', '12.5', '1.006' (thousands), '1.006,5', '10%' -> Decimal (percent sign dropped)."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    value = value.removesuffix("%")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", value):  # 1.006 or 1.006,5 as the plans write
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+,\d+", value):
        value = value.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
        return None
    return exact(Decimal(value))


# ---- texts that must keep their meaning -------------------------------------------------


def _formula(text: str) -> bool:
    return text.startswith(_FORMULA_START)


def _ambiguous(text: str) -> bool:
    """A text the reader would not take as written: a blank marker ('-'), or spaces around it."""
    return text.strip() in BLANKS or text != text.strip()


def neutralise(text: str) -> str:
    """A text for a CSV file, where a spreadsheet program must not take it for a formula:
    "'=..." (OWASP); also a text the reader would change ("-", spaces around it)."""
    rest = text.lstrip("'")
    return "'" + text if _formula(rest) or _ambiguous(rest) else text


def protect(text: str) -> str:
    """A text for a workbook cell (never a formula there): only what the reader would change,
    and a leading apostrophe that the reader would drop, get one more apostrophe."""
    rest = text.lstrip("'")
    return "'" + text if _ambiguous(rest) or (text.startswith("'") and _formula(rest)) else text


def restore(text: str) -> str | None:
    """The inverse of neutralise and protect: the text without its added apostrophe, or None
    if it has none (then the text is read as typed, spaces around it dropped)."""
    if text.startswith("'"):
        rest = text[1:].lstrip("'")
        if _formula(rest) or _ambiguous(rest):
            return text[1:]
    return None


# ---- plan value -> cell -------------------------------------------------------------------


def to_cell(leaf: Leaf, value: Any) -> Any:
    """A plan value as a cell value: a number stays a number (exact), a date a date, sì/no
    words, a fixed value in words, a list joined with '; '."""
    if value is None:
        return None
    kind = leaf.kind
    if kind == "bool":
        return YES if value else NO
    if kind == "int" and isinstance(value, int):
        return value
    if kind == "number" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return exact(value)
    if kind == "date" and isinstance(value, datetime.date):
        return value.date() if isinstance(value, datetime.datetime) else value
    if kind == "choice":
        return choice_label(str(value))
    if kind == "list":
        if not value:
            return EMPTY_LIST
        item = Leaf(leaf.path, leaf.item_kind or "text", "", "", False)
        return f"{LIST_SEPARATOR} ".join(_list_item_text(to_cell(item, v)) for v in value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value) if not isinstance(value, str) else value


def _list_item_text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return italian_number(value)
    return str(value)


# ---- cell -> plan value -------------------------------------------------------------------


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in BLANKS)


def _text(raw: Any) -> Any:
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, (int, Decimal)):
        return format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    if isinstance(raw, float):
        number = exact(raw)
        return format(number, "f") if number is not None else str(raw)
    if isinstance(raw, str):
        restored = restore(raw)
        return restored if restored is not None else raw.strip()
    return raw


def _int(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw
    number = exact(raw) if isinstance(raw, (float, Decimal)) else (
        _parse_number(raw) if isinstance(raw, str) else None)
    if number is not None and number == number.to_integral_value():
        return int(number)
    return _text(raw)  # the model names what it expected


def _number(leaf: Leaf, raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, (float, Decimal)):
        number = exact(raw)
    elif isinstance(raw, str):
        number = _parse_number(raw)
    else:
        number = None
    if number is None:
        return _text(raw)
    if leaf.number_type is float:
        return float(number)
    if leaf.number_type is int:
        return int(number) if number == number.to_integral_value() else number
    return number


def _bool(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, Decimal)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = normal_text(raw)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        if word in _UNKNOWN:
            return EMPTY
        return raw.strip()
    return raw


def _date(raw: Any) -> Any:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        try:
            if match:
                return datetime.date(int(match[3]), int(match[2]), int(match[1]))
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    return _NOT_A_DATE


class _NotADate:
    pass


_NOT_A_DATE = _NotADate()


def _choice(leaf: Leaf, raw: Any) -> Any:
    text = _text(raw)
    if not isinstance(text, str):
        return text
    by_words = {normal_text(choice_label(c)): c for c in leaf.choices}
    return by_words.get(normal_text(text), text)


def parse_cell(leaf: Leaf, raw: Any) -> tuple[Any, str | None]:
    """(value or EMPTY, problem key) for one cell; the model judges the value afterwards.

    The problem key is one the caller turns into a message: 'not_a_date', 'not_yes_no',
    'not_a_choice', 'bad_json'."""
    if is_blank(raw):
        return EMPTY, None
    kind = leaf.kind
    if kind == "list":
        text = _text(raw)
        if not isinstance(text, str):
            return text, None
        if normal_text(text) == normal_text(EMPTY_LIST):
            return [], None
        item = Leaf(leaf.path, leaf.item_kind or "text", leaf.label, "", False, choices=leaf.choices,
                    number_type=leaf.number_type)
        values = []
        for part in re.split(rf"[{LIST_SEPARATOR}\n]", text):
            if part.strip():
                value, problem = parse_cell(item, part.strip())
                if problem:
                    return EMPTY, problem
                if value is not EMPTY:
                    values.append(value)
        return values, None
    if kind == "json":
        if not isinstance(raw, str):
            return raw, None
        try:
            return json.loads(raw), None
        except json.JSONDecodeError:
            return EMPTY, "bad_json"
    if kind == "date":
        value = _date(raw)
        return (EMPTY, "not_a_date") if value is _NOT_A_DATE else (value, None)
    if kind == "int":
        return _int(raw), None
    if kind == "number":
        return _number(leaf, raw), None
    if kind == "bool":
        value = _bool(raw)
        return (EMPTY, "not_yes_no") if isinstance(value, str) else (value, None)
    if kind == "choice":
        value = _choice(leaf, raw)
        return (EMPTY, "not_a_choice") if value not in leaf.choices else (value, None)
    return _text(raw), None
