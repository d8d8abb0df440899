"""The workbooks as a spreadsheet program sees them: LibreOffice (headless) opens the XLSX and
ODS files, understands their checks, re-saves files the importer reads back to the same plan,
does not evaluate a neutralised CSV text as a formula, and prints the template to pages that are
turned into images (look at them: the PNG files are left in the test's temporary folder).

LibreOffice is not part of the project's set-up (it is large): these tests run where `soffice`
is installed (Debian: apt-get install libreoffice-calc-nogui poppler-utils) and are skipped,
with that reason, elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from compliance.model.loader import load_plan
from compliance.spreadsheet.files import import_to_yaml, write_sheets
from tests.conftest import CREMASCO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# field separator ;, text delimiter ", UTF-8, from line 1, Italian, evaluate formulas: as a user would open it
CSV_FILTER = "CSV:59,34,76,1,,1040,false,true,false,false,false,-1,true"


def convert(source: Path, to: str, folder: Path, infilter: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    args = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        args.append(f"--infilter={infilter}")
    # its own process group: on a timeout, soffice.bin (a grandchild) is ended with its launcher
    proc = subprocess.Popen(args + ["--convert-to", to, "--outdir", str(folder), str(source)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    out = folder / (source.stem + "." + to.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    plan = load_plan(CREMASCO)
    out = {}
    for fmt in ("xlsx", "ods"):
        out[fmt] = folder / f"cremasco.{fmt}"
        write_sheets(plan, out[fmt])
    return out


@pytest.mark.parametrize("source, to", [("xlsx", "ods"), ("ods", "xlsx")])
def test_files_resaved_by_libreoffice_import_to_the_same_plan(source, to, exported, tmp_path):
    resaved = convert(exported[source], to, tmp_path / "lo")
    text = import_to_yaml(resaved, None)
    assert load_plan_text(text, tmp_path) == load_plan(CREMASCO)


def load_plan_text(text: str, folder: Path):
    path = folder / "piano.yaml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)


def test_libreoffice_understands_the_checks_of_the_ods_file(exported, tmp_path):
    wb = load_workbook(convert(exported["ods"], "xlsx", tmp_path / "lo"))
    kinds = {}
    for name in ("Dati generali", "a) Consistenza del patrimonio", "i) Forze di Polizia", "b) Carenza manutentiva"):
        for dv in wb[name].data_validations.dataValidation:
            kinds.setdefault(name, set()).add((dv.type, dv.formula1, dv.formula2, dv.errorStyle))
    assert ("whole", "0", "1000000", "stop") in kinds["a) Consistenza del patrimonio"]
    assert ("decimal", "0", "1", "stop") in kinds["i) Forze di Polizia"]
    assert any(k[0] == "date" for k in kinds["Dati generali"])
    owners = [k for k in kinds["b) Carenza manutentiva"] if k[0] == "list" and "OFFSET" in k[1]]
    assert owners and owners[0][3] == "warning"
    assert wb["Elenchi"].sheet_state == "hidden"
    police = wb["i) Forze di Polizia"]
    assert police["B3"].value == 0.1 and "%" in police["B3"].number_format


def test_a_neutralised_csv_text_is_not_evaluated(tmp_path):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["tabelle"]["h_categorie_aggiuntive"]["righe"][0]["categoria"] = "=1+1"
    data["tabelle"]["h_categorie_aggiuntive"]["righe"][0]["motivazione"] = "@SOMMA(1;2)"
    plan = tmp_path / "p.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "fogli"
    write_sheets(load_plan(plan), folder)
    csv = folder / "h) Categorie aggiuntive.csv"
    raw = tmp_path / "grezzo.csv"  # the same line without the neutralising apostrophe: a formula
    raw.write_text(csv.read_text(encoding="utf-8-sig").replace("'=1+1", "=1+1"), encoding="utf-8-sig")
    for n, (source, formula) in enumerate(((csv, False), (raw, True))):
        ws = load_workbook(convert(source, "xlsx", tmp_path / f"lo{n}", CSV_FILTER)).active
        cell = ws["B3"]
        assert (cell.data_type == "f") is formula, (source.name, cell.value, cell.data_type)
    ws = load_workbook(convert(csv, "xlsx", tmp_path / "again", CSV_FILTER)).active
    assert ws["B3"].value == "'=1+1" and ws["C3"].data_type == "s"


def test_the_template_printed_to_pages(tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    template = tmp_path / "modello.xlsx"
    write_sheets(None, template, capofila="Crema")
    pdf = convert(template, "pdf", tmp_path / "pdf")
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "6", str(pdf), str(tmp_path / "pagina")],
                   check=True, timeout=120)
    pages = sorted(tmp_path.glob("pagina-*.png"))
    assert len(pages) == 6 and all(p.stat().st_size > 2_000 for p in pages)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("Come compilarlo", "Denominazione dell'ambito", "Totale unità immobiliari", "Presente nel piano"):
        assert words in text
    for word in (r"\bnull\b", r"\btrue\b", r"\bfalse\b", r"\[\]", r"ambito\.denominazione"):
        assert not re.search(word, text), word
