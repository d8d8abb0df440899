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
from fractions import Fraction

from compliance import deadlines
from compliance.facts.schema import KINDS
from compliance.model.plan import PianoAnnuale, PianoTriennale, TabellaUnita
from compliance.registry import istat

# R.R. 2/2025 (in force from 11 March 2025, inferred): Polizia Locale reserve (art. 7 ter),
# owners' category reserves (art. 4 c. 3 lett. c bis), reserves rounded half up (art. 15 c. 1 ter).
RR_2_2025 = datetime.date(2025, 3, 11)
FIRST_PLAN_START = datetime.date(2018, 2, 8)  # R.R. 4/2017 in force; first plan within 60 days (S1)

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


def _approved_by_assembly(plan) -> bool | None:
    organo = plan.approvazione.organo
    if organo is None:
        return None
    if re.search(r"assemblea", organo, re.IGNORECASE):
        return True
    # Milano: the Comune di Milano approves, after hearing ALER (R.R. 4/2017 art. 3 c. 3, 2019)
    return bool(re.search(r"\bmilano\b", plan.ambito.denominazione, re.IGNORECASE)
                and re.search(r"comune\s+di\s+milano", organo, re.IGNORECASE))


def _date(d: datetime.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "?"


def build_facts(plan: PianoAnnuale | PianoTriennale, reference_date: datetime.date | None,
                proroghe: tuple | None = None) -> FactSet:
    """The facts of a plan. `proroghe` defaults to the extensions in rules/proroghe.yaml."""
    if proroghe is None:
        proroghe = deadlines.default_proroghe()
    if isinstance(plan, PianoTriennale):
        return _build_triennale(plan, reference_date, proroghe)
    fs = FactSet(reference_date=reference_date)
    names = _Names(reference_date)
    t = plan.tabelle

    # -- piano --------------------------------------------------------------------------
    if plan.anno == 2018:  # first plan: within 60 days of 8 February 2018
        nominal = FIRST_PLAN_START + datetime.timedelta(days=60)
    else:
        nominal = datetime.date(plan.anno - 1, 12, 31)
    due = deadlines.deadline(nominal, "approvazione_piano_annuale", plan.anno, proroghe)
    avvisi = plan.avvisi
    after = sorted(a.data for a in avvisi or [] if reference_date is None or a.data >= reference_date)
    avviso_due = (deadlines.deadline(reference_date + datetime.timedelta(days=30), "avviso", plan.anno)
                  if reference_date else None)
    fs.add(
        "piano",
        "piano",
        anno=plan.anno,
        data_approvazione=reference_date,
        fine_anno_precedente=datetime.date(plan.anno - 1, 12, 31),
        organo_approvazione=plan.approvazione.organo,
        numero_comuni_ambito=plan.ambito.numero_comuni,
        comuni_elencati=None if plan.ambito.comuni is None else len(set(plan.ambito.comuni)),
        scadenza_approvazione=due.effective,
        base_scadenza=(
            ("60 giorni dall'entrata in vigore del R.R. 4/2017 (8/2/2018)" if plan.anno == 2018
             else f"31 dicembre {plan.anno - 1}")
            + (f"; {due.basis()}" if due.basis() else "")
        ),
        approvato_da_assemblea=_approved_by_assembly(plan),
        comune_capofila=plan.ambito.comune_capofila,
        aler_nel_piano=(None if t.a_consistenza_patrimonio is None else any(
            _ALER.match(r.ente_proprietario) for r in t.a_consistenza_patrimonio.righe)),
        avvisi=None if avvisi is None else len(avvisi),
        avvisi_nell_anno=None if avvisi is None else sum(1 for a in avvisi if a.data.year == plan.anno),
        primo_avviso=after[0] if after else None,
        scadenza_primo_avviso=avviso_due.effective if avviso_due else None,
        base_scadenza_avviso=(
            f"30 giorni dall'approvazione del {_date(reference_date)}"
            + (f"; {avviso_due.basis()}" if avviso_due and avviso_due.basis() else "")
        ),
    )
    _contents(fs, plan)

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
            if ente.tipo == "comune" and ente.comune_key == ckey:  # two different shares: ambiguous
                same = g_by_comune.get(ckey, row.quota_percentuale) == row.quota_percentuale
                g_by_comune[ckey] = row.quota_percentuale if same else None

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

    complete = all(x in per_table for x in "bcde")

    def own_units(ckey: str) -> int | None:
        """A comune's own units in its territory; 0 if it has none in complete tables b) to e)."""
        own = availability.get(("comune:" + ckey, ckey))
        return (own[0] if own else 0) if complete else None

    # -- table i: Forze di Polizia (art. 7 bis) and, from 2025, Polizia Locale (art. 7 ter) ----
    i = t.i_forze_di_polizia
    police: dict[str, tuple[float, float | None]] = {}
    notices: dict[str, datetime.date | None] = {}
    for n in plan.notifiche_prefettura or []:
        written = n.ente_proprietario
        ente = names.ente(written if _COMUNE_DI.match(written) or _ALER.match(written) else f"Comune di {written}",
                          "notifiche alla Prefettura")
        key = ente.comune_key or ente.key
        if key not in notices or (n.data and (notices[key] is None or n.data < notices[key])):
            notices[key] = n.data
    if i is not None:
        for row in i.righe:
            ckey = names.comune_key(row.comune, "tabella i) forze di polizia")
            _agreed(police, ckey, (row.quota_percentuale, row.quota_polizia_locale), (None, None))
            known = plan.notifiche_prefettura is not None
            when = notices.get(ckey)
            fs.add(
                "riserva_forze_polizia",
                row.comune,
                comune=row.comune,
                quota_percentuale=row.quota_percentuale,
                quota_polizia_locale=row.quota_polizia_locale,
                unita_anno=own_units(ckey),
                notifiche_note=known,
                notificata=(ckey in notices) if known else None,
                data_notifica=when,
                data_approvazione=reference_date,
                scadenza_notifica=(deadlines.next_working_day(reference_date + datetime.timedelta(days=30))
                                   if reference_date else None),
            )

    # -- owners' category reserves (art. 4 c. 3 lett. c bis, from 2025) -----------------------
    rc = t.riserve_categorie
    cat_share: dict[str, float] = {}
    if rc is not None:
        for row in rc.righe:
            ente = names.ente(row.ente_proprietario, "riserve per categorie")
            _agreed(cat_share, ente.key, row.quota_percentuale)
            fs.add(
                "riserva_categorie",
                row.ente_proprietario,
                ente=row.ente_proprietario,
                tipo_ente=ente.tipo,
                quota_percentuale=row.quota_percentuale,
                categorie=", ".join(row.categorie) or None,
                unita_anno=_owner_total(availability, ente.key, complete),
            )

    # -- table h: further categories, with reasons (art. 4 c. 3 lett. d) -------------------
    if t.h_categorie_aggiuntive is not None:
        for row in t.h_categorie_aggiuntive.righe:
            names.comune_key(row.comune, "tabella h) categorie aggiuntive")
            reason = (row.motivazione or "").strip() or None
            fs.add("categoria_aggiuntiva", f"{row.comune}: {row.categoria}", comune=row.comune,
                   categoria=row.categoria, motivazione=reason, motivata=reason is not None)

    # -- table j: servizi abitativi transitori -------------------------------------------------
    if t.j_servizi_abitativi_transitori is not None:
        sap_by_comune = {}
        if t.a_consistenza_patrimonio is not None:
            for row in t.a_consistenza_patrimonio.righe:
                ente = names.ente(row.ente_proprietario, "tabella a) consistenza del patrimonio")
                if ente.comune_key:
                    _agreed(sap_by_comune, ente.comune_key, row.alloggi_sap)
        for row in t.j_servizi_abitativi_transitori.righe:
            ckey = names.comune_key(row.comune, "tabella j) servizi abitativi transitori")
            fs.add("servizi_transitori", row.comune, comune=row.comune, unita_sat=row.unita_immobiliari,
                   unita_anno=own_units(ckey), alloggi_sap=sap_by_comune.get(ckey))

    # -- table e: conferred units and their conventions (L.R. art. 23 c. 2) -----------------
    if t.e_conferite_da_privati is not None:
        for row in t.e_conferite_da_privati.righe:
            if not row.unita_immobiliari:
                continue
            conv = row.convenzione
            start = conv.data_inizio if conv else None
            fs.add(
                "unita_conferite",
                f"{row.ente_proprietario} — {row.comune or 'comune non indicato'}",
                ente=row.ente_proprietario, comune=row.comune, unita=row.unita_immobiliari,
                data_inizio=start, data_fine=conv.data_fine if conv else None,
                fine_minima=_add_years(start, 8) if start else None,
                rinnovo=conv.rinnovo if conv else None,
            )

    # -- what the plan means in units, per owner and comune ---------------------------------
    _breakdown(fs, plan, names, availability, police, cat_share, reference_date)

    # -- reporting duty (ricognizione) ------------------------------------------------------
    _reporting(fs, plan, names, proroghe)

    _name_facts(fs, names, reference_date, plan.ambito.comuni)
    return fs


def _name_facts(fs: FactSet, names: "_Names", reference_date, members: list[str] | None = None) -> None:
    member_keys = None
    if members is not None:
        member_keys = set()
        for nome in members:
            found = istat.check(nome, reference_date)
            member_keys.add(found.comune.key if found.comune else "nome:" + istat.normalise(nome))
    for written, places in names.places.items():
        found = istat.check(written, reference_date)
        key = found.comune.key if found.comune else "nome:" + istat.normalise(written)
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
            nell_ambito=None if member_keys is None else key in member_keys,
            elenco_ambito=member_keys is not None,
        )


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


