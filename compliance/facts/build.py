"""Turn a validated plan into the facts that the rules match.

The builder aggregates (sums per owner and comune, column totals) but judges nothing: every
verdict comes from the rules. Names are resolved to ISTAT comuni so that a spelling slip in
one table does not split an owner in two; the slip itself is a fact for the data-quality rule.
"""

from __future__ import annotations

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from compliance.facts.schema import KINDS
from compliance.model.plan import PianoAnnuale, TabellaUnita
from compliance.registry import istat

_COMUNE_DI = re.compile(r"^\s*comune\s+di\s+(.+?)\s*$", re.IGNORECASE)
_ALER = re.compile(r"^\s*aler\b", re.IGNORECASE)

UNIT_TABLES = (  # tables of units by owner and comune; b) to e) are the sources of f)
    ("b", "b_carenza_manutentiva", "b) carenza manutentiva"),
    ("c", "c_nuova_edificazione", "c) nuova edificazione"),
    ("d", "d_normale_avvicendamento", "d) normale avvicendamento"),
    ("e", "e_conferite_da_privati", "e) conferite da privati"),
    ("f", "f_totale_assegnabili", "f) totale assegnabili"),
)


@dataclass
class Ente:
    key: str
    tipo: str  # comune, aler, altro
    written: str  # first spelling met
    comune_key: str | None = None  # for a Comune: the comune it is


@dataclass
class FactSet:
    """The facts of one plan, in a deterministic order."""

    facts: list[dict] = field(default_factory=list)
    reference_date: datetime.date | None = None

    def add(self, kind: str, soggetto: str, **values: object) -> dict:
        spec = KINDS[kind]
        unknown = set(values) - set(spec.fields)
        if unknown:  # a programming error, not bad input
            raise KeyError(f"fields {sorted(unknown)} are not in fact kind {kind}")
        fact = {"kind": kind, "id": f"{kind}-{len(self.facts) + 1}", "soggetto": soggetto}
        for name in spec.fields:
            fact[name] = values.get(name)
        self.facts.append(fact)
        return fact

    def of_kind(self, kind: str) -> list[dict]:
        return [f for f in self.facts if f["kind"] == kind]


class _Names:
    """Resolves comune and ente names, remembering where each spelling appears."""

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
        match = _COMUNE_DI.match(written)
        if match:
            ckey = self.comune_key(match.group(1), where)
            key, tipo = "comune:" + ckey, "comune"
        elif _ALER.match(written):
            key, tipo, ckey = "aler:" + istat.normalise(written), "aler", None
        else:
            key, tipo, ckey = "altro:" + istat.normalise(written), "altro", None
        if key not in self.entes:
            self.entes[key] = Ente(key, tipo, written, ckey)
        return self.entes[key]


