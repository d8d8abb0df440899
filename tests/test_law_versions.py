"""One plan judged on three dates applies three versions of the law (issue 3)."""

from __future__ import annotations

import datetime

import pytest

from compliance.model.plan import RigaForzePolizia, RigaRiservaCategorie, TabellaRiserveCategorie
from tests.conftest import judge

D2019 = datetime.date(2019, 1, 15)  # original text of R.R. 4/2017
D2021 = datetime.date(2021, 1, 28)  # as amended by R.R. 3/2019
D2025 = datetime.date(2025, 6, 1)  # as amended by R.R. 3/2019 and R.R. 2/2025
POLICE = "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"
COMBINED = "RR4-A4-C3-DBIS-RISERVA-COMPLESSIVA"
CATEGORIES = "RR4-A4-C3-CBIS-RISERVA-CATEGORIE"


def rule(report, rid):
    return next(r for r in report.rules if r.id == rid)


def findings(report, rid):
    return [f for f in report.findings if f.rule_id == rid]


def with_police(plan, share: float, local: float | None):
    plan = plan.model_copy(deep=True)
    plan.tabelle.i_forze_di_polizia.righe = [
        RigaForzePolizia(comune="Castelleone", quota_percentuale=share, quota_polizia_locale=local)
    ]
    return plan


def test_the_three_texts_are_named_in_the_report(cremasco_plan, book):
    labels = {}
    for day in (D2019, D2021, D2025):
        report = judge(cremasco_plan, book, day)
        labels[day] = next(t.version for t in report.legal_texts if t.act == "R.R. 4/2017")
    assert labels == {
        D2019: "testo originario",
        D2021: "come modificato dal R.R. 3/2019",
        D2025: "come modificato dai R.R. 3/2019 e 2/2025",
    }


def test_15_percent_police_reserve_across_versions(cremasco_plan, book):
    plan = with_police(cremasco_plan, 15, 5)
    r2019 = judge(plan, book, D2019)
    r2021 = judge(plan, book, D2021)
    r2025 = judge(plan, book, D2025)

    # original text: no such reserve, only an information
    assert rule(r2019, POLICE).version == "2018"
    assert [f.severity for f in findings(r2019, POLICE)] == ["informazione"]
    assert COMBINED not in {r.id for r in r2019.rules}

    # 2019 text: up to 10%, a violation (2 units: 15% of 2 rounded up is 1, as 10% would be)
    assert rule(r2021, POLICE).version == "2019"
    (f,) = findings(r2021, POLICE)
    assert f.outcome == "non_conforme" and f.severity == "violazione"
    assert "15%" in f.message and "10%" in f.message
    assert COMBINED not in {r.id for r in r2021.rules}

    # 2025 text: 15% + 5% = 20% within the combined limit; the 7 bis share above 10% is only
    # information, because the 2025 wording of art. 7 bis was not read (Q3)
    assert rule(r2025, COMBINED).outcome == "conforme"
    assert rule(r2025, POLICE).version == "2025"
    assert [f.severity for f in findings(r2025, POLICE)] == ["informazione"]
    assert not any(f.severity == "violazione" and f.rule_id in (POLICE, COMBINED) for f in r2025.findings)


def test_2025_combined_reserve_above_20_is_a_violation(cremasco_plan, book):
    report = judge(with_police(cremasco_plan, 15, 10), book, D2025)
    (f,) = findings(report, COMBINED)
    assert f.outcome == "non_conforme" and f.severity == "violazione"
    assert "25%" in f.message


def test_2025_without_the_local_police_share_is_not_assessable(cremasco_plan, book):
    report = judge(with_police(cremasco_plan, 15, None), book, D2025)
    (f,) = findings(report, COMBINED)
    assert f.outcome == "non_valutabile"
    assert "Polizia Locale" in f.message


def test_owner_category_reserve_exists_only_from_2025(cremasco_plan, book):
    plan = cremasco_plan.model_copy(deep=True)
    plan.tabelle.riserve_categorie = TabellaRiserveCategorie(righe=[
        RigaRiservaCategorie(ente_proprietario="Comune di Crema", quota_percentuale=25, categorie=["anziani"]),
    ])
    assert CATEGORIES not in {r.id for r in judge(plan, book, D2021).rules}
    report = judge(plan, book, D2025)
    (f,) = findings(report, CATEGORIES)
    assert f.outcome == "non_conforme"
    # 25% of Crema's 34 units, rounded half up (art. 15 c. 1 ter): 8.5 -> 9; at 20%: 6.8 -> 7
    assert "9 unità su 34" in f.message and "sarebbero 7" in f.message


