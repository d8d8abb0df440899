"""Tables b) to f): units by owner and comune, added up (several rows of one owner and comune,
the sources b) to e) of each cell). A sum with a row whose figure is missing is never read as if
that row were zero: it is known only within bounds (at least the known rows, at most each missing
row at the model's largest count), and a table that is absent makes its sums unknown.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from compliance.facts.fields import Bounds
from compliance.facts.names import Names
from compliance.facts.values import add, total
from compliance.model.plan import PianoAnnuale

UNIT_TABLES = (  # tables of units by owner and comune; b) to e) are the sources of f)
    ("b", "b_carenza_manutentiva", "b) carenza manutentiva"),
    ("c", "c_nuova_edificazione", "c) nuova edificazione"),
    ("d", "d_normale_avvicendamento", "d) normale avvicendamento"),
    ("e", "e_conferite_da_privati", "e) conferite da privati"),
    ("f", "f_totale_assegnabili", "f) totale assegnabili"),
)
SOURCES = "bcde"

Cell = "int | Bounds | None"


@dataclass(frozen=True)
class Availability:
    """Units of one owner in one comune (None: the plan gives no comune) from tables b) to e)."""

    units: int | Bounds | None  # None: a source table is missing
    known: int | Bounds | None  # the units the plan places in this comune
    unallocated: int | Bounds | None  # the owner's units given without a comune


class UnitTables:
    """The unit tables of one plan, read once: cells by owner and comune, and availability."""

    def __init__(self, plan: PianoAnnuale, names: Names):
        t = plan.tabelle
        self.tables: dict[str, object] = {}
        self.cells: dict[str, OrderedDict[str, OrderedDict[str | None, Cell]]] = {}
        for letter, attr, label in UNIT_TABLES:
            table = getattr(t, attr)
            if table is None:
                continue
            self.tables[letter] = table
            cells: OrderedDict = OrderedDict()
            for row in table.righe:
                ente = names.ente(row.ente_proprietario, f"tabella {label}")
                ckey = names.comune_key(row.comune, f"tabella {label}") if row.comune else None
                by_comune = cells.setdefault(ente.key, OrderedDict())
                by_comune[ckey] = add(by_comune.get(ckey, 0), total([row.unita_immobiliari]))
            self.cells[letter] = cells
        self.complete = all(x in self.cells for x in SOURCES)
        self.availability = self._availability()

    def owner_sum(self, letter: str, owner: str) -> int | Bounds | None:
        """An owner's units in one table, all comuni together (None: the table is absent)."""
        if letter not in self.cells:
            return None
        return total(list(self.cells[letter].get(owner, {}).values()) or [0])

    def owners(self) -> list[str]:
        """Owner keys of tables f), b), c), d), e), in the order met."""
        out: OrderedDict[str, None] = OrderedDict()
        for letter in "fbcde":
            for key in self.cells.get(letter, {}):
                out.setdefault(key, None)
        return list(out)

    def _availability(self) -> OrderedDict[tuple[str, str | None], Availability]:
        sums: OrderedDict[tuple[str, str | None], Cell] = OrderedDict()
        for letter in SOURCES:
            for okey, by_comune in self.cells.get(letter, {}).items():
                for ckey, units in by_comune.items():
                    sums[(okey, ckey)] = add(sums.get((okey, ckey), 0), units)
        unallocated = {okey: units for (okey, ckey), units in sums.items() if ckey is None}
        out: OrderedDict = OrderedDict()
        for (okey, ckey), units in sums.items():
            loose = unallocated.get(okey, 0)
            in_comune = None if ckey is None else self._in_comune(units, loose)
            out[(okey, ckey)] = Availability(in_comune, units, loose)
        return out

    def _in_comune(self, units: Cell, loose: Cell) -> Cell:
        """The units in one comune: those placed there plus any share of the owner's units given
        without a comune (from none to all of them); unknown if a source table is absent."""
        if not self.complete or units is None or loose is None:
            return None
        if loose == 0:
            return units
        return add(units, Bounds(0, loose.hi if isinstance(loose, Bounds) else loose))

    def own_units(self, ckey: str) -> int | Bounds | None:
        """A comune's own units in its territory; 0 if it has none in complete tables b) to e)."""
        if not self.complete:
            return None
        own = self.availability.get(("comune:" + ckey, ckey))
        return own.units if own else 0

    def owner_total(self, okey: str) -> int | None:
        """An owner's units in the year over all comuni (including units with no comune)."""
        if not self.complete:
            return None
        parts = [a.known for (o, _), a in self.availability.items() if o == okey]
        if any(p is None or isinstance(p, Bounds) for p in parts):
            return None
        return sum(parts)
