"""Spreadsheets: the template a clerk fills alone, plan -> workbook -> plan round trips (XLSX,
ODS, CSV folder), exact percentages, CSV conventions, located errors (exit 2)."""

from __future__ import annotations

import datetime
import re
import zipfile
from xml.etree import ElementTree
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from compliance.cli import app
from compliance.model.loader import _inner_model, load_any_plan, load_plan
from compliance.model.plan import PianoAnnuale, PianoTriennale
from compliance.spreadsheet.cells import exact, neutralise, percent_shown, protect, restore
from compliance.spreadsheet.layout import layout
from compliance.spreadsheet.read import TYPES
from tests.conftest import CREMASCO, ROOT
from tests.spreadsheet_clerk import column_of, coordinate, form_row, list_choices, type_into, validation_for, verdict

runner = CliRunner()
TRIENNALE = ROOT / "cases" / "cremonese-triennale-2023-2025.yaml"
FORMATS = ("xlsx", "ods", "csv")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def target(tmp_path: Path, name: str, fmt: str) -> Path:
    return tmp_path / (name if fmt == "csv" else f"{name}.{fmt}")


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "cremasco.xlsx"
    result = run("export", CREMASCO, path)
    assert result.exit_code == 0, result.stderr
    return path


# ---- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_cremasco_round_trips(fmt, tmp_path):
    book = target(tmp_path, "cremasco", fmt)
    assert run("export", CREMASCO, book).exit_code == 0
    out = tmp_path / "piano.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert load_plan(out) == load_plan(CREMASCO)
    assert load_plan(out).model_dump(mode="json") == load_plan(CREMASCO).model_dump(mode="json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_piano_triennale_round_trips(fmt, tmp_path):
    book = target(tmp_path, "triennale", fmt)
    assert run("export", TRIENNALE, book).exit_code == 0
    out = tmp_path / "piano.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert load_any_plan(out)[0] == load_any_plan(TRIENNALE)[0]


def test_round_trip_is_stable(workbook, tmp_path):
    first = tmp_path / "uno.yaml"
    assert run("import", workbook, "-o", first).exit_code == 0
    assert yaml.safe_load(first.read_text(encoding="utf-8"))["tabelle"]["i_forze_di_polizia"]["righe"] == [
        {"comune": "Castelleone", "quota_percentuale": 10}]
    for fmt in ("ods", "xlsx"):
        again = target(tmp_path, "due", fmt)
        assert run("export", first, again).exit_code == 0
        second = run("import", again)
        assert second.exit_code == 0
        body = lambda text: [line for line in text.splitlines() if not line.startswith("#")]  # noqa: E731
        assert body(second.stdout) == body(first.read_text(encoding="utf-8"))


FORMULA_TEXTS = ["=1+1", "+39 0373 1234", "-", "- nota", "@SOMMA(A1)", "\tTAB", "'=già neutralizzato", "'apostrofo"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_texts_lists_and_empty_lists_round_trip(fmt, tmp_path):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["giustificazioni"] = [{
        "regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": text, "motivazione": "=dati via PEC",
        "base_giuridica": "art. 5", "approvata_da": "Assemblea", "atto_data": datetime.date(2021, 1, 28),
        "scadenza": datetime.date(2021, 12, 31)} for text in FORMULA_TEXTS]
    data["ambito"]["comuni"] = ["Crema", "Bagnolo Cremasco"]
    data["avvisi"] = []  # "none": not the same as not known (null)
    data["ricognizione"]["inadempienti"] = ["Comune di Trescore Cremasco", "=HYPERLINK(\"x\")"]
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    book = target(tmp_path, "p", fmt)
    assert run("export", plan_file, book).exit_code == 0
    out = tmp_path / "back.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    back = load_plan(out)
    assert back == load_plan(plan_file)
    assert back.avvisi == []  # declared empty, not unknown
    assert [g.soggetto for g in back.giustificazioni] == FORMULA_TEXTS


# ---- the template, filled by a clerk ----------------------------------------------------------

# What a clerk reads on the sheets: the Italian headers of each table, written here by hand.
TABLES = {
    "a_consistenza_patrimonio": ("a) Consistenza del patrimonio", {
        "ente_proprietario": "Ente proprietario", "totale_unita_immobiliari": "Totale unità immobiliari",
        "alloggi_sap": "Alloggi SAP", "alloggi_sas": "Alloggi SAS"}),
    "b_carenza_manutentiva": ("b) Carenza manutentiva", None),
    "c_nuova_edificazione": ("c) Nuova edificazione", None),
    "d_normale_avvicendamento": ("d) Normale avvicendamento", None),
    "e_conferite_da_privati": ("e) Conferite da altri soggetti", None),
    "f_totale_assegnabili": ("f) Totale assegnabili", None),
    "g_soglia_indigenti_oltre_20": ("g) Soglia indigenti oltre 20%", {}),
    "h_categorie_aggiuntive": ("h) Categorie aggiuntive", {
        "comune": "Comune", "categoria": "Categoria", "motivazione": "Motivazione"}),
    "i_forze_di_polizia": ("i) Forze di Polizia", {
        "comune": "Comune", "quota_percentuale": "Quota Forze di Polizia e VVF (%)"}),
    "j_servizi_abitativi_transitori": ("j) Servizi abitativi transitori", {
        "comune": "Comune", "unita_immobiliari": "Unità immobiliari"}),
    "k_assegnate_anno_precedente": ("k) Assegnate anno precedente", {
        "ente_proprietario": "Ente proprietario", "alloggi_sap_assegnati": "Alloggi SAP assegnati",
        "alloggi_sap_assegnati_in_deroga": "Alloggi SAP assegnati in deroga",
        "totale_alloggi_assegnati": "Totale alloggi assegnati"}),
}
UNITS = {"ente_proprietario": "Ente proprietario", "unita_immobiliari": "Unità immobiliari", "comune": "Comune"}
TOTALS = {"totale_unita_immobiliari": "Totale unità immobiliari", "alloggi_sap": "Alloggi SAP",
          "alloggi_sas": "Alloggi SAS", "alloggi_sap_assegnati": "Alloggi SAP assegnati",
          "alloggi_sap_assegnati_in_deroga": "Alloggi SAP assegnati in deroga",
          "totale_alloggi_assegnati": "Totale alloggi assegnati"}
# The plan's own slips: names not in the dropdowns, which the workbook lets through after a warning.
SLIPS = {"Spino D'Adda", "Casaleto di Sopra", "Comune di Spino D'Adda", "Comune di Casaleto di Sopra"}


class Clerk:
    """Types into a workbook as a person does, through the validation stored in the file."""

    def __init__(self, wb):
        self.wb = wb
        self.warnings: set[str] = set()

    def enter(self, ws, row: int, column: int, value, percent: bool = False) -> None:
        cell = coordinate(row, column)
        dv = validation_for(ws, cell)
        if dv is not None and dv.type == "list" and value in list_choices(self.wb, dv):
            value = next(v for v in list_choices(self.wb, dv) if v == value)  # picked from the dropdown
        stored = Decimal(str(value)) / 100 if percent else value
        result = verdict(self.wb, ws, cell, stored)
        assert result != "refused", (ws.title, cell, value)
        if result == "warning":
            self.warnings.add(str(value))
        type_into(ws, row, column, value, percent=percent)

    def form(self, sheet: str, label: str, value, under: str | None = None) -> None:
        ws = self.wb[sheet]
        self.enter(ws, form_row(ws, label, under), 2, value)

    def table(self, sheet: str, headers: dict[str, str], rows: list[dict]) -> None:
        ws = self.wb[sheet]
        for i, row in enumerate(rows):
            for field, value in row.items():
                if value is None:
                    continue
                percent = "(%)" in headers[field]
                self.enter(ws, 3 + i, column_of(ws, headers[field]), value, percent=percent)


def fill_like_cremasco(path: Path) -> Clerk:
    """Fill the template with the Cremasco 2021 plan, as the clerk of Crema would."""
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    wb = load_workbook(path)
    clerk = Clerk(wb)
    general = "Dati generali"
    assert wb[general].cell(form_row(wb[general], "Tipo di piano"), 2).value == "piano annuale"
    clerk.form(general, "Anno", 2021)
    clerk.form(general, "Titolo", data["titolo"])
    ambito = data["ambito"]
    clerk.form(general, "Denominazione dell'ambito", ambito["denominazione"])
    assert wb[general].cell(form_row(wb[general], "Comune capofila"), 2).value == "Crema"  # --capofila Crema
    clerk.form(general, "Numero dei comuni", ambito["numero_comuni"])
    clerk.form(general, "ALER competente", ambito["aler_competente"])
    clerk.form(general, "Note", ambito["note"], under="Ambito territoriale")
    clerk.form(general, "Organo che approva", data["approvazione"]["organo"])
    clerk.form(general, "Data di approvazione", data["approvazione"]["data"])
    clerk.form(general, "Documento", data["fonte"]["documento"])
    clerk.form(general, "Note", data["fonte"]["note"], under="Fonte dei dati")
    clerk.form(general, "Misure di sostegno", "sì")  # the plan has none: an empty list, said so
    survey = data["ricognizione"]
    clerk.form(general, "Presente nel piano", "sì", under="Ricognizione")
    clerk.form(general, "Comuni coinvolti", survey["comuni_coinvolti"])
    clerk.form(general, "Comuni titolari di patrimonio", survey["comuni_titolari_di_patrimonio"])
    clerk.form(general, "Riscontro di tutti gli altri enti", "sì")
    clerk.form(general, "Enti inadempienti", "; ".join(survey["inadempienti"]))
    clerk.form(general, "Note", survey["note"], under="Ricognizione")

    totals_sheet = "Tabelle – totali e note"
    for key, (sheet, headers) in TABLES.items():
        table = data["tabelle"][key]
        clerk.form(totals_sheet, "Presente nel piano", "sì", under=sheet)
        total = table.get("totale")
        if isinstance(total, dict):
            for field, value in total.items():
                clerk.form(totals_sheet, TOTALS[field], value, under=sheet)
        elif total is not None:
            clerk.form(totals_sheet, "Totale", total, under=sheet)
        if table.get("note"):
            clerk.form(totals_sheet, "Note", table["note"], under=sheet)
        clerk.table(sheet, headers if headers is not None else UNITS, table["righe"])
    wb.save(path)
    return clerk


def test_clerk_fills_the_template_and_gets_the_cremasco_plan(tmp_path):
    book = tmp_path / "modello.xlsx"
    result = run("template", book, "--capofila", "Crema")
    assert result.exit_code == 0, result.stderr
    clerk = fill_like_cremasco(book)
    assert clerk.warnings == SLIPS  # the workbook asked to confirm only the plan's misspellings
    out = tmp_path / "piano.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert load_plan(out) == load_plan(CREMASCO)
    # the percentage typed as 10% (stored 0.1) is the plan's 10, exactly
    assert "quota_percentuale: 10\n" in out.read_text(encoding="utf-8")


WRONG = [  # sheet, where, value, percent, what the importer says
    ("a) Consistenza del patrimonio", ("Alloggi SAP", 3), "dieci", False, "atteso un numero intero, trovato 'dieci'"),
    ("a) Consistenza del patrimonio", ("Alloggi SAS", 4), -1, False, "deve essere almeno 0, trovato -1"),
    ("a) Consistenza del patrimonio", ("Totale unità immobiliari", 5), 12.5, False,
     "atteso un numero intero, trovato '12.5'"),
    ("i) Forze di Polizia", ("Quota Forze di Polizia e VVF (%)", 3), 150, True, "deve essere al massimo 100"),
    ("Dati generali", "Data di approvazione", "31/02/2021", False,
     "attesa una data (es. 28/01/2021), trovato '31/02/2021'"),
    ("Dati generali", "Riscontro di tutti gli altri enti", "forse", False,
     "atteso «sì», «no» o «non noto», trovato 'forse'"),
    ("Dati generali", "Tipo di piano", "piano quinquennale", False,
     "atteso uno tra «piano annuale», «piano triennale», trovato 'piano quinquennale'"),
]


def test_wrong_values_are_refused_by_the_workbook_and_by_the_importer(tmp_path):
    book = tmp_path / "modello.xlsx"
    assert run("template", book, "--capofila", "Crema").exit_code == 0
    fill_like_cremasco(book)
    wb = load_workbook(book)
    expected = []
    for sheet, where, value, percent, message in WRONG:
        ws = wb[sheet]
        row, column = (form_row(ws, where), 2) if isinstance(where, str) else (where[1], column_of(ws, where[0]))
        stored = Decimal(value) / 100 if percent else value
        assert verdict(wb, ws, coordinate(row, column), stored) == "refused", (sheet, where, value)
        type_into(ws, row, column, value, percent=percent)  # written anyway, as a program could
        header = where if isinstance(where, str) else where[0]
        expected.append(f"foglio «{sheet}», riga {row}, colonna {'ABCDEFGH'[column - 1]} «{header}»: {message}")
    wb.save(book)
    out = tmp_path / "piano.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and not out.exists()
    for line in expected:
        assert line in result.stderr, (line, result.stderr)


# ---- what the template looks like -----------------------------------------------------------


def _visible_texts(wb):
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        hidden_cols = {c for c, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.row not in hidden_rows and cell.column_letter not in hidden_cols:
                    yield ws.title, cell
        yield from ((ws.title, c) for c in [])


@pytest.mark.parametrize("tipo", TYPES)
def test_the_template_speaks_plain_italian(tipo, tmp_path):
    path = tmp_path / "modello.xlsx"
    assert run("template", path, "--tipo", tipo).exit_code == 0
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Istruzioni", "Dati generali"]
    for name in wb.sheetnames:
        assert "_" not in name, name
    for sheet, cell in _visible_texts(wb):
        text = cell.value
        assert not re.search(r"\b(null|None|true|false|True|False)\b|\[\]", text), (sheet, cell.coordinate, text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace("piano_triennale", "").replace(
            "piano_annuale", "")), (sheet, cell.coordinate, text)
    # every grid: field paths in a hidden first row, one header row of Italian words under it
    plan_layout = layout(PianoAnnuale if tipo == "piano_annuale" else PianoTriennale, TYPES)
    for grid in plan_layout.grids:
        ws = wb[grid.name]
        assert ws.row_dimensions[1].hidden and not ws.row_dimensions[2].hidden
        assert [c.value for c in ws[1] if c.value] == [leaf.key for leaf in grid.leaves]
        assert [c.value for c in ws[2] if c.value] == [leaf.label for leaf in grid.leaves]
        assert ws.freeze_panes == "A3"
        assert all(ws.cell(row=r, column=1).value is None for r in range(3, 10))  # no block above or below
    for form in plan_layout.forms:
        ws = wb[form.name]
        assert ws.column_dimensions["D"].hidden
        assert [c.value for c in ws[1]][:3] == ["Voce", "Valore", "Spiegazione"]


def test_the_template_for_the_piano_triennale(tmp_path):
    path = tmp_path / "triennale.ods"
    assert run("template", path, "--tipo", "piano_triennale").exit_code == 0
    result = run("import", path)
    assert result.exit_code == 2  # empty: the required values are named
    assert "foglio «Dati generali», riga 5, colonna B «Dal»: campo obbligatorio mancante" in result.stderr
    bad = run("template", tmp_path / "x.xlsx", "--tipo", "piano_quinquennale")
    assert bad.exit_code == 2 and "piano_annuale, piano_triennale" in bad.stderr


def test_every_field_of_both_models_has_a_place_and_an_italian_title():
    for model in (PianoAnnuale, PianoTriennale):
        plan_layout = layout(model, TYPES)
        places = set()
        for form in plan_layout.forms:
            places |= {row.leaf.path for row in form.rows if row.leaf is not None}
        for grid in plan_layout.grids:
            places |= {grid.path + ("*",) + leaf.path for leaf in grid.leaves}
        leaves = list(_model_leaves(model))
        assert len(leaves) > 20
        for leaf in leaves:  # a place may hold a whole subtree (a JSON cell)
            assert any(leaf[: len(p)] == p for p in places), ".".join(leaf)
        for owner, name, info in _model_fields(model):
            assert info.title, f"{owner.__name__}.{name}: give it an Italian title (Field(title=...))"


def _model_fields(model, seen=None):
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield model, name, info
        inner = _inner_model(info.annotation)
        if inner is not None:
            yield from _model_fields(inner, seen)


def _model_leaves(model, path=()):
    import types
    import typing

    def is_list(annotation) -> bool:
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            return any(is_list(a) for a in typing.get_args(annotation))
        return typing.get_origin(annotation) is list

    for name, info in model.model_fields.items():
        inner = _inner_model(info.annotation)
        sub = path + (name,)
        if inner is None:
            yield sub
        else:
            yield from _model_leaves(inner, sub + (("*",) if is_list(info.annotation) else ()))


def test_formats_and_checks_of_the_cells(tmp_path):
    path = tmp_path / "modello.xlsx"
    assert run("template", path).exit_code == 0
    wb = load_workbook(path)
    table = wb["a) Consistenza del patrimonio"]
    column = column_of(table, "Alloggi SAP")
    assert table.column_dimensions["C"].number_format == "0"
    dv = validation_for(table, coordinate(500, column))
    assert (dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle) == ("whole", "between", "0", "1000000", "stop")
    police = wb["i) Forze di Polizia"]
    assert "%" in police.column_dimensions["B"].number_format
    dv = validation_for(police, "B3")
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")  # the cell stores 10% as 0.1
    general = wb["Dati generali"]
    date_row = form_row(general, "Data di approvazione")
    assert general.cell(date_row, 2).number_format == "DD/MM/YYYY"
    dv = validation_for(general, f"B{date_row}")
    assert dv.type == "date"
    yes_no = validation_for(general, f"B{form_row(general, 'Riscontro di tutti gli altri enti')}")
    assert list_choices(wb, yes_no) == ["sì", "no", "non noto"]
    assert list_choices(wb, validation_for(general, "B2")) == ["piano annuale", "piano triennale"]
    rinnovo = wb["e) Conferite da altri soggetti"]
    assert list_choices(wb, validation_for(rinnovo, coordinate(3, column_of(rinnovo, "Convenzione: rinnovo")))) == [
        "espresso", "tacito"]
    assert verdict(wb, rinnovo, coordinate(3, column_of(rinnovo, "Convenzione: decorrenza")), "ieri") == "refused"


def test_dropdowns_offer_the_istat_comuni_and_the_owners_listed(tmp_path):
    from compliance.registry import istat

    all_path, crema_path = tmp_path / "tutti.xlsx", tmp_path / "crema.xlsx"
    assert run("template", all_path).exit_code == 0
    assert run("template", crema_path, "--capofila", "Crema").exit_code == 0
    lombardy = {c.denominazione for c in istat.load() if c.codice_istat}
    wb = load_workbook(all_path)
    ws = wb["b) Carenza manutentiva"]
    comuni = list_choices(wb, validation_for(ws, coordinate(3, column_of(ws, "Comune"))))
    assert set(comuni) == lombardy and len(comuni) == istat.current_count()
    assert wb["Elenchi"].sheet_state == "hidden"
    wb = load_workbook(crema_path)
    ws = wb["b) Carenza manutentiva"]
    comuni = list_choices(wb, validation_for(ws, coordinate(3, column_of(ws, "Comune"))))
    assert set(comuni) == {c.denominazione for c in istat.load() if c.codice_istat and c.sigla_provincia == "CR"}
    # the owners: those written in table a), and nothing else
    owners_table = wb["a) Consistenza del patrimonio"]
    owners_table["A3"], owners_table["A4"] = "Comune di Crema", "ALER Brescia-Cremona-Mantova"
    cell = coordinate(7, column_of(ws, "Ente proprietario"))
    assert list_choices(wb, validation_for(ws, cell)) == ["Comune di Crema", "ALER Brescia-Cremona-Mantova"]
    assert verdict(wb, ws, cell, "Comune di Crema") == "ok"
    assert verdict(wb, ws, cell, "Comune di Altrove") == "warning"
    # a plan that lists its comuni offers those
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["ambito"]["comuni"] = ["Crema", "Offanengo", "Bagnolo Cremasco"]
    plan = tmp_path / "p.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run("export", plan, tmp_path / "p.xlsx").exit_code == 0
    wb = load_workbook(tmp_path / "p.xlsx")
    ws = wb["j) Servizi abitativi transitori"]
    assert list_choices(wb, validation_for(ws, "A3")) == ["Bagnolo Cremasco", "Crema", "Offanengo"]


def test_the_ods_file_carries_the_same_formats_and_checks(tmp_path):
    path = tmp_path / "cremasco.ods"
    assert run("export", CREMASCO, path).exit_code == 0
    content = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    conditions = {e.get(table + "condition") for e in ElementTree.fromstring(content).iter(table + "content-validation")}
    assert "of:cell-content-is-whole-number() and cell-content-is-between(0,1000000)" in conditions
    assert "of:cell-content-is-decimal-number() and cell-content-is-between(0,1)" in conditions
    assert any(c.startswith("of:cell-content-is-date() and cell-content-is-between(") for c in conditions)
    assert 'of:cell-content-is-in-list("sì";"no";"non noto")' in conditions
    assert any("[$'Elenchi'.$A$2:.$A$" in c for c in conditions)
    assert 'office:value-type="percentage" office:value="0.1"' in content  # Castelleone's 10%
    assert 'table:visibility="collapse"' in content  # the field paths' row and column
    styles = content[: content.index("<office:body")]
    assert "number:percentage-style" in styles and "number:date-style" in styles


# ---- reading numbers as they are shown ------------------------------------------------------


def test_spreadsheet_numbers_are_exact():
    assert exact(0.1) == Decimal("0.1") and exact(0.1 + 0.2) == Decimal("0.3")  # as the cell shows it
    assert exact(12.3456) == Decimal("12.3456") and exact(1006.0) == Decimal(1006)
    assert percent_shown(0.1) == Decimal(10) and percent_shown(0.125) == Decimal("12.5")
    assert percent_shown(0.001) == Decimal("0.1") and percent_shown("0.123456") == Decimal("12.3456")
    for text in FORMULA_TEXTS + ["Crema", "'x", " spazi ", "''-"]:
        for escape in (neutralise, protect):
            escaped = escape(text)
            assert (restore(escaped) if restore(escaped) is not None else escaped.strip()) == text, (text, escaped)
    assert neutralise("=1+1") == "'=1+1" and neutralise("Crema") == "Crema"


@pytest.mark.parametrize("stored, number_format, expected", [
    (0.1, "0%", 10), (0.125, "0.00%", Decimal("12.5")), (0.001, "0.0###%", Decimal("0.1")),
    (10, "General", 10), (12.5, "0.00", Decimal("12.5")),
])
def test_a_percentage_cell_is_read_as_the_percentage_it_shows(stored, number_format, expected, workbook):
    wb = load_workbook(workbook)
    ws = wb["i) Forze di Polizia"]
    ws["B3"].value, ws["B3"].number_format = stored, number_format
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 0, result.stderr
    row = yaml.safe_load(result.stdout)["tabelle"]["i_forze_di_polizia"]["righe"][0]
    assert Decimal(str(row["quota_percentuale"])) == expected


def test_italian_number_and_date_forms_are_read(workbook):
    wb = load_workbook(workbook)
    ws = wb["a) Consistenza del patrimonio"]
    ws["B3"] = "1.006"
    general = wb["Dati generali"]
    general.cell(form_row(general, "Data di approvazione"), 2).value = "28/01/2021"
    police = wb["i) Forze di Polizia"]
    police["B3"] = "12,5%"
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["tabelle"]["a_consistenza_patrimonio"]["righe"][0]["totale_unita_immobiliari"] == 1006
    assert data["approvazione"]["data"] == datetime.date(2021, 1, 28)
    assert data["tabelle"]["i_forze_di_polizia"]["righe"][0]["quota_percentuale"] == 12.5


# ---- CSV ----------------------------------------------------------------------------------


def test_csv_files_are_as_excel_in_italian_reads_them(tmp_path):
    folder = tmp_path / "fogli"
    assert run("export", CREMASCO, folder).exit_code == 0
    raw = (folder / "a) Consistenza del patrimonio.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "ente_proprietario;totale_unita_immobiliari;alloggi_sap;alloggi_sas"
    assert lines[1] == "Ente proprietario;Totale unità immobiliari;Alloggi SAP;Alloggi SAS"
    assert lines[2] == "ALER Brescia-Cremona-Mantova;1006;997;9"
    general = (folder / "Dati generali.csv").read_text(encoding="utf-8-sig")
    assert "Data di approvazione;28/01/2021;" in general
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["tabelle"]["i_forze_di_polizia"]["righe"][0]["quota_percentuale"] = 12.5
    plan = tmp_path / "p.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run("export", plan, tmp_path / "p").exit_code == 0
    police = (tmp_path / "p" / "i) Forze di Polizia.csv").read_text(encoding="utf-8-sig").splitlines()
    assert police[2] == "Castelleone;12,5"  # decimal comma, the percentage as the plan writes it


def test_csv_text_never_becomes_a_formula(tmp_path):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["tabelle"]["h_categorie_aggiuntive"]["righe"][0]["categoria"] = '=HYPERLINK("http://x";"clic")'
    data["tabelle"]["h_categorie_aggiuntive"]["righe"][0]["motivazione"] = "+39 0373 1234"
    plan = tmp_path / "p.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "fogli"
    assert run("export", plan, folder).exit_code == 0
    lines = (folder / "h) Categorie aggiuntive.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[2] == "Vaiano Cremasco;\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";'+39 0373 1234"
    for line in (folder / p for p in ("Dati generali.csv", "Tabelle – totali e note.csv")):
        for field in line.read_text(encoding="utf-8-sig").replace('"', "").replace("\n", ";").split(";"):
            assert not field.startswith(("=", "+", "@", "\t", "\r")), field
    result = run("import", folder)
    assert result.exit_code == 0, result.stderr
    row = yaml.safe_load(result.stdout)["tabelle"]["h_categorie_aggiuntive"]["righe"][0]
    assert row["categoria"] == '=HYPERLINK("http://x";"clic")' and row["motivazione"] == "+39 0373 1234"


def test_a_csv_folder_written_by_hand_with_commas_and_italian_headers(tmp_path):
    folder = tmp_path / "fogli"
    assert run("export", CREMASCO, folder).exit_code == 0
    path = folder / "j) Servizi abitativi transitori.csv"
    path.write_text("Comune,Unità immobiliari\nBagnolo Cremasco,1\nCrema,\"14\"\n", encoding="utf-8")
    result = run("import", folder)
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["tabelle"]["j_servizi_abitativi_transitori"]["righe"] == [
        {"comune": "Bagnolo Cremasco", "unita_immobiliari": 1}, {"comune": "Crema", "unita_immobiliari": 14}]


def test_errors_in_a_csv_folder_name_file_line_and_column(tmp_path):
    folder = tmp_path / "fogli"
    run("export", CREMASCO, folder)
    path = folder / "k) Assegnate anno precedente.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Comune di Crema;"))
    lines[index] = "Comune di Crema;quattro;0;4"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = run("import", folder)
    assert result.exit_code == 2
    assert (f"{path}:{index + 1}: colonna B «Alloggi SAP assegnati»: atteso un numero intero, "
            "trovato 'quattro'") in result.stderr


# ---- located errors -----------------------------------------------------------------------


def test_an_empty_template_is_refused_with_located_errors(tmp_path):
    path = tmp_path / "modello.xlsx"
    run("template", path)
    out = tmp_path / "piano.yaml"
    result = run("import", path, "-o", out)
    assert result.exit_code == 2
    assert "foglio «Dati generali», riga 3, colonna B «Anno»: campo obbligatorio mancante" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_missing_sheet(workbook, tmp_path):
    wb = load_workbook(workbook)
    del wb["j) Servizi abitativi transitori"]
    wb.save(workbook)
    result = run("import", workbook, "-o", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert "foglio «j) Servizi abitativi transitori»: foglio mancante" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_an_unknown_comune(workbook, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["b) Carenza manutentiva"]
    ws["C3"], ws["C4"] = "Parigi", "Crema Nuova"
    wb.save(workbook)
    result = run("import", workbook, "-o", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert ("foglio «b) Carenza manutentiva», riga 3, colonna C «Comune»: «Parigi» non è "
            "un comune della Lombardia nell'elenco ISTAT.") in result.stderr
    assert "«Crema Nuova» non è un comune della Lombardia nell'elenco ISTAT. Forse «Crema»?" in result.stderr


def test_near_miss_comune_names_are_kept_as_written(workbook, tmp_path):
    out = tmp_path / "piano.yaml"
    assert run("import", workbook, "-o", out).exit_code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert any(r.get("comune") == "Casaleto di Sopra" for r in data["tabelle"]["f_totale_assegnabili"]["righe"])


def test_unknown_column_and_field_get_a_suggestion(workbook):
    wb = load_workbook(workbook)
    ws = wb["i) Forze di Polizia"]
    ws.row_dimensions[1].hidden = False
    ws["B1"] = "quota_percentual"  # the clerk found the hidden row and changed it
    general = wb["Dati generali"]
    general.cell(form_row(general, "ALER competente"), 4).value = "ambito.aler_competent"
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 2
    assert "colonna sconosciuta «quota_percentual»" in result.stderr
    assert "campo sconosciuto «ambito.aler_competent». Forse «ambito.aler_competente»?" in result.stderr


def test_absent_table_with_data_is_refused(workbook):
    wb = load_workbook(workbook)
    ws = wb["Tabelle – totali e note"]
    row = form_row(ws, "Presente nel piano", under="h) Categorie aggiuntive")
    ws.cell(row, 2).value = "no"
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 2
    assert (f"foglio «Tabelle – totali e note», riga {row}, colonna B «Presente nel piano»: «Presente nel piano» "
            "è «no» ma ci sono dati (foglio «h) Categorie aggiuntive», riga 3)") in result.stderr


def test_absent_and_empty_tables_differ(workbook):
    wb = load_workbook(workbook)
    ws = wb["Tabelle – totali e note"]
    ws.cell(form_row(ws, "Presente nel piano", under="g) Soglia indigenti oltre 20%"), 2).value = "no"
    ws.cell(form_row(ws, "Note", under="g) Soglia indigenti oltre 20%"), 2).value = None
    wb["j) Servizi abitativi transitori"].delete_rows(3, 10)
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 0, result.stderr
    tables = yaml.safe_load(result.stdout)["tabelle"]
    assert "g_soglia_indigenti_oltre_20" not in tables  # not given: its rules are non valutabile
    assert tables["j_servizi_abitativi_transitori"] == {"righe": []}  # the plan says: none


def test_the_plan_type_must_match_the_template(workbook):
    wb = load_workbook(workbook)
    general = wb["Dati generali"]
    general.cell(form_row(general, "Tipo di piano"), 2).value = "piano triennale"
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 2
    assert ("il piano è un piano triennale, ma i fogli sono quelli del modello del piano annuale"
            in result.stderr)


def test_import_refuses_to_overwrite_its_input(workbook):
    result = run("import", workbook, "-o", workbook)
    assert result.exit_code == 2 and "coincide" in result.stderr


@pytest.mark.parametrize("name, message", [
    ("piano.xlsx", "non è un foglio di calcolo leggibile (.xlsx o .ods)"),
    ("piano.ods", "non è un foglio di calcolo leggibile (.xlsx o .ods)"),
    ("piano.xls", "formato «.xls» non riconosciuto"),
])
def test_not_a_workbook(name, message, tmp_path):
    bad = tmp_path / name
    bad.write_text("non sono un foglio", encoding="utf-8")
    result = run("import", bad)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_export_to_a_folder_that_is_not_empty_is_refused(tmp_path):
    folder = tmp_path / "pieno"
    folder.mkdir()
    (folder / "altro.txt").write_text("x")
    result = run("export", CREMASCO, folder)
    assert result.exit_code == 2 and "non è vuota" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["altro.txt"]


def test_english_messages(workbook):
    wb = load_workbook(workbook)
    del wb["Avvisi pubblici"]
    wb.save(workbook)
    result = run("import", workbook, "--lang", "en")
    assert result.exit_code == 2 and "sheet 'Avvisi pubblici': missing sheet" in result.stderr


def test_exported_workbook_opens_with_the_plan_values(workbook):
    wb = load_workbook(workbook)
    general = wb["Dati generali"]
    values = {general.cell(r, 4).value: general.cell(r, 2).value for r in range(2, general.max_row + 1)}
    assert values["anno"] == 2021 and values["ambito.comune_capofila"] == "Crema"
    assert values["approvazione.data"].date() == datetime.date(2021, 1, 28)
    assert values["tipo"] == "piano annuale" and values["ricognizione.riscontro_di_tutti_gli_altri_enti"] == "sì"
    police = wb["i) Forze di Polizia"]
    assert police["B3"].value == 0.1 and "%" in police["B3"].number_format
