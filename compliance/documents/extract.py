"""Document (lines and tables) -> what the plan states: `Extraction`, every value located.

Three readings, all driven by intestazioni.yaml:
* sentences (`frasi`): approval, ambito, capofila, ricognizione… A field met twice with two
  values is ambiguous: both are kept as candidates, none is chosen;
* sections: a title ("b) Unità … in carenza manutentiva") opens a section; the tables under
  it (split across pages or not) are its rows (tables.py); a sentence "Nessun …" under it says
  the table is empty (righe: [] with the sentence as note); lines laid out in columns under it
  are read with the section's columns (layout.py);
* for a piano triennale, the items of art. 3 c. 2 the text names.
What the document does not state is not in the Extraction.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from compliance.documents import headers as hd
from compliance.documents.found import Ambiguity, Found, Rows, Skipped
from compliance.documents.intermediate import Document, Line, Place, Table
from compliance.documents.tables import TableReader
from compliance.documents.values import clean, parse_comune, parse_count, parse_date, parse_text, words

OPENING_LINES = 40  # the opening (title) zone: lines before the first table, at most this many
MAX_TITLE = 300  # a title is at most this long; an unlettered one at most SHORT_TITLE
SHORT_TITLE = 160


@dataclass
class Extraction:
    document: Document
    values: dict[str, Found] = field(default_factory=dict)  # dotted path -> value
    lists: dict[str, list[Found]] = field(default_factory=dict)  # dotted path -> items
    sections: dict[str, Rows] = field(default_factory=dict)  # section name -> rows
    ambiguous: list[Ambiguity] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        found = self.values.get("tipo")
        return found.value if found else None


# ---- sentences ----------------------------------------------------------------------------


class Flow:
    """The running text as one string (lines joined by newlines), with each line's place."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.starts: list[int] = []
        parts = []
        at = 0
        for line in lines:
            self.starts.append(at)
            parts.append(line.text)
            at += len(line.text) + 1
        self.text = "\n".join(parts)

    def place(self, offset: int) -> Place:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)].place


def _parse(kind: str, text: str) -> Any:
    text = clean(text)
    if kind == "data":
        return parse_date(text)
    if kind in ("conteggio", "anno"):
        value = parse_count(text)
        return value if isinstance(value, int) else None
    if kind == "comune":
        return parse_comune(text)
    if kind == "tipo_piano":
        return {"annuale": "piano_annuale", "triennale": "piano_triennale"}.get(text.casefold())
    if kind == "vero":
        return True
    if kind == "nessuno":
        return []
    if kind == "elenco_comuni":
        items = [clean(p) for p in re.split(r"[;,]", text)]
        return [i for i in items if i] or None
    value = parse_text(text)
    return value if isinstance(value, str) else None


def read_sentences(ex: Extraction, flow: Flow, opening: Flow) -> None:
    for phrase in hd.load().phrases:
        if phrase.paragraphs_only and not ex.document.paragraphs:
            continue
        source = opening if phrase.zone == "inizio" else flow
        candidates: dict[str, list[Found]] = {name: [] for name in phrase.fields}
        for pattern in phrase.patterns:
            for match in pattern.finditer(source.text):
                for group, path in phrase.fields.items():
                    raw = match.group(group) if group in pattern.groupindex else (
                        match.group(0) if phrase.kinds[group] == "vero" else None)
                    if raw is None:
                        continue
                    value = _parse(phrase.kinds[group], raw)
                    if value is None:
                        continue
                    start = match.start(group) if group in pattern.groupindex else match.start()
                    candidates[group].append(Found(value, source.place(start), clean(match.group(0))))
        for group, found in candidates.items():
            if not found:
                continue
            path = phrase.fields[group]
            found.sort(key=lambda f: (f.place.page or 0, f.place.line or 0))
            if phrase.kinds[group] == "nessuno":  # "nessun ente è inadempiente": the list is empty
                if not any(candidates[g] for g, p in phrase.fields.items() if p == path and g != group):
                    ex.values[path] = found[0]
                continue
            if phrase.kinds[group] == "elenco":
                seen: dict[str, Found] = {}
                for f in found:
                    seen.setdefault(f.value, f)
                ex.lists[path] = list(seen.values())
                continue
            if phrase.first:
                ex.values[path] = found[0]
                continue
            distinct: dict[Any, Found] = {}
            for f in found:
                distinct.setdefault(repr(f.value), f)
            if len(distinct) == 1:
                ex.values[path] = found[0]
            else:
                ex.ambiguous.append(Ambiguity(path, list(distinct.values())))