def build_facts(plan: PianoAnnuale, reference_date: datetime.date | None) -> FactSet:
    fs = FactSet(reference_date=reference_date)
    names = _Names(reference_date)
    t = plan.tabelle

    # -- piano --------------------------------------------------------------------------
    fs.add(
        "piano",
        "piano",
        anno=plan.anno,
        data_approvazione=reference_date,
        fine_anno_precedente=datetime.date(plan.anno - 1, 12, 31),
        organo_approvazione=plan.approvazione.organo,
        numero_comuni_ambito=plan.ambito.numero_comuni,
    )

    if plan.ambito.comune_capofila:
        names.comune_key(plan.ambito.comune_capofila, "ambito (comune capofila)")
    for nome in plan.ambito.comuni or []:
        names.comune_key(nome, "ambito (elenco dei comuni)")

    # -- tables a) and k): one fact per row, and the column totals -------------------------
    if t.a_consistenza_patrimonio is not None:
        _rows_and_totals(fs, names, t.a_consistenza_patrimonio, "a) consistenza del patrimonio",
                         "riga_consistenza", ("totale_unita_immobiliari", "alloggi_sap", "alloggi_sas"))
    if t.k_assegnate_anno_precedente is not None:
        _rows_and_totals(fs, names, t.k_assegnate_anno_precedente, "k) assegnate nell'anno precedente",
                         "riga_assegnate", ("alloggi_sap_assegnati", "alloggi_sap_assegnati_in_deroga",
                                            "totale_alloggi_assegnati"))

    # -- tables b..f: units by owner and comune -----------------------------------------
    per_table: dict[str, dict[str, dict[str | None, int | None]]] = {}
    for letter, attr, label in UNIT_TABLES:
        table: TabellaUnita | None = getattr(t, attr)
        if table is None:
            continue
        cells: dict[str, dict[str | None, int | None]] = {}
        for row in table.righe:
            ente = names.ente(row.ente_proprietario, f"tabella {label}")
            ckey = names.comune_key(row.comune, f"tabella {label}") if row.comune else None
            by_comune = cells.setdefault(ente.key, {})
            prev = by_comune.get(ckey, 0)
            by_comune[ckey] = None if prev is None or row.unita_immobiliari is None else prev + row.unita_immobiliari
        per_table[letter] = cells
        _column_total(fs, label, "unita_immobiliari", table.totale,
                      [r.unita_immobiliari for r in table.righe])

    # f) = b) + c) + d) + e) per owner
    owners = OrderedDict()
    for letter in ("f", "b", "c", "d", "e"):
        for key in per_table.get(letter, {}):
            owners.setdefault(key, None)

    def owner_sum(letter: str, key: str) -> int | None:
        if letter not in per_table:
            return None
        values = per_table[letter].get(key, {}).values()
        return None if any(v is None for v in values) else sum(values)

    if "f" in per_table:
        f_written = {}
        for row in t.f_totale_assegnabili.righe:
            f_written.setdefault(names.ente(row.ente_proprietario, "tabella f) totale assegnabili").key,
                                 row.ente_proprietario)
        for key in owners:
            fs.add(
                "quadratura_f",
                f_written.get(key, names.entes[key].written),
                ente=f_written.get(key, names.entes[key].written),
                f_dichiarato=owner_sum("f", key),
                b=owner_sum("b", key),
                c=owner_sum("c", key),
                d=owner_sum("d", key),
                e=owner_sum("e", key),
            )

    # -- availability per owner and comune (b..e), indigent share --------------------------
    g = t.g_soglia_indigenti_oltre_20
    g_by_comune: dict[str, float] = {}
    if g is not None:
        for row in g.righe:
            ckey = names.comune_key(row.comune, "tabella g) soglia indigenti")
            ente = names.ente(row.ente_proprietario or f"Comune di {row.comune}", "tabella g) soglia indigenti")
            fs.add(
                "soglia_indigenti",
                f"{row.comune} ({ente.written})" if row.ente_proprietario else row.comune,
                comune=row.comune,
                ente=ente.written,
                tipo_ente=ente.tipo,
                quota_percentuale=row.quota_percentuale,
            )
            if ente.tipo == "comune" and ente.comune_key == ckey:
                g_by_comune[ckey] = row.quota_percentuale

    availability = _availability(per_table)
    for (okey, ckey), (units, known, unallocated) in availability.items():
        ente = names.entes[okey]
        comune_name = names.display[ckey] if ckey else None
        share = None
        if g is not None:
            share = g_by_comune.get(ckey, 20.0) if (ente.tipo == "comune" and ente.comune_key == ckey) else 20.0
        subject = f"{ente.written} — {comune_name}" if ckey else f"{ente.written} — comune non indicato"
        fs.add(
            "disponibilita_ente_comune",
            subject,
            ente=ente.written,
            tipo_ente=ente.tipo,
            comune=comune_name,
            unita_anno=units,
            unita_note=known,
            unita_non_ripartite=unallocated,
            quota_indigenti_percentuale=share,
        )

    # -- table i: Forze di Polizia ----------------------------------------------------------
    i = t.i_forze_di_polizia
    if i is not None:
        for row in i.righe:
            ckey = names.comune_key(row.comune, "tabella i) forze di polizia")
            own = availability.get(("comune:" + ckey, ckey))
            # the comune's own units in the year; 0 if it has none in complete tables b) to e)
            own_units = (own[0] if own else 0) if all(x in per_table for x in "bcde") else None
            fs.add(
                "riserva_forze_polizia",
                row.comune,
                comune=row.comune,
                quota_percentuale=row.quota_percentuale,
                unita_anno=own_units,
            )

    # -- other named places -------------------------------------------------------------
    if t.h_categorie_aggiuntive is not None:
        for row in t.h_categorie_aggiuntive.righe:
            names.comune_key(row.comune, "tabella h) categorie aggiuntive")
    if t.j_servizi_abitativi_transitori is not None:
        for row in t.j_servizi_abitativi_transitori.righe:
            names.comune_key(row.comune, "tabella j) servizi abitativi transitori")

    # -- reporting duty (ricognizione) ------------------------------------------------------
    _reporting(fs, plan, names)

    # -- names against ISTAT ------------------------------------------------------------------
    for written, places in names.places.items():
        found = istat.check(written, reference_date)
        fs.add(
            "nome_comune",
            f"«{written}»",
            nome=written,
            esatto=found.exact,
            trovato=found.comune is not None,
            forma_istat=found.comune.denominazione if found.comune else None,
            suggerimento=_suggestion(found),
            vigente=found.valid_on_date if found.comune else None,
            dove=", ".join(places),
        )
    return fs


