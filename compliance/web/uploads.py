"""An uploaded plan file: which reader it goes to, its name made safe, a zip of CSV files unpacked
within limits. Everything is written under a folder the store made for this upload.

Kinds: a plan file (.yaml, .yml); a spreadsheet of the template (.xlsx, .ods) and a zip of the
template's CSV files (.zip), both read by `compliance import` (compliance.spreadsheet).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from compliance.web.config import Limits

KINDS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "workbook", ".ods": "workbook", ".zip": "csv"}
ACCEPT = ",".join(KINDS)


class UploadProblem(Exception):
    """An upload refused before any reader sees it: a text key of compliance.web.texts."""

    def __init__(self, key: str, **kw):
        self.key, self.kw = key, kw
        super().__init__(key)


@dataclass(frozen=True)
class Upload:
    kind: str  # "yaml" | "workbook" | "csv"
    name: str  # the file name as the user gave it, cleaned for display
    source_path: Path  # the bytes as uploaded
    read_path: Path  # what the reader reads: the file, or the folder of CSV files


def display_name(filename: str | None) -> str:
    """The base name only, without control or bidi characters, at most 120 characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return base.strip()[:120] or "piano"


def safe_name(name: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._") or "piano"
    return stem[:60] + suffix


def save_upload(filename: str | None, data: bytes, folder: Path, limits: Limits) -> Upload:
    name = display_name(filename)
    suffix = Path(name).suffix.casefold()
    kind = KINDS.get(suffix)
    if not data:
        raise UploadProblem("upload_empty")
    if kind is None:
        raise UploadProblem("upload_kind", name=name, kinds=", ".join(KINDS))
    (folder / "file").mkdir()
    source = folder / "file" / safe_name(name, suffix)
    source.write_bytes(data)
    if kind == "workbook":
        _check_workbook(data, limits)
        return Upload(kind, name, source, source)
    if kind == "csv":
        target = folder / "csv" / safe_name(name, suffix)
        target.mkdir(parents=True)
        _unpack_csv(data, target, limits)
        return Upload(kind, name, source, target)
    return Upload(kind, name, source, source)


def _check_workbook(data: bytes, limits: Limits) -> None:
    """A workbook is a zip: refuse one that says it unpacks to more than the limit (the reader
    reads each member up to its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says what it expected
    if total > limits.workbook_unpacked_bytes:
        raise UploadProblem("upload_unpacked_too_large", limit=limits.workbook_unpacked_bytes // (1024 * 1024))


def _unpack_csv(data: bytes, target: Path, limits: Limits) -> None:
    """The .csv members of a zip, by base name, each and all within the limits; nothing else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadProblem("upload_bad_zip") from None
    with archive:
        members = [i for i in archive.infolist()
                   if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                   and i.filename.casefold().endswith(".csv")]
        if not members:
            raise UploadProblem("upload_zip_no_csv")
        if len(members) > limits.zip_members:
            raise UploadProblem("upload_zip_too_many", limit=limits.zip_members)
        total = 0
        seen: set[str] = set()
        for info in members:
            base = display_name(info.filename)
            if not re.fullmatch(r"[^/\\]{1,100}\.csv", base, flags=re.IGNORECASE) or base.startswith("."):
                raise UploadProblem("upload_zip_bad_member", name=base)
            if base.casefold() in seen:
                raise UploadProblem("upload_zip_duplicate", name=base)
            seen.add(base.casefold())
            try:
                with archive.open(info) as handle:
                    content = handle.read(limits.zip_member_bytes + 1)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                raise UploadProblem("upload_bad_zip") from None
            if len(content) > limits.zip_member_bytes:
                raise UploadProblem("upload_zip_member_too_large", name=base,
                                    limit=limits.zip_member_bytes // (1024 * 1024))
            total += len(content)
            if total > limits.zip_total_bytes:
                raise UploadProblem("upload_unpacked_too_large", limit=limits.zip_total_bytes // (1024 * 1024))
            (target / base).write_bytes(content)