def _reporting(fs: FactSet, plan: PianoAnnuale, names: _Names, proroghe: tuple = ()) -> None:
    r = plan.ricognizione
    due = deadlines.deadline(datetime.date(plan.anno - 1, 10, 31), "obbligo_informativo", plan.anno, proroghe).effective
    if r is None:
        fs.add("ente_ricognizione", "piano", ente=None, tipo_ente=None, riscontro=None,
               fonte="il piano non riporta la ricognizione", scadenza_riscontro=due)
        return
    status: OrderedDict[str, tuple[str, str, bool | None, str, datetime.date | None]] = OrderedDict()
    dates = {}
    for item in r.enti or []:  # one ente listed twice with two dates: the date is unknown
        key = names.ente(item.ente, "ricognizione (enti)").key
        dates[key] = item.data_riscontro if dates.get(key, item.data_riscontro) == item.data_riscontro else None
    for written in r.inadempienti:
        ente = names.ente(written, "ricognizione (inadempienti)")
        status[ente.key] = (written, ente.tipo, False, "dichiarato inadempiente nel piano", dates.get(ente.key))
    from_enti = set()
    for item in r.enti or []:
        ente = names.ente(item.ente, "ricognizione (enti)")
        if ente.key not in status:
            from_enti.add(ente.key)
            status[ente.key] = (item.ente, ente.tipo, item.riscontro, "esito riportato nel piano", dates.get(ente.key))
        elif ente.key in from_enti and status[ente.key][2] != item.riscontro:  # listed twice, two outcomes
            status[ente.key] = (status[ente.key][0], ente.tipo, None, "esiti discordanti nel piano", dates.get(ente.key))
    for key, ente in list(names.entes.items()):
        if key not in status and ente.tipo in ("comune", "aler"):
            status[key] = (ente.written, ente.tipo, True, "ha comunicato dati presenti nelle tabelle", dates.get(key))
    if r.riscontro_di_tutti_gli_altri_enti is not True and plan.ambito.numero_comuni is not None:
        named = sum(1 for s in status.values() if s[1] == "comune")
        if named < plan.ambito.numero_comuni:
            fs.add(
                "ente_ricognizione",
                f"altri {plan.ambito.numero_comuni - named} comuni dell'ambito",
                ente=None, tipo_ente="comune", riscontro=None,
                fonte="il piano non dice se gli altri comuni hanno dato riscontro",
                scadenza_riscontro=due,
            )
    for written, tipo, riscontro, fonte, when in status.values():
        fs.add("ente_ricognizione", written, ente=written, tipo_ente=tipo, riscontro=riscontro, fonte=fonte,
               data_riscontro=when, scadenza_riscontro=due)


