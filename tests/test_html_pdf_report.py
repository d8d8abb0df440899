"""The report as a document the Assemblea can attach: self-contained HTML (A4) and PDF/A-3b.

Looked at, not only read: page 1 of the PDF is rendered to an image (pypdfium2), the HTML page is
opened in headless Chromium (screenshot, and a script in the page measures every cell for text
that overflows it). With $COMPLIANCE_SCREENSHOTS set to a folder, the images are kept there.
The browser tests need Chromium (Debian package `chromium`): without it they fail saying so.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.report.browser import chromium_command, find_chromium, run_chromium
from compliance.report.html import render_html, render_html_fragment, report_css
from compliance.report.view import attachment
from tests.conftest import CREMASCO

runner = CliRunner()
INTERNAL = re.compile(r"\b(?:[QSN]\d{1,2}|(?:RR4|LR16|DATI|PIANO)-[A-Z0-9-]+)\b|rules/|questione aperta|\.yaml\b")
DOC = dict(protocollo="4567/2021", atto="Deliberazione dell'Assemblea dei Sindaci n. 1 del 28/01/2021",
           firmatario="Mario Rossi")


def chromium() -> str:
    path = find_chromium()
    assert path, "Chromium non installato: i test del rapporto HTML lo richiedono (apt-get install chromium)"
    return path


def keep(name: str, source: Path) -> None:
    """Keep a screenshot for people to look at ($COMPLIANCE_SCREENSHOTS)."""
    folder = os.environ.get("COMPLIANCE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, Path(folder) / name)


def words(text: str) -> str:
    return " ".join(text.split())


def visible_text(markup: str) -> str:
    body = re.sub(r"(?s)<(style|head)>.*?</\1>", " ", markup)
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def without_plan_file(text: str, report) -> str:
    return text.replace(report.plan.file, "")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "rapporto.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out),
                                 "--protocollo", DOC["protocollo"], "--atto", DOC["atto"],
                                 "--firmatario", DOC["firmatario"]])
    assert result.exit_code == 1, result.output  # Trescore Cremasco: one violation
    return out


# ---- the HTML itself -------------------------------------------------------------------------------


def test_html_summary_first_then_findings_then_appendix(cremasco_report):
    page = render_html(cremasco_report, attachment(**DOC))
    text = visible_text(page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="it">' in page
    order = ["Verifica di conformità: Ambito Distrettuale Cremasco, 2021", "Protocollo n. 4567/2021",
             "Firmatario Mario Rossi", "Sintesi",
             "Il piano non è conforme: 1 violazione, 7 avvisi da verificare e 1 informazione; "
             "7 regole non valutabili per dati mancanti.",
             "Violazione", "Comune di Trescore Cremasco", "Obbligo informativo degli enti", "R.R. 4/2017 art. 5 c. 1",
             "da sanare con un nuovo atto", "In cifre", "Violazioni", "Avvisi", "Informazioni",
             "Regole non valutabili: dati mancanti", "Il piano in unità", "Appendice: Regole valutate",
             "Testi applicati", "Versioni e impronte"]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions) if p == -1]
    assert positions == sorted(positions)
    assert "Generato il" in text and "Data di riferimento 28/01/2021" in text
    assert cremasco_report.plan.sha256 in text and "R.R. 3/2019" in text
    assert "e altri 21 soggetti non valutabili per la stessa regola" in text
    assert "alla graduatoria ordinaria non resta nulla" in text


def test_html_words_for_people(cremasco_report):
    text = visible_text(render_html(cremasco_report, attachment()))
    assert not INTERNAL.search(without_plan_file(text, cremasco_report)), INTERNAL.search(text)
    assert "quota sugli alloggi SAP 5,56%" in text and "quota sulle unità dell'anno 41,18%" in text
    assert "unità per i servizi abitativi transitori" in text and "unita sat" not in text
    assert "5,5556" not in text and "41,1765" not in text
    assert "in vigore dall'11/03/2025" in text and "dal 11/" not in text
    assert "(1 soggetti)" not in text and "1 violazioni" not in text
    # the severity of a conforming rule is written as what non-compliance would be, apart
    assert "Gravità se non conforme" in text


def test_html_is_self_contained_and_printable(cremasco_report):
    page = render_html(cremasco_report, attachment())
    assert "@page" in page and "size: A4" in page and "counter(pages)" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page)
    assert "<script" not in page and "<link" not in page and not re.search(r"url\(", page)


def test_fragment_and_style_for_other_pages(cremasco_report):
    fragment = render_html_fragment(cremasco_report, attachment())
    assert fragment.lstrip().startswith('<article class="compliance-report" lang="it">')
    assert "<html" not in fragment and "<style" not in fragment
    css = report_css(cremasco_report, attachment())
    assert ".compliance-report" in css and "pagina " in css


def test_html_in_english(book, cremasco_plan):
    report = check_plan(cremasco_plan, book, plan_file=str(CREMASCO), plan_bytes=CREMASCO.read_bytes(), lang="en")
    text = visible_text(render_html(report, attachment()))
    assert "Compliance check: Ambito Distrettuale Cremasco, 2021" in text
    assert "The plan is not compliant: 1 violation, 7 warnings to check and 1 note" in text
    assert "Appendix: Rules evaluated" in text and "Reference date 2021-01-28" in text


def test_cli_html_output(tmp_path):
    out = tmp_path / "rapporto.html"
    result = runner.invoke(app, ["check", str(CREMASCO), "--format", "html", "--output", str(out)])
    assert result.exit_code == 1
    assert "Comune di Trescore Cremasco" in out.read_text(encoding="utf-8")


# ---- the PDF/A -------------------------------------------------------------------------------------


def test_pdf_page_one_has_the_summary_and_the_violation(pdf, cremasco_report):
    reader = PdfReader(str(pdf))
    pages = [words(p.extract_text()) for p in reader.pages]
    assert 8 <= len(pages) <= 12, len(pages)  # the README states the page count
    box = reader.pages[0].mediabox  # A4: 595 x 842 points
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
    first = pages[0]
    for needed in ("Sintesi", "Il piano non è conforme: 1 violazione", "Protocollo n. 4567/2021",
                   "Violazione — Comune di Trescore Cremasco", "Obbligo informativo degli enti",
                   "Da fare: da sanare con un nuovo atto", f"pagina 1 di {len(pages)}"):
        assert needed in first, needed
    whole = " ".join(pages)
    assert not INTERNAL.search(without_plan_file(whole, cremasco_report)), INTERNAL.search(whole)
    assert "Appendice: Regole valutate" in whole and f"pagina {len(pages)} di {len(pages)}" in whole


def test_pdf_is_pdf_a_with_metadata_and_output_intent(pdf):
    reader = PdfReader(str(pdf))
    root = reader.trailer["/Root"]
    [intent] = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert "sRGB" in str(intent.get("/OutputConditionIdentifier", "")) + str(intent.get("/Info", ""))
    assert root["/Lang"] == "it"
    xmp = reader.xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")
    assert xmp.dc_title == {"x-default": "Verifica di conformità: Ambito Distrettuale Cremasco, 2021"}
    assert xmp.dc_language == ["it"] and xmp.dc_creator == ["Mario Rossi"]
    assert "Protocollo n. 4567/2021" in xmp.dc_description["x-default"]
    assert xmp.xmp_create_date is not None
    info = reader.metadata
    assert info.title == xmp.dc_title["x-default"] and info.author == "Mario Rossi"
    assert "4567/2021" in info.subject and "4567/2021" in info["/Keywords"]
    # the machine-readable report travels with the document (PDF/A-3 associated file)
    data = json.loads(reader.attachments["rapporto.json"][0])
    assert data["plan"]["sha256"] and any(f["rule_id"] == "RR4-A5-C1-OBBLIGO-INFORMATIVO" for f in data["findings"])
    assert "/AF" in root


def test_pdf_page_one_as_an_image(pdf, tmp_path):
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[0].render(scale=1.5).to_pil().convert("L")
    png = tmp_path / "pagina-1.png"
    image.save(png)
    keep("rapporto-pagina-1.png", png)
    width, height = image.size
    assert width < height  # portrait
    dark = sum(image.histogram()[:128]) / (width * height)
    assert 0.02 < dark < 0.3, dark  # a page of text, not a blank or a black one
    # ink in the lower quarter of page 1: the violation's card is on it, not pushed to page 2
    lower = image.crop((0, int(height * 0.7), width, int(height * 0.92)))
    assert sum(lower.histogram()[:128]) / (lower.size[0] * lower.size[1]) > 0.01


def test_pdf_is_reproducible_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out)]).exit_code == 1
    assert a.read_bytes() == b.read_bytes()
    assert "14 novembre 2023, ore 23:13" in words(PdfReader(str(a)).pages[0].extract_text())


def test_pdf_without_output_is_refused():
    result = runner.invoke(app, ["check", str(CREMASCO), "--format", "pdf"])
    assert result.exit_code == 2
    assert "il formato pdf è binario: indicare il file con --output" in result.stderr
    assert result.stdout == ""


def test_pdf_failure_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    import compliance.report.pdf as pdf_module

    def broken(*_args, **_kw):
        raise pdf_module.PdfFailed("libpango-1.0.so.0: cannot open shared object file")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    out = tmp_path / "rapporto.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 3
    assert "impossibile produrre il PDF: libpango" in result.stderr and "apt-get install" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr


@pytest.mark.parametrize("lang,title", [("it", "Verifica di conformità"), ("en", "Compliance check")])
def test_pdf_language(tmp_path, lang, title):
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["check", str(CREMASCO), "-f", "pdf", "-o", str(out), "--lang", lang])
    assert result.exit_code == 1
    reader = PdfReader(str(out))
    assert title in words(reader.pages[0].extract_text()) and reader.trailer["/Root"]["/Lang"] == lang


# ---- in the browser --------------------------------------------------------------------------------

OVERFLOW_PROBE = """<script>
const bad = [];
for (const el of document.querySelectorAll('td, th, h1, h2, h3, h4, p, li, .card, .verdict')) {
  if (el.scrollWidth > el.clientWidth + 1) bad.push(el.tagName + ': ' + el.textContent.trim().slice(0, 60));
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push('page wider than the window');
document.body.setAttribute('data-overflow', JSON.stringify(bad));
</script>"""


def open_in_chromium(markup: str, tmp_path: Path, name: str) -> tuple[str, Path]:
    """The DOM after load (with the overflow probe's verdict) and a screenshot of the first screen."""
    browser = chromium()
    page = tmp_path / f"{name}.html"
    page.write_text(markup.replace("</body>", OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    args = chromium_command(browser, tmp_path / "profile", "--window-size=1000,1300", "--dump-dom", page.as_uri())
    done = subprocess.run(args, capture_output=True, timeout=120, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-500:]
    png = tmp_path / f"{name}.png"
    shot = chromium_command(browser, tmp_path / "profile2", "--window-size=1000,1300", "--hide-scrollbars",
                            f"--screenshot={png}", page.as_uri())
    run_chromium(browser, shot, png, tmp_path)
    keep(f"{name}.png", png)
    return done.stdout.decode("utf-8"), png


def overflowing(dom: str) -> list[str]:
    match = re.search(r'data-overflow="([^"]*)"', dom)
    assert match, "the overflow probe did not run"
    return json.loads(html_lib.unescape(match.group(1)))


def test_html_report_in_chromium(cremasco_report, tmp_path):
    dom, png = open_in_chromium(render_html(cremasco_report, attachment(**DOC)), tmp_path, "rapporto-html")
    text = visible_text(dom)
    assert "Verifica di conformità: Ambito Distrettuale Cremasco, 2021" in text
    assert "Comune di Trescore Cremasco" in text and cremasco_report.plan.sha256 in text
    assert overflowing(dom) == []
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a real page, not a blank one


def test_whatif_html_in_chromium(tmp_path):
    out = tmp_path / "whatif.html"
    scenarios = sorted((CREMASCO.parents[1] / "scenarios" / "cremasco-2021").glob("*.yaml"))
    result = runner.invoke(app, ["whatif", str(CREMASCO), *map(str, scenarios), "--suggerisci", "-f", "html",
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    dom, _png = open_in_chromium(out.read_text(encoding="utf-8"), tmp_path, "whatif-html")
    text = visible_text(dom)
    assert "Che cosa succede se — Ambito Distrettuale Cremasco 2021" in text
    assert "Castelleone — tabella i) Forze di Polizia e VVF: quota: 10% → 15%" in text
    assert "RR4-" not in text and overflowing(dom) == []
