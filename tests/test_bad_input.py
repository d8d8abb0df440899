"""Bad input: exit code 2, one located Italian (or English) message, no traceback, nothing written.

Every malformed plan is the real Cremasco 2021 plan copied into `tmp_path` with one edit, so the
line named in the message is computed from the edited text. Every run passes `--output` into an
empty folder: after a bad input the folder must still be empty (no report, no temporary file)
and the plan file must be byte-for-byte unchanged.

Message format checked: `errore: PATH:LINE: FIELD.PATH: message` (or `PATH: message` where the
problem has no line, e.g. a missing or empty file).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
SOURCE = CREMASCO.read_text(encoding="utf-8")

runner = CliRunner()

TABLE_A = "tabelle.a_consistenza_patrimonio.righe"
# The row of table a) edited below: «Comune di Crema», the only row with `alloggi_sap: 353,`.
CREMA_ROW = "alloggi_sap: 353,"


# ---- helpers --------------------------------------------------------------------------------


def edit(old: str, new: str, text: str = SOURCE) -> str:
    """Replace the one occurrence of `old` (the test fails if it is not exactly one)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the plan"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the one line of `text` containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def table_a_index(needle: str, text: str = SOURCE) -> int:
    """Index in table a) `righe` of the row whose line contains `needle`."""
    lines = text.splitlines()
    start = line_of(text, "a_consistenza_patrimonio:")  # 1-based: lines[start] follows it
    assert lines[start].strip() == "righe:"
    index = 0
    for line in lines[start + 1 :]:
        assert line.startswith("      - {"), "needle not found among the rows of table a)"
        if needle in line:
            return index
        index += 1
    raise AssertionError(needle)


def write_plan(tmp_path: Path, content: str | bytes, name: str = "piano.yaml") -> Path:
    plan = tmp_path / name
    if isinstance(content, str):
        plan.write_text(content, encoding="utf-8", newline="\n")
    else:
        plan.write_bytes(content)
    return plan


def run_bad(tmp_path: Path, plan: Path, *extra: str) -> str:
    """Run `compliance check PLAN --output OUT *extra`, check the bad-input contract, return stderr."""
    before = plan.read_bytes() if plan.exists() else None
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "rapporto.md"
    result = runner.invoke(app, ["check", str(plan), "--output", str(out), *extra])
    # no uncaught exception (which would be a traceback from the real command)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert not out.exists()
    assert list(out_dir.iterdir()) == [], "a (temporary) output file was left behind"
    if before is not None:
        assert plan.read_bytes() == before
    else:
        assert not plan.exists()
    assert result.stdout == ""
    err = result.stderr
    assert err.startswith("errore: ") or err.startswith("error: "), err
    assert "Traceback" not in err
    return err


# ---- control: the unedited copy is accepted and written -------------------------------------


def test_control_unedited_copy_is_accepted_and_written(tmp_path):
    plan = write_plan(tmp_path, SOURCE)
    out = tmp_path / "rapporto.md"
    result = runner.invoke(app, ["check", str(plan), "--output", str(out)])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert out.exists() and out.stat().st_size > 0


# ---- 1. YAML syntax -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        pytest.param(  # unclosed [ inside a flow mapping
            "{ente_proprietario: Comune di Izano, totale_unita_immobiliari: 6,",
            "{ente_proprietario: [Comune di Izano, totale_unita_immobiliari: 6,",
            "[Comune di Izano",
            id="unclosed-bracket",
        ),
        pytest.param(  # one space too many
            "  comune_capofila: Crema\n",
            "   comune_capofila: Crema\n",
            "   comune_capofila: Crema",
            id="bad-indentation",
        ),
    ],
)
def test_yaml_syntax(tmp_path, old, new, needle):
    text = edit(old, new)
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    assert f"{plan}:{line_of(text, needle)}: YAML non valido: " in err


# ---- 2, 3, 15. a count written as text, a negative count ------------------------------------


