"""Spreadsheets: template, plan -> workbook -> plan round trip, located errors (exit 2)."""

from __future__ import annotations

import datetime
import types
import typing

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from compliance.cli import app
from compliance.model.loader import _inner_model, load_plan
from compliance.model.plan import PianoAnnuale, Tabelle
from compliance.spreadsheet.layout import PRESENCE_KEY, flatten, sheets
from tests.conftest import CREMASCO

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def body(yaml_text: str) -> str:
    return "\n".join(line for line in yaml_text.splitlines() if not line.startswith("#"))


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "cremasco.xlsx"
    result = run("export", CREMASCO, path)
    assert result.exit_code == 0, result.stderr
    return path


def grid_header_row(ws, first_key: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_key and ws.cell(row=row[0].row, column=2).value not in (None, ""):
            header = [c.value for c in ws[row[0].row]]
            if len([h for h in header if h]) >= 2:
                return row[0].row
    raise KeyError(first_key)


# ---- round trip ---------------------------------------------------------------------------


def test_cremasco_round_trips_through_the_workbook(workbook, tmp_path):
    out = tmp_path / "piano.yaml"
    result = run("import", workbook, "-o", out)
    assert result.exit_code == 0, result.stderr
    original = load_plan(CREMASCO)
    again = load_plan(out)
    assert again == original  # the validated models
    assert again.model_dump(mode="json") == original.model_dump(mode="json")
    # the same YAML data: what the plan file says, less its explicit nulls ("not given")
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == without_nulls(
        yaml.safe_load(CREMASCO.read_text(encoding="utf-8")))


def test_round_trip_is_stable(workbook, tmp_path):
    first = tmp_path / "uno.yaml"
    assert run("import", workbook, "-o", first).exit_code == 0
    second_book = tmp_path / "due.xlsx"
    assert run("export", first, second_book).exit_code == 0
    second = run("import", second_book)
    assert second.exit_code == 0
    assert body(second.stdout) == body(first.read_text(encoding="utf-8"))


def test_cremasco_round_trips_through_a_csv_folder(tmp_path):
    folder = tmp_path / "fogli"
    assert run("export", CREMASCO, folder).exit_code == 0
    assert (folder / "piano.csv").exists() and (folder / "a_consistenza_patrimonio.csv").exists()
    out = tmp_path / "piano.yaml"
    result = run("import", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert load_plan(out) == load_plan(CREMASCO)


def test_near_miss_comune_names_are_kept_as_written(workbook, tmp_path):
    out = tmp_path / "piano.yaml"
    assert run("import", workbook, "-o", out).exit_code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    f_rows = data["tabelle"]["f_totale_assegnabili"]["righe"]
    assert any(r.get("comune") == "Casaleto di Sopra" for r in f_rows)  # the plan's slip, kept
    report = yaml.safe_load(run("check", out, "-f", "json").stdout)  # JSON is YAML
    assert any(f["rule_id"] == "DATI-NOMI-COMUNI-ISTAT" and "Casaleto di Sopra" in f["subject"]
               for f in report["findings"])  # ... and the data-quality rule reports it


def test_a_justification_and_lists_round_trip(tmp_path):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["giustificazioni"] = [{
        "regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": "Comune di Trescore Cremasco",
        "motivazione": "=dati via PEC", "base_giuridica": "art. 5", "approvata_da": "Assemblea",
        "atto_data": datetime.date(2021, 1, 28), "scadenza": datetime.date(2021, 12, 31),
    }]
    data["ambito"]["comuni"] = ["Crema", "Bagnolo Cremasco"]
    data["avvisi"] = []  # "none": not the same as not known (null)
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    book = tmp_path / "p.xlsx"
    assert run("export", plan_file, book).exit_code == 0
    ws = load_workbook(book)["giustificazioni"]
    assert any(c.value == "=dati via PEC" and c.data_type == "s" for row in ws.iter_rows() for c in row)
    out = tmp_path / "back.yaml"
    result = run("import", book, "-o", out)
    assert result.exit_code == 0, result.stderr
    back = load_plan(out)
    assert back == load_plan(plan_file)
    assert back.avvisi == []  # declared empty, not unknown


# ---- the template follows the model -------------------------------------------------------




def test_template_has_a_sheet_per_table_with_the_model_columns(tmp_path):
    path = tmp_path / "modello.xlsx"
    result = run("template", path)
    assert result.exit_code == 0
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["istruzioni", "piano"]
    assert "giustificazioni" in wb.sheetnames
    for name, info in Tabelle.model_fields.items():  # every table the model has, now or later
        assert name[:31] in wb.sheetnames, name
        table = _inner_model(info.annotation)
        row_model = _inner_model(table.model_fields["righe"].annotation)
        expected = [leaf.key for leaf in flatten(row_model)[0]]
        ws = wb[name[:31]]
        header_row = grid_header_row(ws, expected[0])
        header = [c.value for c in ws[header_row] if c.value]
        assert header == expected, name
        assert any(c.value == PRESENCE_KEY for c in ws["A"])
    piano = [c.value for c in wb["piano"]["A"] if c.value]
    for key in ("anno", "ambito.denominazione", "ambito.comune_capofila", "approvazione.data"):
        assert key in piano
    assert any("Come compilarlo" == c.value for c in wb["istruzioni"]["A"])


def _is_list(annotation) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return typing.get_origin(annotation) is list


def _model_leaves(model, path=()):
    """Every value path of the model; '*' stands for the items of a list of models."""
    for name, info in model.model_fields.items():
        inner = _inner_model(info.annotation)
        sub = path + (name,)
        if inner is None:
            yield sub
        else:
            yield from _model_leaves(inner, sub + (("*",) if _is_list(info.annotation) else ()))


def test_every_field_of_the_model_has_a_place_in_the_workbook():
    places = set()
    for sheet in sheets(PianoAnnuale):
        places |= {sheet.path + leaf.path for leaf in sheet.leaves}
        if sheet.grid is not None:
            places |= {sheet.grid.path + ("*",) + leaf.path for leaf in sheet.grid.leaves}
    leaves = list(_model_leaves(PianoAnnuale))
    assert len(leaves) > 50
    for leaf in leaves:  # a place may hold a whole subtree (a JSON cell)
        assert any(leaf[: len(p)] == p for p in places), ".".join(leaf)


def test_an_empty_template_is_refused_with_located_errors(tmp_path):
    path = tmp_path / "modello.xlsx"
    run("template", path)
    out = tmp_path / "piano.yaml"
    result = run("import", path, "-o", out)
    assert result.exit_code == 2
    assert "foglio «piano», riga" in result.stderr and "colonna B «anno»: campo obbligatorio mancante" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# ---- located errors -----------------------------------------------------------------------


def test_text_in_a_count_cell(workbook, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["a_consistenza_patrimonio"]
    header = grid_header_row(ws, "ente_proprietario")
    col = next(c.column for c in ws[header] if c.value == "alloggi_sap")
    ws.cell(row=header + 2, column=col, value="dieci")
    wb.save(workbook)
    out = tmp_path / "piano.yaml"
    result = run("import", workbook, "-o", out)
    assert result.exit_code == 2
    expected = (f"foglio «a_consistenza_patrimonio», riga {header + 2}, colonna C «alloggi_sap»: "
                "atteso un numero intero, trovato 'dieci'")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_missing_sheet(workbook, tmp_path):
    wb = load_workbook(workbook)
    del wb["j_servizi_abitativi_transitori"]
    wb.save(workbook)
    result = run("import", workbook, "-o", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert "foglio «j_servizi_abitativi_transitori»: foglio mancante" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_an_unknown_comune(workbook, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["b_carenza_manutentiva"]
    header = grid_header_row(ws, "ente_proprietario")
    col = next(c.column for c in ws[header] if c.value == "comune")
    ws.cell(row=header + 1, column=col, value="Parigi")
    ws.cell(row=header + 2, column=col, value="Crema Nuova")
    wb.save(workbook)
    result = run("import", workbook, "-o", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert (f"foglio «b_carenza_manutentiva», riga {header + 1}, colonna C «comune»: «Parigi» non è "
            "un comune della Lombardia nell'elenco ISTAT.") in result.stderr
    assert "«Crema Nuova» non è un comune della Lombardia nell'elenco ISTAT. Forse «Crema»?" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_errors_in_a_csv_folder_name_file_line_and_column(tmp_path):
    folder = tmp_path / "fogli"
    run("export", CREMASCO, folder)
    path = folder / "k_assegnate_anno_precedente.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Comune di Crema;"))
    lines[index] = "Comune di Crema;quattro;0;4"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = run("import", folder)
    assert result.exit_code == 2
    assert (f"{path}:{index + 1}: colonna B «alloggi_sap_assegnati»: atteso un numero intero, "
            "trovato 'quattro'") in result.stderr


def test_unknown_column_and_key_get_a_suggestion(workbook):
    wb = load_workbook(workbook)
    ws = wb["i_forze_di_polizia"]
    header = grid_header_row(ws, "comune")
    ws.cell(row=header, column=2, value="quota_percentual")
    piano = wb["piano"]
    key_cell = next(c for c in piano["A"] if c.value == "ambito.aler_competente")
    key_cell.value = "ambito.aler_competent"
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 2
    assert "colonna sconosciuta «quota_percentual»" in result.stderr and "Forse «quota_percentuale»?" in result.stderr
    assert (f"foglio «piano», riga {key_cell.row}, colonna A «ambito.aler_competent»: campo sconosciuto "
            "«ambito.aler_competent». Forse «ambito.aler_competente»?") in result.stderr


def test_absent_section_with_data_is_refused(workbook):
    wb = load_workbook(workbook)
    ws = wb["h_categorie_aggiuntive"]
    presence = next(c for c in ws["A"] if c.value == PRESENCE_KEY)
    ws.cell(row=presence.row, column=2, value="no")
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 2
    assert f"foglio «h_categorie_aggiuntive», riga {presence.row}, colonna B «presente_nel_piano»" in result.stderr


def test_absent_and_empty_tables_differ(workbook, tmp_path):
    wb = load_workbook(workbook)
    for name, value in (("g_soglia_indigenti_oltre_20", "no"), ("j_servizi_abitativi_transitori", "sì")):
        ws = wb[name]
        presence = next(c for c in ws["A"] if c.value == PRESENCE_KEY)
        ws.cell(row=presence.row, column=2, value=value)
    g = wb["g_soglia_indigenti_oltre_20"]
    note = next(c for c in g["A"] if c.value == "note")
    g.cell(row=note.row, column=2).value = None  # with its note the table would say something
    ws = wb["j_servizi_abitativi_transitori"]
    header = grid_header_row(ws, "comune")
    ws.delete_rows(header + 1, 10)
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 0, result.stderr
    tables = yaml.safe_load(result.stdout)["tabelle"]
    assert "g_soglia_indigenti_oltre_20" not in tables  # not given: its rules are non valutabile
    assert tables["j_servizi_abitativi_transitori"] == {"righe": []}  # the plan says: none


def test_italian_number_and_date_forms_are_read(workbook):
    wb = load_workbook(workbook)
    ws = wb["a_consistenza_patrimonio"]
    header = grid_header_row(ws, "ente_proprietario")
    ws.cell(row=header + 1, column=2, value="1.006")
    piano = wb["piano"]
    data_cell = next(c for c in piano["A"] if c.value == "approvazione.data")
    piano.cell(row=data_cell.row, column=2, value="28/01/2021")
    wb.save(workbook)
    result = run("import", workbook)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["tabelle"]["a_consistenza_patrimonio"]["righe"][0]["totale_unita_immobiliari"] == 1006
    assert data["approvazione"]["data"] == datetime.date(2021, 1, 28)


def test_import_refuses_to_overwrite_its_input(workbook):
    result = run("import", workbook, "-o", workbook)
    assert result.exit_code == 2 and "coincide" in result.stderr


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "piano.xlsx"
    bad.write_text("non sono un foglio", encoding="utf-8")
    result = run("import", bad)
    assert result.exit_code == 2 and "non è una cartella di lavoro Excel" in result.stderr


def test_export_to_a_folder_that_is_not_empty_is_refused(tmp_path):
    folder = tmp_path / "pieno"
    folder.mkdir()
    (folder / "altro.txt").write_text("x")
    result = run("export", CREMASCO, folder)
    assert result.exit_code == 2 and "non è vuota" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["altro.txt"]


def test_english_messages(workbook):
    wb = load_workbook(workbook)
    del wb["avvisi"]
    wb.save(workbook)
    result = run("import", workbook, "--lang", "en")
    assert result.exit_code == 2 and "sheet 'avvisi': missing sheet" in result.stderr


def test_exported_workbook_opens_with_the_plan_values(workbook):
    wb = load_workbook(workbook)
    piano = wb["piano"]
    values = {r[0].value: r[1].value for r in piano.iter_rows(min_col=1, max_col=2) if r[0].value}
    assert values["anno"] == 2021 and values["ambito.comune_capofila"] == "Crema"
    assert values["approvazione.data"].date() == datetime.date(2021, 1, 28)
