"""The only module that talks to durable-rules.

Guards, from the project's notes on durable-rules 2.0.28:

* one `Host` per process, with its background timer threads switched off (`_run` does nothing):
  everything runs synchronously in the caller's thread;
* rulesets are registered once per compiled content (they can never be freed) and reused;
* every evaluation gets a fresh state id (sid) and its state is deleted afterwards, in `finally`;
* facts go in one batch through `durable_rules_engine.assert_facts` followed by `do_actions`
  (the public `Host.assert_facts` drops actions when a fact matches nothing);
* every fact carries a unique `id` (facts without ids are hashed and may collide) and only the
  kinds some rule matches are sent, with only the fields some rule reads (the rest cannot change
  a match, and each field sent costs encoding, JSON and the engine's property table);
* values are encoded for the engine as integers only (compliance/numbers.py): each number, date
  or true/false a rule reads becomes its lower and upper bound (`<field>~lo`, `<field>~hi`:
  decimals scaled by 10^4, dates as day numbers; a missing figure spans its field's admissible
  range), so the engine never computes on doubles; every fact also carries `~0: 0`
  (compliance/rules/compiler.py); strings are capped below the 65,535-byte comparison limit;
* exceptions raised inside actions (which durable-rules swallows) are recorded and re-raised,
  as is any exception the engine leaves in the state;
* `retract_fact` is never used (it crashes `delete_state` in rulesets with joins);
* a lock serialises evaluations: nothing in the C core is designed for concurrency.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import threading
from dataclasses import dataclass
from functools import lru_cache

from compliance.engine.errors import EngineError
from compliance.engine.verdicts import Verdicts
from compliance.facts.fields import FactValueError, check_value
from compliance.facts.schema import KINDS
from compliance.numbers import EXACT_LIMIT
from compliance.rules.compiler import SENTINEL_KIND, ZERO, CompiledRuleset, bound_name, compile_rules
from compliance.rules.semantics import span_of_value
from compliance.rules.spec import Rule

__all__ = ["DELETE_STATES", "DurableRunner", "EngineError", "encode_fact", "match", "runner"]

MAX_TEXT_BYTES = 60_000
# durable-rules 2.0.28 aborts the process in `delete_state` (segfault, "free(): invalid size",
# "double free or corruption") when the state holds only facts that no rule matched; whether it
# does depends on the lengths of the rule names (heap layout). Reproduced with one fact and one
# rule. Every batch therefore ends with a sentinel fact that a sentinel rule always matches
# (compliance/rules/compiler.py): with one action run, `delete_state` is safe (300 evaluations x
# 15 name/value combinations, and every generated plan, without a crash), and the sentinel's
# action also proves that the whole batch was processed. DELETE_STATES = False keeps the states
# instead (a worker that is recycled may choose it).
DELETE_STATES = True


@dataclass(frozen=True)
class Match:
    action: str  # "<rule key>|v" or "<rule key>|nv"
    fact_id: str


def _bounds(fact: dict, name: str, spec, value) -> tuple[int, int]:
    """The engine's two integers for a number, date or true/false (see the module notes)."""
    if value is None:
        return spec.scaled_range
    t = type(value)
    if t is int and spec.type == "int":  # the common case: a count, already range-checked
        return value, value
    if t is bool:
        return int(value), int(value)
    if t is datetime.date:
        day = value.toordinal()
        return day, day
    s = span_of_value(value, spec)
    scale = 10**spec.scale
    lo, hi = s.lo * scale, s.hi * scale
    if getattr(lo, "denominator", 1) != 1 or getattr(hi, "denominator", 1) != 1 or max(abs(lo), abs(hi)) >= EXACT_LIMIT:
        raise EngineError(f"{fact['id']}.{name}: {value} non rappresentabile esattamente")
    return int(lo), int(hi)


@lru_cache(maxsize=None)
def _encoding(kind: str, reads: frozenset[str]) -> tuple:
    """For each field a kind's rules read: (name, spec, lower-bound name, upper-bound name, the
    admissible range in the engine's integers)."""
    spec = KINDS[kind].fields
    return tuple((name, spec[name], bound_name(name, "lo"), bound_name(name, "hi"),
                  None if spec[name].type == "text" else spec[name].scaled_range) for name in sorted(reads))


def encode_fact(fact: dict, reads: frozenset[str]) -> dict:
    """A fact as the engine must see it (see the module notes): `id`, `kind`, `~0`, and for each
    field a rule reads, the text itself or the two integer bounds of the figure."""
    kind = fact["kind"]
    out = {"kind": kind, "id": fact["id"], ZERO: 0}
    for name, fspec, lo_name, hi_name, admissible in _encoding(kind, reads):
        value = fact.get(name)
        if value is None:
            if fspec.type == "text":
                out[name] = None
            else:
                out[lo_name], out[hi_name] = admissible
            continue
        if type(value) is int and fspec.type == "int" and admissible[0] <= value <= admissible[1]:
            out[lo_name] = out[hi_name] = value  # the common case: a count within its range
            continue
        try:
            check_value(kind, name, fspec, value)
        except FactValueError as exc:
            raise EngineError(f"{fact['id']}: {exc}") from None
        if fspec.type == "text":
            if len(value) * 4 > MAX_TEXT_BYTES and len(value.encode("utf-8")) > MAX_TEXT_BYTES:
                raise EngineError(f"{fact['id']}.{name}: testo troppo lungo")
            out[name] = value
        else:
            out[lo_name], out[hi_name] = _bounds(fact, name, fspec, value)
    return out


