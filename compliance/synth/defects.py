"""The catalogue of defects the generator can plant, each naming the rule it must trigger.

A defect kind changes a clean plan (or, for rules across plans, one plan of a series) so that
exactly the findings it lists are expected: the change keeps every other figure consistent
(a row total changed with its column total, the stock jump larger than the rule's threshold
and only in the last year, ...). `tests/test_synth_catalogue.py` fails when a rule of the rule
book has no defect kind here.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Callable

from compliance.facts.unit_tables import UNIT_TABLES
from compliance.law import default_law
from compliance.registry import istat
from compliance.synth.plans import AmbitoSeries, comuni_in_tables

Key = tuple[int, int]  # (position of the ambito in the generated set, year)


@dataclass
class World:
    """The generated set while defects are planted."""

    series: list[AmbitoSeries]
    years: list[int]
    plans: dict[Key, dict]
    files: dict[Key, str]
    rng: random.Random
    in_force: Callable[[str, datetime.date], bool]
    reserved: set[Key] = field(default_factory=set)  # plans already changed (or read) by a defect
    members_reserved: set[int] = field(default_factory=set)  # ambiti whose comuni list a defect changed
    used_comuni: set[tuple[int, str]] = field(default_factory=set)

    def expected(self, rule_id: str, subject: str, key: Key, outcome: str = "non_conforme") -> dict:
        return {"rule_id": rule_id, "subject": subject, "plan": self.files[key], "outcome": outcome}

    def day(self, key: Key) -> datetime.date:
        return self.plans[key]["approvazione"]["data"]

    def ambito(self, key: Key) -> str:
        return self.plans[key]["ambito"]["denominazione"]


@dataclass(frozen=True)
class DefectKind:
    name: str
    rule_id: str
    description: str
    plant: Callable[[World, Key], list[dict] | None]  # expected findings, or None if not applicable here
    touches: Callable[[World, Key], list[Key]] = lambda w, k: [k]


def _tab(plan: dict, name: str) -> dict:
    return plan["tabelle"][name]


# ---- single-plan defects ----------------------------------------------------------------------

def _row_total_a(w: World, key: Key):
    a = _tab(w.plans[key], "a_consistenza_patrimonio")
    row = w.rng.choice(a["righe"])
    d = w.rng.randint(1, 3)
    row["totale_unita_immobiliari"] += d
    a["totale"]["totale_unita_immobiliari"] += d  # the column still adds up: only the row is wrong
    return [w.expected("RR4-A4-C3A-TOTALE-RIGA", row["ente_proprietario"], key)]


_UNIT_LABELS = {attr: label for _, attr, label in UNIT_TABLES}


def _column_total(w: World, key: Key):
    tables = w.plans[key]["tabelle"]
    choice = w.rng.choice(["a", "k"] + list(_UNIT_LABELS))
    d = w.rng.choice([-2, -1, 1, 2, 3])
    if choice == "a":
        col = w.rng.choice(["totale_unita_immobiliari", "alloggi_sap"])
        tables["a_consistenza_patrimonio"]["totale"][col] += d
        label = "a) consistenza del patrimonio"
    elif choice == "k":
        col = "alloggi_sap_assegnati"
        tot = tables["k_assegnate_anno_precedente"]["totale"]
        if tot[col] + d < 0:
            return None
        tot[col] += d
        label = "k) assegnate nell'anno precedente"
    else:
        col, table = "unita_immobiliari", tables[choice]
        if table["totale"] + d < 0:
            return None
        table["totale"] += d
        label = _UNIT_LABELS[choice]
    return [w.expected("RR4-A4-C3-TOTALI-COLONNA", f"tabella {label}, colonna {col}", key)]


def _f_not_sum(w: World, key: Key):
    f = _tab(w.plans[key], "f_totale_assegnabili")
    row = w.rng.choice(f["righe"])
    d = w.rng.randint(1, 3)
    row["unita_immobiliari"] += d
    f["totale"] += d
    return [w.expected("RR4-A4-C3B-TOTALE-ASSEGNABILI", row["ente_proprietario"], key)]


def _row_total_k(w: World, key: Key):
    k = _tab(w.plans[key], "k_assegnate_anno_precedente")
    row = w.rng.choice(k["righe"])
    row["totale_alloggi_assegnati"] += 1
    k["totale"]["totale_alloggi_assegnati"] += 1
    return [w.expected("RR4-A4-C3G-ASSEGNATE-TOTALE-RIGA", row["ente_proprietario"], key)]


def _silent_comune(w: World, key: Key) -> str | None:
    plan = w.plans[key]
    busy = comuni_in_tables(plan) | {plan["ambito"]["comune_capofila"]}
    free = [c for c in plan["ambito"]["comuni"] if c not in busy and (key[1], c) not in w.used_comuni]
    return w.rng.choice(free) if free else None


def _non_reporting(w: World, key: Key):
    comune = _silent_comune(w, key)
    if comune is None:
        return None
    w.used_comuni.add((key[1], comune))
    w.plans[key]["ricognizione"]["inadempienti"].append(f"Comune di {comune}")
    return [w.expected("RR4-A5-C1-OBBLIGO-INFORMATIVO", f"Comune di {comune}", key)]


def _approved_late(w: World, key: Key):
    plan = w.plans[key]
    day = datetime.date(plan["anno"], 1, w.rng.randint(8, 31))
    if not w.in_force("RR4-A4-APPROVAZIONE-31-DICEMBRE", day):
        return None
    plan["approvazione"]["data"] = day
    plan["approvazione"]["atto"] = f"Deliberazione dell'Assemblea dei Sindaci n. 1 del {day.strftime('%d/%m/%Y')}"
    # what follows the approval moves with it: the first call, the notices to the Prefettura
    if plan.get("avvisi"):
        plan["avvisi"][0]["data"] = day + datetime.timedelta(days=10)
    for notice in plan.get("notifiche_prefettura") or []:
        notice["data"] = day + datetime.timedelta(days=5)
    return [w.expected("RR4-A4-APPROVAZIONE-31-DICEMBRE", "piano", key)]


def _police_over_10(w: World, key: Key):
    if not w.in_force("RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA", w.day(key)):
        return None
    rows = _tab(w.plans[key], "i_forze_di_polizia")["righe"]
    quota = w.rng.choice([12, 15, 20, 10.5])
    if rows:
        row = w.rng.choice(rows)
        row["quota_percentuale"] = quota
        if "quota_polizia_locale" in row:
            row["quota_polizia_locale"] = 0  # only the 7 bis share is wrong, not the combined 20%
    else:
        row = {"comune": w.plans[key]["ambito"]["comune_capofila"], "quota_percentuale": quota}
        if _new_text(w, key):
            row["quota_polizia_locale"] = 0
        rows.append(row)
        notices = w.plans[key].setdefault("notifiche_prefettura", [])
        notices.append({"ente_proprietario": f"Comune di {row['comune']}",
                        "data": w.day(key) + datetime.timedelta(days=5)})  # notified: only the share is wrong
    return [w.expected("RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA", row["comune"], key)]


def _own_units_comuni(plan: dict) -> list[str]:
    out = []
    for row in _tab(plan, "f_totale_assegnabili")["righe"]:
        if row["ente_proprietario"] == f"Comune di {row['comune']}" and row["comune"] not in out:
            out.append(row["comune"])
    return out


def _indigent_below_20(w: World, key: Key):
    g = _tab(w.plans[key], "g_soglia_indigenti_oltre_20")["righe"]
    taken = {r["comune"] for r in g}
    cands = [c for c in _own_units_comuni(w.plans[key]) if c not in taken]
    if not cands:
        return None
    comune = w.rng.choice(cands)
    g.append({"comune": comune, "quota_percentuale": w.rng.choice([10, 15, 18])})
    return [w.expected("RR4-A13-C3-QUOTA-INDIGENTI", f"Comune di {comune} — {comune}", key)]


def _aler_above_20(w: World, key: Key):
    plan = w.plans[key]
    g = _tab(plan, "g_soglia_indigenti_oltre_20")["righe"]
    aler = plan["ambito"]["aler_competente"]
    places = [r["comune"] for r in _tab(plan, "f_totale_assegnabili")["righe"] if r["ente_proprietario"] == aler]
    comune = w.rng.choice(places)
    g.append({"comune": comune, "quota_percentuale": w.rng.choice([25, 30, 40]), "ente_proprietario": aler})
    return [w.expected("RR4-A13-C3-SOGLIA-SOLO-COMUNALE", f"{comune} ({aler})", key)]


def misspell(name: str, day: datetime.date, rng: random.Random) -> str | None:
    """A slip in a comune's name that the registry still recognises as that comune."""
    target = istat.check(name, day).comune
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and ch.lower() not in "aeiou"]
    rng.shuffle(letters)
    for i in letters[:6]:
        for slip in (name[:i] + name[i] + name[i:], name[:i] + name[i + 1:]):  # doubled or dropped
            found = istat.check(slip, day)
            if not found.exact and found.comune is not None and target is not None and found.comune.key == target.key:
                return slip
    return None


