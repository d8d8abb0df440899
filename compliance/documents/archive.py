"""DOCX and ODT files are ZIP archives: checked before any XML is parsed (no zip bombs)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from compliance.documents import limits
from compliance.documents.errors import fail


def check_archive(path: Path, kind: str, required: str, lang: str) -> None:
    """The archive opens, holds `required`, and unpacks within the bounds of limits.py."""
    name = str(path)
    if not zipfile.is_zipfile(path):
        fail(name, "doc_not_zip", lang, kind=kind)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        fail(name, "doc_not_zip", lang, kind=f"{kind} ({exc})")
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        fail(name, "doc_zip_too_many", lang, count=len(infos), limit=limits.MAX_ZIP_ENTRIES)
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_UNPACKED:
        fail(name, "doc_zip_too_large", lang, size=total, limit=limits.MAX_UNPACKED)
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.MAX_RATIO * max(info.compress_size, 1):
            fail(name, "doc_zip_too_large", lang, size=total, limit=limits.MAX_UNPACKED)
    if required not in {i.filename for i in infos}:
        fail(name, "doc_zip_missing", lang, name=required)
