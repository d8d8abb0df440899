"""ISTAT codes beside comune names in the outputs (JSON, CSV, units rows, findings' data)."""

from __future__ import annotations

import datetime

from compliance.registry import istat


def codice_istat(name: str | None, day: datetime.date | None = None) -> str | None:
    """The ISTAT code of the comune a name refers to (as the fact builder resolves it: exact, same
    letters, or an unambiguous near-miss); None for no comune, or one that no longer exists."""
    if not name or not name.strip():
        return None
    found = istat.check(name, day).comune
    return (found.codice_istat or None) if found else None


def fact_comune_code(fact: dict, day: datetime.date | None = None) -> str | None:
    """The code of the comune a fact is about, if it is about one (its `comune` field, or the name
    a `nome_comune` fact checks)."""
    if fact.get("kind") == "nome_comune":
        return codice_istat(fact.get("forma_istat"), day) if fact.get("trovato") else None
    name = fact.get("comune")
    return codice_istat(name, day) if isinstance(name, str) else None
