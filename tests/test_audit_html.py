"""The audit's overview in a real browser (headless Chromium): the worst plans first, the filters,
the browser sort, the map with every ambito coloured and linked, every link resolving."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from compliance.audit.overview import render_overview
from compliance.audit.runner import AuditRun, PlanResult
from compliance.audit.summary import Filters, summarise
from compliance.findings import Finding

CHROMIUM = "/usr/bin/chromium"


def _chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        pytest.fail("Chromium non trovato (/usr/bin/chromium): installare il pacchetto Debian «chromium»")
    return path


def _browser(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", *extra],
        capture_output=True, text=True, timeout=180, check=False,
    )


def _dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    done = _browser(page, tmp_path, "--dump-dom", page.as_uri() + fragment)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


ROW = re.compile(r'<tr class="([a-z_]+)" data-i="\d+" data-piano="([^"]+)" data-esito="([a-z_]+)"[^>]*?( hidden="")?>')


def _finding(severity: str, n: int) -> Finding:
    return Finding(rule_id=f"R-{severity.upper()}", rule_version="1", outcome="non_conforme", severity=severity,
                   subject=f"soggetto {n}", message="m", source="s", certainty="letto", explanation="e")


class _Report:  # the overview reads only these
    def __init__(self, findings, day):
        self.findings = findings
        self.units = []
        self.rules = []
        self.plan = type("P", (), {"data_approvazione": day, "tipo": "piano_annuale", "anno": 2023,
                                   "ambito": "x", "anno_fine": None})()


def _run() -> AuditRun:
    plans = []
    for i, (ambito, v, a) in enumerate([("Ambito di Alfa", 0, 0), ("Ambito di Beta", 3, 0), ("Ambito di Gamma", 1, 0),
                                        ("Ambito di Delta", 0, 2)]):
        p = PlanResult(f"/x/{i}.yaml", f"2023/{ambito.lower().replace(' ', '-')}.yaml", anno=2023, ambito=ambito,
                       tipo="piano_annuale")
        p.report = _Report([_finding("violazione", k) for k in range(v)] + [_finding("avviso", k) for k in range(a)],
                           f"2022-12-1{i}")
        plans.append(p)
    plans.append(PlanResult("/x/rotto.yaml", "2023/rotto.yaml", errors=["/x/rotto.yaml:2: anno: atteso un numero"]))
    return AuditRun(plans, [], [], 1, 0.1)


def test_overview_order_dates_and_sort_in_chromium(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(render_overview(summarise(_run(), Filters()), {}, "it", with_map=False), encoding="utf-8")
    dom = _dom(page, tmp_path)
    # as written: the worst first (file errors, then violations, then warnings), Italian dates
    assert [m[1] for m in ROW.findall(dom)] == ["2023/rotto.yaml", "2023/ambito-di-beta.yaml",
                                                "2023/ambito-di-gamma.yaml", "2023/ambito-di-delta.yaml",
                                                "2023/ambito-di-alfa.yaml"]
    assert "11/12/2022" in dom and "2022-12-11" not in re.sub(r'data-v="[^"]*"', "", dom)
    assert "/x/rotto.yaml:2: anno: atteso un numero" in dom
    assert 'id="mappa-assente"' in dom  # no map asked: the page says so
    dom = _dom(page, tmp_path, "#ordina=violazioni-asc")
    assert 'data-sorted="violazioni-ascending"' in dom  # the inline script ran
    order = [m[1] for m in ROW.findall(dom)]
    assert order[-1] == "2023/ambito-di-beta.yaml"


def test_overview_without_the_map_extra_says_so(tmp_path, monkeypatch):
    from compliance.registry import boundaries

    monkeypatch.setattr(boundaries, "available", lambda: False)
    boundaries.load_boundaries.cache_clear()
    monkeypatch.setattr(boundaries, "data_dir", lambda: None)
    try:
        html = render_overview(summarise(_run(), Filters()), {}, "it")
    finally:
        boundaries.load_boundaries.cache_clear()
    assert "Mappa non disponibile" in html and "compliance[mappa]" in html and "<svg" not in html


@pytest.fixture(scope="module")
def lombardy(tmp_path_factory):
    """The issue's case: 91 ambiti, 2024-2026, 273 plans, audited as a reviewer would."""
    from compliance.cli import main
    from compliance.registry.boundaries import available
    from compliance.synth import generate

    if not available():
        pytest.fail("confini ISTAT non installati: «pip install -e '.[test,mappa]'» (make install lo fa)")
    root = tmp_path_factory.mktemp("lombardia")
    manifest = generate(root / "piani", seed=1, ambiti=91, years=[2024, 2025, 2026], defect_share=0.2)
    out = root / "esito"
    with pytest.raises(SystemExit):
        main(["audit", str(root / "piani"), "-o", str(out), "--fail-on", "mai"])
    return root, manifest, out


