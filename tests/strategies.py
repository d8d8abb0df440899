"""Hypothesis strategies: whole plans (PianoAnnuale dicts) built from the plan model itself.

`plans()` walks the pydantic model (`compliance/model/plan.py`) field by field, so new optional
fields and tables are generated without touching this file. A few fields have the plan's own
meaning and get values that look like real plans, and like the ones that break durable-rules:

* owners (`ente_proprietario`): «Comune di X» for comuni of the ISTAT list
  (`compliance/data/comuni_lombardia.csv`), ALER, other bodies; names with apostrophes,
  accents, other scripts, quotes, YAML-special characters, up to the model's 500 characters;
* comuni (`comune`, `comune_capofila`, `comuni`): names of the same per-plan pool;
* counts: None, 0, 1, small numbers, the model's limit (1,000,000), duplicate rows;
* percentages: ints and floats mixed (10 and 10.0 and 10.0001), up to 4 decimals, 0, 100,
  the edges of the rules (10, 20) and fraction-like values (0.1, 0.25);
* tables: absent (None), empty (`righe: []`), or 0–6 rows with duplicates;
* dates across 2018–2027 (also before R.R. 4/2017 applied, 8 February 2018).

Within one plan each comune and each owner has one spelling (possibly a wrong one: a slip, other
case): the report shows «the first spelling met», so two spellings of one name would make the
report depend on row order, which is presentation, not a verdict.
"""

from __future__ import annotations

import csv
import datetime
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

from compliance.model.plan import PianoAnnuale
from compliance.registry import istat

CSV = Path(__file__).resolve().parents[1] / "compliance" / "data" / "comuni_lombardia.csv"

MAX_ROWS = 6

# Names that once broke, or could break, an engine, a loader or a report.
HOSTILE_NAMES = [
    "Spino d'Adda", "Spino D'Adda", "Cassano d’Adda", "Città di Castello", "Łódź", "中文",
    "São Paulo 🏠", 'Comune "virgolette"', "back\\slash", "a: b # c", "- trattino", "{graffe}",
    "[quadre]", "&ancora *alias", "null", "true", "2021-01-28", "~", "0.10", "spazi  doppi",
    "riga\nnuova", "tab\there", "x" * 490, "è" * 490, "🏠" * 490, "ß", "İstanbul",
]
ALER = ["ALER Brescia-Cremona-Mantova", "ALER Milano", "Aler di Bergamo-Lecco-Sondrio", "ALER Pavia-Lodi"]
OTHER_OWNERS = ["Fondazione Casa Amica", "Cooperativa L'Abitare", "Azienda Speciale Consortile"]


@lru_cache(maxsize=1)
def istat_names() -> list[str]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return sorted({row["denominazione"] for row in csv.DictReader(handle)})


@lru_cache(maxsize=1)
def rule_ids() -> list[str]:
    from compliance.rules.book import load_rulebook

    return sorted({r.id for r in load_rulebook().rules})


def _key(name: str) -> str:
    found = istat.check(name)
    return found.comune.key if found.comune else "nome:" + istat.normalise(name)


def _variant(name: str, how: int) -> str:
    """A plausible misspelling: other case, a dropped letter, a doubled letter."""
    if how == 0 or len(name) < 4:
        return name.upper()
    if how == 1:
        return name[:2] + name[3:]
    return name[:2] + name[2] + name[2:]


@st.composite
def name_pool(draw) -> list[str]:
    """1–8 comune names, one spelling per comune (see the module notes)."""
    pool: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 9))
        if kind <= 5:
            name = draw(st.sampled_from(istat_names()))
        elif kind <= 7:
            name = draw(st.sampled_from(HOSTILE_NAMES))
        elif kind == 8:
            name = _variant(draw(st.sampled_from(istat_names())), draw(st.integers(0, 2)))
        else:
            name = draw(st.text(CHARS, min_size=1, max_size=40))
        name = name.strip()  # «Comune di X » is read as X: surrounding blanks would be a second spelling
        if name:
            pool.setdefault(_key(name), name)
    return list(pool.values()) or ["Crema"]


@st.composite
def owner_pool(draw, comuni: list[str]) -> list[str]:
    owners = {}
    for comune in comuni:
        owner = f"Comune di {comune}"
        owners.setdefault(("comune", _key(comune)), owner)
    for name in draw(st.lists(st.sampled_from(ALER), max_size=2)):
        owners.setdefault(("aler", istat.normalise(name)), name)
    for name in draw(st.lists(st.sampled_from(OTHER_OWNERS), max_size=1)):
        owners.setdefault(("altro", istat.normalise(name)), name)
    return list(owners.values())


# ---- values by kind ------------------------------------------------------------------------

def counts(limit: int = 1_000_000) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from([0, 1, 2, limit]),
        st.integers(0, 60),
        st.integers(0, limit),
    )


