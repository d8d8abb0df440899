"""Hostile input to `compliance audit` (issue 12): plan file names that try to write elsewhere or are
too long, a plan that makes the evaluation fail, fields that a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from compliance.audit.names import MAX_STEM, report_names, safe_stem
from compliance.cli import main

CASE = Path(__file__).resolve().parents[1] / "cases" / "cremasco-2021.yaml"


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_report_names_are_safe_bounded_unique():
    names = ["..yaml", "../x.yaml", "a/../../b.yaml", "CON.yaml", "Città.yaml", "citta.yaml", "A.yaml", "a.yaml",
             "x" * 240 + ".yaml", "x" * 239 + "y.yaml", ".yaml", "-rf.yaml", "2024/ambito-di-crema.yaml"]
    out = report_names(names)
    assert len(set(v.casefold() for v in out.values())) == len(names)  # unique, even ignoring case
    for name, stem in out.items():
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]*", stem), (name, stem)
        assert len(stem) <= MAX_STEM
    assert out["2024/ambito-di-crema.yaml"] == "2024__ambito-di-crema"  # readable where it can be
    assert safe_stem("CON.yaml") == "piano_CON"


def test_hostile_names_stay_inside_the_output_and_every_link_resolves(tmp_path):
    plans = tmp_path / "piani"
    plans.mkdir()
    text = CASE.read_text(encoding="utf-8")
    for name in ["..yaml", "x" * 240 + ".yaml", "x" * 239 + "y.yaml", "A.yaml", "a.yaml", "CON.yaml", "Città.yml"]:
        (plans / name).write_text(text, encoding="utf-8")
    before = _files(tmp_path)
    out = tmp_path / "esito"
    assert run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"]) == 0
    written = _files(tmp_path) - before
    assert written and all(out in p.parents for p in written)  # nothing outside the output folder
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert len(data["piani"]) == 7 and {p["stato"] for p in data["piani"]} == {"valutato"}
    assert len(list((out / "piani").glob("*.json"))) == 7
    page = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#][^"]*)"', page)
    assert len(set(links)) >= 7 * 3
    for link in links:
        assert (out / link).resolve().is_file(), link
        assert out.resolve() in (out / link).resolve().parents
    for p in data["piani"]:
        for link in p["rapporti"].values():
            assert (out / link).is_file()


def test_a_plan_that_breaks_the_evaluation_does_not_sink_the_audit(tmp_path, monkeypatch, capsys):
    """One plan raises inside the evaluation (an engine fault, a bug): it is listed with its error,
    the others are judged and every output written, and the audit ends with exit 3."""
    import compliance.audit.runner as runner
    import compliance.evaluate as evaluate

    plans = tmp_path / "piani"
    plans.mkdir()
    for name in ("buono.yaml", "esplode.yaml", "altro.yaml"):
        shutil.copy(CASE, plans / name)
    real = evaluate.check_plan

    def check_plan(plan, book, *, plan_file, **kw):
        if plan_file.endswith("esplode.yaml"):
            raise ZeroDivisionError("divisione per zero nel motore")
        return real(plan, book, plan_file=plan_file, **kw)

    # the workers run as threads of this process, so the fault planted here reaches them
    monkeypatch.setattr(evaluate, "check_plan", check_plan)
    monkeypatch.setattr(runner, "_pool", lambda jobs, opts: ThreadPoolExecutor(
        max_workers=jobs, initializer=runner._init_worker, initargs=(opts,)))
    out = tmp_path / "esito"
    assert run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"]) == 3
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    state = {p["piano"]: p for p in data["piani"]}
    assert state["esplode.yaml"]["stato"] == "errore_interno"
    assert "ZeroDivisionError: divisione per zero nel motore" in state["esplode.yaml"]["errori"][0]
    assert state["buono.yaml"]["stato"] == state["altro.yaml"]["stato"] == "valutato"
    for name in ("index.html", "riepilogo.csv", "rilievi.csv", "unita.csv", "compliance.sarif", "junit.xml"):
        assert (out / name).is_file(), name
    assert "esplode.yaml" in (out / "index.html").read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err


def test_a_result_that_cannot_travel_back_is_listed_too(tmp_path, monkeypatch):
    import compliance.audit.runner as runner

    plans = tmp_path / "piani"
    plans.mkdir()
    for name in ("uno.yaml", "due.yaml"):
        shutil.copy(CASE, plans / name)

    class Pool(ThreadPoolExecutor):
        def submit(self, fn, *args):
            if fn is runner.judge_file and args[1] == "due.yaml":
                def broken(*_):
                    raise TypeError("cannot pickle '_thread.lock' object")
                return super().submit(broken)
            return super().submit(fn, *args)

    monkeypatch.setattr(runner, "_pool", lambda jobs, opts: Pool(max_workers=1, initializer=runner._init_worker,
                                                                  initargs=(opts,)))
    out = tmp_path / "esito"
    assert run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"]) == 3
    state = {p["piano"]: p for p in json.loads((out / "audit.json").read_text())["piani"]}
    assert state["due.yaml"]["stato"] == "errore_interno" and "cannot pickle" in state["due.yaml"]["errori"][0]
    assert state["uno.yaml"]["stato"] == "valutato"


FORMULAS = ["=HYPERLINK(\"http://x.example\";\"clic\")", "+1+2", "-3+4", "@SUM(1;2)", "\tTAB", "\rCR"]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """An audit whose ambiti are named like formulas (one per plan)."""
    root = tmp_path_factory.mktemp("iniezione")
    plans = root / "piani"
    plans.mkdir()
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    for i, name in enumerate(FORMULAS):
        data["ambito"]["denominazione"] = name
        (plans / f"p{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = root / "esito"
    assert run(["audit", str(plans), "-o", str(out), "--fail-on", "mai"]) == 0
    return out


def test_csv_cells_never_start_a_formula(injected):
    for name in ("riepilogo.csv", "rilievi.csv", "unita.csv"):
        raw = (injected / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 with BOM
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert len(rows) > 1
        for row in rows:
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    summary = list(csv.DictReader(io.StringIO((injected / "riepilogo.csv").read_bytes().decode("utf-8-sig"),
                                              newline=""), delimiter=";"))
    # neutralised the OWASP way: the text as the plan holds it, after an apostrophe
    held = [p["ambito"] for p in json.loads((injected / "audit.json").read_text(encoding="utf-8"))["piani"]]
    assert sum(1 for h in held if h.startswith(("=", "+", "-", "@", "\t", "\r"))) >= 5
    assert sorted(r["ambito"] for r in summary) == sorted(
        "'" + h if h.startswith(("=", "+", "-", "@", "\t", "\r")) else h for h in held)


def test_a_spreadsheet_program_does_not_evaluate_them(injected, tmp_path):
    """LibreOffice Calc opens riepilogo.csv (`;`, UTF-8) and converts it to .xlsx: every ambito cell is a
    text, none a formula. The control row shows the danger is real: the same field, not neutralised, is
    read as a formula."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (pacchetto Debian libreoffice-calc-nogui) non installato: "
                    "la prova strutturale sopra resta valida")
    import openpyxl

    sheet = tmp_path / "riepilogo.csv"
    text = (injected / "riepilogo.csv").read_text(encoding="utf-8-sig")
    sheet.write_text(text + "=1+1;controllo\r\n", encoding="utf-8-sig")
    done = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--convert-to", "xlsx", "--infilter=CSV:59,34,76,1", "--outdir", str(tmp_path), str(sheet)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(tmp_path / "riepilogo.xlsx").active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    control = cells[-1]
    assert control.data_type == "f"  # the unprotected field became a formula
    ambiti = cells[:-1]
    assert len(ambiti) == len(FORMULAS)
    assert all(c.data_type == "s" for c in ambiti), [(c.value, c.data_type) for c in ambiti]
    assert sum(1 for c in ambiti if str(c.value).startswith("'")) >= 5
