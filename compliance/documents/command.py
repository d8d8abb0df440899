"""What the CLI calls: `compliance import PIANO.pdf -o PIANO.yaml` and `--lotto CARTELLA`.

One document: the draft is written atomically (never over the document), the summary goes to
standard error; exit 0 when the draft is a valid plan file, 1 when it is written but still
lacks something the model requires (the summary says what). A folder: every document in it
(not in subfolders) gets a draft in the output folder, `importazione.csv` lists them all;
a document that cannot be read is listed with its located error and the others go on (exit 2
at the end, as `compliance audit` does with a broken plan file).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from compliance.documents import limits
from compliance.documents.draft import Draft, build_draft, draft_yaml, summary_lines
from compliance.documents.errors import fail
from compliance.documents.extract import extract
from compliance.documents.read import SUFFIXES, is_document, read_document
from compliance.documents.texts import tx
from compliance.model.loader import InputError, InputProblem
from compliance.output import write_atomic

SUMMARY_FILE = "importazione.csv"


def handles(path: Path | None) -> bool:
    """Whether `compliance import` should read this path as a document (not a spreadsheet)."""
    return path is not None and is_document(path)


@contextlib.contextmanager
def deadline(seconds: int, path: str, lang: str):
    """Stop reading a document after `seconds` (the main thread only: SIGALRM)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError:
        fail(path, "doc_timeout", lang, seconds=seconds)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def draft_document(path: Path, lang: str = "it") -> tuple[Draft, str]:
    """Read a document and return its draft and the draft's YAML. Raises InputError."""
    path = Path(path)
    with deadline(limits.MAX_SECONDS, str(path), lang):
        doc = read_document(path, lang)
        draft = build_draft(extract(doc), lang)
    return draft, draft_yaml(draft, path.name, sha256(path), lang)


def import_document(path: Path, output: Path | None, lang: str = "it") -> tuple[Draft, str]:
    path = Path(path)
    if output is not None and path.exists() and Path(output).resolve() == path.resolve():
        fail(str(output), "doc_output_is_input", lang)
    draft, text = draft_document(path, lang)
    if output is not None:
        write_atomic(Path(output), text)
    return draft, text


@dataclass
class LottoItem:
    document: Path
    draft_file: Path | None
    draft: Draft | None
    error: str | None


def _draft_name(path: Path, taken: set[str]) -> str:
    name = f"{path.stem}.yaml"
    if name in taken:
        name = f"{path.stem}-{path.suffix.lstrip('.').casefold()}.yaml"
    taken.add(name)
    return name


def import_folder(folder: Path, output: Path, lang: str = "it") -> list[LottoItem]:
    """Every document of `folder` to a draft in `output`, and importazione.csv. Raises
    InputError only for a bad folder; a bad document is listed and the others go on."""
    folder, output = Path(folder), Path(output)
    if not folder.is_dir():
        fail(str(folder), "doc_lotto_not_dir", lang)
    documents = sorted(p for p in folder.iterdir() if p.is_file() and is_document(p))
    if not documents:
        fail(str(folder), "doc_lotto_empty", lang)
    if output.exists() and not output.is_dir():
        fail(str(output), "doc_output_not_dir", lang)
    output.mkdir(parents=True, exist_ok=True)
    items: list[LottoItem] = []
    taken: set[str] = {SUMMARY_FILE}
    for document in documents:
        try:
            draft, text = draft_document(document, lang)
        except InputError as exc:
            items.append(LottoItem(document, None, None, "; ".join(p.render() for p in exc.problems)))
            continue
        target = output / _draft_name(document, taken)
        write_atomic(target, text)
        items.append(LottoItem(document, target, draft, None))
    write_atomic(output / SUMMARY_FILE, summary_csv(items, lang))
    return items


def summary_csv(items: list[LottoItem], lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["documento", "bozza", "esito", "valori_letti", "ambigui", "scartati", "non_trovati", "note"]
                    if lang != "en" else
                    ["document", "draft", "outcome", "values_read", "ambiguous", "set_aside", "not_found", "notes"])
    for item in items:
        if item.draft is None:
            writer.writerow([item.document.name, "", tx("lotto_error", lang), "", "", "", "", item.error])
            continue
        d = item.draft
        ex = d.extraction
        writer.writerow([
            item.document.name, item.draft_file.name if item.draft_file else "",
            tx("lotto_ok" if d.valid else "lotto_incomplete", lang), len(d.provenance), len(ex.ambiguous),
            len(ex.skipped) + len(d.set_aside), ", ".join(d.not_found), "; ".join(d.errors),
        ])
    return buffer.getvalue()


def import_command(file: Path | None, output: Path | None, lotto: Path | None, lang: str, echo, write) -> int:
    """The CLI's import of documents; returns the exit code. `echo` writes to standard error,
    `write` to standard output."""
    if lotto is not None:
        if output is None:
            raise InputError([InputProblem("--lotto", None, None, tx("doc_lotto_output", lang))])
        items = import_folder(lotto, output, lang)
        for item in items:
            outcome = item.error if item.draft is None else tx("lotto_ok" if item.draft.valid else "lotto_incomplete", lang)
            echo(tx("lotto_line", lang, name=item.document.name, outcome=outcome))
        ok = sum(1 for i in items if i.draft is not None and i.draft.valid)
        errors = sum(1 for i in items if i.draft is None)
        echo(tx("lotto_done", lang, n=len(items), ok=ok, incomplete=len(items) - ok - errors, errors=errors,
                path=output / SUMMARY_FILE))
        return 2 if errors else (1 if ok < len(items) else 0)
    draft, text = import_document(file, output, lang)
    for line in summary_lines(draft, lang):
        echo(line)
    if output is None:
        write(text)
    else:
        echo(tx("draft_written", lang, path=output))
    return 0 if draft.valid else 1


__all__ = ["SUFFIXES", "handles", "import_command", "import_document", "import_folder", "draft_document"]