def _agreed(store: dict, key, value, ambiguous=None) -> None:
    """Record `value` for `key`; rows giving one key two different values are ambiguous (the
    figure becomes unknown, never the first or the last row's: a verdict must not depend on
    row order)."""
    store[key] = value if store.get(key, value) == value else ambiguous


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _owner_total(availability, okey: str, complete: bool) -> int | None:
    """An owner's units in the year over all comuni (including units with no comune)."""
    if not complete:
        return None
    total = 0
    found = False
    for (o, _), (_, known, _) in availability.items():
        if o == okey:
            found = True
            if known is None:
                return None
            total += known
    return total if found else 0


def _pct(value: float) -> Fraction:
    return Fraction(str(value))


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _half_up(x: Fraction) -> int:
    return int((x + Fraction(1, 2)).__floor__())


def _breakdown(fs: FactSet, plan: PianoAnnuale, names: "_Names", availability, police, cat_share,
               day: datetime.date | None) -> None:
    """One `ripartizione_unita` fact per owner and comune: indigent share, reserves, the rest.

    Readings applied (stated in the rules that use these facts):
    * indigent households: the 20% (or the comune's higher share on its own stock, table g),
      rounded up (art. 13 c. 3);
    * Forze di Polizia and VVF: the share of table i applies to the comune's own units in its
      territory, rounded up (art. 7 bis c. 1); other owners' units: no reserve stated (0);
    * from R.R. 2/2025: Polizia Locale (art. 7 ter, table i) and the owner's category reserve
      (lett. c bis) rounded half up (art. 15 c. 1 ter); before it, these reserves do not exist (0).
    """
    t = plan.tabelle
    new_text = day is not None and day >= RR_2_2025
    g = t.g_soglia_indigenti_oltre_20
    g_share = {}
    if g is not None:
        for row in g.righe:
            ckey = names.comune_key(row.comune, "tabella g) soglia indigenti")
            ente = names.ente(row.ente_proprietario or f"Comune di {row.comune}", "tabella g) soglia indigenti")
            if ente.tipo == "comune" and ente.comune_key == ckey:
                _agreed(g_share, ckey, row.quota_percentuale)
    rounding = "indigenti e art. 7 bis per eccesso"
    if new_text:
        rounding += "; art. 7 ter e lett. c bis all'unità più vicina (0,5 per eccesso, art. 15 c. 1 ter)"
    for (okey, ckey), (units, _, _) in availability.items():
        ente = names.entes[okey]
        own = ente.tipo == "comune" and ente.comune_key == ckey
        comune_name = names.display[ckey] if ckey else None
        # indigent share
        share = None if g is None else (g_share.get(ckey, 20.0) if own else 20.0)
        # police (7 bis) and local police (7 ter)
        if not own:
            fdp_share, pl_share = 0.0, 0.0
        elif t.i_forze_di_polizia is None:
            fdp_share, pl_share = None, None
        else:
            fdp_share, pl_share = police.get(ckey, (0.0, 0.0))
            if pl_share is None and ckey not in police:
                pl_share = 0.0
        if not new_text:
            pl_share = 0.0
        # owner's category reserve (c bis)
        if not new_text:
            cat = 0.0
        elif t.riserve_categorie is None:
            cat = None
        else:
            cat = cat_share.get(okey, 0.0)

        def part(p, rounder):
            if units is None or p is None:
                return None
            return rounder(_pct(p) * units / 100)

        indig = part(share, _ceil)
        fdp = part(fdp_share, _ceil)
        pl = part(pl_share, _half_up)
        cats = part(cat, _half_up)
        reserves = None if None in (fdp, pl, cats) else fdp + pl + cats
        left = None if reserves is None or indig is None else units - indig - reserves
        subject = f"{ente.written} — {comune_name}" if ckey else f"{ente.written} — comune non indicato"
        fs.add(
            "ripartizione_unita", subject,
            ente=ente.written, tipo_ente=ente.tipo, comune=comune_name, unita_anno=units,
            quota_indigenti=share, indigenti=indig, forze_polizia=fdp, polizia_locale=pl,
            categorie=cats, riserve=reserves, graduatoria=left, arrotondamenti=rounding,
        )