def test_units_breakdown_follows_the_version(cremasco_plan, book):
    from compliance.units import breakdown

    plan = with_police(cremasco_plan, 10, 10)
    plan.tabelle.riserve_categorie = TabellaRiserveCategorie(righe=[
        RigaRiservaCategorie(ente_proprietario="Comune di Crema", quota_percentuale=10, categorie=["anziani"]),
    ])
    crema21 = next(r for r in breakdown(plan, D2021) if r.ente == "Comune di Crema" and r.comune == "Crema")
    crema25 = next(r for r in breakdown(plan, D2025) if r.ente == "Comune di Crema" and r.comune == "Crema")
    # 2021: 34 units, 7 to indigent households (ceil 6.8), no category reserve yet
    assert (crema21.unita_anno, crema21.indigenti, crema21.categorie, crema21.graduatoria) == (34, 7, 0, 27)
    # 2025: 10% of 34 = 3.4 -> 3 (half up) for categories
    assert (crema25.indigenti, crema25.categorie, crema25.graduatoria) == (7, 3, 24)
    cast25 = next(r for r in breakdown(plan, D2025) if r.comune == "Castelleone" and r.tipo_ente == "comune")
    # Castelleone: 2 units; indigent 1 (ceil 0.4), 7 bis 10% -> 1 (ceil), 7 ter 10% -> 0 (0.2 half up)
    assert (cast25.indigenti, cast25.forze_polizia, cast25.polizia_locale, cast25.graduatoria) == (1, 1, 0, 0)
    assert cast25.problema == "nulla"


def test_reserves_exceeding_the_units_are_flagged(cremasco_plan, book):
    plan = with_police(cremasco_plan, 60, None)  # 60% of 2 units -> 2, plus 1 indigent
    report = judge(plan, book, D2021)
    (f,) = [f for f in findings(report, "RR4-A15-C1-RISERVE-ECCEDENTI") if f.outcome == "non_conforme"]
    assert f.subject == "Comune di Castelleone — Castelleone"
    assert "superano le 2 disponibili di 1" in f.message


@pytest.mark.parametrize("day,expected", [
    (datetime.date(2020, 12, 31), "conforme"),
    (datetime.date(2021, 1, 4), "non_conforme"),
])
def test_approval_deadline_on_the_calendar(cremasco_plan, book, day, expected):
    plan = cremasco_plan.model_copy(deep=True)
    plan.approvazione.data = day
    assert rule(judge(plan, book), "RR4-A4-APPROVAZIONE-31-DICEMBRE").outcome == expected


def test_reports_show_the_plan_in_units(cremasco_report):
    from compliance.report.markdown import render_markdown

    units = {(u.ente, u.comune): u for u in cremasco_report.units}
    castelleone = units[("Comune di Castelleone", "Castelleone")]
    assert (castelleone.unita_anno, castelleone.indigenti, castelleone.forze_polizia, castelleone.graduatoria) == (2, 1, 1, 0)
    assert castelleone.problema == "nulla"
    assert units[("Comune di Crema", "Crema")].graduatoria == 27
    assert units[("ALER Brescia-Cremona-Mantova", None)].problema == "non_calcolabile"
    md = render_markdown(cremasco_report)
    assert "## Il piano in unità" in md
    assert "| Comune di Castelleone | Castelleone | 2 | 1 | 1 | 0 | 0 | 0 | alla graduatoria ordinaria non resta nulla |" in md


def test_terminal_units_table_fits_80_columns(cremasco_report):
    import io

    from rich.console import Console

    from compliance.report.terminal import print_units

    buffer = io.StringIO()
    print_units(cremasco_report, Console(file=buffer, width=80, color_system=None))
    text = buffer.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines())
    lines = text.splitlines()
    owner = next(i for i, line in enumerate(lines) if line.strip() == "Comune di Crema")
    assert lines[owner + 1].split() == ["Crema", "34", "7", "0", "0", "0", "27"]
