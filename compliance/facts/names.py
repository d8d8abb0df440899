"""Names of comuni and owners as the plan writes them, resolved once for every fact.

A comune is known by its ISTAT key, so that a spelling slip in one table does not split it in
two; the slip itself becomes a fact for the data-quality rule (`nome_comune`). An owner is a
Comune ("Comune di X"), an ALER, or another body.
"""

from __future__ import annotations

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass

from compliance.registry import istat

COMUNE_DI = re.compile(r"^\s*comune\s+di\s+(.+?)\s*$", re.IGNORECASE)
ALER = re.compile(r"^\s*aler\b", re.IGNORECASE)


@dataclass
class Ente:
    key: str
    tipo: str  # comune, aler, altro
    written: str  # first spelling met
    comune_key: str | None = None  # for a Comune: the comune it is


class Names:
    """Resolves comune and owner names, remembering where each spelling appears."""

    def __init__(self, day: datetime.date | None):
        self.day = day
        self.places: OrderedDict[str, list[str]] = OrderedDict()
        self.entes: dict[str, Ente] = {}
        self.display: dict[str, str] = {}  # comune key -> ISTAT name, or first spelling met

    def comune_key(self, written: str, where: str) -> str:
        self.places.setdefault(written, [])
        if where not in self.places[written]:
            self.places[written].append(where)
        found = istat.check(written, self.day)
        key = found.comune.key if found.comune else "nome:" + istat.normalise(written)
        self.display.setdefault(key, found.comune.denominazione if found.comune else written)
        return key

    def ente(self, written: str, where: str) -> Ente:
        match = COMUNE_DI.match(written)
        if match:
            ckey = self.comune_key(match.group(1), where)
            key, tipo = "comune:" + ckey, "comune"
        elif ALER.match(written):
            key, tipo, ckey = "aler:" + istat.normalise(written), "aler", None
        else:
            key, tipo, ckey = "altro:" + istat.normalise(written), "altro", None
        if key not in self.entes:
            self.entes[key] = Ente(key, tipo, written, ckey)
        return self.entes[key]

    def owns(self, ente: Ente, ckey: str | None) -> bool:
        """Whether the owner is the Comune of `ckey` (its own stock in its own territory)."""
        return ente.tipo == "comune" and ckey is not None and ente.comune_key == ckey


def agreed(store: dict, key, value, ambiguous=None) -> None:
    """Record `value` for `key`; rows giving one key two different values are ambiguous (the
    figure becomes unknown, never the first or the last row's: a verdict must not depend on
    row order)."""
    store[key] = value if store.get(key, value) == value else ambiguous
