"""The web page in a real browser: system Chromium driven by Playwright (never `playwright
install`: the browser is the Debian package the PDF report already uses).

A user's path: open the page, upload the Cremasco spreadsheet, see the Trescore violation, open
its details, download the PDF; test Castelleone's police reserve at 15% (art. 7 bis flips) and
more units (the units table changes), sweep it, ask for the nearest compliant plan, save the
scenario and load it back; audit a generated folder. Each page is checked with axe-core (the
copy bundled by the axe-playwright-python package: nothing is downloaded at test time) against
WCAG 2.1 AA. Screenshots are kept in build/test-artefacts/web (or $COMPLIANCE_ARTEFACTS).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from compliance.cli import main
from compliance.report.browser import find_chromium
from compliance.whatif.scenario import load_scenario
from tests.web_support import CREMASCO, POLICE_LABEL, POLICE_RULE, ROOT, running_server

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTEFACTS = Path(os.environ.get("COMPLIANCE_ARTEFACTS", ROOT / "build" / "test-artefacts" / "web"))


def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def check_accessibility(page, name: str) -> None:
    """axe-core on the page as it is now: no WCAG 2.1 A/AA violation."""
    page.evaluate(axe_script())  # through the DevTools protocol: the page's CSP does not apply
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA)
    problems = [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                                       else str(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"]]
    assert not problems, f"{name}: " + "\n".join(problems)


def shot(page, name: str, **kw) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    (kw.pop("element", None) or page).screenshot(path=str(path), **kw)
    return path


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("radice")
    with pytest.raises(SystemExit) as done:
        main(["genera", str(root / "piani"), "--ambiti", "4", "--year", "2024", "--year", "2025", "--seed", "3"])
    assert done.value.code == 0
    with pytest.raises(SystemExit) as done:
        main(["export", str(CREMASCO), str(root / "cremasco-2021.xlsx")])
    assert done.value.code == 0
    return root


@pytest.fixture(scope="module")
def server(root):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with running_server(root, log=ARTEFACTS / "serve.log") as (base, _process):
        yield base


@pytest.fixture(scope="module")
def browser():
    chromium = find_chromium()
    assert chromium, "Chromium is needed (Debian package chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="it-IT")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    # a 422 is the answer to a bad value (shown next to the control); htmx reports a request that
    # a newer one replaced, or that a navigation cut short, as aborted
    expected = ("422 (Unprocessable Entity)", "htmx:sendAbort", "htmx:afterRequest")
    assert not [e for e in errors if not any(x in e for x in expected)], errors


def test_check_a_spreadsheet_and_download_the_pdf(server, root, page):
    page.goto(server + "/")
    expect(page.locator("h1")).to_contain_text("Ambito Distrettuale Cremasco")
    shot(page, "01-esempio")
    check_accessibility(page, "pagina iniziale")

    page.get_by_text("Carica o scegli un piano").click()
    page.get_by_label("File del piano").set_input_files(str(root / "cremasco-2021.xlsx"))
    page.get_by_role("button", name="Verifica", exact=True).click()
    page.wait_for_url(re.compile(r"/piani/[A-Za-z0-9_-]+$"))
    expect(page.get_by_text("Piano: cremasco-2021.xlsx")).to_be_visible()

    trescore = page.locator(".compliance-report .card", has_text="Trescore Cremasco")
    expect(trescore).to_have_count(1)
    expect(trescore.locator("h4")).to_contain_text("Violazione")
    details = trescore.get_by_role("button", name="Dettagli: articolo, numeri, spiegazione")
    expect(details).to_have_attribute("aria-expanded", "false")
    details.click()
    expect(details).to_have_attribute("aria-expanded", "true")
    expect(trescore.locator(".cw-finding-details")).to_contain_text("R.R. 4/2017 art. 5")

    # filters: only the violations found (not those that cannot be assessed)
    total = page.locator(".cw-report .card").count()
    for label in ("non valutabile", "avviso", "informazione"):
        page.locator(".cw-filters").get_by_label(re.compile(rf"^{label} \(")).uncheck()
    visible = page.locator(".cw-report .card:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("Trescore Cremasco")
    expect(page.locator(".cw-count")).to_have_text(f"1 rilievo mostrato su {total}")
    trescore.scroll_into_view_if_needed()
    shot(page, "02-rapporto-filtrato")
    check_accessibility(page, "rapporto")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = ARTEFACTS / "rapporto-cremasco.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == "rapporto-cremasco-2021.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Trescore Cremasco" in text


def _control(page, label: str):
    return page.get_by_label(label, exact=True).locator("visible=true")


def test_whatif_police_reserve(server, page):
    page.goto(server + "/")
    page.get_by_role("link", name="Prova una scelta: che cosa succede se…").click()
    page.wait_for_url(re.compile(r"/whatif$"))
    expect(page.locator("h1")).to_contain_text("Che cosa succede se")
    check_accessibility(page, "che cosa succede se")

    page.get_by_label("Comune o ente").select_option(label="Castelleone")
    expect(page.locator("fieldset[data-group]:visible legend")).to_have_text("Castelleone")
    # keyboard: from the group's select, Tab reaches the first control of Castelleone
    page.get_by_label("Comune o ente").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('fieldset') && document.activeElement.closest('fieldset').id")
    assert focused == "g-castelleone"

    police = _control(page, POLICE_LABEL)
    expect(police).to_have_value("10")
    police.fill("15")
    rule = page.locator(f'#regole-cambiate li[data-rule="{POLICE_RULE}"]')
    expect(rule).to_contain_text("conforme")
    expect(rule.locator(".cw-badge").last).to_have_text("non conforme")
    expect(page.locator(f'#rilievi-cambiati li[data-rule="{POLICE_RULE}"]')).to_contain_text("nuovo")
    shot(page, "03-whatif-riserva-15")

    # at 15% Castelleone's 2 units still give 1 reserved unit (rounded up, as at 10%); with 12
    # more units in table c) the reserve takes 2
    cell = page.locator('#unita tr[data-ente="Comune di Castelleone"] td[data-col="forze_polizia"]')
    expect(cell).to_have_text("1")
    _control(page, "Unità, tabella c) nuova edificazione — Comune di Castelleone").fill("12")
    expect(cell).to_have_text("1 → 2")
    expect(page.locator('#unita tr[data-ente="Comune di Castelleone"] td[data-col="unita_anno"]')).to_have_text("2 → 12")
    shot(page, "04-whatif-unita")
    check_accessibility(page, "che cosa succede se, con un esito")

    # a bad value: the message next to the control, the rest of the page unchanged
    police.fill("quindici")
    error = page.locator(f"#err-{police.get_attribute('id')}")
    expect(error).to_contain_text("atteso un numero")
    expect(police).to_have_attribute("aria-invalid", "true")
    police.fill("15")
    expect(error).to_have_text("")

    # sweep of the police reserve, the flip at 10 -> 10.5
    page.get_by_label("Scelta da far variare").select_option(police.get_attribute("id"))
    page.get_by_label("Da", exact=True).fill("0")
    page.get_by_label("A", exact=True).fill("20")
    page.get_by_label("Passo").fill("0.5")
    page.get_by_role("button", name="Traccia il grafico").click()
    flip = page.locator(f'#cambi-verdetto li[data-rule="{POLICE_RULE}"]')
    expect(flip).to_contain_text("conforme fino a 10, non conforme da 10,5", timeout=60_000)
    shot(page, "05-grafico", element=page.locator("#grafico"))

    page.get_by_role("button", name="Suggerisci").click()
    expect(page.locator("#suggerimenti")).to_contain_text("Castelleone", timeout=60_000)

    page.get_by_label("Nome dello scenario").fill("Castelleone al 15% con 12 unità")
    with page.expect_download() as download:
        page.get_by_role("button", name="Scarica lo scenario (YAML)").click()
    saved = ARTEFACTS / "scenario.yaml"
    download.value.save_as(saved)
    scenario = load_scenario(saved)
    assert scenario.name == "Castelleone al 15% con 12 unità"
    assert {c.path for c in scenario.changes} >= {"tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"}

    # load it back: the controls show its values, the verdict is there at once
    page.goto(page.url.split("?")[0])
    page.get_by_label("File di scenario (YAML)").set_input_files(str(saved))
    page.get_by_role("button", name="Carica lo scenario", exact=True).click()
    page.wait_for_url(re.compile(r"scenario="))
    expect(page.get_by_text("Scenario caricato: Castelleone al 15% con 12 unità")).to_be_visible()
    page.get_by_label("Comune o ente").select_option(label="Castelleone")
    expect(_control(page, POLICE_LABEL)).to_have_value("15")
    expect(page.locator(f'#regole-cambiate li[data-rule="{POLICE_RULE}"]')).to_be_visible()


def test_audit_of_a_generated_folder(server, root, page):
    page.goto(server + "/audit")
    check_accessibility(page, "verifica di più piani")
    page.get_by_label("Cartella da verificare").fill("piani")
    page.get_by_role("button", name="Verifica la cartella").click()
    page.wait_for_url(re.compile(r"/audit/[A-Za-z0-9_-]+/$"), timeout=120_000)
    plans = len(list((root / "piani").rglob("*.yaml")))
    expect(page.locator("#piani tbody tr")).to_have_count(plans)
    shot(page, "06-audit")
    check_accessibility(page, "riepilogo della verifica")
    page.locator("#piani tbody tr").first.get_by_role("link", name="html").click()
    expect(page.locator(".cw-report .compliance-report h1")).to_be_visible()
    expect(page.locator(".cw-report .card").first.get_by_role("button", name="Dettagli: articolo, numeri, spiegazione")).to_be_visible()
    shot(page, "07-audit-rapporto")


def test_english_page(server, page):
    page.goto(server + "/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Upload or pick a plan")).to_be_visible()
    check_accessibility(page, "English page")
    page.goto(server + "/casi/cremasco-2021/whatif")
    expect(page.locator("h1")).to_contain_text("What if")
    check_accessibility(page, "English what-if")