class _SyncHost:
    """Built lazily so that importing this module does not import durable-rules."""

    def __new__(cls, runner: "DurableRunner"):
        from durable import engine

        class SyncHost(engine.Host):
            def _run(self) -> None:  # no background dispatch timers
                pass

            def get_action(self, action_name: str):
                return runner._action(action_name)

        return SyncHost()


class DurableRunner:
    def __init__(self) -> None:
        self._host = None
        self._registered: set[str] = set()
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._matches: list[Match] | None = None
        self._errors: list[str] | None = None
        self._finished = False

    def _action(self, name: str):
        if name == SENTINEL_KIND:
            def finished(c) -> None:
                self._finished = True

            return finished

        def act(c) -> None:
            try:
                fact_id = c._m["m"].get("id")  # the matched fact as a dict (c.m.id wraps it twice)
                if not isinstance(fact_id, str):
                    raise EngineError(f"fatto senza id in {name}")
                self._matches.append(Match(name, fact_id))
            except BaseException as exc:  # noqa: BLE001 - swallowed by the engine otherwise
                if self._errors is not None:
                    self._errors.append(f"{name}: {type(exc).__name__}: {exc}")

        return act

    def _ruleset(self, compiled: CompiledRuleset):
        if self._host is None:
            self._host = _SyncHost(self)
        if compiled.name not in self._registered:
            # set_rulesets pops "run" from the dict it is given: give it a copy
            self._host.set_rulesets(copy.deepcopy(compiled.definition))
            self._registered.add(compiled.name)
        return self._host.get_ruleset(compiled.name)

    def run(self, compiled: CompiledRuleset, facts: list[dict]) -> list[Match]:
        """Evaluate facts in a fresh state; return the matches sorted by action and fact id."""
        import durable_rules_engine as dre

        payload_facts = [encode_fact(f, compiled.reads[f["kind"]]) for f in facts if f["kind"] in compiled.kinds]
        ids = [f["id"] for f in payload_facts]
        if len(set(ids)) != len(ids):
            raise EngineError("id di fatto ripetuti")
        with self._lock:
            ruleset = self._ruleset(compiled)
            sid = f"eval-{next(self._sids)}"
            self._matches, self._errors, self._finished = [], [], False
            try:
                if payload_facts:
                    for f in payload_facts:  # our own copies
                        f["sid"] = sid
                    sentinel = {"kind": SENTINEL_KIND, "id": SENTINEL_KIND, "sid": sid}
                    payload = json.dumps(payload_facts + [sentinel], ensure_ascii=False)
                    try:
                        _code, state = dre.assert_facts(ruleset._handle, payload)
                    except BaseException as exc:  # noqa: BLE001
                        raise EngineError(f"durable-rules: {exc}") from exc
                    done: list = []
                    ruleset.do_actions(state, lambda err, _res: done.append(err))
                    failures = [e for e in done if e is not None]
                    if failures:
                        raise EngineError(f"durable-rules: {failures[0]}")
                    left = self._host.get_state(compiled.name, sid) or {}
                    if "exception" in left:
                        raise EngineError(f"azione fallita: {left['exception']}")
                    if not self._finished:  # the batch stopped before its last fact
                        raise EngineError("durable-rules non ha elaborato tutti i fatti")
                if self._errors:
                    raise EngineError("; ".join(self._errors))
                return sorted(self._matches, key=lambda m: (m.action, m.fact_id))
            finally:
                self._matches, self._errors = None, None
                if payload_facts and DELETE_STATES:
                    try:
                        self._host.delete_state(compiled.name, sid)
                    except BaseException:  # noqa: BLE001 - state never created
                        pass


_RUNNER: DurableRunner | None = None


def runner() -> DurableRunner:
    """The process's runner (one durable-rules host per process)."""
    global _RUNNER
    if _RUNNER is None:
        _RUNNER = DurableRunner()
    return _RUNNER


@lru_cache(maxsize=64)
def _compiled(rules: tuple[Rule, ...]) -> CompiledRuleset:
    return compile_rules(list(rules))


def match(rules: list[Rule], facts: list[dict]) -> Verdicts:
    """Verdicts of durable-rules on the facts, for each rule."""
    verdicts = Verdicts.empty(rules)
    for m in runner().run(_compiled(tuple(rules)), facts):
        key, _, kind = m.action.rpartition("|")
        (verdicts.violated if kind == "v" else verdicts.not_assessable)[key].add(m.fact_id)
    return verdicts
