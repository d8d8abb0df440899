"""The stable identity of a finding, and the baseline: findings already known and accepted.

A finding is identified by its rule id, its subject, the plan it concerns and its outcome (never by
its message, whose wording and numbers may change): a finding that moves from *non valutabile* to
*non conforme* is a new one. The plan is named by what it is (kind, year, ambito, as
`piano_annuale:2021:ambito distrettuale cremasco`), not by where its file lies, so a baseline
written on one machine holds on another; findings across plans belong to `tra_piani`.

A baseline file (`--write-baseline FILE` writes one from the current findings) is JSON:

    {"versione_schema": "1.0", "strumento": "compliance 0.1.0", "generato": "...",
     "rilievi": [{"impronta", "regola", "soggetto", "piano", "esito", "gravita", "messaggio"}]}

With `--baseline FILE` the findings it lists do not count for the exit code and are left out of
the reports (SARIF keeps them, as `baselineState: unchanged`); the others are *new*.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from compliance.model.loader import InputError, InputProblem

BASELINE_SCHEMA_VERSION = "1.0"
ACROSS_PLANS = "tra_piani"


def plan_key(tipo: str, anno: int | None, ambito: str | None) -> str:
    from compliance.registry.istat import normalise

    return f"{tipo}:{anno if anno is not None else '-'}:{normalise(ambito or '-')}"


def report_plan_key(report) -> str:
    return plan_key(report.plan.tipo, report.plan.anno, report.plan.ambito)


def fingerprint(rule_id: str, subject: str, plan: str, outcome: str) -> str:
    text = "\x1f".join((rule_id.upper(), " ".join(subject.split()), plan, outcome))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def finding_fingerprint(finding, plan: str) -> str:
    return fingerprint(finding.rule_id, finding.subject, plan, finding.outcome)


@dataclass
class Baseline:
    path: str
    entries: dict[str, dict] = field(default_factory=dict)  # fingerprint -> entry
    matched: set[str] = field(default_factory=set)

    def accepts(self, finding, plan: str) -> bool:
        fp = finding_fingerprint(finding, plan)
        if fp in self.entries:
            self.matched.add(fp)
            return True
        return False

    def split(self, findings: list, plan: str) -> tuple[list, list]:
        """(new, accepted)"""
        new, accepted = [], []
        for f in findings:
            (accepted if self.accepts(f, plan) else new).append(f)
        return new, accepted

    @property
    def gone(self) -> int:
        """Entries of the baseline that no current finding matched (resolved, or now out of scope)."""
        return len(set(self.entries) - self.matched)


def entry(finding, plan: str) -> dict:
    return {"impronta": finding_fingerprint(finding, plan), "regola": finding.rule_id, "soggetto": finding.subject,
            "piano": plan, "esito": finding.outcome, "gravita": finding.severity, "messaggio": finding.message}


def render_baseline(pairs: list[tuple[object, str]]) -> str:
    """The baseline of (finding, plan key) pairs, sorted so that it diffs well."""
    from compliance import __version__

    entries = {e["impronta"]: e for e in (entry(f, p) for f, p in pairs)}
    data = {
        "versione_schema": BASELINE_SCHEMA_VERSION,
        "strumento": f"compliance {__version__}",
        "generato": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "rilievi": [entries[k] for k in sorted(entries, key=lambda k: (entries[k]["piano"], entries[k]["regola"],
                                                                        entries[k]["soggetto"], k))],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: Path, lang: str = "it") -> Baseline:
    """Read a baseline file; a missing or malformed one is an InputError (exit 2, located)."""
    from compliance.i18n import t

    where = str(path)
    if not path.is_file():
        raise InputError([InputProblem(where, None, None, t("bl_missing", lang))])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(where, None, None, t("bl_unreadable", lang, detail=exc))]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([InputProblem(where, exc.lineno, None, t("bl_bad_json", lang, detail=exc.msg))]) from None
    items = data.get("rilievi") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError([InputProblem(where, None, "rilievi", t("bl_no_list", lang))])
    out = Baseline(where)
    problems = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(InputProblem(where, None, f"rilievi[{i}]", t("bl_bad_entry", lang)))
            continue
        if all(isinstance(item.get(k), str) for k in ("regola", "soggetto", "piano", "esito")):
            fp = fingerprint(item["regola"], item["soggetto"], item["piano"], item["esito"])
        elif isinstance(item.get("impronta"), str):
            fp = item["impronta"]
        else:
            problems.append(InputProblem(where, None, f"rilievi[{i}]", t("bl_bad_entry", lang)))
            continue
        out.entries[fp] = item
    if problems:
        raise InputError(problems)
    return out
