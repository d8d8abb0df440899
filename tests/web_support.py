"""Helpers for the web page's tests (tests/test_web_*.py)."""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
POLICE_RULE = "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"
POLICE_LABEL = "Riserva Forze di Polizia e Vigili del Fuoco (%), tabella i"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(root: Path, workers: int = 1, log: Path | None = None, env: dict | None = None):
    """`compliance serve` in a child process on a free loopback port; its base URL and process.
    Stopped with Ctrl-C (SIGINT) at the end, as a user would."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-c", "from compliance.cli import main; main()", "serve", "--port", str(port),
         "--root", str(root), "--workers", str(workers)],
        stdout=out, stderr=out, cwd=ROOT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"compliance serve exited with {process.returncode}")
            try:
                if httpx.get(base + "/salute", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                raise RuntimeError("compliance serve did not start")
            time.sleep(0.3)
        yield base, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log:
            out.close()


def control_name(page: str, group: str, label: str) -> str:
    """The form field name of the control with `label` in the fieldset of `group`."""
    for fieldset in re.findall(r'<fieldset id="[^"]*" class="cw-group" data-group>(.*?)</fieldset>', page, re.S):
        legend = re.search(r"<legend>(.*?)</legend>", fieldset, re.S)
        if legend and html.unescape(legend.group(1)).strip() == group:
            for name, text in re.findall(r'<label for="(v\d+)">(.*?)</label>', fieldset, re.S):
                if html.unescape(text).strip() == label:
                    return name
    raise AssertionError(f"no control {label!r} for {group!r}")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def csv_zip(folder: Path, prefix: str = "piano/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.glob("*.csv")):
            archive.write(file, prefix + file.name)
    return buffer.getvalue()