def shares(low: float = 0, high: float = 100) -> st.SearchStrategy:
    """Percentages as plans write them (10 means 10%): ints and floats mixed, ≤ 4 decimals."""
    edges = [0, 0.0, 0.1, 0.10, 0.25, 0.5, 1, 9.9999, 10, 10.0, 10.0001, 10.5, 19.9999, 20, 20.0001,
             25, 33.3333, 99.9999, 100, 100.0]
    return st.one_of(
        st.sampled_from([e for e in edges if low <= e <= high]),
        st.integers(int(low), int(high)),
        st.integers(int(low * 10_000), int(high * 10_000)).map(lambda n: n / 10_000),
    ).filter(lambda v: low <= v <= high)


# Any character but surrogates and U+0085 (NEL): YAML reads a raw NEL as a line break, and
# PyYAML's emitter writes it raw, so it cannot survive the YAML round trip of the tests.
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x85")


def texts(max_size: int = 500) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from([n[:max_size] for n in HOSTILE_NAMES]),
        st.text(CHARS, min_size=1, max_size=min(max_size, 60)),
    )


DATES = st.dates(datetime.date(2018, 1, 1), datetime.date(2027, 12, 31))


# ---- the model walk ------------------------------------------------------------------------

def _flat(metadata) -> list:
    """Constraint objects, with pydantic's FieldInfo (from `Annotated[..., Field(...)]`) opened."""
    out = []
    for m in metadata:
        out.extend(getattr(m, "metadata", None) or []) if type(m).__name__ == "FieldInfo" else out.append(m)
    return out


def _limits(metadata) -> dict:
    out = {}
    for m in _flat(metadata):
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if getattr(m, attr, None) is not None:
                out[attr] = getattr(m, attr)
    return out


def _is_percentage(metadata) -> bool:
    return any(type(m).__name__ == "AfterValidator" for m in metadata)


@dataclass(frozen=True)
class Ref:
    """A placeholder for a name of the plan's pool (comuni or owners), filled in by `plans()`:
    strategies are built once from the model, the pools are drawn once per plan."""

    pool: str
    index: int


def for_annotation(annotation, metadata: tuple, name: str) -> st.SearchStrategy:
    """A strategy for one field's values, from its annotation (and its name where it means something)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return for_annotation(inner, tuple(metadata) + tuple(extra), name)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        strategies = [for_annotation(a, metadata, name) for a in options]
        if type(None) in typing.get_args(annotation):
            strategies.append(st.none())
        return st.one_of(strategies)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        if name == "comuni":
            return st.lists(st.builds(Ref, st.just("comuni"), st.integers(0, 100)), max_size=8)
        return rows(for_annotation(item, (), name))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_dicts(annotation)
    limits = _limits(metadata)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low, high = limits.get("ge", 0), limits.get("le", 1_000_000)
        return counts(high) if low == 0 else st.integers(low, high)
    if annotation is float or annotation is Decimal:  # percentages: exact Decimals in the model
        if _is_percentage(_flat(metadata)) or name.endswith("percentuale"):
            return shares(limits.get("ge", 0), limits.get("le", 100))
        return st.floats(limits.get("ge", 0), limits.get("le", 1e6), allow_nan=False).map(lambda v: round(v, 4))
    if annotation is datetime.date:
        return DATES
    if annotation is str:
        if name in ("ente_proprietario", "ente", "inadempienti"):
            return st.builds(Ref, st.just("owners"), st.integers(0, 100))
        if name in ("comune", "comune_capofila") or name.startswith("comune"):
            return st.builds(Ref, st.just("comuni"), st.integers(0, 100))
        if name == "regola":  # a justification names a rule: mostly real ids
            return st.one_of(st.sampled_from(rule_ids()), texts(limits.get("max_length", 500)))
        return texts(limits.get("max_length", 500))
    raise TypeError(f"no strategy for {name}: {annotation!r}")


def rows(item: st.SearchStrategy) -> st.SearchStrategy:
    """0–6 items, some repeated exactly (duplicate rows)."""

    def with_duplicate(pair):
        items, dup = pair
        return items + [items[dup % len(items)]] if items and dup is not None else items

    return st.tuples(st.lists(item, max_size=MAX_ROWS), st.none() | st.integers(0, MAX_ROWS)).map(with_duplicate)


_OMIT = object()


@lru_cache(maxsize=None)
def model_dicts(model: type[BaseModel]) -> st.SearchStrategy:
    """Dicts that validate as `model`; optional fields are sometimes left out, sometimes null."""
    parts = {}
    for fname, field in model.model_fields.items():
        value_st = for_annotation(field.annotation, tuple(field.metadata), fname)
        if not field.is_required():  # a quarter of optional fields are left out
            value_st = st.one_of(st.just(_OMIT), value_st, value_st, value_st)
        parts[field.alias or fname] = value_st
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not _OMIT})


def _fill(value, pools: dict):
    if isinstance(value, Ref):
        pool = pools[value.pool]
        return pool[value.index % len(pool)]
    if isinstance(value, dict):
        return {k: _fill(v, pools) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, pools) for v in value]
    return value


@st.composite
def plans(draw) -> dict:
    """A PianoAnnuale as a dict (the shape of a YAML plan file after parsing)."""
    comuni = draw(name_pool())
    pools = {"comuni": comuni, "owners": draw(owner_pool(comuni))}
    plan = _fill(draw(model_dicts(PianoAnnuale)), pools)
    plan["anno"] = draw(st.integers(2018, 2027))
    return plan
