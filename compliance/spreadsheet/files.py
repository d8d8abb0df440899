"""What the CLI calls: write a workbook or a CSV folder atomically; import to a YAML plan."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from pydantic import BaseModel

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.output import make_temp_dir, write_atomic
from compliance.spreadsheet.read import import_plan, plan_yaml
from compliance.spreadsheet.write import build_workbook, csv_texts, xlsx_bytes


def is_workbook_path(path: Path) -> bool:
    return Path(path).suffix.casefold() == ".xlsx"


def write_sheets(plan: BaseModel | None, target: Path, lang: str = "it") -> None:
    """`target`.xlsx: one workbook; any other name: a new folder with one CSV file per sheet.

    Written atomically: a temp file (or folder) renamed into place. Raises InputError.
    """
    target = Path(target)
    wb = build_workbook(plan)
    if is_workbook_path(target):
        write_atomic(target, xlsx_bytes(wb))
        return
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError([InputProblem(str(target), None, None, t("ss_folder_not_empty", lang))])
    tmp = make_temp_dir(target.parent, target.name)  # the usual mode; a killed run's leftover is removed later
    try:
        for name, text in csv_texts(wb).items():
            (tmp / name).write_text(text, encoding="utf-8-sig", newline="")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for file in files:
        h.update(file.name.encode() + b"\0" if path.is_dir() else b"")
        h.update(file.read_bytes())
    return h.hexdigest()


def import_to_yaml(source: Path, output: Path | None, lang: str = "it") -> str:
    """Read `source` (workbook or CSV folder) and return the plan as YAML; write it to
    `output` if given (atomically; never over the source). Raises InputError."""
    source = Path(source)
    if output is not None and source.exists() and Path(output).resolve() == source.resolve():
        raise InputError([InputProblem(str(output), None, None, t("ss_same_file", lang))])
    plan = import_plan(source, lang)
    text = plan_yaml(plan, source.name, _digest(source))
    if output is not None:
        write_atomic(Path(output), text)
    return text
