"""Text from a plan never reaches the reader as markup or terminal control (issue 12, beside the
bad-input catalogue): raw HTML, a newline that starts a Markdown heading, `|` in a table cell,
ANSI/OSC escape sequences and bidi overrides, in the names of the ambito, of an owner and of the
approving body, in a category and its reason, and in a justification. Each format is checked:
Markdown, the terminal (with and without colour) and HTML (jinja2 autoescape, verified here).
Through the real command too: a plan file with these values is judged and reported."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.model.plan import PianoAnnuale
from compliance.report.html import render_html
from compliance.report.markdown import render_markdown
from compliance.report.terminal import print_report
from compliance.report.view import attachment
from tests.conftest import CREMASCO

ESC = "\x1b"
ANSI_RED = ESC + "[31mROSSO" + ESC + "[0m"
OSC_TITLE = ESC + "]0;titolo della finestra\x07"
BIDI = "\u202eavviso\u202c"
HTML = '<script>alert("x")</script><b>grassetto</b>'
HEADING = "riga uno\n# Titolo falso\n| a | b |"
PIPE = "Comune | di | Crema"


def hostile_plan() -> PianoAnnuale:
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["ambito"]["denominazione"] = f"Ambito {HTML} {ANSI_RED} {BIDI}"
    data["approvazione"]["organo"] = f"Assemblea {OSC_TITLE} {HEADING}"
    data["tabelle"]["h_categorie_aggiuntive"]["righe"].append(
        {"comune": "Crema", "categoria": f"Categoria {HEADING} {PIPE} {ANSI_RED}", "motivazione": None})
    data["tabelle"]["b_carenza_manutentiva"]["righe"][0]["ente_proprietario"] = f"ALER {PIPE} {HTML} {BIDI}"
    data["giustificazioni"] = [{
        "regola": "RR4-A5-C1-OBBLIGO-INFORMATIVO", "soggetto": "Comune di Trescore Cremasco",
        "motivazione": f"Motivo {HEADING} {HTML} {ANSI_RED} {OSC_TITLE} {BIDI}", "base_giuridica": "R.R. 4/2017",
        "approvata_da": f"Assemblea {PIPE}", "atto_numero": "1", "atto_data": "2021-01-28"}]
    return PianoAnnuale.model_validate(data)


@pytest.fixture(scope="module")
def report(book):
    return check_plan(hostile_plan(), book, plan_file="ostile.yaml", plan_bytes=b"x")


def assert_no_control(text: str) -> None:
    assert ESC not in text and "\x07" not in text and "\u202e" not in text and "\u202c" not in text
    assert "\ufffd" in text  # shown, visibly, where they were


def test_markdown_keeps_plan_text_as_text(report):
    md = render_markdown(report, attachment())
    assert_no_control(md)
    assert "<script>" not in md and "<b>" not in md and "&lt;script&gt;" not in md.replace("\\<", "&lt;")
    assert "\\<script\\>" in md  # escaped, shown as written
    assert not any(line.startswith("# Titolo falso") for line in md.splitlines())
    for line in md.splitlines():
        if line.startswith("|"):  # every table row keeps its columns: a plan's | is escaped
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            assert len(cells) in (6, 8, 9), line
    units = [line for line in md.splitlines() if line.startswith("| ALER Comune \\| di \\| Crema")]
    assert units, "the owner with a | in its name is one cell"


def test_terminal_has_no_control_sequence_from_the_plan(report):
    for options in ({"color_system": None}, {"force_terminal": True, "color_system": "standard"}):
        buffer = io.StringIO()
        print_report(report, Console(file=buffer, width=80, highlight=False, **options), attachment())
        text = buffer.getvalue()
        assert "\u202e" not in text and "\x07" not in text and "]0;" not in text.replace("\ufffd]0;", "")
        # the only escape sequences are rich's own colours (SGR: ESC [ … m), never the plan's
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        assert ESC not in plain
        assert "ROSSO" in plain and "[31m" in plain  # the plan's text, shown inert
        assert "[bold]" not in text


def test_html_escapes_plan_text(report):
    page = render_html(report, attachment())
    assert "<script>" not in page and "<b>grassetto" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;grassetto" in page
    assert ESC not in page and "\u202e" not in page and "\x07" not in page
    style = re.search(r"(?s)<style>(.*?)</style>", page).group(1)
    assert "</" not in style and "\x1b" not in style  # the running head's CSS string is escaped too


def test_cli_reports_a_hostile_plan_safely(tmp_path):
    plan = tmp_path / "ostile.yaml"
    plan.write_text(yaml.safe_dump(hostile_plan().model_dump(mode="json", exclude_none=False),
                                   allow_unicode=True), encoding="utf-8")
    for fmt in ("md", "text", "html"):
        out = tmp_path / f"r.{fmt}"
        result = CliRunner().invoke(app, ["check", str(plan), "-f", fmt, "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        text = out.read_text(encoding="utf-8")
        assert ESC not in text and "\u202e" not in text, fmt
        if fmt != "text":  # on a terminal, markup is inert text
            assert "<script>" not in text, fmt
