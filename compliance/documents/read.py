"""Read a document by its suffix: .pdf, .docx, .odt, .txt -> Document. Raises InputError.

The file-size bound is checked before anything is opened; each reader checks the rest
(pages, unpacked bytes, rows) as it goes, so a hostile file stops early.
"""

from __future__ import annotations

from pathlib import Path

from compliance.documents import limits
from compliance.documents.errors import fail
from compliance.documents.intermediate import Document

SUFFIXES = (".pdf", ".docx", ".odt", ".txt")


def is_document(path: Path) -> bool:
    return Path(path).suffix.casefold() in SUFFIXES + (".doc",)


def read_document(path: Path, lang: str = "it") -> Document:
    path = Path(path)
    name = str(path)
    if not path.exists():
        fail(name, "file_missing", lang)
    if path.is_dir():
        fail(name, "file_is_dir", lang)
    size = path.stat().st_size
    if size > limits.MAX_BYTES:
        fail(name, "file_too_large", lang, size=size, limit=limits.MAX_BYTES)
    suffix = path.suffix.casefold()
    if suffix == ".txt":
        from compliance.documents.read_text import read_text

        return read_text(path, lang)
    if suffix == ".pdf":
        from compliance.documents.read_pdf import read_pdf

        return read_pdf(path, lang)
    if suffix == ".docx":
        from compliance.documents.read_docx import read_docx

        return read_docx(path, lang)
    if suffix == ".odt":
        from compliance.documents.read_odt import read_odt

        return read_odt(path, lang)
    if suffix == ".doc":
        fail(name, "doc_old_word", lang)
    fail(name, "doc_unknown_suffix", lang, suffix=path.suffix or path.name)
