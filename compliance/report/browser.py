"""Headless Chromium, to look at the HTML report as a reader's browser shows it (screenshots,
the DOM after layout), used by the tests that look at what the project makes; and to print an
HTML page to a plain PDF (`html_to_pdf`, for the synthetic plan documents). The PDF is made
by WeasyPrint (report/pdf.py), not by the browser.

Which program: $COMPLIANCE_CHROMIUM if set, else `chromium`, `chromium-browser`,
`google-chrome` on PATH, else /usr/bin/chromium (Debian package `chromium`). It runs with no
network use, a throw-away profile and a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumMissing(RuntimeError):
    """No Chromium on this machine."""


class ChromiumFailed(RuntimeError):
    """Chromium ran but produced nothing."""


def find_chromium() -> str | None:
    """Path of the Chromium to use, or None."""
    chosen = os.environ.get("COMPLIANCE_CHROMIUM")
    if chosen:
        path = shutil.which(chosen)
        return path if path else None
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def chromium_command(chromium: str, profile: Path, *action: str) -> list[str]:
    """Headless Chromium with no sandbox (CI runs as root), no network services, a fresh profile."""
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        f"--user-data-dir={profile}",
        *action,
    ]


def run_chromium(chromium: str, args: list[str], expected: Path, workdir: Path) -> None:
    """Run Chromium until `expected` exists; raise ChromiumFailed with its last words if not."""
    env = dict(os.environ, HOME=str(workdir))  # crash reports and caches stay in the temp dir
    try:
        done = subprocess.run(
            args, cwd=workdir, env=env, stdin=subprocess.DEVNULL, capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise ChromiumFailed(f"nessuna risposta entro {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise ChromiumFailed(str(exc)) from None
    if not expected.exists() or expected.stat().st_size == 0:
        words = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise ChromiumFailed(f"codice {done.returncode}; " + " / ".join(words[-3:]))


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page to PDF bytes with headless Chromium (plain PDF, not PDF/A:
    the synthetic plan documents of compliance/documents use it; reports use report/pdf.py)."""
    chromium = find_chromium()
    if chromium is None:
        raise ChromiumMissing()
    with tempfile.TemporaryDirectory(prefix="compliance-pdf-") as tmp:
        workdir = Path(tmp)
        page = workdir / "rapporto.html"
        page.write_text(html, encoding="utf-8")
        pdf = workdir / "rapporto.pdf"
        args = chromium_command(
            chromium, workdir / "profile",
            "--no-pdf-header-footer", "--print-to-pdf-no-header",
            f"--print-to-pdf={pdf}", page.as_uri(),
        )
        run_chromium(chromium, args, pdf, workdir)
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        raise ChromiumFailed("il file prodotto non è un PDF")
    return data
