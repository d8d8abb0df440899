"""The terminal report: readable at 80 columns; colour only on a terminal."""

from __future__ import annotations

import io
import re

import yaml
from rich.console import Console
from typer.testing import CliRunner

from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.model.plan import PianoAnnuale
from compliance.report.terminal import print_report
from tests.conftest import CREMASCO

ANSI = re.compile(r"\x1b\[")
runner = CliRunner()


def justified_report(book):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["giustificazioni"] = [
        {"regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": "Comune di Trescore Cremasco",
         "motivazione": "Dati comunicati con una PEC del 20/01/2021 a un indirizzo lunghissimo " * 3,
         "base_giuridica": "R.R. 4/2017 art. 5 c. 1", "approvata_da": "Assemblea dei Sindaci",
         "atto_numero": "3/2021", "atto_data": "2021-01-28"},
        {"regola": "REGOLA-CHE-NON-ESISTE-CON-UN-IDENTIFICATIVO-MOLTO-LUNGO-DAVVERO-LUNGHISSIMO",
         "motivazione": "x", "base_giuridica": "y", "approvata_da": "z"},
    ]
    plan = PianoAnnuale.model_validate(data)
    return check_plan(plan, book, plan_file="giustificato.yaml", plan_bytes=b"x")


def render(report, **console_options) -> str:
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, highlight=False, **console_options))
    return buffer.getvalue()


def assert_fits_80(text: str) -> None:
    lines = text.splitlines()
    assert len(lines) > 30
    too_long = [line for line in lines if len(line) > 80]
    assert not too_long, too_long[:3]


def test_report_fits_80_columns_without_colour_when_not_a_terminal(cremasco_report, book):
    for report in (cremasco_report, justified_report(book)):
        text = render(report, width=80)
        assert not ANSI.search(text)
        assert_fits_80(text)
        assert "Rilievi" in text


def test_colour_only_on_a_terminal(cremasco_report):
    coloured = render(cremasco_report, width=80, force_terminal=True, color_system="standard")
    assert ANSI.search(coloured)
    plain = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", coloured))
    assert_fits_80(plain)


def test_cli_output_to_a_pipe_has_no_colour_and_fits(book):
    result = runner.invoke(app, ["check", str(CREMASCO)],
                           env={"COLUMNS": "80", "FORCE_COLOR": None, "TERM": "xterm-256color"})
    assert result.exit_code == 1
    assert not ANSI.search(result.stdout)
    assert_fits_80(result.stdout)


def test_text_format_to_a_file_is_80_columns(tmp_path):
    out = tmp_path / "rapporto.txt"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "text", "-o", str(out)])
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert not ANSI.search(text)
    assert_fits_80(text)


def test_summary_on_the_first_screen(cremasco_report):
    """The verdict and the violation within the first 24 lines at 80 columns; and the whole
    report much shorter than the 377 lines of the first version."""
    from compliance.report.view import attachment

    buffer = io.StringIO()
    print_report(cremasco_report, Console(file=buffer, width=80, color_system=None, highlight=False), attachment())
    lines = buffer.getvalue().splitlines()
    first_screen = " ".join(" ".join(lines[:24]).split())
    assert "Il piano non è conforme: 1 violazione, 7 avvisi da verificare e 1 informazione" in first_screen
    assert "Violazione Comune di Trescore Cremasco: Obbligo informativo" in first_screen
    assert "(R.R. 4/2017 art. 5 c. 1) → da sanare con un nuovo atto" in first_screen
    assert "RR4-" not in first_screen and "unita_" not in buffer.getvalue()


def test_brief_option_prints_only_summary_and_findings():
    full = runner.invoke(app, ["check", str(CREMASCO)], env={"COLUMNS": "80"})
    brief = runner.invoke(app, ["check", str(CREMASCO), "--breve"], env={"COLUMNS": "80"})
    assert full.exit_code == brief.exit_code == 1
    assert "SINTESI" in brief.stdout and "RILIEVI" in brief.stdout and "Esito: almeno una violazione." in brief.stdout
    assert "APPENDICE" not in brief.stdout and "IL PIANO IN UNITÀ" not in brief.stdout
    assert "APPENDICE" in full.stdout and len(brief.stdout.splitlines()) < len(full.stdout.splitlines())
