"""How deep a YAML text nests, read from its layout by this project, not by a YAML library.

A plan nests about six levels. A file nested thousands of levels deep is an attack or a mistake,
and YAML libraries handle it each in its own way (libyaml composes recursively in C and may crash;
newer releases stop at a limit of their own, with words of their own). The loader refuses such a
file with its own message, located, before a library composes it: `first_line_over` gives the
line where the nesting first exceeds the limit.

The count is meant as an upper bound of the real nesting: every level that YAML can open is
counted (a more indented block, each `- ` or `? ` entry, a sequence at the indentation of its key,
a `[` or `{` where a node starts, every bracket inside a flow collection), and what cannot open a
level is skipped (quoted and block scalars, comments, plain scalars). It may count a level too
many on unusual layouts (a plain scalar continued on a more indented line holding `: `, a quoted
or flow key); the loader then asks the parser's events for the exact depth.
"""

from __future__ import annotations

import re

_FLOW_CHARS = re.compile(r"[\[\]{}\"'#]")
_PROPERTIES = re.compile(r"(?:[&!]\S*[ \t]+)*")  # anchors and tags before a node
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_KEY_END = re.compile(r":(?:[ \t]|$)")
_DOCUMENT = re.compile(r"(?:---|\.\.\.)(?:[ \t]|$)")
_ENTRY = re.compile(r"[-?](?:[ \t]+|$)")  # a `- ` or `? ` entry indicator and the blanks after it