def _misspelt_name(w: World, key: Key):
    plan = w.plans[key]
    comuni = plan["ambito"]["comuni"]
    cands = [c for c in comuni[1:] if (key[1], c) not in w.used_comuni]
    w.rng.shuffle(cands)
    for comune in cands:
        slip = misspell(comune, w.day(key), w.rng)
        if slip:
            w.used_comuni.update({(key[1], comune), (key[1], slip)})
            comuni[comuni.index(comune)] = slip
            return [w.expected("DATI-NOMI-COMUNI-ISTAT", f"«{slip}»", key)]
    return None


def _one_call_only(w: World, key: Key):
    plan = w.plans[key]
    plan["avvisi"] = plan["avvisi"][:1]
    return [w.expected("RR4-A8-DUE-AVVISI-ANNO", "piano", key)]


def _late_call(w: World, key: Key):
    plan = w.plans[key]
    first = plan["approvazione"]["data"] + datetime.timedelta(days=w.rng.randint(45, 60))
    plan["avvisi"][0]["data"] = first
    return [w.expected("RR4-A8-AVVISO-30-GIORNI", "piano", key)]


def _no_support_measures(w: World, key: Key):
    w.plans[key]["misure_sostegno"] = []
    return [w.expected("RR4-A4-C3-CONTENUTO-F-MISURE",
                       "piano", key)]


