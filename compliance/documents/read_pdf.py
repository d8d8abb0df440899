"""PDF with pdfplumber (pdfminer.six): text lines and ruled tables, page by page, in reading order.

Tables drawn with rules (as word processors and browsers print them) are found by their lines;
a cell covered by a merged cell has no text (None) and is marked `merged`. Lines are numbered on
their page from the top, table text included, as a reader counts them. A page with text but no
ruled table is kept laid out in columns (`raw`), so that a table drawn without rules can still
be read by the columns its section expects. No OCR: a PDF without text is refused.
"""

from __future__ import annotations

from pathlib import Path

from compliance.documents import limits
from compliance.documents.errors import fail
from compliance.documents.intermediate import Cell, Document, Line, Place, Table
from compliance.documents.values import clean


def read_pdf(path: Path, lang: str = "it") -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from compliance.model.loader import InputError

    name = str(path)
    with open(path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            fail(name, "doc_bad_pdf", lang, detail="manca l'intestazione %PDF" if lang != "en" else "no %PDF header")
    try:
        pdf = pdfplumber.open(name)
    except PDFPasswordIncorrect:
        fail(name, "doc_encrypted_pdf", lang)
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        fail(name, "doc_bad_pdf", lang, detail=f"{type(exc).__name__}: {exc}")
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            fail(name, "doc_bad_pdf", lang, detail=f"{type(exc).__name__}: {exc}")
        if count > limits.MAX_PAGES:
            fail(name, "doc_too_many_pages", lang, pages=count, limit=limits.MAX_PAGES)
        doc = Document(name, "pdf", pages=count)
        tables = 0
        rows_total = 0
        any_text = False
        for number in range(1, count + 1):
            try:
                page = pdf.pages[number - 1]
                blocks, tables, rows, has_text = _page_blocks(page, number, tables, name, lang)
            except (KeyboardInterrupt, TimeoutError, InputError):
                raise
            except Exception as exc:  # a damaged page
                fail(name, "doc_bad_pdf", lang, where=f"pagina {number}", detail=f"{type(exc).__name__}: {exc}")
            finally:
                pdf.pages[number - 1].close()  # frees the page's cached objects: memory stays flat
            rows_total += rows
            if rows_total > limits.MAX_TABLE_ROWS:
                fail(name, "doc_too_many_rows", lang, rows=rows_total, limit=limits.MAX_TABLE_ROWS)
            any_text = any_text or has_text
            doc.blocks.extend(blocks)
    if not any_text:
        fail(name, "doc_no_text", lang)
    return doc


def _inside(box, bbox) -> bool:
    x = (box["x0"] + box["x1"]) / 2
    y = (box["top"] + box["bottom"]) / 2
    return bbox[0] - 1 <= x <= bbox[2] + 1 and bbox[1] - 1 <= y <= bbox[3] + 1


def _page_blocks(page, number: int, tables: int, name: str, lang: str):
    chars = len(page.chars)
    if chars > limits.MAX_PAGE_CHARS:
        fail(name, "doc_page_too_dense", lang, where=f"pagina {number}", chars=chars, limit=limits.MAX_PAGE_CHARS)
    if chars == 0:
        return [], tables, 0, False
    found = page.find_tables()
    if not found:
        return _layout_lines(page, number), tables, 0, True
    lines = page.extract_text_lines(return_chars=False)
    placed: list[tuple[float, object]] = []
    rows_count = 0
    for table in found:
        tables += 1
        rows = []
        for r, (row, texts) in enumerate(zip(table.rows, table.extract()), start=1):
            cells = []
            for c, (bbox, text) in enumerate(zip(row.cells, texts), start=1):
                place = Place(page=number, table=tables, row=r, column=c)
                if bbox is None:
                    cells.append(Cell(None, place, merged=True))
                else:
                    cells.append(Cell(_cell_text(text), place))
            rows.append(cells)
        rows_count += len(rows)
        if rows:
            placed.append((table.bbox[1], Table(rows, Place(page=number, table=tables, row=1, column=1))))
    for i, line in enumerate(lines, start=1):
        if any(_inside(line, t.bbox) for t in found):
            continue
        text = clean(line["text"])
        if text:
            placed.append((line["top"], Line(text, Place(page=number, line=i))))
    placed.sort(key=lambda p: p[0])
    return [b for _, b in placed], tables, rows_count, True


def _cell_text(text: str | None) -> str:
    """A cell's lines joined: "Brescia-\\nCremona" -> "Brescia-Cremona", else with a space."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n")]
    out = parts[0]
    for part in parts[1:]:
        out += part if out.endswith("-") and not out.endswith(" -") else " " + part
    return clean(out)


def _layout_lines(page, number: int) -> list[Line]:
    text = page.extract_text(layout=True) or ""
    out = []
    n = 0
    blank = True
    for raw in text.split("\n"):
        if not raw.strip():
            blank = True
            continue
        n += 1
        out.append(Line(clean(raw), Place(page=number, line=n), raw=raw.rstrip(), after_blank=blank))
        blank = False
    return out
