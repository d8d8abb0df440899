"""The server's settings: where it listens, what it may read, how much it accepts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from compliance import resources

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8016  # L.R. 16/2016
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
CASES_DIR = resources.cases_dir()
EXAMPLE_CASE = "cremasco-2021"


def default_workers() -> int:
    """One evaluation worker per core, at most 4 (a check takes ~10-20 ms; more would only queue)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


@dataclass(frozen=True)
class Limits:
    upload_bytes: int = 10 * 1024 * 1024  # one request body (the file and the form fields)
    files_per_request: int = 1
    form_fields: int = 2000  # the what-if form has one field per control
    plans: int = 50  # uploaded plans kept (least recently used forgotten first)
    scenarios: int = 100  # scenarios kept (uploaded or from a suggestion)
    audits: int = 5  # audits kept
    audit_plans: int = 3000  # plan files in one audited folder
    zip_members: int = 60
    zip_member_bytes: int = 5 * 1024 * 1024
    zip_total_bytes: int = 20 * 1024 * 1024
    workbook_unpacked_bytes: int = 200 * 1024 * 1024  # what an .xlsx/.ods says it unpacks to
    sweep_points: int = 201
    seconds: float = 300.0  # a request's work in a worker, at most


@dataclass(frozen=True)
class WebConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    root: Path = field(default_factory=Path.cwd)  # folders under it can be audited
    cases_dir: Path = CASES_DIR
    example: str = EXAMPLE_CASE
    workers: int = field(default_factory=default_workers)
    lang: str = "it"
    limits: Limits = field(default_factory=Limits)

    @property
    def local_only(self) -> bool:
        return self.host in LOCAL_HOSTS

    def allowed_hosts(self) -> list[str]:
        """Host header values accepted (DNS rebinding: a page of another site resolving to us)."""
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
        if self.host not in LOCAL_HOSTS and self.host not in ("0.0.0.0", "::"):
            hosts.append(self.host)
        if self.host in ("0.0.0.0", "::"):  # every interface: any name (the user chose so, warned)
            hosts = ["*"]
        return hosts