def test_text_where_a_count_goes(tmp_path):
    text = edit(CREMA_ROW, "alloggi_sap: dodici,")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    row = table_a_index("alloggi_sap: dodici,", text)
    line = line_of(text, "alloggi_sap: dodici,")
    assert f"{plan}:{line}: {TABLE_A}[{row}].alloggi_sap: atteso un numero intero" in err
    assert "'dodici'" in err


def test_text_where_a_count_goes_in_english(tmp_path):
    text = edit(CREMA_ROW, "alloggi_sap: dodici,")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan, "--lang", "en")
    row = table_a_index("alloggi_sap: dodici,", text)
    line = line_of(text, "alloggi_sap: dodici,")
    assert err.startswith("error: ")
    assert f"{plan}:{line}: {TABLE_A}[{row}].alloggi_sap: a whole number was expected" in err
    assert "atteso" not in err


def test_negative_count(tmp_path):
    text = edit(CREMA_ROW, "alloggi_sap: -3,")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    row = table_a_index("alloggi_sap: -3,", text)
    line = line_of(text, "alloggi_sap: -3,")
    assert f"{plan}:{line}: {TABLE_A}[{row}].alloggi_sap: deve essere almeno 0" in err


# ---- 4. unknown key -------------------------------------------------------------------------


def test_unknown_key_with_suggestion(tmp_path):
    text = edit(CREMA_ROW, "alloggi_sapp: 353,")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    row = table_a_index("alloggi_sapp: 353,", text)
    line = line_of(text, "alloggi_sapp: 353,")
    assert f"{plan}:{line}: {TABLE_A}[{row}].alloggi_sapp: campo sconosciuto" in err
    assert "Forse «alloggi_sap»?" in err


# ---- 5. missing file ------------------------------------------------------------------------


def test_missing_file(tmp_path):
    plan = tmp_path / "non-esiste.yaml"
    err = run_bad(tmp_path, plan)
    assert f"{plan}: file non trovato" in err


# ---- 6. duplicate key -----------------------------------------------------------------------


def test_duplicate_key(tmp_path):
    text = edit("  comune_capofila: Crema\n", "  comune_capofila: Crema\n  comune_capofila: Cremona\n")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    first = line_of(text, "comune_capofila: Crema")  # the original line ("Crema" is not "Cremo…")
    second = line_of(text, "comune_capofila: Cremona")
    assert f"{plan}:{second}: " in err
    assert "ripetuta" in err and "comune_capofila" in err
    assert f"riga {first}" in err


# ---- 7. empty file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="zero-bytes"),
        pytest.param("\n   \n\t\n", id="blank-lines"),
        pytest.param("# solo un commento\n", id="only-comments"),
    ],
)
def test_empty_file(tmp_path, content):
    plan = write_plan(tmp_path, content)
    err = run_bad(tmp_path, plan)
    assert f"{plan}: file vuoto" in err


# ---- 8. alias / anchor ----------------------------------------------------------------------


def test_alias(tmp_path):
    text = edit("  denominazione: Ambito Distrettuale Cremasco\n", "  denominazione: &nome Ambito Distrettuale Cremasco\n")
    text = edit("  comune_capofila: Crema\n", "  comune_capofila: *nome\n", text)
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    # the anchor is refused where it is defined
    assert f"{plan}:{line_of(text, '&nome')}: " in err
    assert "alias" in err


def test_lone_anchor_is_refused(tmp_path):
    text = edit("  denominazione: Ambito Distrettuale Cremasco\n", "  denominazione: &nome Ambito Distrettuale Cremasco\n")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    assert f"{plan}:{line_of(text, '&nome')}: " in err and "ancore" in err


# ---- 9. date format -------------------------------------------------------------------------


def test_date_in_wrong_format(tmp_path):
    text = edit("  data: 2021-01-28\n", "  data: 28/01/2021\n")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    line = line_of(text, "data: 28/01/2021")
    assert f"{plan}:{line}: approvazione.data: " in err
    assert "AAAA-MM-GG" in err


