"""The rule book: every rule version of a rules folder, the ruleset's identity and the legal
texts by date (`ruleset.yaml`), the law's data (`parametri.yaml`, `proroghe.yaml`: compliance/law.py)
and the inventory points no rule can check (`non-verificabili.yaml`).

Loading validates everything and reports every problem located at its file and line; each rule
is compiled for durable-rules on load, so a condition the engine cannot express is a bad rule
file, not a crash later.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from compliance.law import LawData, load_law
from compliance.model.loader import InputError, InputProblem, load_model
from compliance.rules.compiler import CompileError, compile_rule
from compliance.rules.spec import Certainty, InForce, Rule, RuleFile, Text

ROOT_DATA_FILES = ("ruleset.yaml", "parametri.yaml", "proroghe.yaml", "non-verificabili.yaml")


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LegalTextVersion(_Base):
    label: Text
    in_force: InForce
    certainty: Certainty
    amended_by: str | None = Field(None, description="the act whose amendments start this version")
    note: str | None = None


class LegalText(_Base):
    act: str
    title: str
    versions: list[LegalTextVersion]


class RulesetFile(_Base):
    name: str
    version: str
    plans_from: Annotated[datetime.date, Field(strict=False)] | None = Field(
        None, description="first day a plan can be judged (the regulation that creates the plans)"
    )
    legal_texts: list[LegalText]


class NotCheckable(_Base):
    """A point of the rule inventory that no rule checks, and why."""

    id: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")]
    fonte: str
    motivo: str


class NotCheckableFile(_Base):
    punti: list[NotCheckable]


@dataclass(frozen=True)
class RuleBook:
    """All rule versions of a rules folder, with the ruleset's identity."""

    root: Path
    meta: RulesetFile
    rules: tuple[Rule, ...]
    digest: str
    law: LawData
    not_checkable: tuple[NotCheckable, ...] = ()

    @property
    def proroghe(self) -> tuple:
        """The extensions of deadlines (rules/proroghe.yaml)."""
        return self.law.proroghe

    def in_force(self, day: datetime.date, scope: str | None = "piano") -> list[Rule]:
        """Rule versions in force on `day`; by default only single-plan rules (scope None: all)."""
        return [r for r in self.rules if r.spec.in_force.covers(day) and scope in (None, r.spec.scope)]

    def not_in_force(self, day: datetime.date, scope: str | None = "piano") -> list[Rule]:
        ids_in = {r.id for r in self.in_force(day, scope)}
        seen, out = set(), []
        for r in self.rules:
            if scope not in (None, r.spec.scope):
                continue
            if r.id not in ids_in and r.id not in seen:
                seen.add(r.id)
                out.append(r)
        return out

    def legal_texts_on(self, day: datetime.date) -> list[tuple[LegalText, LegalTextVersion | None]]:
        out = []
        for text in self.meta.legal_texts:
            version = next((v for v in text.versions if v.in_force.covers(day)), None)
            out.append((text, version))
        return out


def default_rules_dir() -> Path:
    from compliance import resources

    return resources.rules_dir()


def load_rulebook(root: Path | None = None) -> RuleBook:
    """Load and validate every rule file. Raises InputError listing every problem."""
    root = Path(root) if root else default_rules_dir()
    meta_path = root / "ruleset.yaml"
    if not meta_path.exists():
        raise InputError([InputProblem(str(meta_path), None, None, "file dell'insieme di regole non trovato")])
    meta, meta_doc = load_model(meta_path, RulesetFile, "it", "expected_rule_mapping")
    problems: list[InputProblem] = []
    rules: list[Rule] = []
    digest = hashlib.sha256()
    digest.update(meta_doc.raw)
    law = None
    try:
        law = load_law(root)
    except InputError as exc:
        problems.extend(exc.problems)
    not_checkable: tuple[NotCheckable, ...] = ()
    path = root / "non-verificabili.yaml"
    if path.exists():
        try:
            not_checkable = tuple(load_model(path, NotCheckableFile, "it", "expected_rule_mapping")[0].punti)
        except InputError as exc:
            problems.extend(exc.problems)
    for name in ROOT_DATA_FILES[1:]:  # data of the set, not rules
        if (root / name).exists():
            digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    # rule files live in the act/article folders; files at the top level are data of the set
    for path in sorted(p for p in root.rglob("*.yaml") if p.parent != root):
        rel = path.relative_to(root).as_posix()
        try:
            spec, doc = load_model(path, RuleFile, "it", "expected_rule_mapping")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        digest.update(rel.encode() + b"\0" + doc.raw)
        rule = Rule(spec, rel)
        try:  # a condition the engine cannot express is a bad rule file, not a crash later
            compile_rule(rule)
        except CompileError as exc:
            problems.append(InputProblem(str(path), doc.lines.get(("violation_when",)), "violation_when", str(exc)))
            continue
        rules.append(rule)
    # versions of one id must not overlap
    by_id: dict[str, list[Rule]] = {}
    for rule in rules:
        by_id.setdefault(rule.id, []).append(rule)
    for rid, versions in by_id.items():
        versions.sort(key=lambda r: r.spec.in_force.from_)
        for prev, nxt in zip(versions, versions[1:]):
            if prev.spec.in_force.to is None or prev.spec.in_force.to >= nxt.spec.in_force.from_:
                problems.append(InputProblem(
                    str(root / nxt.path), None, "in_force",
                    f"la regola {rid} ha versioni sovrapposte ({prev.path} e {nxt.path})",
                ))
        if len({v.spec.version for v in versions}) != len(versions):
            problems.append(InputProblem(str(root / versions[0].path), None, "version",
                                         f"la regola {rid} ha due file con la stessa versione"))
    if problems:
        raise InputError(problems)
    rules.sort(key=lambda r: (r.path, r.spec.in_force.from_))
    return RuleBook(root, meta, tuple(rules), digest.hexdigest()[:12], law, not_checkable)
