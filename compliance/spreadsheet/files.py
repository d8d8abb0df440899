"""What the CLI calls: write a workbook (.xlsx, .ods) or a CSV folder atomically; import to a
YAML plan."""

from __future__ import annotations

import hashlib
import os
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from pydantic import BaseModel

from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem
from compliance.output import current_umask, make_temp_dir, write_atomic
from compliance.spreadsheet.book import build_book
from compliance.spreadsheet.csv_files import ENCODING, csv_texts
from compliance.spreadsheet.ods import write_ods
from compliance.spreadsheet.assemble import import_plan
from compliance.spreadsheet.read import PLAN_MODELS, TYPES, layout_for
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
    tmp = make_temp_dir(target.parent, target.name)  # the usual mode; a killed run's leftover is removed later
    umask = current_umask()
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


# ---- the plan as YAML ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Decimals written as the exact numbers they are (12.5, never a float's 12.499…)."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal):
    text = format(value, "f")
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def _tidy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan_yaml(plan: BaseModel, origin: str, sha256: str) -> str:
    """The plan file (YAML) for an imported plan: only what the workbook says, in model order."""
    data = _tidy(plan.model_dump(mode="python", exclude_unset=True))
    tipo = getattr(plan, "tipo", None)
    if tipo is not None:
        data = {"tipo": tipo, **{k: v for k, v in data.items() if k != "tipo"}}
    head = (
        f"# Piano importato da {origin} con «compliance import» (sha256 {sha256}).\n"
        "# Le celle vuote non sono riportate: un dato mancante non è mai uno zero.\n"
    )
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)
    return head + body