def _police_not_notified(w: World, key: Key):
    plan = w.plans[key]
    if not w.in_force("RR4-A7BIS-C2-NOTIFICA-PREFETTURA", w.day(key)) or not plan["notifiche_prefettura"]:
        return None
    dropped = plan["notifiche_prefettura"].pop(w.rng.randrange(len(plan["notifiche_prefettura"])))
    return [w.expected("RR4-A7BIS-C2-NOTIFICA-PREFETTURA", dropped["ente_proprietario"][len("Comune di "):], key)]


def _late_survey_answer(w: World, key: Key):
    enti = w.plans[key]["ricognizione"]["enti"]
    ente = w.rng.choice(enti)
    ente["data_riscontro"] = datetime.date(key[1] - 1, 11, w.rng.randint(15, 28))
    return [w.expected("RR4-A5-C1-RISCONTRO-31-OTTOBRE", ente["ente"], key)]


def _wrong_number_of_comuni(w: World, key: Key):
    w.plans[key]["ambito"]["numero_comuni"] += w.rng.choice([-1, 1, 2])
    return [w.expected("RR4-A2-C1-COMUNI-DELL-AMBITO", "piano", key)]


def _not_approved_by_assembly(w: World, key: Key):
    w.plans[key]["approvazione"]["organo"] = "Giunta comunale del Comune capofila"
    return [w.expected("RR4-A3-C3-APPROVAZIONE-ASSEMBLEA", "piano", key)]


def _own_units(plan: dict) -> dict[str, int]:
    """Comune -> the comune's own units in its territory in the year (table f)."""
    out: dict[str, int] = {}
    for row in _tab(plan, "f_totale_assegnabili")["righe"]:
        if row["ente_proprietario"] == f"Comune di {row['comune']}":
            out[row["comune"]] = out.get(row["comune"], 0) + row["unita_immobiliari"]
    return out


def _new_text(w: World, key: Key) -> bool:
    return default_law().value("arrotondamento_polizia_locale", w.day(key)) != "non_prevista"


def _combined_over_20(w: World, key: Key):
    if not w.in_force("RR4-A4-C3-DBIS-RISERVA-COMPLESSIVA", w.day(key)):
        return None
    own = _own_units(w.plans[key])
    roomy = [c for c in sorted(own) if own[c] >= 10]
    if not roomy:
        return None
    row = _police_row(w, key, w.rng.choice(roomy), 10)
    row["quota_polizia_locale"] = 15  # 10% + 15% above the combined 20%
    return [w.expected("RR4-A4-C3-DBIS-RISERVA-COMPLESSIVA", row["comune"], key)]


def _category_reserve_over_20(w: World, key: Key):
    if not w.in_force("RR4-A4-C3-CBIS-RISERVA-CATEGORIE", w.day(key)):
        return None
    plan = w.plans[key]
    owner = plan["ambito"]["aler_competente"]
    rows = plan["tabelle"].setdefault("riserve_categorie", {"righe": []})["righe"]
    rows[:] = [r for r in rows if r["ente_proprietario"] != owner]
    rows.append({"ente_proprietario": owner, "quota_percentuale": 22, "categorie": ["Anziani", "Giovani coppie"]})
    return [w.expected("RR4-A4-C3-CBIS-RISERVA-CATEGORIE", owner, key)]


def _police_row(w: World, key: Key, comune: str, quota: float) -> dict:
    """The comune's row of table i) (added, and notified to the Prefettura, if missing)."""
    plan = w.plans[key]
    rows = _tab(plan, "i_forze_di_polizia")["righe"]
    for row in rows:
        if row["comune"] == comune:
            row["quota_percentuale"] = quota
            return row
    row = {"comune": comune, "quota_percentuale": quota}
    if _new_text(w, key):
        row["quota_polizia_locale"] = 0
    rows.append(row)
    plan.setdefault("notifiche_prefettura", []).append(
        {"ente_proprietario": f"Comune di {comune}", "data": w.day(key) + datetime.timedelta(days=5)})
    return row


