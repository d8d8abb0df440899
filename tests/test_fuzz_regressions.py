"""Regressions found by the property tests (tests/test_properties.py), kept as plain examples.

* Table g) listing one comune's own threshold twice with two values: the share used to be the
  last row's, so the verdict depended on row order. Two thresholds are ambiguous: the comune's
  indigent share is *non valutabile*, in either order.
* `ricognizione.enti` listing one ente twice with two outcomes (or two dates): the first (or the
  last) row used to win. Now the outcome is unknown (*non valutabile*) in either order.
* Nesting deeper than the plan ever needs (`[[[[...]]]]`): libyaml segfaulted while composing, or
  the line index hit the recursion limit (traceback). Now a located error, exit 2
  (tests/bad_inputs/deep-nesting.yaml).
"""

from __future__ import annotations

import datetime

from compliance.evaluate import check_plan
from compliance.facts.build import build_facts
from compliance.model.plan import PianoAnnuale
from compliance.rules.book import load_rulebook

BOOK = load_rulebook()
DAY = datetime.date(2021, 1, 28)


def plan(**tables) -> dict:
    return {
        "tipo": "piano_annuale", "anno": 2021,
        "ambito": {"denominazione": "Ambito di prova", "numero_comuni": 1},
        "approvazione": {"organo": "Assemblea dei Sindaci", "data": DAY},
        **tables,
    }


def findings(data: dict) -> list[tuple]:
    report = check_plan(PianoAnnuale.model_validate(data), BOOK, plan_file="p.yaml", plan_bytes=b"")
    return sorted((f.rule_id, f.outcome, f.subject, f.message) for f in report.findings)


UNITS = {"righe": [{"ente_proprietario": "Comune di Crema", "comune": "Crema", "unita_immobiliari": 10}]}
EMPTY = {"righe": []}


def g_plan(shares: list[float]) -> dict:
    return plan(tabelle={
        "b_carenza_manutentiva": EMPTY, "c_nuova_edificazione": EMPTY, "d_normale_avvicendamento": UNITS,
        "e_conferite_da_privati": EMPTY,
        "g_soglia_indigenti_oltre_20": {"righe": [{"comune": "Crema", "quota_percentuale": s} for s in shares]},
    })


def indigent_share(data: dict):
    facts = build_facts(PianoAnnuale.model_validate(data), DAY).facts
    (fact,) = [f for f in facts if f["kind"] == "disponibilita_ente_comune"]
    return fact["quota_indigenti_percentuale"]


def test_table_g_two_thresholds_for_one_comune_are_ambiguous_in_any_order():
    assert indigent_share(g_plan([25])) == 25
    assert indigent_share(g_plan([25, 25])) == 25  # the same row twice is not a conflict
    assert indigent_share(g_plan([25, 30])) is None
    assert indigent_share(g_plan([30, 25])) is None
    assert findings(g_plan([25, 30])) == findings(g_plan([30, 25]))


def enti_plan(enti: list[dict]) -> dict:
    return plan(ricognizione={"riscontro_di_tutti_gli_altri_enti": True, "enti": enti})


def reporting_fact(data: dict) -> dict:
    facts = build_facts(PianoAnnuale.model_validate(data), DAY).facts
    (fact,) = [f for f in facts if f["kind"] == "ente_ricognizione" and f["ente"] == "Comune di Crema"]
    return fact


def test_one_ente_listed_twice_with_two_outcomes_is_unknown_in_any_order():
    yes = {"ente": "Comune di Crema", "riscontro": True}
    no = {"ente": "Comune di Crema", "riscontro": False}
    assert reporting_fact(enti_plan([yes, yes]))["riscontro"] is True
    assert reporting_fact(enti_plan([yes, no]))["riscontro"] is None
    assert reporting_fact(enti_plan([no, yes]))["riscontro"] is None
    assert findings(enti_plan([yes, no])) == findings(enti_plan([no, yes]))


def test_one_ente_listed_twice_with_two_dates_has_no_date_in_any_order():
    first = {"ente": "Comune di Crema", "riscontro": True, "data_riscontro": datetime.date(2020, 10, 1)}
    second = dict(first, data_riscontro=datetime.date(2020, 11, 15))
    assert reporting_fact(enti_plan([first, first]))["data_riscontro"] == datetime.date(2020, 10, 1)
    assert reporting_fact(enti_plan([first, second]))["data_riscontro"] is None
    assert reporting_fact(enti_plan([second, first]))["data_riscontro"] is None
    assert findings(enti_plan([first, second])) == findings(enti_plan([second, first]))


def test_police_and_category_reserves_given_twice_do_not_depend_on_row_order():
    """Table i) and the category reserves (lett. c bis): one comune or owner twice, two shares."""
    day = datetime.date(2025, 6, 1)

    def data(police: list[float], categories: list[float]) -> dict:
        return dict(plan(tabelle={
            "b_carenza_manutentiva": EMPTY, "c_nuova_edificazione": EMPTY, "d_normale_avvicendamento": UNITS,
            "e_conferite_da_privati": EMPTY,
            "i_forze_di_polizia": {"righe": [{"comune": "Crema", "quota_percentuale": q} for q in police]},
            "riserve_categorie": {"righe": [{"ente_proprietario": "Comune di Crema", "quota_percentuale": q,
                                             "categorie": ["anziani"]} for q in categories]},
        }), anno=2025, approvazione={"organo": "Assemblea dei Sindaci", "data": day})

    assert findings(data([5, 10], [3, 8])) == findings(data([10, 5], [8, 3]))
    facts = build_facts(PianoAnnuale.model_validate(data([5, 10], [3, 8])), day).facts
    (split,) = [f for f in facts if f["kind"] == "ripartizione_unita"]
    assert split["forze_polizia"] is None and split["categorie"] is None  # ambiguous, not 5 or 10


def test_one_owner_in_two_rows_of_table_a_gives_no_sap_base_for_table_j():
    """Table j) compares the SAT units with the comune's SAP stock from table a): an owner in two
    rows of a) with two different figures has no single stock (found by the long property run)."""
    def data(rows: list) -> dict:
        return plan(tabelle={
            "a_consistenza_patrimonio": {"righe": [{"ente_proprietario": "Comune di Crema", "alloggi_sap": n}
                                                   for n in rows]},
            "j_servizi_abitativi_transitori": {"righe": [{"comune": "Crema", "unita_immobiliari": 1}]},
        })

    def sap(rows: list):
        facts = build_facts(PianoAnnuale.model_validate(data(rows)), DAY).facts
        (fact,) = [f for f in facts if f["kind"] == "servizi_transitori"]
        return fact["alloggi_sap"]

    assert sap([40]) == 40 and sap([40, 40]) == 40
    assert sap([None, 40]) is None and sap([40, None]) is None
    assert findings(data([None, 40])) == findings(data([40, None]))


def test_justification_without_a_finding_names_the_rule_subjects_in_a_stable_order():
    """The warning for a justification that matches no finding lists the subjects that do have
    findings: in the plan's row order it used to be (found by the long property run)."""
    def data(inadempienti: list[str]) -> dict:
        return plan(ricognizione={"inadempienti": inadempienti}, giustificazioni=[{
            "regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": "Comune di Cremona",
            "motivazione": "prova", "base_giuridica": "prova", "approvata_da": "Assemblea dei Sindaci"}])

    a = findings(data(["Comune di Crema", "Fondazione Casa Amica"]))
    b = findings(data(["Fondazione Casa Amica", "Comune di Crema"]))
    assert a == b
    assert any("Comune di Crema; Fondazione Casa Amica" in message for *_, message in a)
