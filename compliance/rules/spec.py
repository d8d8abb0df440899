"""Rule files: their model and validation, and a loaded rule version (`Rule`).

One rule version per file under `rules/`, laid out like the law (act → article). A rule id may
have several versions (files), each with the dates it is in force; they must not overlap
(checked when the rule book is loaded: compliance/rules/book.py).
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from compliance.facts.fields import Bounds, FactValueError, check_value
from compliance.facts.schema import KINDS
from compliance.rules import expr
from compliance.rules.semantics import Reading, truth

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
    requires: list[str] = Field(
        default_factory=list,
        description=(
            "campi che devono essere noti perché la regola dia un verdetto, oltre a quelli delle "
            "condizioni (per questi decidono i valori ammessi: semantics.py)"
        ),
    )
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
        self._check_conditions()
        self._check_compute()
        self._check_templates()
        self._check_fixtures()
        return self

    def _parsed(self, label: str, text: str) -> expr.Cond:
        try:
            return expr.parse_condition(text)
        except expr.ExprError as exc:
            raise ValueError(f"{label}: {exc}") from None

    def _check_conditions(self) -> None:
        """Known fields, no mixed comparisons, `requires` apart from the conditions."""
        specs = KINDS[self.subject].fields
        cond = self._parsed("violation_when", self.violation_when)
        where = self._parsed("where", self.where) if self.where is not None else None
        where_fields = expr.fields_of(where) if where is not None else []
        for label, names in (("violation_when", expr.fields_of(cond)), ("requires", self.requires),
                             ("where", where_fields)):
            unknown = [n for n in names if n not in specs]
            if unknown:
                raise ValueError(
                    f"{label}: campo «{unknown[0]}» sconosciuto per il tipo di fatto «{self.subject}»; "
                    f"campi: {', '.join(specs)}"
                )
        types = {n: spec.type for n, spec in specs.items()}
        for label, parsed in (("violation_when", cond), ("where", where)):
            problem = parsed is not None and _mixed_comparison(parsed, types)
            if problem:
                raise ValueError(f"{label}: {problem}")
        read = set(expr.fields_of(cond)) | set(where_fields)
        twice = [n for n in self.requires if n in read]
        if twice:
            raise ValueError(
                f"requires: «{twice[0]}» è già nelle condizioni, dove decidono i suoi valori ammessi: "
                "toglierlo da requires (requires elenca solo campi che le condizioni non leggono)")

    def _check_compute(self) -> None:
        fields = KINDS[self.subject].fields
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

    def _check_templates(self) -> None:
        known = set(KINDS[self.subject].fields) | set(self.compute) | {"soggetto", "campi_mancanti"}
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

    def _check_fixtures(self) -> None:
        """At least one conforme and one non conforme case; each value of its field's type and range."""
        specs = KINDS[self.subject].fields
        outcomes = {f.expect for f in self.fixtures}
        if not {"conforme", "non_conforme"} <= outcomes:
            raise ValueError("fixtures: servono almeno un caso conforme e uno non conforme")
        for i, fx in enumerate(self.fixtures):
            extra = set(fx.fact) - set(specs)
            if extra:
                raise ValueError(f"fixtures.{i}.fact: fixture «{fx.name}»: campi sconosciuti {sorted(extra)}")
            for name, value in fx.fact.items():
                spec = specs[name]
                expected = _fixture_value_error(spec.type, value)
                if expected:
                    raise ValueError(f"fixtures.{i}.fact.{name}: fixture «{fx.name}»: atteso {expected}, "
                                     f"trovato {value!r}")
                try:
                    check_value(self.subject, name, spec, fixture_value(spec.type, value))
                except (FactValueError, ValueError) as exc:
                    raise ValueError(f"fixtures.{i}.fact.{name}: fixture «{fx.name}»: {exc}") from None


_KIND_OF_TYPE = {"int": "numero", "number": "numero", "date": "numero", "text": "testo", "bool": "booleano"}


