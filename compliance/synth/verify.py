"""Compare an audit's findings with what the generator planted (its manifest)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

Key = tuple[str, str, str, str]  # rule id, subject, plan file, outcome


@dataclass(frozen=True)
class Comparison:
    expected: frozenset[Key]  # the findings the planted defects must produce
    found: frozenset[Key]  # the findings of the audit
    other: frozenset[Key]  # found findings that no planted defect explains

    @property
    def missed(self) -> frozenset[Key]:
        return self.expected - self.found


def compare(audit_json: Path, manifest: dict) -> Comparison:
    """Found against planted. A cross-plan finding names its plans; one of them is enough to match
    (the manifest names the plan the defect was planted in)."""
    data = json.loads(Path(audit_json).read_text(encoding="utf-8"))
    found: set[Key] = set()
    for p in data["piani"]:  # audit.json keys: README, «Contratto JSON dell'audit»
        for f in p["rilievi"]:
            found.add((f["regola"], f["soggetto"], p["piano"], f["esito"]))
    for f in data["rilievi_tra_piani"]:
        for plan in f["piani"]:
            found.add((f["regola"], f["soggetto"], plan, f["esito"]))
    expected = {(e["rule_id"], e["subject"], e["plan"], e.get("outcome", "non_conforme"))
                for d in manifest["defects"] for e in d["expected"]}
    keyed = {(r, s, o) for r, s, _, o in expected}
    other = {x for x in found if (x[0], x[1], x[3]) not in keyed}
    return Comparison(frozenset(expected), frozenset(found), frozenset(other))