def _sat_over_10(w: World, key: Key):
    plan = w.plans[key]
    own = _own_units(plan)
    rows = _tab(plan, "j_servizi_abitativi_transitori")["righe"]
    cands = [c for c in own if own[c] >= 1]
    if not cands:
        return None
    comune = w.rng.choice(cands)
    sat = own[comune] // 10 + 1  # more than 10% of the comune's units in the year
    for row in rows:
        if row["comune"] == comune:
            row["unita_immobiliari"] = sat
            break
    else:
        rows.append({"comune": comune, "unita_immobiliari": sat})
    return [w.expected("LR16-A23-C13-SAT-10", comune, key)]


def _conferred_row(w: World, key: Key) -> dict:
    """A row of table e) (one unit of the capofila's own stock added, with f) and totals, if none)."""
    plan = w.plans[key]
    e = _tab(plan, "e_conferite_da_privati")
    if e["righe"]:
        return w.rng.choice(e["righe"])
    capofila = plan["ambito"]["comune_capofila"]
    owner = f"Comune di {capofila}"
    start = datetime.date(plan["anno"] - 2, 1, 1)
    row = {"ente_proprietario": owner, "unita_immobiliari": 1, "comune": capofila,
           "convenzione": {"data_inizio": start, "data_fine": datetime.date(plan["anno"] + 7, 12, 31),
                           "rinnovo": "espresso", "estremi": "Convenzione con un privato"}}
    e["righe"].append(row)
    e["totale"] += 1
    f = _tab(plan, "f_totale_assegnabili")
    for frow in f["righe"]:
        if frow["ente_proprietario"] == owner and frow["comune"] == capofila:
            frow["unita_immobiliari"] += 1
            break
    else:
        f["righe"].append({"ente_proprietario": owner, "unita_immobiliari": 1, "comune": capofila})
    f["totale"] += 1
    return row


def _short_convention(w: World, key: Key):
    row = _conferred_row(w, key)
    start = row["convenzione"]["data_inizio"]
    row["convenzione"]["data_fine"] = datetime.date(start.year + 5, start.month, start.day)
    return [w.expected("LR16-A23-C2-CONVENZIONE-8-ANNI", f"{row['ente_proprietario']} — {row['comune']}", key)]


def _tacit_renewal(w: World, key: Key):
    row = _conferred_row(w, key)
    row["convenzione"]["rinnovo"] = "tacito"
    return [w.expected("LR16-A23-C2-RINNOVO-ESPRESSO", f"{row['ente_proprietario']} — {row['comune']}", key)]


def _g_share(plan: dict, comune: str, quota: float) -> None:
    g = _tab(plan, "g_soglia_indigenti_oltre_20")["righe"]
    g[:] = [r for r in g if r["comune"] != comune]
    g.append({"comune": comune, "quota_percentuale": quota})


def _reserves_exceed(w: World, key: Key):
    plan = w.plans[key]
    own = _own_units(plan)
    if not own:
        return None
    comune = w.rng.choice(sorted(own))
    _g_share(plan, comune, 100)  # every unit to indigent households ...
    _police_row(w, key, comune, 10)  # ... and a police reserve on top
    return [w.expected("RR4-A15-C1-RISERVE-ECCEDENTI", f"Comune di {comune} — {comune}", key)]


def _nothing_left_to_rank(w: World, key: Key):
    plan = w.plans[key]
    own = _own_units(plan)
    cands = [c for c in sorted(own) if own[c] in (2, 4, 5, 8, 10)]
    if not cands:
        return None
    comune = w.rng.choice(cands)
    u = own[comune]
    _g_share(plan, comune, 100 * (u - 1) / u)  # indigent share of u - 1 units, police 1 unit: none left
    _police_row(w, key, comune, 10)
    return [w.expected("RR4-A15-C1-RISERVE-NULLA-GRADUATORIA", f"Comune di {comune} — {comune}", key)]


def _comune_outside(w: World, key: Key):
    plan = w.plans[key]
    mine = set(plan["ambito"]["comuni"])
    others = [c for (i, y), p in w.plans.items() if y == key[1] and i != key[0]
              for c in p["ambito"]["comuni"] if c not in mine and (y, c) not in w.used_comuni]
    if not others:
        return None
    comune = w.rng.choice(sorted(set(others)))
    w.used_comuni.add((key[1], comune))
    _tab(plan, "h_categorie_aggiuntive")["righe"].append(
        {"comune": comune, "categoria": "Anziani soli", "motivazione": "Bisogno rilevato dai servizi sociali"})
    return [w.expected("RR4-A2-C1-COMUNE-FUORI-AMBITO", f"«{comune}»", key)]


def _reason_missing(w: World, key: Key):
    if not w.in_force("RR4-A4-C3-D-MOTIVAZIONE-CATEGORIA", w.day(key)):
        return None
    plan = w.plans[key]
    rows = _tab(plan, "h_categorie_aggiuntive")["righe"]
    if rows:
        row = w.rng.choice(rows)
    else:
        row = {"comune": plan["ambito"]["comune_capofila"], "categoria": "Giovani coppie"}
        rows.append(row)
    row["motivazione"] = None
    return [w.expected("RR4-A4-C3-D-MOTIVAZIONE-CATEGORIA", f"{row['comune']}: {row['categoria']}", key)]