_CONTENT_ITEMS = (
    ("a", "consistenza aggiornata del patrimonio SAP e SAS", "tabelle.a_consistenza_patrimonio"),
    ("b", "unità assegnabili nell'anno, per provenienza", "tabelle da b a e"),
    ("e", "unità destinate ai servizi abitativi transitori", "tabelle.j_servizi_abitativi_transitori"),
    ("f", "misure per l'accesso e il mantenimento dell'abitazione (titolo V L.R. 16/2016)", "misure_sostegno"),
    ("g", "unità assegnate nell'anno precedente", "tabelle.k_assegnate_anno_precedente"),
)


def _contents(fs: FactSet, plan: PianoAnnuale) -> None:
    t = plan.tabelle
    present = {
        "a": None if t.a_consistenza_patrimonio is None else True,
        "b": None if any(getattr(t, a) is None for _, a, _ in UNIT_TABLES[:4]) else True,
        "e": None if t.j_servizi_abitativi_transitori is None else True,
        "f": None if plan.misure_sostegno is None else bool(plan.misure_sostegno),
        "g": None if t.k_assegnate_anno_precedente is None else True,
    }
    for letter, what, where in _CONTENT_ITEMS:
        fs.add("contenuto_piano", f"voce {letter}): {what}", voce=letter, descrizione=what,
               presente=present[letter], dove=where)