class _Scanner:
    def __init__(self, limit: int):
        self.limit = limit
        self.blocks: list[tuple[int, str]] = []  # (column, "map" | "seq") of the open block collections
        self.flow = 0  # open [ and { brackets
        self.quote: str | None = None  # the quote of a quoted scalar that runs over lines
        self.scalar_parent: int | None = None  # inside a block scalar: its parent's indentation
        self.line = 0
        self.over: int | None = None  # the first line where the limit is exceeded

    def _check(self) -> None:
        if self.over is None and len(self.blocks) + self.flow > self.limit:
            self.over = self.line

    # ---- a line ----------------------------------------------------------------------------

    def feed(self, text: str) -> None:
        self.line += 1
        if self.scalar_parent is not None:
            body = text.lstrip(" ")
            if not body.strip() or (len(text) - len(body) > self.scalar_parent and not _DOCUMENT.match(text)):
                return  # a line of the block scalar
            self.scalar_parent = None
        if self.quote is not None or self.flow > 0:
            self._flow(text, 0)
        else:
            self._block(text)

    # ---- block context ---------------------------------------------------------------------

    def _open(self, column: int, kind: str) -> None:
        """The first collection of a line: close the deeper ones, open it unless it is open."""
        while self.blocks and (self.blocks[-1][0] > column or (
                self.blocks[-1][0] == column and self.blocks[-1][1] == "seq" and kind == "map")):
            self.blocks.pop()
        if not self.blocks or self.blocks[-1] != (column, kind):
            self.blocks.append((column, kind))
            self._check()

    def _start(self, column: int, kind: str, first: bool) -> None:
        """A collection starting at `column`: the line's first, or a further one on the same
        line (`- - x`, `- key: x`), which is always a new level."""
        if first:
            self._open(column, kind)
        else:
            self.blocks.append((column, kind))
            self._check()

    def _block(self, text: str) -> None:
        body = text.lstrip(" \t")
        if not body or body[0] in "#%":
            return
        i = len(text) - len(body)
        if i == 0 and _DOCUMENT.match(text):
            self.blocks.clear()
            self._node(text, 3, parent=-1)
            return
        first, parent = True, i - 1
        while (entry := _ENTRY.match(text, i)) is not None:  # `- ` / `? ` entries, several in compact form
            kind = "seq" if text[i] == "-" else "map"
            self._start(i, kind, first)
            first, parent, i = False, i, entry.end()
            if i >= len(text):
                return
        if text.startswith(":", i) and _KEY_END.match(text, i):  # the value of a `? ` key
            self._node(text, i + 1, parent)
            return
        j = _PROPERTIES.match(text, i).end()
        if j < len(text) and text[j] in "\"'[{":  # a quoted or flow node, perhaps a key: counted as one
            self._start(i, "map", first)
            self._node(text, j, i)
            return
        key = _plain_key(text, j)
        if key is None:  # a plain scalar, or a block scalar's indicator (`- |`)
            self._node(text, i, parent)
            return
        self._start(i, "map", first)
        self._node(text, key, i)

    def _node(self, text: str, i: int, parent: int) -> None:
        """A node starting at `i` in block context; `parent` is the indentation a block scalar
        must exceed."""
        i = _PROPERTIES.match(text, i).end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text) or text[i] == "#":
            return
        c = text[i]
        if c in "[{":
            self._flow(text, i)
        elif c in "\"'":
            self.quote = c
            end = self._close_quote(text, i + 1)
            if end >= 0:
                self._after_key(text, end, parent)
        elif c in "|>" and _BLOCK_SCALAR.match(text, i):
            self.scalar_parent = parent
        # a plain scalar: nothing in it opens a level

    def _after_key(self, text: str, i: int, parent: int) -> None:
        """After a quoted or flow node in block context: if `: ` follows, a value on this line."""
        key = _KEY_END.search(text, i)
        if key is not None and not text[i:key.start()].strip():
            self._node(text, key.end(), parent)

    # ---- flow context and quoted scalars ----------------------------------------------------

    def _flow(self, text: str, i: int) -> None:
        """From `i`, inside a flow collection or a quoted scalar, to the end of the line."""
        n = len(text)
        while i < n:
            if self.quote is not None:
                i = self._close_quote(text, i)
                if i < 0:
                    return
                if self.flow == 0:  # a quoted scalar of block context ended on this line
                    self._after_key(text, i, self.blocks[-1][0] if self.blocks else -1)
                    return
                continue
            found = _FLOW_CHARS.search(text, i)
            if found is None:
                return
            c, i = found.group(), found.start()
            if c == "#":
                if i == 0 or text[i - 1] in " \t":
                    return  # a comment
            elif c in "[{":
                self.flow += 1
                self._check()
            elif c in "]}":
                self.flow = max(0, self.flow - 1)
                if self.flow == 0:
                    self._after_key(text, i + 1, self.blocks[-1][0] if self.blocks else -1)
                    return
            elif _previous(text, i) in "[{,:?":  # a quote where a node starts (else part of a plain scalar)
                self.quote = c
            i += 1

    def _close_quote(self, text: str, i: int) -> int:
        """The index after the closing quote on this line, or -1 (the scalar goes on)."""
        q, n = self.quote, len(text)
        while i < n:
            c = text[i]
            if c == "\\" and q == '"':
                i += 2
                continue
            if c == q:
                if q == "'" and i + 1 < n and text[i + 1] == "'":
                    i += 2
                    continue
                self.quote = None
                return i + 1
            i += 1
        return -1


def _previous(text: str, i: int) -> str:
    """The last character before `i` that is neither blank nor part of a node's anchor or tag
    ("[" at the start of a line, where a node starts)."""
    while True:
        i -= 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0:
            return "["
        start = i
        while start > 0 and text[start - 1] not in " \t[{,":
            start -= 1
        if text[start] not in "&!":
            return text[i]
        i = start  # skip `&anchor` / `!tag` and look further back


def _plain_key(text: str, i: int) -> int | None:
    """Where the value starts if a plain `key:` starts at `i`, else None."""
    found = _KEY_END.search(text, i)
    if found is None:
        return None
    comment = text.find(" #", i, found.start())
    return None if comment != -1 else found.end()


def first_line_over(text: str, limit: int) -> int | None:
    """The line (1-based) where the nesting of `text` first exceeds `limit` levels, or None."""
    scanner = _Scanner(limit)
    for line in text.splitlines():
        scanner.feed(line)
        if scanner.over is not None:
            return scanner.over
    return None