def _late_notice(w: World, key: Key):
    if not w.in_force("RR4-A7BIS-C2-NOTIFICA-CONTESTUALE", w.day(key)):
        return None
    plan = w.plans[key]
    notices = plan.get("notifiche_prefettura") or []
    if not notices:
        own = _own_units(plan)
        roomy = [c for c in sorted(own) if own[c] >= 6]
        if not roomy:
            return None
        _police_row(w, key, w.rng.choice(roomy), 5)
        notices = plan["notifiche_prefettura"]
    notice = w.rng.choice(notices)
    notice["data"] = w.day(key) + datetime.timedelta(days=w.rng.randint(45, 70))
    return [w.expected("RR4-A7BIS-C2-NOTIFICA-CONTESTUALE", notice["ente_proprietario"][len("Comune di "):], key)]


def _police_as_fraction(w: World, key: Key):
    own = _own_units(w.plans[key])
    roomy = [c for c in sorted(own) if own[c] >= 6]
    if not roomy:
        return None
    row = _police_row(w, key, w.rng.choice(roomy), 0.1)  # 10% written as 0.1
    return [w.expected("DATI-PERCENTUALE-FRAZIONE-FORZE-POLIZIA", row["comune"], key)]


def _indigent_as_fraction(w: World, key: Key):
    plan = w.plans[key]
    busy = comuni_in_tables(plan)
    cands = [c for c in plan["ambito"]["comuni"] if c not in busy and (key[1], c) not in w.used_comuni]
    if not cands:
        return None
    comune = w.rng.choice(cands)  # a comune with no own units: only the written share is wrong
    w.used_comuni.add((key[1], comune))
    _tab(plan, "g_soglia_indigenti_oltre_20")["righe"].append({"comune": comune, "quota_percentuale": 0.3})
    plan["ricognizione"]["enti"].append(  # the comune now takes part with its own choice: it answered in time
        {"ente": f"Comune di {comune}", "riscontro": True, "data_riscontro": datetime.date(key[1] - 1, 10, 20)})
    return [w.expected("DATI-PERCENTUALE-FRAZIONE-SOGLIA-INDIGENTI", comune, key)]


def _category_reserve_as_fraction(w: World, key: Key):
    plan = w.plans[key]
    owner = plan["ambito"]["aler_competente"]
    rows = plan["tabelle"].setdefault("riserve_categorie", {"righe": []})["righe"]
    rows[:] = [r for r in rows if r["ente_proprietario"] != owner]
    # 15% written as 0.15: from 2025 it reserves 0.15% of the units, 0 units in any comune of a plan
    rows.append({"ente_proprietario": owner, "quota_percentuale": 0.15, "categorie": ["Anziani"]})
    return [w.expected("DATI-PERCENTUALE-FRAZIONE-RISERVA-CATEGORIE", owner, key)]


def _no_sat_table(w: World, key: Key):
    del w.plans[key]["tabelle"]["j_servizi_abitativi_transitori"]
    return [w.expected("RR4-A4-C3-CONTENUTO-E-SAT", "piano",
                       key, "non_valutabile")]


def _last_with_previous(w: World, key: Key) -> bool:
    return key[1] == max(w.years) and _prev(key) in w.plans


def _aler_missing_from_stock(w: World, key: Key):
    if not _last_with_previous(w, key):
        return None  # only in the last year: the stock comparison with the next year would also change
    plan = w.plans[key]
    a = _tab(plan, "a_consistenza_patrimonio")
    aler = plan["ambito"]["aler_competente"]
    row = next((r for r in a["righe"] if r["ente_proprietario"] == aler), None)
    if row is None:
        return None
    a["righe"].remove(row)
    for col in a["totale"]:
        a["totale"][col] -= row[col]
    return [w.expected("RR4-A3-ALER-NEL-PIANO", "piano", key),
            w.expected("RR4-A4-C3A-VARIAZIONE-CONSISTENZA", f"{aler} ({w.ambito(key)}), {key[1] - 1}→{key[1]}", key,
                       "non_valutabile")]


def _no_stock_table(w: World, key: Key):
    if not _last_with_previous(w, key):
        return None
    del w.plans[key]["tabelle"]["a_consistenza_patrimonio"]
    return [w.expected("RR4-A4-C3-CONTENUTO-A-CONSISTENZA", "piano",
                       key, "non_valutabile"),
            w.expected("RR4-A3-ALER-NEL-PIANO", "piano", key, "non_valutabile"),
            w.expected("RR4-A4-C3A-VARIAZIONE-CONSISTENZA", f"{w.ambito(key)}, {key[1] - 1}→{key[1]}: tabella a)", key,
                       "non_valutabile")]