def test_impossible_date_in_the_plan(tmp_path):
    text = edit("  data: 2021-01-28\n", "  data: 2021-13-45\n")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    assert f"{plan}:{line_of(text, 'data: 2021-13-45')}: " in err
    assert "valore non valido" in err and "month must be in 1..12" in err


# ---- 10. percentage over 100 ----------------------------------------------------------------


def test_percentage_over_100(tmp_path):
    text = edit("{comune: Castelleone, quota_percentuale: 10}", "{comune: Castelleone, quota_percentuale: 150}")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    line = line_of(text, "quota_percentuale: 150")
    assert f"{plan}:{line}: tabelle.i_forze_di_polizia.righe[0].quota_percentuale: " in err
    assert "al massimo 100" in err
    assert "100.0" not in err


def test_percentage_with_too_many_decimals(tmp_path):
    text = edit("{comune: Castelleone, quota_percentuale: 10}", "{comune: Castelleone, quota_percentuale: 0.000001}")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    line = line_of(text, "quota_percentuale: 0.000001")
    assert f"{plan}:{line}: tabelle.i_forze_di_polizia.righe[0].quota_percentuale: al massimo 4 decimali" in err


# ---- 11. binary content, invalid UTF-8 ------------------------------------------------------


def test_binary_content(tmp_path):
    plan = write_plan(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    err = run_bad(tmp_path, plan)
    assert f"{plan}: " in err
    assert "binario" in err


def test_invalid_utf8(tmp_path):
    # A Latin-1 «à» (byte 0xE0) in the middle of the plan: the message names its line.
    raw = edit("  comune_capofila: Crema\n", "  comune_capofila: Cremà\n").encode("utf-8")
    raw = raw.replace("Cremà".encode("utf-8"), b"Crem\xe0")
    plan = write_plan(tmp_path, raw)
    line = raw[: raw.index(b"\xe0")].count(b"\n") + 1
    err = run_bad(tmp_path, plan)
    assert f"{plan}:{line}: " in err
    assert "UTF-8" in err


# ---- 12. not a mapping at the top level -----------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("- tipo: piano_annuale\n- anno: 2021\n", id="list"),
        pytest.param("piano annuale 2021\n", id="scalar"),
    ],
)
def test_top_level_not_a_mapping(tmp_path, content):
    plan = write_plan(tmp_path, content)
    err = run_bad(tmp_path, plan)
    assert f"{plan}:1: " in err
    assert "atteso un piano" in err


# ---- 13. bad --date -------------------------------------------------------------------------


def test_bad_date_option(tmp_path):
    plan = write_plan(tmp_path, SOURCE)
    err = run_bad(tmp_path, plan, "--date", "2021-13-45")
    assert "--date" in err and "2021-13-45" in err
    assert "AAAA-MM-GG" in err


# ---- 14. no approval date -------------------------------------------------------------------


def test_no_approval_date_needs_date_option(tmp_path):
    text = edit("  data: 2021-01-28\n", "")
    plan = write_plan(tmp_path, text)
    err = run_bad(tmp_path, plan)
    assert f"{plan}:{line_of(text, 'approvazione:')}: approvazione.data: " in err
    assert "--date" in err

    out = tmp_path / "con-data.md"
    result = runner.invoke(app, ["check", str(plan), "--date", "2021-01-28", "--output", str(out)])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert out.exists()
    assert plan.read_bytes() == text.encode("utf-8")


# ---- the real command: no traceback on stderr -----------------------------------------------


def test_subprocess_bad_input_has_no_traceback(tmp_path):
    text = edit(CREMA_ROW, "alloggi_sap: dodici,")
    plan = write_plan(tmp_path, text)
    out = tmp_path / "rapporto.md"
    proc = subprocess.run(
        [sys.executable, "-c", "from compliance.cli import main; main()", "check", str(plan), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert "atteso un numero intero" in proc.stderr
    assert f"{plan}:{line_of(text, 'dodici')}: " in proc.stderr
    assert not out.exists()
    assert plan.read_bytes() == text.encode("utf-8")
