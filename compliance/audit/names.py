"""Names of the per-plan reports an audit writes under `piani/`.

A plan's file name comes from whoever filled the folder: `..yaml`, `../x.yaml`, a 240-character
name, `CON.yaml`, names that differ only in case or accents. A report name is derived from it so
that it is

* safe: ASCII letters, digits, `-` and `_` only, never empty, never starting with a dot, so
  `piani/<name>.<ext>` is always a file inside `piani/` (no `..`, no separator, no device name);
* bounded: at most `MAX_STEM` characters, so the longest extension still fits the 255-byte limit
  of common file systems;
* unique: two plans never share a name, even on a case-insensitive file system; a name that had
  to be shortened or that collides gets a short digest of the plan's full name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_STEM = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def safe_stem(name: str) -> str:
    """The readable part of a report name: `2024/ambito-di-crema.yaml` -> `2024__ambito-di-crema`."""
    stem = name[:-5] if name.lower().endswith(".yaml") else name[:-4] if name.lower().endswith(".yml") else name
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = stem.replace("/", "__").replace("\\", "__")
    stem = _UNSAFE.sub("_", stem).strip("_-")
    if stem.lower() in _WINDOWS_DEVICES:
        stem = "piano_" + stem
    return stem or "piano"


def report_names(names: list[str]) -> dict[str, str]:
    """A safe, bounded, unique report stem for each plan name (its path under the audited folder)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        stem = safe_stem(name)
        if len(stem) > MAX_STEM or stem.casefold() in used:
            stem = f"{stem[:MAX_STEM - 11]}-{_digest(name)}"
        n = 2
        base = stem
        while stem.casefold() in used:  # a digest collision: practically never
            stem = f"{base[:MAX_STEM - 4]}-{n}"
            n += 1
        used.add(stem.casefold())
        out[name] = stem
    return out