def _no_assigned_table(w: World, key: Key):
    if _prev(key) not in w.plans or _prev(key) in w.reserved:
        return None
    del w.plans[key]["tabelle"]["k_assegnate_anno_precedente"]
    return [w.expected("RR4-A4-C3-CONTENUTO-G-ASSEGNATE", "piano", key,
                       "non_valutabile"),
            w.expected("RR4-A4-C3-ASSEGNATE-RISPETTO-ASSEGNABILI", f"{w.ambito(key)} — {key[1] - 1}", key,
                       "non_valutabile")]


# Rules no planted defect can make fire on their own, with the reason (the catalogue test accepts
# these and fails on any other rule without a defect kind).
NOT_PLANTABLE: dict[str, str] = {
    "RR4-A4-C3-CONTENUTO-B-ASSEGNABILI": (
        "è solo «non valutabile» (una delle tabelle da b a e assente) e l'assenza rende non valutabili "
        "quasi tutte le altre regole del piano: nessun difetto la isola"
    ),
}


# ---- defects across plans -------------------------------------------------------------------

def _prev(key: Key) -> Key:
    return (key[0], key[1] - 1)


def _assigned_below_forecast(w: World, key: Key):
    prev = _prev(key)
    if prev not in w.plans or prev in w.reserved:
        return None
    forecast = _tab(w.plans[prev], "f_totale_assegnabili")["totale"]
    k = _tab(w.plans[key], "k_assegnate_anno_precedente")
    old = k["totale"]["totale_alloggi_assegnati"]
    if forecast < 4 or old == 0:
        return None
    factor = w.rng.uniform(0.2, 0.4) * forecast / old
    for row in k["righe"]:
        total = int(row["totale_alloggi_assegnati"] * factor)
        deroga = min(total, row["alloggi_sap_assegnati_in_deroga"])
        row.update(alloggi_sap_assegnati=total - deroga, alloggi_sap_assegnati_in_deroga=deroga,
                   totale_alloggi_assegnati=total)
    for col in k["totale"]:
        k["totale"][col] = sum(r[col] for r in k["righe"])
    assert forecast > 2 * k["totale"]["totale_alloggi_assegnati"]
    return [w.expected("RR4-A4-C3-ASSEGNATE-RISPETTO-ASSEGNABILI", f"{w.ambito(key)} — {key[1] - 1}", key)]


def _stock_jump(w: World, key: Key):
    prev = _prev(key)
    if key[1] != max(w.years) or prev not in w.plans or prev in w.reserved:
        return None  # only in the last year, so that the next year does not jump back
    a = _tab(w.plans[key], "a_consistenza_patrimonio")
    before = {r["ente_proprietario"]: r["totale_unita_immobiliari"]
              for r in _tab(w.plans[prev], "a_consistenza_patrimonio")["righe"]}
    rows = [r for r in a["righe"] if before.get(r["ente_proprietario"], 0) >= 30]
    if not rows:
        return None
    row = w.rng.choice(rows)
    new = round(before[row["ente_proprietario"]] * w.rng.choice([0.5, 1.6, 2.0]))
    diff = new - row["totale_unita_immobiliari"]
    if row["alloggi_sap"] + diff < 0:
        return None
    row["totale_unita_immobiliari"] += diff
    row["alloggi_sap"] += diff
    a["totale"]["totale_unita_immobiliari"] += diff
    a["totale"]["alloggi_sap"] += diff
    subject = f"{row['ente_proprietario']} ({w.ambito(key)}), {key[1] - 1}→{key[1]}"
    return [w.expected("RR4-A4-C3A-VARIAZIONE-CONSISTENZA", subject, key)]


def _set_members(w: World, key: Key, comuni: list[str]) -> None:
    plan = w.plans[key]
    plan["ambito"]["comuni"] = comuni
    plan["ambito"]["numero_comuni"] = len(comuni)
    plan["ricognizione"]["comuni_coinvolti"] = len(comuni)


def _composition_changes(w: World, a: int, year: int) -> list[dict]:
    out = []
    for y in (year, year + 1):
        if (a, y - 1) in w.plans and (a, y) in w.plans:
            out.append(w.expected("RR4-A2-C1-VARIAZIONE-COMPOSIZIONE-AMBITO",
                                  f"{w.ambito((a, y))}, {y - 1}→{y}", (a, y)))
    return out


def _other_ambito(w: World, key: Key) -> int | None:
    others = [i for i in range(len(w.series)) if i != key[0] and i not in w.members_reserved
              and (i, key[1]) in w.plans]
    return w.rng.choice(others) if others else None


def _comune_in_two(w: World, key: Key):
    a, year = key
    if a in w.members_reserved:
        return None
    b = _other_ambito(w, key)
    if b is None:
        return None
    theirs = w.plans[(b, year)]["ambito"]
    cands = [c for c in theirs["comuni"][1:] if (year, c) not in w.used_comuni]
    if not cands:
        return None
    comune = w.rng.choice(cands)
    w.used_comuni.add((year, comune))
    w.members_reserved.update({a, b})
    _set_members(w, key, w.plans[key]["ambito"]["comuni"] + [comune])
    return [w.expected("RR4-A2-C1-COMUNE-UN-SOLO-AMBITO", f"{comune} — {year}", key)] + _composition_changes(w, a, year)


