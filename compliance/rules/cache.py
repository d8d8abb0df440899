"""The validated rule book kept between runs, so that `compliance check` does not re-read and
re-validate every rule file when nothing changed (with ~50 rule files that is 50–100 ms of a
check that should stay under half a second).

The cache key is a SHA-256 of: the Python and pydantic versions, the rules folder as given, the
path and bytes of every file under it, and the path and bytes of every source file of the
`compliance` package — so a rule book validated by other rules *or other code* is never reused.
Only a rule book that loaded without any problem is stored: a folder with a bad file is read,
and its problems reported, every time.

Where: `$COMPLIANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/compliance`, else `~/.cache/compliance`;
one file per key, written atomically, the most recent few kept. An unreadable, corrupt or
unwritable cache is ignored (the rule files are read as usual). `COMPLIANCE_CACHE=0` switches
the cache off. The files are pickles: the folder must be writable by its owner only, as the
rest of one's home.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from compliance.output import write_atomic
from compliance.rules.book import RuleBook, default_rules_dir
from compliance.rules.book import load_rulebook as load_rulebook_uncached

PACKAGE_DIR = Path(__file__).resolve().parents[1]
KEEP = 8  # cache files kept (one per rules folder content and code version)
PREFIX = "rulebook-"


def cache_dir() -> Path | None:
    if os.environ.get("COMPLIANCE_CACHE", "1").strip().lower() in ("0", "no", "false", "off"):
        return None
    if os.environ.get("COMPLIANCE_CACHE_DIR"):
        return Path(os.environ["COMPLIANCE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "compliance"


def _add_files(digest, folder: Path, pattern: str) -> None:
    for path in sorted(folder.rglob(pattern)):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def cache_key(root: Path) -> str:
    from pydantic.version import VERSION as PYDANTIC_VERSION

    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{PYDANTIC_VERSION}\0{root}\0".encode())
    _add_files(digest, root, "*")
    digest.update(b"\0code\0")
    _add_files(digest, PACKAGE_DIR, "*.py")
    return digest.hexdigest()[:32]


def _read(path: Path) -> RuleBook | None:
    try:
        with path.open("rb") as handle:
            book = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, corrupt or from other code: read the rule files
        return None
    return book if isinstance(book, RuleBook) else None


def _write(folder: Path, path: Path, book: RuleBook) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
        old = sorted(folder.glob(PREFIX + "*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink()
    except OSError:  # read-only home, full disk, a race with another run: no cache this time
        pass


def load_rulebook(root: Path | None = None) -> RuleBook:
    """As `compliance.rules.book.load_rulebook`, reusing the rule book of an earlier run when the
    rule files and the code are byte for byte the same. Raises InputError as it does."""
    folder = cache_dir()
    source = Path(root) if root else default_rules_dir()
    if folder is None or not source.is_dir():
        return load_rulebook_uncached(root)
    try:
        path = folder / f"{PREFIX}{cache_key(source)}.pickle"
    except OSError:  # a file vanished or is unreadable while hashing: let the loader report it
        return load_rulebook_uncached(root)
    book = _read(path)
    if book is None:
        book = load_rulebook_uncached(root)
        _write(folder, path, book)
    return book
