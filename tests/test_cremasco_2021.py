"""The real Piano annuale 2021 of the Ambito Distrettuale Cremasco, end to end."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from compliance.cli import app
from tests.conftest import CREMASCO


def rule(report, rule_id):
    return next(r for r in report.rules if r.id == rule_id)


def findings(report, rule_id):
    return [f for f in report.findings if f.rule_id == rule_id]


def test_plan_and_versions_are_stated(cremasco_report):
    r = cremasco_report
    assert r.plan.ambito == "Ambito Distrettuale Cremasco"
    assert r.plan.anno == 2021
    assert r.reference_date == "2021-01-28"
    assert r.reference_date_basis == "approvazione"
    assert r.ruleset["version"] and len(r.ruleset["digest"]) == 12
    rr4 = next(t for t in r.legal_texts if t.act == "R.R. 4/2017")
    assert rr4.version == "come modificato dal R.R. 3/2019"


def test_trescore_cremasco_is_inadempiente(cremasco_report):
    assert rule(cremasco_report, "RR4-A5-C1-OBBLIGO-INFORMATIVO").outcome == "non_conforme"
    [f] = findings(cremasco_report, "RR4-A5-C1-OBBLIGO-INFORMATIVO")
    assert f.outcome == "non_conforme" and f.severity == "violazione"
    assert f.subject == "Comune di Trescore Cremasco"
    assert "inadempiente" in f.message
    assert f.source == "R.R. 4/2017 art. 5 c. 1"


def test_approval_after_31_december_is_a_warning(cremasco_report):
    [f] = findings(cremasco_report, "RR4-A4-APPROVAZIONE-31-DICEMBRE")
    assert f.outcome == "non_conforme" and f.severity == "avviso"
    assert "28/01/2021" in f.message and "31/12/2020" in f.message and "28 giorni" in f.message
    assert f.data["giorni_di_ritardo"] == 28


def test_istat_spelling_slips_are_found_with_suggestions(cremasco_report):
    by_subject = {f.subject: f for f in findings(cremasco_report, "DATI-NOMI-COMUNI-ISTAT")}
    casaleto = by_subject["«Casaleto di Sopra»"]
    assert casaleto.severity == "avviso"
    assert "«Casaletto di Sopra»" in casaleto.message and "tabella f)" in casaleto.message
    assert "«Spino d'Adda»" in by_subject["«Spino D'Adda»"].message
    # correctly spelled names are not reported
    assert "«Casaletto di Sopra»" not in by_subject
    assert "«Trescore Cremasco»" not in by_subject
    assert set(by_subject) == {"«Casaleto di Sopra»", "«Spino D'Adda»"}


def test_aler_turnover_not_by_comune_makes_indigent_share_non_valutabile(cremasco_report):
    res = rule(cremasco_report, "RR4-A13-C3-QUOTA-INDIGENTI")
    assert res.outcome == "non_valutabile" and res.non_conformi == 0
    nv = findings(cremasco_report, "RR4-A13-C3-QUOTA-INDIGENTI")
    assert nv and all(f.outcome == "non_valutabile" for f in nv)
    assert all(f.subject.startswith("ALER Brescia-Cremona-Mantova") for f in nv)
    loose = next(f for f in nv if f.subject.endswith("comune non indicato"))
    assert "41" in loose.message
    assert {f.subject for f in nv} >= {
        "ALER Brescia-Cremona-Mantova — Crema",
        "ALER Brescia-Cremona-Mantova — Ripalta Cremasca",
    }
    # comunal owners are fully broken down: none of them is non valutabile
    assert not any(f.subject.startswith("Comune di") for f in nv)


def test_table_arithmetic_is_conforme(cremasco_report):
    for rid in ("RR4-A4-C3A-TOTALE-RIGA", "RR4-A4-C3B-TOTALE-ASSEGNABILI",
                "RR4-A4-C3-TOTALI-COLONNA", "RR4-A4-C3G-ASSEGNATE-TOTALE-RIGA"):
        assert rule(cremasco_report, rid).outcome == "conforme", rid
        assert findings(cremasco_report, rid) == []
    assert rule(cremasco_report, "RR4-A4-C3A-TOTALE-RIGA").subjects == 24
    # one owner per row of f), the misspelled Casaletto di Sopra joined to its b)-e) rows
    assert rule(cremasco_report, "RR4-A4-C3B-TOTALE-ASSEGNABILI").subjects == 10


def test_castelleone_10_percent_police_reserve_is_conforme(cremasco_report):
    res = rule(cremasco_report, "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA")
    assert res.outcome == "conforme" and res.subjects == 1
    assert res.version == "2019"


def test_counts_and_exit_code(cremasco_report):
    s = cremasco_report.summary
    # warnings: approval after 31/12 (1), two spellings of comuni (2), SAT above 10% of the
    # year's units in Bagnolo and Crema (2), no support measures (1), no reasons for Vaiano's
    # further category (1); information: Castelleone's reserve leaves nothing for the ranking
    assert s.violazioni == 1 and s.avvisi == 7 and s.informazioni == 1
    assert cremasco_report.has_violations
    result = CliRunner().invoke(app, ["check", str(CREMASCO), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["violazioni"] == 1


def test_default_plan_is_the_cremasco_case():
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    assert "Ambito Distrettuale Cremasco" in result.stdout
    assert "Trescore Cremasco" in result.stdout
