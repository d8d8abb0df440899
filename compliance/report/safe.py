"""Text from a plan (names of comuni and owners, reasons, notes…) made harmless for the reader.

A plan is input: whatever it holds must reach the reader as text, never as markup or as
terminal control. Control characters (ANSI/OSC escape sequences start with ESC or the C1 CSI
and OSC codes) and the bidirectional overrides and isolates that reorder what is displayed
("Trojan source") become U+FFFD, visibly. Markdown's own characters are escaped where Markdown
would read them; HTML is escaped by jinja2's autoescape (report/html.py) after `clean`.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides, isolates and marks
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def clean(text: object) -> str:
    """The text with every control and bidi-override character shown as U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, str(text))


def one_line(text: object) -> str:
    """`clean`, with line breaks and runs of blanks as one space (a heading, a table cell)."""
    return " ".join(clean(text).split())


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_inline(text: object) -> str:
    """Plan text inside a Markdown paragraph or heading: one line, no markup of its own."""
    line = one_line(text).replace("&", "&amp;")
    line = _MD_SPECIAL.sub(r"\\\1", line)
    # a line that starts like a heading, a list item, a numbered item or a rule
    line = re.sub(r"^([#+=-])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def md_cell(text: object) -> str:
    """Plan text inside a Markdown table cell (| escaped too)."""
    return md_inline(text)
