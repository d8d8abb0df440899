"""`compliance serve` over HTTP: every route, good and bad input (a real server on a loopback port,
started as `compliance serve`, with its worker processes)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import signal
import time
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml

from compliance.cli import main
from compliance.model.loader import InputError, load_any_plan
from compliance.spreadsheet.files import write_sheets
from compliance.whatif.scenario import apply, load_scenario
from tests.web_support import CREMASCO, POLICE_LABEL, POLICE_RULE, ROOT, control_name, csv_zip, running_server, text_of

HX = {"HX-Request": "true"}
URL = "/casi/cremasco-2021"


@pytest.fixture(scope="module")
def audit_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("radice")
    (root / "vuota").mkdir()
    (root / "collegamento").mkdir()
    outside = tmp_path_factory.mktemp("fuori") / "segreto.yaml"
    outside.write_text("anno: 2021\n", encoding="utf-8")
    (root / "collegamento" / "piano.yaml").symlink_to(outside)
    (root / "dentro").mkdir()
    (root / "dentro" / "piano.yaml").write_bytes(CREMASCO.read_bytes())
    (root / "dentro" / "rotto.yaml").write_text("anno: [\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(audit_root, tmp_path_factory):
    with running_server(audit_root, log=tmp_path_factory.mktemp("log") / "serve.log") as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    base, _process = server
    with httpx.Client(base_url=base, follow_redirects=False, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def whatif_page(client):
    r = client.get(f"{URL}/whatif")
    assert r.status_code == 200
    return r.text


def upload(client, name: str, content: bytes, **fields):
    return client.post("/verifica", files={"piano": (name, content)}, data=fields)


def problems_on(page: str) -> list[str]:
    return [text_of(p) for p in re.findall(r"<li><code>(.*?)</code></li>", page, re.S)]


# ---- the check ------------------------------------------------------------------------------------


def test_home_is_the_cremasco_report_framed(client):
    r = client.get("/")
    assert r.status_code == 200
    page = r.text
    assert "Trescore Cremasco" in page and "Ambito Distrettuale Cremasco" in page
    assert '<html lang="it">' in page
    assert 'id="piano"' in page and '<label for="piano">' in page  # the upload form, labelled
    for fmt in ("pdf", "html", "json", "md"):
        assert f'href="/casi/cremasco-2021/rapporto.{fmt}"' in page
    assert 'src="/static/app.js"' in page and 'class="cw-report"' in page
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page  # no inline script: the policy allows none


def test_report_is_the_projects_html_report(client):
    """The page holds the report that `check -f html` writes (its <article> and its style)."""
    page = client.get(URL).text
    download = client.get(f"{URL}/rapporto.html").text
    article = re.search(r'<article class="compliance-report".*?</article>', download, re.S).group(0)
    generated = re.compile(r"\d{2}/\d{2}/\d{4}, ore \d{2}:\d{2}|\d{1,2} \w+ \d{4}, ore \d{2}:\d{2}")
    assert generated.sub("", article) in generated.sub("", page)  # the same but for the time it was made
    assert "data-cards=" in page  # each card's outcome and severity, for the filters


def test_english_by_choice_and_remembered(client):
    r = client.get("/?lang=en")
    assert r.status_code == 200 and '<html lang="en">' in r.text
    assert "Upload or pick a plan" in r.text and "The plan is not compliant" in r.text
    assert "lang=en" in r.headers["set-cookie"]
    assert '<html lang="en">' in client.get(URL).text
    assert '<html lang="it">' in client.get(f"{URL}?lang=it").text


def test_case_picker(client):
    r = client.get("/casi", params={"nome": "cremasco-2021"})
    assert r.status_code == 303 and r.headers["location"] == URL
    assert client.get("/casi", params={"nome": "../pyproject"}).status_code == 404
    assert client.get("/casi/non-esiste").status_code == 404
    assert client.get("/casi/..%2F..%2Fpyproject").status_code == 404
    r = client.get("/casi/cremonese-triennale-2023-2025")
    assert r.status_code == 200 and "Cremonese" in r.text


def test_downloads_are_the_cli_reports(client, tmp_path):
    out = tmp_path / "r.json"
    with pytest.raises(SystemExit):
        main(["check", str(CREMASCO), "-f", "json", "-o", str(out)])
    r = client.get(f"{URL}/rapporto.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert 'attachment; filename="rapporto-cremasco-2021.json"' == r.headers["content-disposition"]
    assert r.content == out.read_bytes()
    md = client.get(f"{URL}/rapporto.md")
    assert md.headers["content-type"].startswith("text/markdown") and "Trescore Cremasco" in md.text
    assert client.get(f"{URL}/rapporto.exe").status_code == 404


def test_pdf_download(client):
    r = client.get(f"{URL}/rapporto.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_upload_yaml_gives_its_report(client):
    r = upload(client, "piano-2021.yaml", CREMASCO.read_bytes())
    assert r.status_code == 303 and r.headers["location"].startswith("/piani/")
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "Trescore Cremasco" in page.text and "piano-2021.yaml" in page.text
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["plan"]["file"] == "piano-2021.yaml"
    assert report["plan"]["sha256"] == hashlib.sha256(CREMASCO.read_bytes()).hexdigest()


def test_upload_with_a_reference_date(client):
    r = upload(client, "bozza.yaml", CREMASCO.read_bytes(), data="2025-06-01")
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["reference_date"] == "2025-06-01" and report["reference_date_basis"] == "opzione"
    r = upload(client, "bozza.yaml", CREMASCO.read_bytes(), data="2025-13-01")
    assert r.status_code == 422 and 'id="data-errore"' in r.text and "2025-13-01" in r.text
    r = upload(client, "bozza.yaml", CREMASCO.read_bytes(), data="2010-01-01")
    assert r.status_code == 422 and "01/01/2010" in text_of(r.text)
    undated = CREMASCO.read_text(encoding="utf-8").replace("data: 2021-01-28", "data: null")
    r = upload(client, "senza-data.yaml", undated.encode())
    assert r.status_code == 422 and "senza-data.yaml" in text_of(r.text) and "approvazione.data" in text_of(r.text)
    r = client.post("/verifica", data={"caso": "cremasco-2021", "data": "2019-01-15"})
    assert r.status_code == 303
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["reference_date"] == "2019-01-15"


def test_upload_spreadsheets_and_zipped_csv(client, tmp_path):
    from compliance.model.loader import load_plan

    plan = load_plan(CREMASCO)
    write_sheets(plan, tmp_path / "piano.xlsx")
    r = upload(client, "piano.xlsx", (tmp_path / "piano.xlsx").read_bytes())
    assert r.status_code == 303
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["plan"]["file"] == "piano.xlsx"
    assert any(f["subject"] == "Comune di Trescore Cremasco" for f in report["findings"])
    write_sheets(plan, tmp_path / "piano.ods")
    r = upload(client, "piano.ods", (tmp_path / "piano.ods").read_bytes())
    assert r.status_code == 303
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["plan"]["file"] == "piano.ods" and report["summary"]["violazioni"] == 1
    write_sheets(plan, tmp_path / "csv")
    r = upload(client, "piano.zip", csv_zip(tmp_path / "csv"))
    assert r.status_code == 303
    report = json.loads(client.get(r.headers["location"] + "/rapporto.json").text)
    assert report["summary"]["violazioni"] == 1


def test_bad_plan_gets_the_cli_messages(client, tmp_path):
    bad = CREMASCO.read_text(encoding="utf-8").replace("{comune: Castelleone, quota_percentuale: 10}",
                                                       "{comune: Castelleone, quota_percentuale: dieci}")
    path = tmp_path / "bozza.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as cli:
        load_any_plan(path)
    expected = [p.render().replace(str(path), "bozza.yaml") for p in cli.value.problems]
    r = upload(client, "bozza.yaml", bad.encode())
    assert r.status_code == 422
    assert problems_on(r.text) == expected
    assert 'aria-invalid="true"' in r.text and 'aria-describedby="piano-aiuto piano-errori"' in r.text


@pytest.mark.parametrize("name, data, words", [
    ("piano.txt", b"anno: 2021", "formato non riconosciuto"),
    ("vuoto.yaml", b"", "vuoto"),
    ("binario.yaml", b"\x00\x01", "binario"),
    ("rotto.xlsx", b"non un foglio", "xlsx"),
    ("rotto.zip", b"PK\x03\x04 rotto", "danneggiato"),
    ("alias.yaml", b"a: &x 1\nb: *x\n", "alias"),
])
def test_bad_files_are_refused_with_a_message(client, name, data, words):
    r = upload(client, name, data)
    assert r.status_code == 422
    assert words in text_of(r.text).lower()
    assert client.get("/").status_code == 200  # nothing else breaks


def test_zip_members_are_read_by_name_only(client, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../fuori.csv", "campo;valore\n")
        archive.writestr("nota.txt", "ignorata")
    r = upload(client, "trucco.zip", buffer.getvalue())
    assert r.status_code == 422  # read as fuori.csv inside the upload folder: not a template sheet
    assert "fuori.csv" in text_of(r.text) or "foglio" in text_of(r.text)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("solo.txt", "x")
    r = upload(client, "niente.zip", buffer.getvalue())
    assert r.status_code == 422 and "non contiene file .csv" in text_of(r.text)


def test_upload_limits(client):
    r = upload(client, "grande.yaml", b"a" * (11 * 1024 * 1024))
    assert r.status_code == 413
    r = client.post("/verifica", files=[("piano", ("a.yaml", b"anno: 1")), ("piano", ("b.yaml", b"anno: 2"))])
    assert r.status_code == 422 and "un solo file" in text_of(r.text)
    r = client.post("/verifica", data={})
    assert r.status_code == 422 and "scegliere un file" in text_of(r.text)


def test_hostile_plan_fields_are_escaped(client):
    text = CREMASCO.read_text(encoding="utf-8")
    text = text.replace("denominazione: Ambito Distrettuale Cremasco",
                        'denominazione: "<script>alert(1)</script> Cremasco"')
    text = text.replace("{comune: Castelleone, quota_percentuale: 10}",
                        '{comune: "<img src=x onerror=alert(2)>", quota_percentuale: 10}')
    r = upload(client, '"><svg onload=alert(3)>.yaml', text.encode())
    assert r.status_code == 303
    for url in (r.headers["location"], r.headers["location"] + "/whatif"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    whatif = client.get(r.headers["location"] + "/whatif").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in whatif


def test_cross_origin_posts_are_refused(client):
    data = {"files": {"piano": ("a.yaml", CREMASCO.read_bytes())}}
    assert client.post("/verifica", headers={"Origin": "http://evil.example"}, **data).status_code == 403
    assert client.post("/verifica", headers={"Sec-Fetch-Site": "cross-site"}, **data).status_code == 403
    assert client.post("/verifica", headers={"Origin": "null"}, **data).status_code == 403
    assert client.post("/verifica", headers={"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"},
                       **data).status_code == 303


def test_only_local_host_names(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8016"}).status_code == 200


def test_unknown_pages(client):
    r = client.get("/piani/AAAAAAAAAAAAAAAAAAAAAA")
    assert r.status_code == 404 and "Pagina non trovata" in r.text
    assert client.get("/piani/x/../../etc/passwd").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.delete("/").status_code == 405


def test_health(client):
    r = client.get("/salute")
    assert r.status_code == 200 and r.json()["ok"] is True


# ---- what if ------------------------------------------------------------------------------------------


def test_whatif_page_has_labelled_controls_per_comune(whatif_page):
    for group in ("Crema", "Castelleone", "Bagnolo Cremasco", "ALER Brescia-Cremona-Mantova"):
        assert f"<legend>{group}</legend>" in whatif_page
    names = re.findall(r'<input class="cw-ctl"[^>]* id="(v\d+)"', whatif_page)
    labels = set(re.findall(r'<label for="(v\d+)">', whatif_page))
    assert names and set(names) <= labels
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    assert re.search(rf'id="{name}" name="{name}" value="10"', whatif_page)


def test_whatif_police_reserve_flips_7_bis(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif", data={name: "15"}, headers=HX)
    assert r.status_code == 200
    fragment = r.text
    rule = re.search(rf'<li data-rule="{POLICE_RULE}">(.*?)</li>', fragment, re.S)
    assert rule and re.search(r"conforme.*→.*non conforme", text_of(rule.group(1)))
    assert f'data-rule="{POLICE_RULE}" data-subject="Castelleone"' in fragment
    assert 'data-comune="Castelleone" data-ente="Comune di Castelleone"' in fragment
    assert "<html" not in fragment  # a fragment for htmx
    full = client.post(f"{URL}/whatif", data={name: "15"})
    assert full.status_code == 200 and "<html" in full.text and f'data-rule="{POLICE_RULE}"' in full.text


def test_whatif_units_change(client, whatif_page):
    """More units for Castelleone in table c): at 15% the police reserve takes 2 of them."""
    police = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    units = control_name(whatif_page, "Castelleone", "Unità, tabella c) nuova edificazione — Comune di Castelleone")
    r = client.post(f"{URL}/whatif", data={police: "15", units: "12"}, headers=HX)
    row = re.search(r'<tr data-comune="Castelleone" data-ente="Comune di Castelleone">(.*?)</tr>', r.text, re.S).group(1)
    cell = re.search(r'data-col="forze_polizia">(.*?)</td>', row, re.S).group(1)
    assert text_of(cell) == "1 → 2"


def test_whatif_bad_values_are_located_next_to_the_control(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    for value, words in (("abc", "atteso un numero"), ("150", "al massimo 100"), ("-1", "almeno 0")):
        r = client.post(f"{URL}/whatif", data={name: value}, headers=HX)
        assert r.status_code == 422, value
        oob = re.search(rf'<p id="err-{name}"[^>]*hx-swap-oob="true">(.*?)</p>', r.text, re.S)
        assert oob and words in text_of(oob.group(1)), (value, r.text[:500])
    full = client.post(f"{URL}/whatif", data={name: "abc"})
    assert full.status_code == 422
    assert re.search(rf'id="{name}" name="{name}" value="abc"[^>]*aria-invalid="true"', full.text)
    assert "hx-swap-oob" not in full.text


def test_whatif_adds_and_removes_rows(client, whatif_page):
    crema = control_name(whatif_page, "Crema", "Soglia per i nuclei indigenti sul patrimonio comunale (%), tabella g")
    r = client.post(f"{URL}/whatif/scenario.yaml", data={crema: "30"})
    scenario = yaml.safe_load(r.text)
    assert scenario["aggiungi"] == {"tabelle.g_soglia_indigenti_oltre_20.righe": [
        {"comune": "Crema", "ente_proprietario": "Comune di Crema", "quota_percentuale": 30}]}
    police = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/scenario.yaml", data={police: ""})
    assert yaml.safe_load(r.text)["rimuovi"] == ["tabelle.i_forze_di_polizia.righe[comune=Castelleone]"]


def test_scenario_download_is_read_by_the_cli(client, whatif_page, tmp_path, capsys):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/scenario.yaml", data={name: "15", "nome": "Castelleone al 15%",
                                                         "descrizione": "Riserva al 15%."})
    assert r.status_code == 200 and r.headers["content-disposition"] == 'attachment; filename="scenario-castelleone-al-15.yaml"'
    path = tmp_path / "scenario.yaml"
    path.write_bytes(r.content)
    scenario = load_scenario(path)
    assert scenario.name == "Castelleone al 15%" and scenario.description == "Riserva al 15%."
    _plan, doc = load_any_plan(CREMASCO)
    changed, _data = apply(doc.data, scenario)
    assert changed.tabelle.i_forze_di_polizia.righe[0].quota_percentuale == 15
    with pytest.raises(SystemExit) as exit_:
        main(["whatif", str(CREMASCO), str(path), "-f", "json"])
    assert exit_.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["scenarios"][0]["rule_changes"] == [
        {"id": POLICE_RULE, "before": "conforme", "after": "non_conforme"}]
    r = client.post(f"{URL}/whatif/scenario.yaml", data={})
    assert r.status_code == 422  # nothing to save


def test_scenario_upload_round_trip(client, whatif_page):
    example = ROOT / "scenarios" / "cremasco-2021" / "castelleone-riserva-15.yaml"
    r = client.post(f"{URL}/whatif/scenario", files={"scenario_file": (example.name, example.read_bytes())})
    assert r.status_code == 303 and "?scenario=" in r.headers["location"]
    page = client.get(r.headers["location"]).text
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    assert re.search(rf'id="{name}" name="{name}" value="15"', page)
    assert "Castelleone, riserva Forze di Polizia al 15%" in page
    assert f'data-rule="{POLICE_RULE}"' in page
    sid = re.search(r"scenario=([A-Za-z0-9_-]+)", r.headers["location"]).group(1)
    # a control changed on top of the loaded scenario; both end up in the saved file
    sat = control_name(whatif_page, "Crema", "Unità per servizi abitativi transitori, tabella j")
    saved = yaml.safe_load(client.post(f"{URL}/whatif/scenario.yaml", data={"scenario": sid, sat: "16"}).text)
    assert saved["modifiche"] == {"tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale": 15,
                                  "tabelle.j_servizi_abitativi_transitori.righe[comune=Crema].unita_immobiliari": 16}


def test_bad_scenario_upload_gets_the_cli_messages(client, tmp_path):
    text = "nome: sbagliato\nmodifiche:\n  tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentual: 15\n"
    path = tmp_path / "sbagliato.yaml"
    path.write_text(text, encoding="utf-8")
    plan, doc = load_any_plan(CREMASCO)
    with pytest.raises(InputError) as cli:
        from compliance.whatif.scenario import apply_logged

        apply_logged(doc.data, load_scenario(path))
    expected = [p.render().replace(str(path), "sbagliato.yaml") for p in cli.value.problems]
    r = client.post(f"{URL}/whatif/scenario", files={"scenario_file": ("sbagliato.yaml", text.encode())})
    assert r.status_code == 422 and problems_on(r.text) == expected
    assert "Forse «quota_percentuale»?" in r.text
    r = client.post(f"{URL}/whatif/scenario", files={"scenario_file": ("x.yaml", b"")})
    assert r.status_code == 422


def test_sweep_marks_the_flip_point(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/sweep", headers=HX, data={
        "sweep_control": name, "sweep_from": "0", "sweep_to": "20", "sweep_step": "0.5"})
    assert r.status_code == 200
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}" alt="[^"]{40,}"', r.text)
    image = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", r.text).group(1))
    assert image.startswith(b"\x89PNG")
    flip = re.search(rf'<li data-rule="{POLICE_RULE}">(.*?)</li>', r.text, re.S)
    assert flip and "conforme fino a 10, non conforme da 10,5" in text_of(flip.group(1))
    full = client.post(f"{URL}/whatif/sweep", data={"sweep_control": name, "sweep_from": "0", "sweep_to": "20",
                                                   "sweep_step": "1"})
    assert full.status_code == 200 and "<html" in full.text and "data:image/png" in full.text


def test_sweep_bad_input(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/sweep", headers=HX, data={"sweep_control": name, "sweep_from": "0",
                                                             "sweep_to": "100", "sweep_step": "0.05"})
    assert r.status_code == 422 and "troppi valori" in text_of(r.text)
    r = client.post(f"{URL}/whatif/sweep", headers=HX, data={"sweep_control": name, "sweep_from": "a",
                                                             "sweep_to": "1", "sweep_step": "1"})
    assert r.status_code == 422 and "intervallo non valido" in text_of(r.text)
    r = client.post(f"{URL}/whatif/sweep", headers=HX, data={"sweep_control": "v99999"})
    assert r.status_code == 422
    assert client.post(f"{URL}/whatif/altro", data={}).status_code == 404


def test_nearest_and_apply(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/nearest", headers=HX, data={name: "15"})
    assert r.status_code == 200
    assert "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale" in r.text
    suggestions = [html.unescape(v) for v in
                   re.findall(r'<input type="hidden" name="suggest" value="([^"]*)">', r.text)]
    police = [v for v in suggestions if v.startswith("tabelle.i_forze_di_polizia.righe[comune=Castelleone]")]
    assert len(police) == 1 and police[0].rsplit("=", 1)[1] in ("0", "10")
    applied = client.post(f"{URL}/whatif/applica", data={name: "15", "suggest": suggestions})
    assert applied.status_code == 303
    page = client.get(applied.headers["location"]).text
    assert re.search(rf'id="{name}" name="{name}" value="{police[0].rsplit("=", 1)[1]}"', page)
    assert f'data-rule="{POLICE_RULE}"' not in page or "non conforme → conforme" in text_of(page)


def test_nearest_without_javascript(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/nearest", data={name: "15"})
    assert r.status_code == 200 and "<html" in r.text and 'id="suggerimenti"' in r.text


def test_saved_scenarios_are_listed(client, whatif_page):
    name = control_name(whatif_page, "Castelleone", POLICE_LABEL)
    r = client.post(f"{URL}/whatif/salva", data={name: "12", "nome": "Dodici per cento",
                                                 "suggest": "approvazione.data=2020-12-31"})
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert re.search(rf'id="{name}" name="{name}" value="12"', page)
    assert "Dodici per cento</a>" in page and 'id="scenari-salvati"' in page
    saved = client.post(f"{URL}/whatif/scenario.yaml",
                        data={"scenario": r.headers["location"].split("scenario=")[1]}).text
    assert "approvazione" not in saved  # the suggestions only with "applica"


def test_triennial_plan_has_no_controls(client):
    r = client.get("/casi/cremonese-triennale-2023-2025/whatif")
    assert r.status_code == 200 and "piano triennale" in r.text and 'class="cw-ctl"' not in r.text


# ---- audit ----------------------------------------------------------------------------------------------


def test_audit_form_and_refusals(client, audit_root):
    r = client.get("/audit")
    assert r.status_code == 200 and '<option value="dentro">' in r.text and str(audit_root) in r.text
    for folder, words in (("../", "sotto"), ("/etc", "sotto"), ("non-esiste", "non è una cartella"),
                          ("vuota", "nessun file di piano"), ("collegamento", "fuori da")):
        r = client.post("/audit", data={"cartella": folder})
        assert r.status_code == 422 and words in text_of(r.text), folder
        assert 'id="cartella-errore"' in r.text


def test_audit_of_a_folder(client):
    r = client.post("/audit", data={"cartella": "dentro"})
    assert r.status_code == 303
    base = r.headers["location"]
    index = client.get(base)
    assert index.status_code == 200 and 'id="piani"' in index.text
    scripts = re.findall(r"<script>(.*?)</script>", index.text, re.S)
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in index.headers["content-security-policy"]
    assert "rotto.yaml" in index.text  # the broken file listed with its error
    links = re.findall(r'href="(piani/[^"]+)"', index.text)
    assert {Path(link).suffix for link in links} == {".html", ".md", ".json"}
    for link in links:
        assert client.get(base + link).status_code == 200, link
    report = client.get(base + next(l for l in links if l.endswith(".html")))
    assert "Trescore Cremasco" in report.text and 'class="cw-report"' in report.text
    for name in ("riepilogo.csv", "audit.json", "compliance.sarif", "junit.xml"):
        assert client.get(base + name).status_code == 200, name
    assert client.get(base + "../../etc/passwd").status_code == 404
    assert client.get(base + "piani/..%2F..%2Findex.html").status_code == 404
    assert client.get("/audit/AAAAAAAAAAAA/").status_code == 404
    listing = client.get("/audit").text
    assert f'href="{base}"' in listing


# ---- a crashed worker ---------------------------------------------------------------------------------


def test_a_dead_worker_is_replaced(client):
    pid = client.get("/salute").json()["worker"]
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    first = client.get(f"{URL}/rapporto.md")
    assert first.status_code in (200, 500)
    if first.status_code == 500:
        assert "Errore interno" in first.text
    deadline = time.time() + 60
    while time.time() < deadline:
        again = client.get(f"{URL}/rapporto.md")
        if again.status_code == 200:
            break
    assert again.status_code == 200 and "Trescore Cremasco" in again.text


# ---- shutdown ---------------------------------------------------------------------------------------


def test_uploads_are_removed_at_shutdown(tmp_path, audit_root):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with running_server(audit_root, env={"TMPDIR": str(tmp)}) as (base, process):
        r = httpx.post(base + "/verifica", files={"piano": ("p.yaml", CREMASCO.read_bytes())}, timeout=120)
        assert r.status_code == 303
        kept = list(tmp.glob("compliance-web-*/piani/*/file/p.yaml"))
        assert len(kept) == 1
    assert process.returncode == 0
    assert not list(tmp.glob("compliance-web-*"))
