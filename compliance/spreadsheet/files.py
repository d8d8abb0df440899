"""What the CLI calls: write a workbook (.xlsx, .ods) or a CSV folder atomically; import to a
YAML plan."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from pydantic import BaseModel

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.output import write_atomic
from compliance.spreadsheet.book import build_book
from compliance.spreadsheet.csv_files import ENCODING, csv_texts
from compliance.spreadsheet.ods import write_ods
from compliance.spreadsheet.read import PLAN_MODELS, TYPES, import_plan, layout_for, plan_yaml
from compliance.spreadsheet.xlsx import write_xlsx

WRITERS = {".xlsx": write_xlsx, ".ods": write_ods}


def _fail(target: Path, key: str, lang: str, **kw) -> None:
    raise InputError([InputProblem(str(target), None, None, t(key, lang, **kw))])


def write_sheets(plan: BaseModel | None, target: Path, lang: str = "it", tipo: str | None = None,
                 capofila: str | None = None) -> None:
    """`target`.xlsx or .ods: one workbook; any other name: a new folder with one CSV file per
    sheet. `plan` None: the empty template for `tipo` (default the piano annuale), with the
    comuni of `capofila`'s province in the dropdowns if given.

    Written atomically: a temp file (or folder) renamed into place. Raises InputError.
    """
    target = Path(target)
    if plan is not None:
        model = type(plan)
    else:
        tipo = tipo or TYPES[0]
        if tipo not in PLAN_MODELS:
            _fail(target, "ss_unknown_type", lang, tipo=tipo, options=", ".join(TYPES))
        model = PLAN_MODELS[tipo]
    if capofila is not None:
        from compliance.registry import istat

        if istat.check(capofila).comune is None:
            _fail(target, "ss_comune_unknown", lang, name=capofila)
    plan_layout = layout_for(model)
    others = [k for k in TYPES if k != plan_layout.tipo]
    book = build_book(plan_layout, plan, capofila=capofila, other_types=others)
    writer = WRITERS.get(target.suffix.casefold())
    if writer is not None:
        write_atomic(target, writer(book))
        return
    _write_csv_folder(target, csv_texts(book), lang)


def _write_csv_folder(target: Path, texts: dict[str, str], lang: str) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        _fail(target, "ss_folder_not_empty", lang)
    parent = target.parent if str(target.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the folder is the user's output
    try:
        for name, text in texts.items():
            file = tmp / name
            file.write_text(text, encoding=ENCODING, newline="")
            os.chmod(file, 0o666 & ~umask)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.suffix.casefold() == ".csv") if path.is_dir() else [path]
    for file in files:
        h.update(file.name.encode() + b"\0" if path.is_dir() else b"")
        h.update(file.read_bytes())
    return h.hexdigest()


def import_to_yaml(source: Path, output: Path | None, lang: str = "it") -> str:
    """Read `source` (workbook or CSV folder) and return the plan as YAML; write it to
    `output` if given (atomically; never over the source). Raises InputError."""
    source = Path(source)
    if output is not None and source.exists() and Path(output).resolve() == source.resolve():
        _fail(Path(output), "ss_same_file", lang)
    plan = import_plan(source, lang)
    text = plan_yaml(plan, source.name, _digest(source))
    if output is not None:
        write_atomic(Path(output), text)
    return text