# ---- sections -----------------------------------------------------------------------------


@dataclass
class Occurrence:
    section: hd.Section
    title: Line
    blocks: list[Line | Table] = field(default_factory=list)


_COLUMN_GAP = re.compile(r"\S {3,}\S")


def _title_section(line: Line) -> hd.Section | None:
    text = line.text
    if len(text) > MAX_TITLE or (len(text) > SHORT_TITLE and not hd.lettered_heading(text)):
        return None
    if line.raw and _COLUMN_GAP.search(line.raw.strip()):
        return None  # a row laid out in columns, not a title
    if any(p.search(text) for p in hd.load().nothing):
        return None  # "Nessun …": the sentence under a title
    found = hd.title_sections(text)
    return found[0] if found else None


def _wrapped_title(blocks: list, index: int) -> hd.Section | None:
    """A lettered title wrapping onto the next line ("k) … nel corso dell'anno" / "precedente")."""
    line, following = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
    if not hd.lettered_heading(line.text) or not isinstance(following, Line) or following.text[:1].isupper():
        return None
    joined = Line(f"{line.text} {following.text}", line.place, None)
    return _title_section(joined)


def occurrences(doc: Document) -> list[Occurrence]:
    out: list[Occurrence] = []
    current: Occurrence | None = None
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Line):
            section = _title_section(block) or _wrapped_title(doc.blocks, index)
            if section is not None and current is not None and section is current.section:
                if not current.blocks:
                    continue  # the title wrapping onto a second line
                if not hd.lettered_heading(block.text):
                    section = None  # words of the title inside the section's own content (a row, a note)
            if section is not None:
                current = Occurrence(section, block)
                out.append(current)
                continue
            if hd.lettered_heading(block.text) and len(block.text) <= MAX_TITLE:
                current = None  # a lettered title of something we do not read: its tables are not ours
                continue
        if current is not None:
            current.blocks.append(block)
    return out


def _nothing_note(section_blocks: list[Line | Table]) -> Found | None:
    """The sentence "Nessun …" right under a title (joined over wrapped lines)."""
    lines = []
    for index, block in enumerate(section_blocks):
        if isinstance(block, Table):
            return None
        if not lines:
            if not any(p.search(block.text) for p in hd.load().nothing):
                if index < 2 and not block.text.rstrip().endswith("."):
                    continue  # the title wrapping onto a second line
                return None
        lines.append(block)
        if block.text.rstrip().endswith(".") or len(lines) >= 8:
            break
    if not lines:
        return None
    sentence = clean(" ".join(line.text for line in lines))
    if not sentence.endswith("."):
        return None
    return Found(f'"{sentence}"', lines[0].place, sentence, ("none_stated", {}))


def read_section(occ: Occurrence) -> tuple[Rows | None, list[Skipped]]:
    from compliance.documents.layout import layout_table

    section = occ.section
    reader = TableReader(section, occ.title.place)
    tables = [b for b in occ.blocks if isinstance(b, Table)]
    if tables:
        for table in tables:
            reader.add(table)
    else:
        note = _nothing_note(occ.blocks)
        if note is not None:
            rows = Rows([], occ.title.place, note=note)
            return rows, []
        lines = [b for b in occ.blocks if isinstance(b, Line)]
        table, skipped = layout_table(section, lines)
        reader.skipped.extend(skipped)
        if table is not None:
            reader.add(table)
    if not reader.result.rows and not reader.result.total:
        if not reader.skipped:
            reader.skip(section.name, occ.title.place, occ.title.text, "skip_title_only")
        return None, reader.skipped
    return reader.result, reader.skipped


