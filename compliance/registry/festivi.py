"""Italian national public holidays, as the `holidays` library gives them, without its import cost.

Importing `holidays` and its Italian calendar loads every country the library knows: about
0.15 s, a third of a `compliance check`. `compliance/data/festivi_it.csv` holds the library's
own answer for the years FIRST_YEAR..LAST_YEAR, each row with the version of the library that
produced it, and is used only while that same version is installed. For another version or a
year outside the table the library itself is asked, so the answer is always the library's.

Refresh the table after upgrading `holidays`: `python -m compliance.registry.festivi`.
"""

from __future__ import annotations

import csv
import datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from compliance import resources

COUNTRY = "IT"
FIRST_YEAR, LAST_YEAR = 2015, 2040
DATA_FILE = resources.data_file("festivi_it.csv")
COLUMNS = ("data", "nome", "versione_holidays")


def library_holidays(year: int) -> dict[datetime.date, str]:
    """The national holidays of `year` from the `holidays` library (slow to import)."""
    import holidays

    return dict(holidays.country_holidays(COUNTRY, years=year))


def installed_version() -> str | None:
    """The installed version of `holidays` (read from its METADATA headers: `metadata.version`
    would import the e-mail parser, a few ms more per run)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("holidays")
    except metadata.PackageNotFoundError:
        return None
    for line in (dist.read_text("METADATA") or "").splitlines():
        if not line.strip():
            break  # end of the headers
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return dist.version


def read_table(path: Path = DATA_FILE) -> tuple[str | None, dict[int, dict[datetime.date, str]]]:
    """The stored table: (library version that wrote it, {year: {day: name}}); empty if unreadable."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if not rows or tuple(rows[0]) != COLUMNS:
            return None, {}
        versions = {row[2] for row in rows[1:]}
        table: dict[int, dict[datetime.date, str]] = {}
        for day, name, _ in rows[1:]:
            date = datetime.date.fromisoformat(day)
            table.setdefault(date.year, {})[date] = name
    except (OSError, ValueError):
        return None, {}
    if len(versions) != 1 or set(table) != set(range(FIRST_YEAR, LAST_YEAR + 1)):
        return None, {}
    return versions.pop(), table


@lru_cache(maxsize=4)
def usable_table(path: Path = DATA_FILE) -> dict[int, dict[datetime.date, str]]:
    """The stored table if the installed library wrote it, else {} (the library is asked)."""
    version, table = read_table(path)
    if version is None or version != installed_version():
        return {}
    return table


@lru_cache(maxsize=64)
def national_holidays(year: int) -> Mapping[datetime.date, str]:
    """Day -> holiday name for `year`, exactly as `holidays.country_holidays("IT")` gives them."""
    table = usable_table()
    days = table[year] if year in table else library_holidays(year)
    return MappingProxyType(days)


def write_table(path: Path = DATA_FILE) -> int:
    """Write the table from the installed library; returns the number of holidays written."""
    import io

    from compliance.output import write_atomic

    version = installed_version()
    if version is None:
        raise SystemExit("the holidays library is not installed")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for day, name in sorted(library_holidays(year).items()):
            writer.writerow((day.isoformat(), name, version))
            count += 1
    write_atomic(path, buffer.getvalue())
    return count


if __name__ == "__main__":
    count = write_table()
    print(f"{DATA_FILE}: {count} festivi {FIRST_YEAR}-{LAST_YEAR} (holidays {installed_version()})")