def _comune_moved(w: World, key: Key):
    a, year = key
    if year != max(w.years) or (a, year - 1) not in w.plans or a in w.members_reserved:
        return None
    b = _other_ambito(w, key)
    if b is None or (b, year - 1) not in w.plans:
        return None
    busy = set().union(*(comuni_in_tables(w.plans[(a, y)]) for y in w.years if (a, y) in w.plans))
    mine = w.plans[key]["ambito"]
    cands = [c for c in mine["comuni"][1:] if c not in busy and (year, c) not in w.used_comuni
             and all(f"Comune di {c}" not in w.plans[(a, y)]["ricognizione"]["inadempienti"] for y in w.years if (a, y) in w.plans)]
    if len(mine["comuni"]) < 3 or not cands:
        return None
    comune = w.rng.choice(cands)
    w.used_comuni.add((year, comune))
    w.members_reserved.update({a, b})
    w.reserved.add((b, year))
    _set_members(w, key, [c for c in mine["comuni"] if c != comune])
    _set_members(w, (b, year), w.plans[(b, year)]["ambito"]["comuni"] + [comune])
    return _composition_changes(w, a, year) + _composition_changes(w, b, year)


CATALOGUE: tuple[DefectKind, ...] = (
    DefectKind("totale_riga_consistenza", "RR4-A4-C3A-TOTALE-RIGA",
               "tabella a): il totale di un ente non è SAP + SAS (totale di colonna coerente)", _row_total_a),
    DefectKind("totale_di_colonna", "RR4-A4-C3-TOTALI-COLONNA",
               "un totale di colonna dichiarato diverso dalla somma delle righe", _column_total),
    DefectKind("f_diversa_da_b_e", "RR4-A4-C3B-TOTALE-ASSEGNABILI",
               "tabella f): un ente con più unità della somma delle tabelle da b) a e)", _f_not_sum),
    DefectKind("totale_riga_assegnate", "RR4-A4-C3G-ASSEGNATE-TOTALE-RIGA",
               "tabella k): il totale di un ente non è ordinarie + in deroga", _row_total_k),
    DefectKind("ente_inadempiente", "RR4-A5-C1-OBBLIGO-INFORMATIVO",
               "un comune dichiarato inadempiente nella ricognizione", _non_reporting),
    DefectKind("approvazione_tardiva", "RR4-A4-APPROVAZIONE-31-DICEMBRE",
               "piano approvato a gennaio dell'anno del piano", _approved_late),
    DefectKind("riserva_polizia_oltre_10", "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA",
               "tabella i): riserva per le Forze di Polizia oltre il 10%", _police_over_10),
    DefectKind("quota_indigenti_sotto_20", "RR4-A13-C3-QUOTA-INDIGENTI",
               "tabella g): un comune fissa per il proprio patrimonio una quota indigenti sotto il 20%",
               _indigent_below_20),
    DefectKind("soglia_oltre_20_su_aler", "RR4-A13-C3-SOGLIA-SOLO-COMUNALE",
               "tabella g): soglia indigenti oltre il 20% applicata alle unità ALER", _aler_above_20),
    DefectKind("nome_comune_errato", "DATI-NOMI-COMUNI-ISTAT",
               "un nome di comune scritto con un errore di battitura nell'elenco dei comuni", _misspelt_name),
    DefectKind("un_solo_avviso", "RR4-A8-DUE-AVVISI-ANNO", "un solo avviso pubblico nell'anno", _one_call_only),
    DefectKind("avviso_tardivo", "RR4-A8-AVVISO-30-GIORNI", "primo avviso oltre 30 giorni dall'approvazione",
               _late_call),
    DefectKind("senza_misure_sostegno", "RR4-A4-C3-CONTENUTO-F-MISURE",
               "il piano dichiara di non avere misure per l'accesso e il mantenimento", _no_support_measures),
    DefectKind("riserva_non_notificata", "RR4-A7BIS-C2-NOTIFICA-PREFETTURA",
               "una riserva per le Forze di Polizia senza notifica alla Prefettura", _police_not_notified),
    DefectKind("riscontro_tardivo", "RR4-A5-C1-RISCONTRO-31-OTTOBRE",
               "un ente comunica i dati della ricognizione dopo il 31 ottobre", _late_survey_answer),
    DefectKind("numero_comuni_errato", "RR4-A2-C1-COMUNI-DELL-AMBITO",
               "il numero dei comuni dell'ambito non è quello dell'elenco", _wrong_number_of_comuni),
    DefectKind("approvato_dalla_giunta", "RR4-A3-C3-APPROVAZIONE-ASSEMBLEA",
               "piano approvato da un organo diverso dall'Assemblea dei Sindaci", _not_approved_by_assembly),
    DefectKind("sat_oltre_10", "LR16-A23-C13-SAT-10", "tabella j): unità SAT oltre il 10% delle unità del comune",
               _sat_over_10),
    DefectKind("convenzione_breve", "LR16-A23-C2-CONVENZIONE-8-ANNI",
               "tabella e): convenzione con il privato di 5 anni", _short_convention),
    DefectKind("rinnovo_tacito", "LR16-A23-C2-RINNOVO-ESPRESSO",
               "tabella e): convenzione con rinnovo tacito", _tacit_renewal),
    DefectKind("riserve_eccedenti", "RR4-A15-C1-RISERVE-ECCEDENTI",
               "quota indigenti al 100% e riserva per le Forze di Polizia sulle stesse unità", _reserves_exceed),
    DefectKind("nulla_in_graduatoria", "RR4-A15-C1-RISERVE-NULLA-GRADUATORIA",
               "quota indigenti e riserva per le Forze di Polizia che esauriscono le unità", _nothing_left_to_rank),
    DefectKind("comune_fuori_ambito", "RR4-A2-C1-COMUNE-FUORI-AMBITO",
               "tabella h): un comune di un altro ambito", _comune_outside),
    DefectKind("categoria_senza_motivazione", "RR4-A4-C3-D-MOTIVAZIONE-CATEGORIA",
               "tabella h): categoria aggiuntiva senza motivazione", _reason_missing),
    DefectKind("notifica_tardiva", "RR4-A7BIS-C2-NOTIFICA-CONTESTUALE",
               "notifica alla Prefettura oltre 30 giorni dall'approvazione", _late_notice),
    DefectKind("polizia_come_frazione", "DATI-PERCENTUALE-FRAZIONE-FORZE-POLIZIA",
               "tabella i): 10% scritto come 0,1", _police_as_fraction),
    DefectKind("soglia_come_frazione", "DATI-PERCENTUALE-FRAZIONE-SOGLIA-INDIGENTI",
               "tabella g): 30% scritto come 0,3", _indigent_as_fraction),
    DefectKind("riserva_categorie_come_frazione", "DATI-PERCENTUALE-FRAZIONE-RISERVA-CATEGORIE",
               "riserva per categorie dell'ALER scritta come 0,15", _category_reserve_as_fraction),
    DefectKind("senza_tabella_sat", "RR4-A4-C3-CONTENUTO-E-SAT",
               "il piano non riporta la tabella j) (non valutabile)", _no_sat_table),
    DefectKind("aler_assente_da_a", "RR4-A3-ALER-NEL-PIANO",
               "tabella a) senza l'ALER (ultimo anno)", _aler_missing_from_stock, lambda w, k: [k, _prev(k)]),
    DefectKind("senza_tabella_a", "RR4-A4-C3-CONTENUTO-A-CONSISTENZA",
               "il piano non riporta la tabella a) (non valutabile; ultimo anno)", _no_stock_table,
               lambda w, k: [k, _prev(k)]),
    DefectKind("senza_tabella_k", "RR4-A4-C3-CONTENUTO-G-ASSEGNATE",
               "il piano non riporta la tabella k) (non valutabile)", _no_assigned_table, lambda w, k: [k, _prev(k)]),
    DefectKind("riserva_complessiva_oltre_20", "RR4-A4-C3-DBIS-RISERVA-COMPLESSIVA",
               "dal 2025: Forze di Polizia 10% e Polizia Locale 15% (oltre il 20% complessivo)", _combined_over_20),
    DefectKind("riserva_categorie_oltre_20", "RR4-A4-C3-CBIS-RISERVA-CATEGORIE",
               "dal 2025: riserva dell'ALER per categorie del 22%", _category_reserve_over_20),
    DefectKind("assegnate_sotto_previsione", "RR4-A4-C3-ASSEGNATE-RISPETTO-ASSEGNABILI",
               "tabella k) del piano N+1: assegnate meno della metà delle assegnabili del piano N",
               _assigned_below_forecast, lambda w, k: [k, _prev(k)]),
    DefectKind("salto_consistenza", "RR4-A4-C3A-VARIAZIONE-CONSISTENZA",
               "tabella a): la consistenza di un ente cambia di oltre il 30% nell'ultimo anno",
               _stock_jump, lambda w, k: [k, _prev(k)]),
    DefectKind("comune_in_due_ambiti", "RR4-A2-C1-COMUNE-UN-SOLO-AMBITO",
               "un comune di un altro ambito aggiunto all'elenco dei comuni", _comune_in_two),
    DefectKind("comune_spostato", "RR4-A2-C1-VARIAZIONE-COMPOSIZIONE-AMBITO",
               "un comune passa da un ambito a un altro nell'ultimo anno", _comune_moved),
)


def rules_exercised() -> set[str]:
    return {k.rule_id for k in CATALOGUE}