def _same(a: Rows, b: Rows) -> bool:
    def flat(r: Rows):
        return ([{k: f.value for k, f in row.fields.items()} for row in r.rows],
                {k: f.value for k, f in r.total.items()}, r.note.value if r.note else None)
    return flat(a) == flat(b)


def read_sections(ex: Extraction) -> None:
    found: dict[str, list[Rows]] = {}
    for occ in occurrences(ex.document):
        rows, skipped = read_section(occ)
        ex.skipped.extend(skipped)
        if rows is not None:
            found.setdefault(occ.section.name, []).append(rows)
    for name, results in found.items():
        first = results[0]
        if all(_same(first, other) for other in results[1:]):
            ex.sections[name] = first
        else:
            ex.ambiguous.append(Ambiguity(f"sezione {name}", [Found(None, r.place, name) for r in results]))


# ---- piano triennale ----------------------------------------------------------------------


def read_triennale_items(ex: Extraction) -> None:
    items = hd.load().triennale_items
    for line in ex.document.lines:
        found = set(words(line.text))
        for item, wordings in items.items():
            path = f"contenuti.{item}.presente"
            if path in ex.values:
                continue
            if any(set(w) <= found for w in wordings):
                excerpt = clean(line.text)
                excerpt = excerpt if len(excerpt) <= 120 else excerpt[:117].rstrip() + "…"
                ex.values[path] = Found(True, line.place, excerpt)
                reference = f"{line.place.render()}: «{excerpt}»"
                ex.values[f"contenuti.{item}.riferimento"] = Found(reference, line.place, excerpt)


# ---- all of it ----------------------------------------------------------------------------


def without_page_furniture(doc: Document) -> Document:
    """The document without running heads and page numbers: a line met at the top or the bottom
    of at least half the pages (digits aside: "Pagina 3 di 7") is the page's, not the text's."""
    if not doc.pages or doc.pages < 2:
        return doc
    by_page: dict[int, list[Line]] = {}
    for block in doc.blocks:
        if isinstance(block, Line) and block.place.page is not None:
            by_page.setdefault(block.place.page, []).append(block)
    seen: dict[str, set[int]] = {}
    for page, lines in by_page.items():
        for line in lines[:3] + lines[-3:]:
            if line.raw and _COLUMN_GAP.search(line.raw.strip()):
                continue  # a table's header repeated on each page is the table's
            seen.setdefault(re.sub(r"\d+", "#", line.text.casefold()), set()).add(page)
    needed = max(3, (doc.pages + 1) // 2)
    furniture = {k for k, pages in seen.items() if len(pages) >= needed}
    if not furniture:
        return doc
    edge = {id(line) for lines in by_page.values() for line in lines[:3] + lines[-3:]}
    blocks = [b for b in doc.blocks if not (isinstance(b, Line) and id(b) in edge
                                           and re.sub(r"\d+", "#", b.text.casefold()) in furniture)]
    return Document(doc.path, doc.format, blocks, doc.pages, doc.notes)


def extract(doc: Document) -> Extraction:
    doc = without_page_furniture(doc)
    ex = Extraction(doc)
    lines = doc.lines
    first_table = next((i for i, b in enumerate(doc.blocks) if isinstance(b, Table)), len(doc.blocks))
    opening = [b for b in doc.blocks[:first_table] if isinstance(b, Line)][:OPENING_LINES]
    read_sentences(ex, Flow(lines), Flow(opening))
    read_sections(ex)
    if ex.kind == "piano_triennale":
        read_triennale_items(ex)
    return ex
