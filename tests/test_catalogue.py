"""The rule catalogue stays current, covers the whole inventory, and the rules commands work."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app
from compliance.rules.catalogue import render_catalogue, select

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "docs" / "catalogo-regole.md"
INVENTORY_DOC = ROOT.parent / "shared" / "reference" / "legal-rules.md"

# The points of the rule inventory (legal-rules.md, sections 3 and 4), as of its current text.
INVENTORY = {
    "PA-SCOPE-AMBITO", "PA-INSTRUMENTS", "PA-CAPOFILA", "PA-APPROVER", "PA-ALER-CONSULT",
    "PA-CONTENT-A-STOCK", "PA-CONTENT-B-AVAIL", "PA-CONTENT-B-SUM", "PA-CONTENT-C-INDIG",
    "PA-CONTENT-CBIS-CAT", "PA-CONTENT-D-EXTRA", "PA-CONTENT-DBIS-FDP", "PA-CONTENT-E-SAT",
    "PA-CONTENT-F-MEASURES", "PA-CONTENT-G-ASSIGNED",
    "PA-INDIG-DEF", "PA-INDIG-20", "PA-INDIG-ROUND", "PA-INDIG-BASE-ALER",
    "PA-INDIG-ONLY-COMUNAL-EXCESS", "PA-INDIG-ORDER", "PA-INDIG-PROJECT",
    "PA-FDP-CAP-2019", "PA-FDP-ROUND", "PA-FDP-PREFETTURA", "PA-FDP-CAP-2025", "PA-FDP-PRACTICE",
    "PA-CAT-LIST", "PA-CAT-EXTRA", "PA-CAT-RESERVE-2025", "PA-CAT-RESERVE-ROUND", "PA-CAT-QUOTAS-2017",
    "PA-SAT-CAP", "PA-SAT-EXCL", "PA-SAT-DURATION", "PA-SAT-PLAN",
    "PA-CONF-CONV",
    "DL-INFO-31OCT", "DL-ANAGRAFE", "DL-PUBLISH", "DL-PA-31DEC", "DL-AVVISO-30D", "DL-PREFETTURA",
    "DL-PT-2021", "DL-FIRST-2018",
}


def test_committed_catalogue_is_current(book):
    expected = render_catalogue(book)
    assert CATALOGUE.exists(), "run: compliance rules catalogo -o docs/catalogo-regole.md"
    assert CATALOGUE.read_text(encoding="utf-8") == expected, (
        "docs/catalogo-regole.md is out of date: run `compliance rules catalogo -o docs/catalogo-regole.md`"
    )


def test_every_inventory_point_has_a_rule_or_a_reason(book):
    covered = {p for r in book.rules for p in r.spec.inventory}
    not_checkable = {p.id for p in book.not_checkable}
    both = covered & not_checkable
    assert not both, f"points both checked by a rule and listed as not checkable: {sorted(both)}"
    missing = INVENTORY - covered - not_checkable
    assert not missing, f"inventory points with neither a rule nor a reason: {sorted(missing)}"
    unknown = (covered | not_checkable) - INVENTORY
    assert not unknown, f"rule files cite points not in the inventory: {sorted(unknown)}"


def test_inventory_snapshot_matches_the_reference_when_present():
    if not INVENTORY_DOC.exists():  # the reference lives beside the repository, not in it
        return
    text = INVENTORY_DOC.read_text(encoding="utf-8")
    sections = text[text.index("## 3. Rule inventory"):text.index("## 5. Amendment history")]
    ids = set(re.findall(r"^\| ((?:PA|DL)-[A-Z0-9-]+) \|", sections, re.M))
    assert ids == INVENTORY


def test_catalogue_lists_the_not_checkable_points_with_reasons(book):
    text = render_catalogue(book)
    for p in book.not_checkable:
        assert f"| {p.id} |" in text
    assert "PT-2021" in text  # the extensions too


def test_select_filters(book):
    by_act = select(book, act="L.R. 16/2016")
    assert by_act and all(r.spec.source.act == "L.R. 16/2016" for r in by_act)
    bis = select(book, article="7bis")
    assert {r.spec.version for r in bis if r.id == "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"} == {"2018", "2019", "2025"}
    import datetime

    on_2025 = select(book, article="7 bis", day=datetime.date(2025, 6, 1))
    assert {r.spec.version for r in on_2025 if r.id == "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"} == {"2025"}
    assert all(r.spec.severity == "avviso" for r in select(book, severity="avviso"))


def test_rules_list_and_explain_commands():
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "list", "--article", "13", "--severity", "violazione"])
    assert listed.exit_code == 0 and "RR4-A13-C3-QUOTA-INDIGENTI" in listed.stdout
    assert "RR4-A7BIS" not in listed.stdout
    explained = runner.invoke(app, ["rules", "explain", "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"])
    assert explained.exit_code == 0
    out = explained.stdout
    assert "Versioni (3)" in out and "dal 12/03/2019 al 10/03/2025" in out
    assert "Casi di prova" in out and "quota del 15% → non_conforme" in out
    assert "Nota sulla certezza" in out
    unknown = runner.invoke(app, ["rules", "explain", "RR4-A7BIS-RISERVA"])
    assert unknown.exit_code == 2 and "Forse «RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA»?" in unknown.stderr
