"""Documents that cannot be read end with exit 2 and a located message, in bounded memory and
time: a corrupt PDF, a zip bomb posing as a DOCX, a 500-page PDF, a scan without text, an old
Word file, binary data named .txt. Each runs as a separate process with its address space
capped at 1.5 GB and a time limit, as a user's command would.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 1536 * 1024 * 1024
SECONDS = 90


def _run(path: Path, *extra: str) -> subprocess.CompletedProcess:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run(
        [sys.executable, "-c", "from compliance.cli import main; main()", "import", str(path), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=SECONDS, preexec_fn=cap,
    )


def _pdf_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb(path: Path) -> None:
    """A .docx whose document.xml unpacks to 100 MB (about 100 kB on disk)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(100):
                member.write(chunk)


def _ratio_bomb(path: Path) -> None:
    """Under the total bound, but one part unpacks a thousand times its size."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (20 * 1024 * 1024))


CASES = {
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40), "PDF non leggibile"),
    "truncated-header.pdf": (lambda p: p.write_bytes(b"not a pdf at all"), "PDF non leggibile"),
    "500-pagine.pdf": (lambda p: p.write_bytes(_pdf_pages(500)), "troppe pagine (500; al massimo"),
    "scansione.pdf": (lambda p: p.write_bytes(_pdf_pages(2)), "OCR"),
    "bomba.docx": (_zip_bomb, "troppo grande una volta decompresso"),
    "rapporto.docx": (_ratio_bomb, "troppo grande una volta decompresso"),
    "non-zip.docx": (lambda p: p.write_bytes(b"PK\x03\x04 broken"), "archivio ZIP atteso"),
    "vuoto.odt": (lambda p: p.write_bytes(b""), "archivio ZIP atteso"),
    "vecchio.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "Word 97-2003"),
    "binario.txt": (lambda p: p.write_bytes(b"\x00\x01\x02" * 100), "contenuto binario"),
    "vuoto.txt": (lambda p: p.write_text("\n\n  \n"), "non contiene testo"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_document_exits_2_with_a_located_message(tmp_path, name):
    make, expected = CASES[name]
    path = tmp_path / name
    make(path)
    out = tmp_path / "bozza.yaml"
    done = _run(path, "-o", str(out))
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert f"{path}" in done.stderr and expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # nothing written


def test_missing_document(tmp_path):
    done = _run(tmp_path / "assente.pdf")
    assert done.returncode == 2 and "file non trovato" in done.stderr


def test_output_over_the_document_is_refused(tmp_path):
    path = tmp_path / "piano.txt"
    path.write_text((ROOT / "tests" / "data" / "documenti" / "cremasco-2021.txt").read_text(encoding="utf-8"))
    done = _run(path, "-o", str(path))
    assert done.returncode == 2 and "coincide" in done.stderr
    assert path.read_text(encoding="utf-8").startswith("\n")  # the document is untouched


def test_table_rows_are_capped(tmp_path):
    from compliance.documents import limits

    path = tmp_path / "righe.txt"
    path.write_text("a) Consistenza del patrimonio\n" + "Comune di X\t1\t1\t0\n" * (limits.MAX_TABLE_ROWS + 1))
    done = _run(path)
    assert done.returncode == 2 and "troppe righe di tabella" in done.stderr
