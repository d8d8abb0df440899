"""Hostile spreadsheets, built on the fly (nothing big is committed): small files that unpack to
hundreds of megabytes, a million rows, repeats that multiply, a zip that lies about its sizes,
an XML entity bomb. Each builder streams what it writes, so building costs little memory."""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
from pathlib import Path

CHUNK = 1 << 20


def _sheet_member(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member of the worksheet named `title` in an .xlsx."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    escaped = title.replace("&", "&amp;").replace("'", "&apos;")
    match = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(escaped), workbook) or \
        re.search(r'<sheet [^>]*name="%s"[^>]*id="([^"]+)"' % re.escape(escaped), workbook)
    rid = match.group(1)
    target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \
        re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else "xl/" + path


def _deflated(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, like.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _rewrite(base: Path, dest: Path, member: str, write_rows, prolog: str = "") -> None:
    """Copy `base` to `dest`, appending to worksheet `member` the rows `write_rows(out)` writes
    (and putting `prolog`, e.g. a DTD, after its XML declaration)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != member:
                target.writestr(info, data)
                continue
            text = data.decode("utf-8")
            if prolog:
                text = text.replace("?>", "?>" + prolog, 1) if text.startswith("<?xml") else prolog + text
            if "</sheetData>" in text:
                head, tail = text.split("</sheetData>", 1)
            else:  # an empty sheet: <sheetData/>
                head, tail = text.replace("<sheetData/>", "<sheetData>", 1).split("<sheetData>", 1)
                head, tail = head + "<sheetData>", tail
            with target.open(_deflated(member, info), "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                write_rows(out)
                out.write(b"</sheetData>" + tail.encode("utf-8"))


def xlsx_with_huge_cell(base: Path, dest: Path, sheet: str, size: int) -> Path:
    """One cell of `size` characters (a 300 MB cell compresses to about 300 KB)."""
    def rows(out):
        out.write(b'<row r="9000"><c r="A9000" t="inlineStr"><is><t>')
        block = b"A" * CHUNK
        for _ in range(size // CHUNK):
            out.write(block)
        out.write(b"</t></is></c></row>")
    _rewrite(base, dest, _sheet_member(zipfile.ZipFile(base), sheet), rows)
    return dest


def xlsx_with_rows(base: Path, dest: Path, sheet: str, count: int, columns: int = 1, first: int = 3) -> Path:
    """`count` rows of `columns` numbers each, from row `first`."""
    letters = [_letter(c) for c in range(1, columns + 1)]

    def rows(out):
        batch = []
        for r in range(first, first + count):
            cells = "".join(f'<c r="{col}{r}"><v>1</v></c>' for col in letters)
            batch.append(f'<row r="{r}">{cells}</row>')
            if len(batch) == 10_000:
                out.write("".join(batch).encode("ascii"))
                batch = []
        out.write("".join(batch).encode("ascii"))
    _rewrite(base, dest, _sheet_member(zipfile.ZipFile(base), sheet), rows)
    return dest


def xlsx_with_prolog(base: Path, dest: Path, sheet: str, prolog: str) -> Path:
    _rewrite(base, dest, _sheet_member(zipfile.ZipFile(base), sheet), lambda out: None, prolog)
    return dest


def _letter(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def zip_that_lies(base: Path, dest: Path) -> Path:
    """A copy whose largest member declares a tenth of the size it really unpacks to."""
    shutil.copy(base, dest)
    with zipfile.ZipFile(dest) as archive:
        info = max(archive.infolist(), key=lambda i: i.file_size)
    raw = bytearray(dest.read_bytes())
    small = max(1, info.file_size // 10)
    # the local header: uncompressed size at offset 22
    struct.pack_into("<I", raw, info.header_offset + 22, small)
    # the central directory entry: uncompressed size at offset 24
    name = info.filename.encode("utf-8")
    position = 0
    while True:
        at = raw.find(b"PK\x01\x02", position)
        if at < 0:
            raise AssertionError("central directory entry not found")
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if bytes(raw[at + 46: at + 46 + name_length]) == name:
            struct.pack_into("<I", raw, at + 24, small)
            break
        position = at + 4
    dest.write_bytes(bytes(raw))
    return dest


def ods_with_content(base: Path, dest: Path, sheet: str, rows_xml: str | None = None, prolog: str = "",
                     huge_cell: int = 0, at_end: bool = False) -> Path:
    """A copy of an .ods whose sheet `sheet` gets `rows_xml` (or one cell of `huge_cell`
    characters) before its rows (after them: `at_end`), and whose content.xml starts with
    `prolog` (e.g. a DTD)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "content.xml":
                target.writestr(info, data, compress_type=info.compress_type)
                continue
            text = data.decode("utf-8")
            if prolog:
                text = text.replace("?>", "?>" + prolog, 1)
            start = text.index(f'<table:table table:name="{sheet}"')
            at = text.index("</table:table>", start) if at_end else text.index("<table:table-row", start)
            head, tail = text[:at], text[at:]
            with target.open(_deflated("content.xml", info), "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                if rows_xml:
                    out.write(rows_xml.encode("utf-8"))
                if huge_cell:
                    out.write(b'<table:table-row><table:table-cell office:value-type="string"><text:p>')
                    block = b"A" * CHUNK
                    for _ in range(huge_cell // CHUNK):
                        out.write(block)
                    out.write(b"</text:p></table:table-cell></table:table-row>")
                out.write(tail.encode("utf-8"))
    return dest


BILLION_LAUGHS = (
    '<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">'
    '<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
)
