"""CSV as Italian offices open it: Excel (Italian locale) and LibreOffice read it in columns.

* `;` between fields (the Italian list separator; Excel in Italian splits a comma-separated file
  into one column), CRLF line ends (RFC 4180), fields quoted where needed;
* UTF-8 with a byte-order mark, so Excel does not read «Città» as «CittÃ»;
* numbers with a decimal comma (`12,5`) and no thousands separator, dates as `dd/mm/yyyy`;
  whole numbers as digits; booleans as `sì`/`no`; a missing value as an empty field (never 0);
* no live formulas: a text field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
  is prefixed with an apostrophe, as the OWASP «CSV Injection» guidance says. A spreadsheet then
  shows the text as written (the apostrophe marks a text cell in Excel and LibreOffice) instead of
  evaluating `=HYPERLINK(...)` or `@SUM(...)` from a plan's ambito name or a comune field. Only
  texts are neutralised: the numbers the tool writes itself (a negative count, say) stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from fractions import Fraction
from typing import Iterable

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text that a spreadsheet would take for a formula, made inert (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decimal_comma(value: Decimal | Fraction | float | int, places: int = 6) -> str:
    """`12.5` -> `12,5`; exact where the value is (Decimal, int), at most `places` decimals otherwise."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        value = Decimal(value.numerator) / Decimal(value.denominator)
        value = value.quantize(Decimal(1).scaleb(-places)).normalize()
    elif isinstance(value, float):
        value = Decimal(repr(value))
        if -value.as_tuple().exponent > places:
            value = value.quantize(Decimal(1).scaleb(-places))
        value = value.normalize()
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, (int, Decimal, Fraction, float)):
        return decimal_comma(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def render_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The whole file as text, BOM first (write it as UTF-8)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([cell(h) for h in header])
    for row in rows:
        w.writerow([cell(v) for v in row])
    return BOM + buf.getvalue()
