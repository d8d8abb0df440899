"""A document that cannot be read: one located problem (the CLI exits with code 2)."""

from __future__ import annotations

from typing import NoReturn

from compliance.documents.texts import tx
from compliance.model.loader import InputError, InputProblem


def fail(path: str, key: str, lang: str = "it", *, line: int | None = None, where: str | None = None,
         **kw: object) -> NoReturn:
    raise InputError([InputProblem(str(path), line, where, tx(key, lang, **kw))])