def _term_kind(term: Any, types: dict[str, str]) -> str:
    if isinstance(term, expr.Field):
        return _KIND_OF_TYPE[types[term.name]]
    if isinstance(term, expr.Const):
        if isinstance(term.value, bool):
            return "booleano"
        return "testo" if isinstance(term.value, str) else "numero"
    return "numero"  # arithmetic


def _has_text_arithmetic(term: Any, types: dict[str, str]) -> bool:
    if isinstance(term, expr.Arith):
        return any(_term_kind(t, types) != "numero" or _has_text_arithmetic(t, types) for t in (term.left, term.right))
    return False


def _mixed_comparison(cond: Any, types: dict[str, str]) -> str | None:
    """A comparison between a number and a text (or a true/false): the engines disagree on it
    (durable-rules compares "9" and 10 as texts, Python refuses), so it is refused on load."""
    if isinstance(cond, expr.Not):
        return _mixed_comparison(cond.item, types)
    if isinstance(cond, expr.BoolOp):
        return next((p for p in (_mixed_comparison(i, types) for i in cond.items) if p), None)
    if _has_text_arithmetic(cond.left, types) or _has_text_arithmetic(cond.right, types):
        return "un calcolo ammette solo numeri e date"
    left, right = _term_kind(cond.left, types), _term_kind(cond.right, types)
    if left != right:
        return f"confronto tra un {left} e un {right} non ammesso"
    if left != "numero" and cond.op not in ("==", "!="):
        return f"«{cond.op}» non si applica a un {left}"
    return None


def _fixture_value_error(ftype: str, value: Any) -> str | None:
    """What a fixture value of a field of type `ftype` should be, if `value` is not that. A number
    or a date may also be given within bounds: `{min: 0, max: 5}` (either end may be left out)."""
    if value is None:
        return None
    if isinstance(value, dict) and ftype != "text":
        if not value or set(value) - {"min", "max"}:
            raise ValueError("limiti: attesi «min» e/o «max»")
        problems = [_fixture_value_error(ftype, v) for v in value.values()]
        return next((p for p in problems if p), None)
    if ftype == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "un numero intero"
    if ftype == "number":
        ok = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
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


def fixture_value(ftype: str, value: Any) -> Any:
    """A fixture's value as a fact value: dates from their text, `{min, max}` as Bounds."""
    if isinstance(value, dict):
        return Bounds(fixture_value(ftype, value.get("min")), fixture_value(ftype, value.get("max")))
    if ftype == "date" and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


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

    @property
    def key(self) -> str:
        """The rule version's key in the engines' results: `<id>@<version>`."""
        return f"{self.spec.id}@{self.spec.version}"

    def applies_to(self, fact: dict) -> bool:
        """Whether a fact is one of the rule's subjects: of its kind, and its `where` not false
        (a `where` that missing figures leave unknown keeps the fact: compliance/rules/semantics.py)."""
        if fact.get("kind") != self.spec.subject:
            return False
        if self.filter is None:
            return True
        return truth(self.filter, Reading(fact, KINDS[self.spec.subject].fields)) is not False

    @cached_property
    def read_fields(self) -> list[str]:
        """The fields `where` and `violation_when` read, in order of appearance."""
        out = expr.fields_of(self.filter) if self.filter is not None else []
        return out + [n for n in expr.fields_of(self.condition) if n not in out]

    @cached_property
    def extra_required(self) -> list[str]:
        """Fields that must be known for a verdict besides those the conditions read (`requires`)."""
        return list(self.spec.requires)

    @cached_property
    def required_fields(self) -> list[str]:
        """Every field the verdict depends on: `requires` and the conditions' fields."""
        return self.extra_required + [n for n in self.read_fields if n not in self.extra_required]

    @cached_property
    def computations(self) -> dict[str, expr.Term]:
        return {k: expr.parse_term(v) for k, v in self.spec.compute.items()}




def rule_key(rule: Rule) -> str:
    return rule.key
