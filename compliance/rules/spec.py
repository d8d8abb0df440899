"""Rule files: their model, their loading and validation, and the rule book.

One rule version per file under `rules/`, laid out like the law (act → article). A rule id may
have several versions (files), each with the dates it is in force; they must not overlap.
"""

from __future__ import annotations

import datetime
import hashlib
import string
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from compliance.facts.schema import KINDS
from compliance.model.loader import InputError, InputProblem, load_model
from compliance.rules import expr

Severity = Literal["violazione", "avviso", "informazione"]
Certainty = Literal["letto", "secondario", "dedotto"]
Outcome = Literal["conforme", "non_conforme", "non_valutabile"]
FixtureOutcome = Literal["conforme", "non_conforme", "non_valutabile", "escluso"]
SEVERITY_ORDER = {"violazione": 0, "avviso": 1, "informazione": 2}


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Text(_Base):
    it: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.it


class Source(_Base):
    act: Annotated[str, Field(min_length=1, description="atto: L.R. 16/2016, R.R. 4/2017, …")]
    article: str | None = Field(None, description="articolo (null solo per regole di qualità dei dati)")
    comma: str | None = None
    letter: str | None = None
    amended_by: str | None = None
    text_version: str | None = Field(None, description="versione del testo letta")
    quote: str | None = Field(None, description="le parole lette, se lette")
    url: str | None = None

    def citation(self) -> str:
        out = self.act
        if self.article:
            out += f" art. {self.article}"
        if self.comma:
            out += f" c. {self.comma}"
        if self.letter:
            out += f" lett. {self.letter}"
        if self.amended_by:
            out += f" (come modificato da {self.amended_by})"
        return out


class InForce(_Base):
    from_: Annotated[datetime.date, Field(alias="from", strict=False)]
    to: Annotated[datetime.date | None, Field(strict=False)] = None

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> "InForce":
        if self.to is not None and self.to < self.from_:
            raise ValueError("'to' precede 'from'")
        return self

    def covers(self, day: datetime.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)

    def label(self) -> str:
        start = self.from_.strftime("%d/%m/%Y")
        return f"dal {start}" + (f" al {self.to.strftime('%d/%m/%Y')}" if self.to else "")


class Fixture(_Base):
    name: Annotated[str, Field(min_length=1)]
    fact: dict[str, Any]
    expect: FixtureOutcome = Field(description="escluso: il fatto non è soggetto alla regola (where)")


class RuleFile(_Base):
    id: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=80)]
    version: Annotated[str, Field(min_length=1)]
    title: Text
    source: Source
    certainty: Certainty
    certainty_note: str | None = None
    inventory: list[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]*$")]] = Field(
        default_factory=list,
        description="punti dell'inventario delle regole (legal-rules.md, sezioni 3 e 4) che la regola copre",
    )
    in_force: InForce
    severity: Severity
    subject: str = Field(description="tipo di fatto valutato (vedi compliance/facts/schema.py)")
    where: str | None = Field(
        None,
        description=(
            "a quali fatti del tipo si applica la regola (stesso linguaggio di violation_when); "
            "un fatto per cui non è vero non è soggetto alla regola"
        ),
    )
    requires: list[str] = Field(default_factory=list)
    violation_when: str
    compute: dict[str, str] = Field(default_factory=dict)
    message: Text
    message_not_assessable: Text | None = None
    explanation: Text
    explanation_not_assessable: Text | None = None
    fixtures: Annotated[list[Fixture], Field(min_length=2)]
    scope: Literal["piano", "piani"] = Field(
        "piano", description="piano: valutata su ogni piano; piani: su più piani insieme (compliance audit)"
    )

    @field_validator("subject")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"tipo di fatto sconosciuto «{value}»; noti: {', '.join(KINDS)}")
        return value

    @model_validator(mode="after")
    def _check(self) -> "RuleFile":
        fields = set(KINDS[self.subject].fields)
        try:
            cond = expr.parse_condition(self.violation_when)
        except expr.ExprError as exc:
            raise ValueError(f"violation_when: {exc}") from None
        where_fields: list[str] = []
        if self.where is not None:
            try:
                where_fields = expr.fields_of(expr.parse_condition(self.where))
            except expr.ExprError as exc:
                raise ValueError(f"where: {exc}") from None
        for label, names in (("violation_when", expr.fields_of(cond)), ("requires", self.requires),
                             ("where", where_fields)):
            unknown = [n for n in names if n not in fields]
            if unknown:
                name = unknown[0]
                raise ValueError(
                    f"{label}: campo «{name}» sconosciuto per il tipo di fatto «{self.subject}»; "
                    f"campi: {', '.join(KINDS[self.subject].fields)}"
                )
        types = {n: t for n, (t, _) in KINDS[self.subject].fields.items()}
        for label, text in (("violation_when", self.violation_when), ("where", self.where)):
            problem = text and _mixed_comparison(expr.parse_condition(text), types)
            if problem:
                raise ValueError(f"{label}: {problem}")
        for key, text in self.compute.items():
            if key in fields:
                raise ValueError(f"compute: «{key}» è già un campo del fatto")
            try:
                term = expr.parse_term(text)
            except expr.ExprError as exc:
                raise ValueError(f"compute.{key}: {exc}") from None
            for name in expr.fields_of(term):
                if name not in fields and name not in self.compute:
                    raise ValueError(f"compute.{key}: campo «{name}» sconosciuto")
        known = fields | set(self.compute) | {"soggetto", "campi_mancanti"}
        templates = [("message", self.message), ("explanation", self.explanation)]
        if self.message_not_assessable:
            templates.append(("message_not_assessable", self.message_not_assessable))
        if self.explanation_not_assessable:
            templates.append(("explanation_not_assessable", self.explanation_not_assessable))
        for label, text in templates:
            for lang in ("it", "en"):
                try:
                    names = [n for _, n, _, _ in string.Formatter().parse(text.get(lang)) if n is not None]
                except ValueError as exc:
                    raise ValueError(f"{label}.{lang}: segnaposto non valido ({exc})") from None
                for name in names:
                    if name not in known:
                        raise ValueError(f"{label}.{lang}: segnaposto {{{name}}} sconosciuto")
        outcomes = {f.expect for f in self.fixtures}
        if not {"conforme", "non_conforme"} <= outcomes:
            raise ValueError("fixtures: servono almeno un caso conforme e uno non conforme")
        for i, fx in enumerate(self.fixtures):
            extra = set(fx.fact) - fields
            if extra:
                raise ValueError(f"fixtures.{i}.fact: fixture «{fx.name}»: campi sconosciuti {sorted(extra)}")
            for name, value in fx.fact.items():
                expected = _fixture_value_error(KINDS[self.subject].fields[name][0], value)
                if expected:
                    raise ValueError(f"fixtures.{i}.fact.{name}: fixture «{fx.name}»: atteso {expected}, "
                                     f"trovato {value!r}")
        return self