def _suggestion(found: istat.NameCheck) -> str:
    if found.comune is None:
        return "nessun comune lombardo con un nome abbastanza simile"
    c = found.comune
    if not found.valid_on_date:
        span = []
        if c.valido_dal:
            span.append(f"dal {c.valido_dal.strftime('%d/%m/%Y')}")
        if c.valido_al:
            span.append(f"al {c.valido_al.strftime('%d/%m/%Y')}")
        return f"nessuna: «{c.denominazione}» non esiste alla data di riferimento (esiste {' '.join(span)})"
    return f"«{c.denominazione}»"


def _rows_and_totals(fs: FactSet, names: "_Names", table, label: str, kind: str, columns: tuple[str, ...]) -> None:
    for row in table.righe:
        ente = names.ente(row.ente_proprietario, f"tabella {label}")
        fs.add(kind, row.ente_proprietario, ente=row.ente_proprietario, tipo_ente=ente.tipo,
               **{col: getattr(row, col) for col in columns})
    for col in columns:
        declared = getattr(table.totale, col) if table.totale else None
        _column_total(fs, label, col, declared, [getattr(r, col) for r in table.righe])


def _column_total(fs: FactSet, table: str, column: str, declared: int | None, values: list) -> None:
    if not values and declared is None:  # an empty table with no total: nothing to add up
        return
    missing = sum(1 for v in values if v is None)
    fs.add(
        "totale_colonna",
        f"tabella {table}, colonna {column}",
        tabella=table,
        colonna=column,
        dichiarato=declared,
        somma_righe=None if missing else sum(values),
        righe=len(values),
        righe_senza_dato=missing,
    )


def _availability(per_table: dict) -> "OrderedDict[tuple[str, str | None], tuple[int | None, int | None, int | None]]":
    """Units assignable in the year per (owner, comune) from tables b..e.

    Returns (units, units with a known comune, units without a comune). `units` is None when
    a source table is missing, a row has no figure, or the owner has units with no comune
    (then no comune's figure is complete).
    """
    complete_sources = all(x in per_table for x in "bcde")
    cells: OrderedDict[tuple[str, str | None], int | None] = OrderedDict()
    for letter in "bcde":
        for okey, by_comune in per_table.get(letter, {}).items():
            for ckey, units in by_comune.items():
                prev = cells.get((okey, ckey), 0)
                cells[(okey, ckey)] = None if prev is None or units is None else prev + units
    unallocated: dict[str, int | None] = {}
    for (okey, ckey), units in cells.items():
        if ckey is None:
            unallocated[okey] = units
    out: OrderedDict = OrderedDict()
    for (okey, ckey), units in cells.items():
        loose = unallocated.get(okey, 0)
        complete = complete_sources and units is not None and loose == 0
        out[(okey, ckey)] = (units if complete else None, units, loose)
    return out


def _reporting(fs: FactSet, plan: PianoAnnuale, names: _Names) -> None:
    r = plan.ricognizione
    if r is None:
        fs.add("ente_ricognizione", "piano", ente=None, tipo_ente=None, riscontro=None,
               fonte="il piano non riporta la ricognizione")
        return
    status: OrderedDict[str, tuple[str, str, bool | None, str]] = OrderedDict()
    for written in r.inadempienti:
        ente = names.ente(written, "ricognizione (inadempienti)")
        status[ente.key] = (written, ente.tipo, False, "dichiarato inadempiente nel piano")
    for item in r.enti or []:
        ente = names.ente(item.ente, "ricognizione (enti)")
        if ente.key not in status:
            status[ente.key] = (item.ente, ente.tipo, item.riscontro, "esito riportato nel piano")
    for key, ente in list(names.entes.items()):
        if key not in status and ente.tipo in ("comune", "aler"):
            status[key] = (ente.written, ente.tipo, True, "ha comunicato dati presenti nelle tabelle")
    if r.riscontro_di_tutti_gli_altri_enti is not True and plan.ambito.numero_comuni is not None:
        named = sum(1 for s in status.values() if s[1] == "comune")
        if named < plan.ambito.numero_comuni:
            fs.add(
                "ente_ricognizione",
                f"altri {plan.ambito.numero_comuni - named} comuni dell'ambito",
                ente=None, tipo_ente="comune", riscontro=None,
                fonte="il piano non dice se gli altri comuni hanno dato riscontro",
            )
    for written, tipo, riscontro, fonte in status.values():
        fs.add("ente_ricognizione", written, ente=written, tipo_ente=tipo, riscontro=riscontro, fonte=fonte)
