"""The HTML overview in a real browser (headless Chromium): rows present, the inline sort works."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from compliance.audit.runner import AuditRun, PlanResult
from compliance.audit.outputs import overview_html
from compliance.audit.summary import Filters, summarise
from compliance.findings import Finding

CHROMIUM = "/usr/bin/chromium"


def _chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        pytest.fail("Chromium non trovato (/usr/bin/chromium): installare il pacchetto Debian «chromium»")
    return path


def _finding(severity: str, n: int) -> Finding:
    return Finding(rule_id=f"R-{severity.upper()}", rule_version="1", outcome="non_conforme", severity=severity,
                   subject=f"soggetto {n}", message="m", source="s", certainty="letto", explanation="e")


class _Report:  # the overview reads only these
    def __init__(self, findings, day):
        self.findings = findings
        self.plan = type("P", (), {"data_approvazione": day})()


def _run() -> AuditRun:
    plans = []
    for i, (ambito, v) in enumerate([("Ambito di Alfa", 0), ("Ambito di Beta", 3), ("Ambito di Gamma", 1)]):
        p = PlanResult(f"/x/{i}.yaml", f"2023/{ambito.lower().replace(' ', '-')}.yaml", anno=2023, ambito=ambito)
        p.report = _Report([_finding("violazione", k) for k in range(v)], f"2022-12-1{i}")
        plans.append(p)
    plans.append(PlanResult("/x/rotto.yaml", "2023/rotto.yaml", errors=["/x/rotto.yaml:2: anno: atteso un numero"]))
    return AuditRun(plans, [], [], 1, 0.1)


def _browser(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", *extra],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_overview_rows_and_sort_in_chromium(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(overview_html(summarise(_run(), Filters()), {}, "it", False), encoding="utf-8")
    done = _browser(page, tmp_path, "--dump-dom", page.as_uri() + "#ordina=violazioni-desc")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'data-sorted="violazioni-descending"' in dom  # the inline script ran
    order = re.findall(r'<tr class="[a-z_]+" data-i="\d+" data-piano="([^"]+)"', dom)
    assert order == ["2023/ambito-di-beta.yaml", "2023/ambito-di-gamma.yaml",
                     "2023/ambito-di-alfa.yaml", "2023/rotto.yaml"]
    assert "file non valido: /x/rotto.yaml:2: anno: atteso un numero" in dom
    shot = tmp_path / "overview.png"
    done = _browser(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,700",
                    page.as_uri() + "#ordina=violazioni-desc")
    assert done.returncode == 0 and shot.stat().st_size > 5000


def test_real_audit_overview_in_chromium(tmp_path):
    import json

    from compliance.cli import main
    from compliance.synth import generate

    manifest = generate(tmp_path / "piani", seed=2, ambiti=5, years=[2025, 2026], defect_share=0.5)
    out = tmp_path / "esito"
    with pytest.raises(SystemExit):
        main(["audit", str(tmp_path / "piani"), "-o", str(out), "--fail-on", "mai"])
    page = out / "index.html"
    done = _browser(page, tmp_path, "--dump-dom", page.as_uri() + "#ordina=violazioni-desc")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = re.findall(r'<tr class="valutato" data-i="\d+" data-piano="([^"]+)">(.*?)</tr>', done.stdout, re.S)
    assert sorted(name for name, _ in rows) == sorted(manifest["plan_files"])
    data = {p["piano"]: p for p in json.loads((out / "audit.json").read_text())["piani"]}
    shown = [data[name]["violazioni"] for name, _ in rows]
    assert shown == sorted(shown, reverse=True) and sum(shown) > 0  # sorted in the browser, most violations first
    for name, cells in rows:  # each row links its plan's reports, which exist
        for link in re.findall(r'href="(piani/[^"]+)"', cells):
            assert (out / link).exists(), link
