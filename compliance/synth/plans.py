"""Clean synthetic plans: realistic figures that every rule finds conforme.

One `AmbitoSeries` per ambito holds what persists from year to year (the owners and their
stock); `build_plan` writes the plan of one year as the dict a plan file holds (the keys of
compliance/model/plan.py). Everything the rules need is filled in: a missing figure would be
*non valutabile*, and a clean plan must give no finding at all.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from compliance.law import default_law
from compliance.synth.geography import AmbitoMap

PREFETTURE = {"MI": "Milano", "BG": "Bergamo", "BS": "Brescia", "CO": "Como", "CR": "Cremona", "LC": "Lecco",
              "LO": "Lodi", "MN": "Mantova", "MB": "Monza e della Brianza", "PV": "Pavia", "SO": "Sondrio",
              "VA": "Varese"}
CATEGORIE = ("Giovani coppie", "Anziani soli", "Genitori separati con figli minori", "Persone con disabilità")


@dataclass
class Owner:
    name: str  # as written in the plan: "Comune di X" or the ALER
    comune: str | None  # for a Comune: the comune it is
    base_stock: int
    sas_share: float
    places: list[str]  # comuni where its units are


@dataclass
class AmbitoSeries:
    ambito: AmbitoMap
    owners: list[Owner]
    members: dict[int, list[str]] = field(default_factory=dict)  # year -> comuni listed
    f_by_owner: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> owner -> table f)


def series_for(amb: AmbitoMap, years: list[int], rng: random.Random) -> AmbitoSeries:
    members = list(amb.comuni)
    others = members[1:]
    owning = [amb.capofila] + sorted(rng.sample(others, k=min(len(others), max(1, int(len(others) * 0.45)))),
                                     key=members.index)
    milano = amb.capofila == "Milano"
    aler_places = [amb.capofila] + sorted(rng.sample(others, k=min(len(others), 4)), key=members.index)
    owners = [Owner(amb.aler, None, 35_000 + rng.randint(0, 2_000) if milano else 40 * len(members) + rng.randint(60, 900),
                    rng.uniform(0.0, 0.04), aler_places)]
    for i, c in enumerate(owning):
        if milano:
            stock = 28_000 + rng.randint(0, 1_500)
        elif i == 0:
            stock = rng.randint(120, 700)
        else:
            stock = rng.randint(3, 90)
        owners.append(Owner(f"Comune di {c}", c, stock, rng.choice([0.0, 0.0, 0.03, 0.08]), [c]))
    s = AmbitoSeries(amb, owners)
    for y in years:
        s.members[y] = list(members)
    return s


def _split_units(total: int, rng: random.Random) -> dict[str, int]:
    """Units of one owner in one comune by source table b..e."""
    b = int(total * rng.uniform(0.05, 0.2))
    c = int(total * rng.uniform(0.0, 0.25))
    e = int(total * 0.05) if rng.random() < 0.2 else 0
    d = total - b - c - e
    return {"b": b, "c": c, "d": d, "e": e}


def _rows_with_total(rows: list[dict]) -> dict:
    return {"righe": rows, "totale": sum(r["unita_immobiliari"] for r in rows)}


def approval_day(year: int, rng: random.Random) -> datetime.date:
    return datetime.date(year - 1, 12, rng.randint(10, 22))


def build_plan(s: AmbitoSeries, year: int, rng: random.Random, seed: int) -> dict:
    amb = s.ambito
    members = s.members[year]
    day = approval_day(year, rng)

    # a) stock: a small drift around each owner's base, never a jump
    a_rows = []
    for o in s.owners:
        total = max(1, round(o.base_stock * (1 + rng.uniform(-0.03, 0.03))))
        sas = round(total * o.sas_share)
        a_rows.append({"ente_proprietario": o.name, "totale_unita_immobiliari": total,
                       "alloggi_sap": total - sas, "alloggi_sas": sas})

    # b..e) units assignable in the year, by owner and comune; f) their sum
    tables = {x: [] for x in "bcde"}
    f_rows: list[dict] = []
    own_units: dict[str, int] = {}  # comune -> the comune's own units in its territory
    f_by_owner: dict[str, int] = {}
    for o, a in zip(s.owners, a_rows):
        avail = max(2 if o.comune else 12, round(a["alloggi_sap"] * rng.uniform(0.02, 0.06)))
        share = [rng.uniform(0.5, 1.5) for _ in o.places]
        per_place = [max(1, round(avail * w / sum(share))) for w in share]
        for place, units in zip(o.places, per_place):
            parts = _split_units(units, rng)
            for letter, n in parts.items():
                if n > 0:
                    row = {"ente_proprietario": o.name, "unita_immobiliari": n, "comune": place}
                    if letter == "e":
                        start = datetime.date(year - 2, 1, 1)
                        row["convenzione"] = {"data_inizio": start, "data_fine": datetime.date(year + 7, 12, 31),
                                              "rinnovo": "espresso",
                                              "estremi": f"Convenzione del {start.strftime('%d/%m/%Y')}"}
                    tables[letter].append(row)
            f_rows.append({"ente_proprietario": o.name, "unita_immobiliari": units, "comune": place})
            if o.comune == place:
                own_units[place] = own_units.get(place, 0) + units
        f_by_owner[o.name] = sum(per_place)
    s.f_by_owner[year] = f_by_owner

    # k) units assigned in the previous year: 70-100% of what last year's plan expected
    prev = s.f_by_owner.get(year - 1)
    k_rows = []
    for o in s.owners:
        expected = prev[o.name] if prev and o.name in prev else f_by_owner[o.name]
        total = round(expected * rng.uniform(0.75, 1.0))
        deroga = min(total, int(total * rng.uniform(0.0, 0.1)))
        k_rows.append({"ente_proprietario": o.name, "alloggi_sap_assegnati": total - deroga,
                       "alloggi_sap_assegnati_in_deroga": deroga, "totale_alloggi_assegnati": total})

    owner_comuni = [o.comune for o in s.owners if o.comune and own_units.get(o.comune, 0) > 0]
    g_rows = []
    if owner_comuni and rng.random() < 0.4:
        g_rows.append({"comune": rng.choice(owner_comuni), "quota_percentuale": rng.choice([25, 30])})
    h_rows = []
    if owner_comuni and rng.random() < 0.3:
        h_rows.append({"comune": rng.choice(owner_comuni), "categoria": rng.choice(CATEGORIE),
                       "motivazione": "Bisogno rilevato dai servizi sociali del comune"})
    roomy = [c for c in owner_comuni if own_units[c] >= 6]
    # R.R. 2/2025: Polizia Locale share (art. 7 ter), owners' category reserves (rules/parametri.yaml)
    new_text = default_law().value("arrotondamento_polizia_locale", day) != "non_prevista"
    i_rows = [{"comune": c, "quota_percentuale": rng.choice([5, 8, 10])}
              for c in rng.sample(roomy, k=min(len(roomy), rng.randint(0, 2)))]
    if new_text:
        for row in i_rows:
            row["quota_polizia_locale"] = rng.choice([0, 5])
    j_rows = []
    for c in owner_comuni:  # transitory units: at most 10% of the comune's own units in the year
        if own_units[c] >= 10 and rng.random() < 0.5:
            j_rows.append({"comune": c, "unita_immobiliari": max(1, own_units[c] // 10)})

    atto = f"Deliberazione dell'Assemblea dei Sindaci n. {rng.randint(1, 30)} del {day.strftime('%d/%m/%Y')}"
    return {
        "tipo": "piano_annuale",
        "anno": year,
        "titolo": f"Piano annuale dell'offerta abitativa pubblica e sociale {year} — {amb.denominazione}",
        "ambito": {
            "denominazione": amb.denominazione,
            "comune_capofila": amb.capofila,
            "numero_comuni": len(members),
            "comuni": list(members),
            "aler_competente": amb.aler,
        },
        "approvazione": {"organo": "Assemblea dei Sindaci", "data": day, "atto": atto},
        "ricognizione": {
            "comuni_coinvolti": len(members),
            "comuni_titolari_di_patrimonio": sum(1 for o in s.owners if o.comune),
            "riscontro_di_tutti_gli_altri_enti": True,
            "inadempienti": [],
            "enti": [{"ente": o.name, "riscontro": True, "data_riscontro": datetime.date(year - 1, 10, rng.randint(1, 30))}
                     for o in s.owners],
        },
        "tabelle": {
            "a_consistenza_patrimonio": {
                "righe": a_rows,
                "totale": {k: sum(r[k] for r in a_rows) for k in ("totale_unita_immobiliari", "alloggi_sap", "alloggi_sas")},
            },
            "b_carenza_manutentiva": _rows_with_total(tables["b"]),
            "c_nuova_edificazione": _rows_with_total(tables["c"]),
            "d_normale_avvicendamento": _rows_with_total(tables["d"]),
            "e_conferite_da_privati": _rows_with_total(tables["e"]),
            "f_totale_assegnabili": _rows_with_total(f_rows),
            "g_soglia_indigenti_oltre_20": {"righe": g_rows},
            "h_categorie_aggiuntive": {"righe": h_rows},
            "i_forze_di_polizia": {"righe": i_rows},
            "j_servizi_abitativi_transitori": {"righe": j_rows},
            **({"riserve_categorie": {"righe": [
                {"ente_proprietario": amb.aler, "quota_percentuale": 10, "categorie": ["Anziani"]}
            ] if rng.random() < 0.5 else []}} if new_text else {}),
            "k_assegnate_anno_precedente": {
                "righe": k_rows,
                "totale": {k: sum(r[k] for r in k_rows) for k in
                           ("alloggi_sap_assegnati", "alloggi_sap_assegnati_in_deroga", "totale_alloggi_assegnati")},
            },
        },
        "misure_sostegno": [
            {"descrizione": "Contributi per il mantenimento dell'abitazione in locazione",
             "riferimento": "L.R. 16/2016, titolo V"},
        ],
        # two calls for applications in the plan's year, the first within 30 days of the approval
        "avvisi": [
            {"data": day + datetime.timedelta(days=24), "estremi": "Primo avviso pubblico",
             "ente": f"Comune di {amb.capofila}"},
            {"data": datetime.date(year, 6, rng.randint(3, 28)), "estremi": "Secondo avviso pubblico",
             "ente": f"Comune di {amb.capofila}"},
        ],
        "notifiche_prefettura": [
            {"ente_proprietario": f"Comune di {r['comune']}", "data": day + datetime.timedelta(days=rng.randint(3, 20)),
             "prefettura": f"Prefettura di {PREFETTURE[amb.provincia]}"}
            for r in i_rows
        ],
        "fonte": {"documento": f"piano sintetico (compliance genera, seme {seed})"},
    }


def comuni_in_tables(plan: dict) -> set[str]:
    """Comuni named anywhere in a plan's tables (as owner or as place)."""
    out: set[str] = set()
    for table in plan["tabelle"].values():
        for row in table.get("righe", []):
            if row.get("comune"):
                out.add(row["comune"])
            owner = row.get("ente_proprietario") or ""
            if owner.startswith("Comune di "):
                out.add(owner[len("Comune di "):])
    return out