def test_273_plans_worst_first_filters_and_links(lombardy, tmp_path):
    root, manifest, out = lombardy
    assert manifest["plans"] == 273 and "contigue" in manifest["geografia"]
    page = out / "index.html"
    data = {p["piano"]: p for p in json.loads((out / "audit.json").read_text())["piani"]}
    dom = _dom(page, tmp_path)
    rows = ROW.findall(dom)
    assert sorted(r[1] for r in rows) == sorted(manifest["plan_files"])
    first = data[rows[0][1]]
    assert first["violazioni"] >= 1 and rows[0][2] == "violazione"  # the first row: a plan with a violation
    worst = [data[r[1]]["esito_peggiore"] for r in rows]
    order = ["errore", "violazione", "avviso", "non_valutabile", "informazione", "conforme"]
    assert [order.index(w) for w in worst] == sorted(order.index(w) for w in worst)
    assert all(not r[3] for r in rows)  # no filter: every row shown
    assert 'id="conteggio"' in dom and "piani mostrati: 273 di 273" in dom
    # the filter box narrows the rows (through the page's own script, from the address)
    ambito = first["ambito"]
    dom = _dom(page, tmp_path, "#cerca=" + ambito.replace(" ", "+"))
    shown = [r[1] for r in ROW.findall(dom) if not r[3]]
    assert 1 <= len(shown) < 273 and all(data[n]["ambito"] == ambito for n in shown), shown
    assert f"piani mostrati: {len(shown)} di 273" in dom
    # and the selects: province and year together
    prov = first["provincia"]
    dom = _dom(page, tmp_path, f"#provincia={prov}&anno=2025")
    shown = [r[1] for r in ROW.findall(dom) if not r[3]]
    expected = [n for n, p in data.items() if p["provincia"] == prov and p["anno"] == 2025]
    assert sorted(shown) == sorted(expected) and 0 < len(shown) < 91
    # every link of the page resolves to a file of the output folder
    links = set(re.findall(r'href="([^"#][^"]*)"', dom))
    assert links
    for link in links:
        assert (out / link).is_file(), link


def test_273_plans_map_every_ambito_coloured_and_linked(lombardy, tmp_path):
    root, manifest, out = lombardy
    page = out / "index.html"
    data = {p["piano"]: p for p in json.loads((out / "audit.json").read_text())["piani"]}
    dom = _dom(page, tmp_path)
    assert "<svg" in dom and "Confini comunali ISTAT" in dom
    for year in (2024, 2025, 2026):
        layer = re.search(rf'<g class="anno( attivo)?" data-anno="{year}">(.*?)</g>(?=<g class="(anno|province))',
                          dom, re.S)
        assert layer, year
        assert bool(layer.group(1)) == (year == 2026)  # the latest year is shown first
        items = re.findall(r'<a href="([^"]+)" data-piano="([^"]+)" data-esito="([a-z_]+)"><title>[^<]*</title>'
                           r'<use href="#(a\d+)" class="o-([a-z_]+)"', layer.group(2))
        plans = {n for n, p in data.items() if p["anno"] == year}
        assert {i[1] for i in items} == plans and len(items) == 91  # every ambito of the year, once
        for href, name, esito, shape, colour in items:
            assert esito == colour == data[name]["esito_peggiore"]
            assert (out / href).is_file() and href == data[name]["rapporti"]["html"]
            assert f'id="{shape}"' in dom
    for outcome in ("violazione", "avviso", "conforme"):
        assert f".mappa .o-{outcome}{{fill:#" in dom
    shot = tmp_path / "panoramica.png"
    done = _browser(page, tmp_path, f"--screenshot={shot}", "--window-size=1300,2600", page.as_uri())
    assert done.returncode == 0 and shot.stat().st_size > 50_000
    shutil.copy(shot, root / "panoramica.png")  # kept beside the audit for a person to look at