_KIND_OF_TYPE = {"int": "numero", "number": "numero", "date": "numero", "text": "testo", "bool": "booleano"}


def _term_kind(term: Any, types: dict[str, str]) -> str:
    if isinstance(term, expr.Field):
        return _KIND_OF_TYPE[types[term.name]]
    if isinstance(term, expr.Const):
        if isinstance(term.value, bool):
            return "booleano"
        return "testo" if isinstance(term.value, str) else "numero"
    return "numero"  # arithmetic


def _mixed_comparison(cond: Any, types: dict[str, str]) -> str | None:
    """A comparison between a number and a text (or a true/false): the engines disagree on it
    (durable-rules compares "9" and 10 as texts, Python refuses), so it is refused on load."""
    if isinstance(cond, expr.Not):
        return _mixed_comparison(cond.item, types)
    if isinstance(cond, expr.BoolOp):
        return next((p for p in (_mixed_comparison(i, types) for i in cond.items) if p), None)
    left, right = _term_kind(cond.left, types), _term_kind(cond.right, types)
    if left != right:
        return f"confronto tra un {left} e un {right} non ammesso"
    if left != "numero" and cond.op not in ("==", "!="):
        return f"«{cond.op}» non si applica a un {left}"
    return None


def _fixture_value_error(ftype: str, value: Any) -> str | None:
    """What a fixture value of a field of type `ftype` should be, if `value` is not that."""
    if value is None:
        return None
    if ftype in ("int", "number"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else "un numero"
    if ftype == "bool":
        return None if isinstance(value, bool) else "true o false"
    if ftype == "date":
        if isinstance(value, datetime.date):
            return None
        try:
            datetime.date.fromisoformat(value)
            return None
        except (TypeError, ValueError):
            return "una data AAAA-MM-GG"
    return None if isinstance(value, str) else "un testo"


@dataclass(frozen=True, eq=False)
class Rule:
    """A loaded rule version."""

    spec: RuleFile
    path: str  # relative to the rules folder

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def condition(self) -> expr.Cond:
        return expr.parse_condition(self.spec.violation_when)

    @cached_property
    def filter(self) -> expr.Cond | None:
        return expr.parse_condition(self.spec.where) if self.spec.where else None

    def applies_to(self, fact: dict) -> bool:
        """Whether a fact of the rule's kind is one of its subjects (its `where` holds)."""
        if fact.get("kind") != self.spec.subject:
            return False
        if self.filter is None:
            return True
        return expr.eval_condition(self.filter, expr.dates_as_days(fact)) is True

    @cached_property
    def required_fields(self) -> list[str]:
        out = list(self.spec.requires)
        for name in expr.fields_of(self.condition):
            if name not in out:
                out.append(name)
        return out

    @cached_property
    def computations(self) -> dict[str, expr.Term]:
        return {k: expr.parse_term(v) for k, v in self.spec.compute.items()}


class LegalTextVersion(_Base):
    label: Text
    in_force: InForce
    certainty: Certainty
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
    proroghe: tuple = ()  # compliance.deadlines.Proroga
    not_checkable: tuple[NotCheckable, ...] = ()

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
    from compliance.deadlines import load_proroghe

    proroghe: tuple = ()
    not_checkable: tuple[NotCheckable, ...] = ()
    problems_meta: list[InputProblem] = []
    for name in ("proroghe.yaml", "non-verificabili.yaml"):  # root-level data files, not rules
        path = root / name
        if not path.exists():
            continue
        try:
            if name == "proroghe.yaml":
                proroghe = load_proroghe(path)
            else:
                not_checkable = tuple(load_model(path, NotCheckableFile, "it", "expected_rule_mapping")[0].punti)
        except InputError as exc:
            problems_meta.extend(exc.problems)
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes())
    problems.extend(problems_meta)
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
            from compliance.rules.compiler import CompileError, compile_rule

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
    return RuleBook(root, meta, tuple(rules), digest.hexdigest()[:12], proroghe, not_checkable)