_TRIENNIAL_ITEMS = (
    ("a", "a_quadro_conoscitivo", "quadro conoscitivo del territorio"),
    ("b", "b_quadro_ricognitivo_programmatorio", "quadro ricognitivo e programmatorio dell'offerta abitativa"),
    ("c", "c_fabbisogno_abitativo_primario", "fabbisogno abitativo primario da soddisfare"),
    ("d", "d_consistenza_e_unita_disponibili", "consistenza del patrimonio e unità disponibili nel triennio"),
    ("e", "e_strategie_e_obiettivi", "strategie e obiettivi di sviluppo dell'offerta"),
    ("f", "f_linee_azione_disagio_emergenza", "linee d'azione contro il disagio e l'emergenza abitativa"),
    ("g", "g_linee_azione_accesso_mantenimento", "linee d'azione per l'accesso e il mantenimento dell'abitazione"),
)


def _build_triennale(plan: PianoTriennale, day: datetime.date | None, proroghe: tuple) -> FactSet:
    fs = FactSet(reference_date=day)
    names = _Names(day)
    start, end = plan.periodo.dal, plan.periodo.al
    applicable = [p for p in proroghe if p.applies("approvazione_piano_triennale", start)]
    due = deadlines.deadline(datetime.date(start - 1, 12, 31), "approvazione_piano_triennale", start,
                             tuple(applicable)) if applicable else None
    rows = plan.dati.unita_disponibili_triennio
    units = None
    if rows is not None:
        values = [(r.unita_avvicendamento, r.unita_nuova_edificazione) for r in rows]
        units = None if any(v is None for pair in values for v in pair) else sum(a + b for a, b in values)
    fs.add(
        "piano_triennale", "piano triennale",
        anno_inizio=start, anno_fine=end, anni=end - start + 1, data_approvazione=day,
        scadenza_approvazione=due.effective if due else None,
        base_scadenza=due.basis() if due else (
            "nessun termine noto per questo triennio: il termine originario e quelli dei trienni "
            "successivi al primo non sono stati trovati (questione aperta Q7)"),
        approvato_da_assemblea=_approved_by_assembly(plan),
        unita_triennio=units,
    )
    for letter, attr, what in _TRIENNIAL_ITEMS:
        item = getattr(plan.contenuti, attr)
        fs.add("contenuto_triennale", f"voce {letter}): {what}", voce=letter, descrizione=what,
               presente=item.presente if item else None,
               dove=(item.riferimento if item and item.riferimento else f"contenuti.{attr}"))
    if plan.ambito.comune_capofila:
        names.comune_key(plan.ambito.comune_capofila, "ambito (comune capofila)")
    for nome in plan.ambito.comuni or []:
        names.comune_key(nome, "ambito (elenco dei comuni)")
    _name_facts(fs, names, day, plan.ambito.comuni)
    return fs
