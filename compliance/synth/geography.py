"""A fixed map of Lombardy for synthetic plans: the real ISTAT comuni grouped into ambiti.

The 91 ambiti are formed province by province (each province gets ambiti in proportion to its
number of comuni; Milano is an ambito of its own, as in reality), splitting the province's
comuni in ISTAT-code order into groups of varied size. The registry has no coordinates, so the
groups are neighbourhoods only in the sense of "same province"; the sizes (2 to ~40 comuni) are
realistic. The map does not depend on the plans' seed: the same ambito has the same comuni in
every generated set.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from functools import lru_cache

from compliance.registry import istat

TOTAL_AMBITI = 91
MAP_SEED = 2017

ALER_BY_PROVINCE = {
    "MI": "ALER Milano",
    "BG": "ALER Bergamo-Lecco-Sondrio", "LC": "ALER Bergamo-Lecco-Sondrio", "SO": "ALER Bergamo-Lecco-Sondrio",
    "BS": "ALER Brescia-Cremona-Mantova", "CR": "ALER Brescia-Cremona-Mantova",
    "MN": "ALER Brescia-Cremona-Mantova",
    "PV": "ALER Pavia-Lodi", "LO": "ALER Pavia-Lodi",
    "VA": "ALER Varese-Como-Monza Brianza-Busto Arsizio", "CO": "ALER Varese-Como-Monza Brianza-Busto Arsizio",
    "MB": "ALER Varese-Como-Monza Brianza-Busto Arsizio",
}
CAPOLUOGHI = {
    "MI": "Milano", "BG": "Bergamo", "BS": "Brescia", "CO": "Como", "CR": "Cremona", "LC": "Lecco",
    "LO": "Lodi", "MN": "Mantova", "MB": "Monza", "PV": "Pavia", "SO": "Sondrio", "VA": "Varese",
}


@dataclass(frozen=True)
class AmbitoMap:
    index: int
    denominazione: str
    provincia: str
    capofila: str
    comuni: tuple[str, ...]  # ISTAT names, capofila first
    aler: str


def comuni_valid_throughout(days: list[datetime.date]) -> list[istat.Comune]:
    """Current ISTAT comuni that exist on every one of the given dates."""
    return [c for c in istat.load() if c.codice_istat and all(c.valid_on(d) for d in days)]


def _allocate(counts: dict[str, int], total: int) -> dict[str, int]:
    """Largest-remainder allocation of `total` ambiti to provinces, at least 1 each."""
    n = sum(counts.values())
    quotas = {p: total * c / n for p, c in counts.items()}
    out = {p: max(1, int(q)) for p, q in quotas.items()}
    for p in sorted(quotas, key=lambda p: quotas[p] - int(quotas[p]), reverse=True):
        if sum(out.values()) >= total:
            break
        out[p] += 1
    while sum(out.values()) > total:  # only if the minimum of 1 overshot
        p = max(out, key=lambda p: out[p])
        out[p] -= 1
    return out


def _split(names: list[str], parts: int, rng: random.Random) -> list[list[str]]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = len(names) / sum(weights)
    sizes = [max(2, round(w * scale)) for w in weights]
    while sum(sizes) > len(names):
        sizes[sizes.index(max(sizes))] -= 1
    while sum(sizes) < len(names):
        sizes[sizes.index(min(sizes))] += 1
    out, start = [], 0
    for size in sizes:
        out.append(names[start:start + size])
        start += size
    return out


@lru_cache(maxsize=8)
def lombardy_map(days: tuple[datetime.date, ...], total: int = TOTAL_AMBITI) -> tuple[AmbitoMap, ...]:
    """The ambiti over the comuni that exist on all `days` (the plans' approval dates)."""
    rng = random.Random(MAP_SEED)
    comuni = comuni_valid_throughout(list(days))
    by_prov: dict[str, list[str]] = {}
    for c in sorted(comuni, key=lambda c: c.codice_istat):
        by_prov.setdefault(c.sigla_provincia, []).append(c.denominazione)
    shares = _allocate({p: len(v) for p, v in by_prov.items()}, total)
    out: list[AmbitoMap] = []
    for prov in sorted(by_prov):
        names = by_prov[prov]
        groups: list[list[str]] = []
        parts = shares[prov]
        if prov == "MI" and parts > 1:  # Milano is an ambito of its own
            groups.append(["Milano"])
            names = [n for n in names if n != "Milano"]
            parts -= 1
        groups += _split(names, parts, rng)
        for group in groups:
            capoluogo = CAPOLUOGHI[prov]
            capofila = capoluogo if capoluogo in group else rng.choice(group)
            members = [capofila] + [n for n in group if n != capofila]
            name = "Ambito di Milano Città" if capofila == "Milano" else f"Ambito territoriale di {capofila}"
            out.append(AmbitoMap(len(out), name, prov, capofila, tuple(members), ALER_BY_PROVINCE[prov]))
    return tuple(out)


def pick(ambiti: tuple[AmbitoMap, ...], n: int) -> list[AmbitoMap]:
    """`n` ambiti spread over the map (all of them when n >= its size)."""
    if n >= len(ambiti):
        return list(ambiti)
    return [ambiti[(i * len(ambiti)) // n] for i in range(n)]
