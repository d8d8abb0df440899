"""The report as PDF: the HTML report (report/html.py) printed by headless Chromium.

Chromium lays out the same page a browser shows, with the A4 @page rules of the template, so
the PDF and the HTML never diverge. It runs with no network use, a throw-away profile and a
time limit. Which program: $COMPLIANCE_CHROMIUM if set, else `chromium`, `chromium-browser`,
`google-chrome` on PATH, else /usr/bin/chromium. Without it, `ChromiumMissing` (the CLI exits
with code 3 and says how to install it: Debian package `chromium`).
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
    """No Chromium to print with."""


class ChromiumFailed(RuntimeError):
    """Chromium ran but produced no PDF."""


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
    """Print a self-contained HTML page to PDF bytes with headless Chromium."""
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
