"""What the server remembers while it runs: the plans (cases and uploads), the scenarios saved for
them and the audits made. Uploads live in a temporary folder, removed at shutdown; each store is
bounded (the least recently used entry goes first, with its files).

Every path handed out is made here (random names under the temporary folder, or a case file
listed in the cases folder): nothing a request says becomes a path.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
CASE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}")


@dataclass(frozen=True)
class PlanEntry:
    """A plan the pages work on (also what a worker receives to find it)."""

    id: str  # "c-<case>" or "u-<token>"
    name: str  # file name as the user knows it
    yaml_path: str  # the plan as YAML (a spreadsheet is imported to YAML once, on upload)
    source_path: str  # the file as given: its name and SHA-256 go in the report
    kind: str  # "yaml" | "workbook" | "csv" | "case"
    date: str | None = None  # reference date given with the upload (ISO), else the approval date
    url: str = ""

    def cache_key(self) -> tuple:
        path = Path(self.yaml_path)
        try:
            stat = path.stat()
            return (self.id, self.date, stat.st_mtime_ns, stat.st_size)
        except OSError:
            return (self.id, self.date, None, None)


@dataclass(frozen=True)
class SavedScenario:
    id: str
    plan_id: str
    file_name: str  # as the user knows it
    path: str  # scenario YAML, as `compliance whatif PIANO SCENARIO.yaml` reads it
    name: str = ""  # the scenario's own name (nome), once read

    def ref(self) -> tuple[str, str]:
        return (self.path, self.file_name)


@dataclass
class AuditEntry:
    id: str
    folder: str  # as shown: relative to the root
    out_dir: Path
    status: str = "in_corso"  # "in_corso" | "fatto" | "errore"
    message: str | None = None
    plans: int = 0
    exit_code: int | None = None


class _Lru(OrderedDict):
    def __init__(self, limit: int, on_drop=None):
        super().__init__()
        self.limit, self.on_drop = limit, on_drop

    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            _, old = self.popitem(last=False)
            if self.on_drop:
                self.on_drop(old)

    def fetch(self, key):
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


class Store:
    def __init__(self, cases_dir: Path, max_plans: int, max_scenarios: int, max_audits: int):
        self.tmp = Path(tempfile.mkdtemp(prefix="compliance-web-"))
        (self.tmp / "piani").mkdir()
        (self.tmp / "audit").mkdir()
        (self.tmp / "scenari").mkdir()
        self.cases_dir = Path(cases_dir)
        self._lock = threading.Lock()
        self._plans = _Lru(max_plans, self._drop_plan)
        self._scenarios = _Lru(max_scenarios, self.drop_scenario_files)
        self._audits = _Lru(max_audits, self._drop_audit)

    # ---- cases ------------------------------------------------------------------------------

    def cases(self) -> list[str]:
        """The case names (file stems) of the cases folder."""
        if not self.cases_dir.is_dir():
            return []
        return sorted(p.stem for p in self.cases_dir.glob("*.yaml")
                      if p.is_file() and CASE_NAME.fullmatch(p.stem))

    def case(self, name: str, date: str | None = None) -> PlanEntry | None:
        if not CASE_NAME.fullmatch(name or "") or name not in self.cases():
            return None
        path = str(self.cases_dir / f"{name}.yaml")
        if date is None:
            return PlanEntry(f"c-{name}", f"{name}.yaml", path, path, "case", None, f"/casi/{name}")
        token = secrets.token_urlsafe(16)
        entry = PlanEntry(f"u-{token}", f"{name}.yaml", path, path, "case", date, f"/piani/{token}")
        with self._lock:
            self._plans.put(token, (entry, None))
        return entry

    # ---- uploads ----------------------------------------------------------------------------

    def new_folder(self) -> tuple[str, Path]:
        token = secrets.token_urlsafe(16)
        folder = self.tmp / "piani" / token
        folder.mkdir(mode=0o700)
        return token, folder

    def add_upload(self, token: str, folder: Path, entry: PlanEntry) -> None:
        with self._lock:
            self._plans.put(token, (entry, folder))

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def plan(self, token: str) -> PlanEntry | None:
        if not TOKEN.fullmatch(token or ""):
            return None
        with self._lock:
            found = self._plans.fetch(token)
        return found[0] if found else None

    @staticmethod
    def _drop_plan(value) -> None:
        _entry, folder = value
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    # ---- scenarios ----------------------------------------------------------------------------

    def write_scenario(self, plan_id: str, file_name: str, data: bytes) -> SavedScenario:
        """Keep a scenario file (not yet checked: see `keep_scenario`)."""
        sid = secrets.token_urlsafe(12)
        folder = self.tmp / "scenari" / sid
        folder.mkdir(mode=0o700)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(file_name).stem).strip("._")[:60] or "scenario"
        path = folder / f"{stem}.yaml"
        path.write_bytes(data)
        return SavedScenario(sid, plan_id, file_name, str(path))

    def keep_scenario(self, saved: SavedScenario) -> None:
        with self._lock:
            self._scenarios.put(saved.id, saved)

    def drop_scenario_files(self, saved: SavedScenario) -> None:
        shutil.rmtree(Path(saved.path).parent, ignore_errors=True)

    def scenario(self, sid: str | None, plan_id: str) -> SavedScenario | None:
        if not sid or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", sid):
            return None
        with self._lock:
            saved = self._scenarios.fetch(sid)
        return saved if saved is not None and saved.plan_id == plan_id else None

    def scenarios_of(self, plan_id: str) -> list[SavedScenario]:
        with self._lock:
            return [s for s in self._scenarios.values() if s.plan_id == plan_id]

    # ---- audits -------------------------------------------------------------------------------

    def new_audit(self, folder: str) -> AuditEntry:
        aid = secrets.token_urlsafe(12)
        entry = AuditEntry(aid, folder, self.tmp / "audit" / aid)
        with self._lock:
            self._audits.put(aid, entry)
        return entry

    def audit(self, aid: str) -> AuditEntry | None:
        if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", aid or ""):
            return None
        with self._lock:
            return self._audits.fetch(aid)

    def audits(self) -> list[AuditEntry]:
        with self._lock:
            return list(reversed(self._audits.values()))

    @staticmethod
    def _drop_audit(entry: AuditEntry) -> None:
        shutil.rmtree(entry.out_dir, ignore_errors=True)

    # ---- shutdown -----------------------------------------------------------------------------

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
