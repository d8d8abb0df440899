"""The printable report: self-contained HTML (A4) and PDF printed by headless Chromium.

The browser tests need Chromium (Debian package `chromium`, installed by .ci/run): without it
they fail with a message saying so; they are never skipped.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import subprocess

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.model.plan import PianoAnnuale
from compliance.report.html import render_html
from compliance.report.pdf import chromium_command, find_chromium, run_chromium
from tests.conftest import CREMASCO

runner = CliRunner()


def chromium() -> str:
    path = find_chromium()
    assert path, (
        "Chromium non installato: i test del rapporto PDF/HTML lo richiedono "
        "(apt-get install chromium; .ci/run lo installa se manca)"
    )
    return path


def words(text: str) -> str:
    return " ".join(text.split())


def visible_text(markup: str) -> str:
    body = re.sub(r"(?s)<style.*?</style>", " ", markup)
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


# ---- the HTML itself ----------------------------------------------------------------------


def test_html_has_header_summary_findings_and_appendix(cremasco_report):
    page = render_html(cremasco_report)
    text = visible_text(page)
    r = cremasco_report
    assert page.startswith("<!DOCTYPE html>") and '<html lang="it">' in page
    assert f"Verifica di conformità: {r.plan.ambito}, {r.plan.anno}" in text
    assert "Data di riferimento 28/01/2021" in text
    assert r.plan.sha256 in text  # the full hash of the input
    assert f"{r.ruleset['name']} {r.ruleset['version']}" in text
    for lt in r.legal_texts:
        assert lt.act in text
    assert "R.R. 3/2019" in text  # the version of R.R. 4/2017 applied
    for rule in r.rules:  # summary table and appendix
        assert text.count(rule.id) >= 2, rule.id
    shown = {}
    for f in r.findings:
        if f.outcome == "non_valutabile":  # a rule's long list of gaps: 3 in full, the rest named
            shown[f.rule_id] = shown.get(f.rule_id, 0) + 1
            if shown[f.rule_id] > 3:
                assert words(f.subject) in text
                continue
        assert words(f.message) in text
        assert words(f.source) in text
    assert "altri 21 soggetti non valutabili per la stessa regola" in text
    assert "Il piano in unità" in text
    assert "alla graduatoria ordinaria non resta nulla" in text
    assert "Appendice: regole valutate" in text
    assert "Comune di Trescore Cremasco" in text


def test_html_is_self_contained_and_printable(cremasco_report):
    page = render_html(cremasco_report)
    assert "@page" in page and "size: A4" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page)
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"url\(", page)  # no fonts or images fetched


def test_html_escapes_plan_text(book):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["ambito"]["denominazione"] = 'Ambito <script>alert("x")</script> & "co"'
    plan = PianoAnnuale.model_validate(data)
    report = check_plan(plan, book, plan_file="x.yaml", plan_bytes=b"x")
    page = render_html(report)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    style = re.search(r"(?s)<style>(.*?)</style>", page).group(1)
    assert "</" not in style and '\\"x\\"' in style  # the footer's CSS string is escaped too


def test_html_in_english(book, cremasco_plan):
    report = check_plan(cremasco_plan, book, plan_file=str(CREMASCO), plan_bytes=CREMASCO.read_bytes(), lang="en")
    text = visible_text(render_html(report))
    assert "Compliance check: Ambito Distrettuale Cremasco, 2021" in text
    assert "Appendix: rules evaluated" in text and "Reference date 2021-01-28" in text


def test_cli_html_output(tmp_path):
    out = tmp_path / "rapporto.html"
    result = runner.invoke(app, ["check", str(CREMASCO), "--format", "html", "--output", str(out)])
    assert result.exit_code == 1  # Trescore Cremasco: one violation
    assert "Comune di Trescore Cremasco" in out.read_text(encoding="utf-8")


# ---- in the browser -----------------------------------------------------------------------


def test_chromium_renders_the_html_report(cremasco_report, tmp_path):
    browser = chromium()
    page = tmp_path / "rapporto.html"
    page.write_text(render_html(cremasco_report), encoding="utf-8")
    args = chromium_command(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    done = subprocess.run(args, capture_output=True, timeout=120, cwd=tmp_path, stdin=subprocess.DEVNULL)
    dom = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-500:]
    text = visible_text(dom)
    assert "Verifica di conformità: Ambito Distrettuale Cremasco, 2021" in text
    assert "RR4-A5-C1-OBBLIGO-INFORMATIVO" in text and "Comune di Trescore Cremasco" in text
    assert cremasco_report.plan.sha256 in text


def test_chromium_screenshot_of_the_first_page(cremasco_report, tmp_path):
    browser = chromium()
    page = tmp_path / "rapporto.html"
    page.write_text(render_html(cremasco_report), encoding="utf-8")
    png = tmp_path / "pagina.png"
    args = chromium_command(browser, tmp_path / "profile", "--window-size=900,1270",
                            "--hide-scrollbars", f"--screenshot={png}", page.as_uri())
    run_chromium(browser, args, png, tmp_path)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a real page, not a blank one


def test_cli_pdf_contains_the_findings(tmp_path, cremasco_report):
    chromium()
    out = tmp_path / "rapporto.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "--format", "pdf", "--output", str(out)])
    assert result.exit_code == 1, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox  # A4: 595 x 842 points
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
    text = words(" ".join(p.extract_text() for p in reader.pages))
    assert "Verifica di conformità: Ambito Distrettuale Cremasco" in text
    assert "Comune di Trescore Cremasco" in text
    assert "RR4-A5-C1-OBBLIGO-INFORMATIVO" in text
    assert "Appendice: regole valutate" in text
    assert f"Pagina 1 / {len(reader.pages)}" in text
    for f in cremasco_report.findings:
        assert f.rule_id in text


def test_pdf_without_output_is_refused():
    result = runner.invoke(app, ["check", str(CREMASCO), "--format", "pdf"])
    assert result.exit_code == 2
    assert "il formato pdf è binario: indicare il file con --output" in result.stderr
    assert result.stdout == ""


def test_pdf_without_chromium_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CHROMIUM", str(tmp_path / "nessun-chromium"))
    out = tmp_path / "rapporto.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 3
    assert "Chromium non trovato" in result.stderr and "apt-get install chromium" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_pdf_when_chromium_fails_writes_nothing(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'boom' >&2\nexit 7\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COMPLIANCE_CHROMIUM", str(fake))
    out = tmp_path / "rapporto.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 3
    assert "Chromium non è riuscito a produrre il PDF" in result.stderr and "boom" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("lang,title", [("it", "Verifica di conformità"), ("en", "Compliance check")])
def test_pdf_language(tmp_path, lang, title):
    chromium()
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out), "--lang", lang])
    assert result.exit_code == 1
    text = words(PdfReader(str(out)).pages[0].extract_text())
    assert title in text
