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
