"""The wheel: `pip wheel .` gives a package that works away from the checkout.

The source tree is copied (so that the checkout gets no build/ folder and nothing stale from an
earlier build goes in), built into a wheel with the setuptools of this environment (no download),
and installed into a new virtual environment that sees this environment's packages as its
dependencies (installed from the index, they would be the same versions of constraints.txt).
From another folder, with nothing of the checkout on the path:

* `compliance check piano.yaml` on a copy of the Cremasco plan: exit 1 and Trescore Cremasco's
  violation (the rule files came with the wheel);
* `compliance check` with no plan: the Cremasco case shipped with the wheel;
* the HTML report (the templates), `--version`, and the paths compliance.resources gives, which
  all lie inside the new environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from compliance import __version__

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis",
                                    ".pytest_cache", "_bundled", "out")


def run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=TIMEOUT, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "sorgente"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    built = run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--no-build-isolation", "-q",
                "-w", work / "dist")
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (work / "dist").glob("compliance-*.whl")
    assert wheel.name.startswith(f"compliance-{__version__}-")
    venv = work / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "dipendenze.pth").write_text("".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    done = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin"


def elsewhere(tmp_path: Path) -> tuple[Path, dict]:
    folder = tmp_path / "altrove"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return folder, env


def test_the_wheel_carries_rules_cases_data_and_templates(installed, tmp_path):
    folder, env = elsewhere(tmp_path)
    code = ("import compliance.resources as r\n"
            "for p in (r.rules_dir() / 'ruleset.yaml', r.proroghe_file(), r.default_case(),\n"
            "          r.data_file('comuni_lombardia.csv'), r.data_file('festivi_it.csv'),\n"
            "          r.templates_dir() / 'report.html.j2'):\n"
            "    assert p.is_file(), p\n"
            "    print(p)\n"
            "print(len(list(r.rules_dir().rglob('*.yaml'))))\n")
    proc = run(installed / "python", "-c", code, cwd=folder, env=env)
    assert proc.returncode == 0, proc.stderr
    *paths, count = proc.stdout.split()
    venv = str(installed.parent)
    assert all(p.startswith(venv) for p in paths), paths  # nothing from the checkout
    assert all("/compliance/_bundled/" in p for p in paths[:3]), paths  # rules/ and cases/, shipped
    assert int(count) == len(list((ROOT / "rules").rglob("*.yaml")))


def test_the_installed_tool_checks_a_plan_copied_anywhere(installed, tmp_path):
    folder, env = elsewhere(tmp_path)
    shutil.copyfile(ROOT / "cases" / "cremasco-2021.yaml", folder / "piano.yaml")
    proc = run(installed / "compliance", "check", "piano.yaml", "-f", "md", cwd=folder, env=env)
    assert proc.returncode == 1, proc.stderr  # one violation: the real result
    assert "### Violazione — Comune di Trescore Cremasco" in proc.stdout
    assert proc.stderr == ""


def test_the_installed_tool_with_no_plan_checks_the_shipped_case(installed, tmp_path):
    folder, env = elsewhere(tmp_path)
    proc = run(installed / "compliance", "check", "-f", "md", cwd=folder, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "Ambito Distrettuale Cremasco" in proc.stdout and "Trescore Cremasco" in proc.stdout


def test_the_installed_tool_writes_the_html_report_and_knows_its_version(installed, tmp_path):
    folder, env = elsewhere(tmp_path)
    shutil.copyfile(ROOT / "cases" / "cremasco-2021.yaml", folder / "piano.yaml")
    proc = run(installed / "compliance", "check", "piano.yaml", "-f", "html", "-o", "rapporto.html", cwd=folder, env=env)
    assert proc.returncode == 1, proc.stderr
    assert (folder / "rapporto.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    version = run(installed / "compliance", "--version", cwd=folder, env=env)
    assert version.returncode == 0 and version.stdout.startswith(f"compliance {__version__} (regole: ")
