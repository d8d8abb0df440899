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
* values are encoded for the engine: dates as day numbers, floats without exponent, no NaN,
  no huge ints, strings capped below the 65,535-byte comparison limit;
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

from compliance.facts.schema import KINDS
from compliance.rules.compiler import SENTINEL_KIND, CompiledRuleset, CompileError, encode_number

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


class EngineError(RuntimeError):
    """The engine failed or an action raised: the evaluation has no valid result."""


@dataclass(frozen=True)
class Match:
    action: str  # "<rule key>|v" or "<rule key>|nv"
    fact_id: str


_TEXT = ("text", "")
_INT_LIMIT = 2**62  # as encode_number: larger ints saturate in the engine


def encode_fact(fact: dict, keep: frozenset[str] | None = None) -> dict:
    """A fact as the engine must see it (see the module notes); with `keep`, only those fields."""
    spec = KINDS[fact["kind"]].fields
    out = {}
    for name, value in fact.items():
        if keep is not None and name not in keep:
            continue
        ftype = spec.get(name, _TEXT)[0]
        if value is None:
            out[name] = None
        elif type(value) is int and ftype in ("int", "number") and -_INT_LIMIT < value < _INT_LIMIT:
            out[name] = value  # the common case, what encode_number returns for it
        elif ftype == "date":
            if not isinstance(value, datetime.date):
                raise EngineError(f"{fact['id']}.{name}: attesa una data")
            out[name] = value.toordinal()
        elif ftype in ("int", "number"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise EngineError(f"{fact['id']}.{name}: atteso un numero, trovato {value!r}")
            try:
                out[name] = encode_number(value)
            except CompileError as exc:
                raise EngineError(f"{fact['id']}.{name}: {exc}") from None
        elif ftype == "bool":
            if not isinstance(value, bool):
                raise EngineError(f"{fact['id']}.{name}: atteso true/false, trovato {value!r}")
            out[name] = value
        else:
            text = str(value)
            if len(text) * 4 > MAX_TEXT_BYTES and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
                raise EngineError(f"{fact['id']}.{name}: testo troppo lungo")
            out[name] = text
    return out


def _collect_fields(node, out: set[str]) -> None:
    """Field names an engine expression reads: its keys that are not operators, and `$m` targets."""
    if isinstance(node, list):
        for item in node:
            _collect_fields(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "$m":
                out.add(value)
                continue
            if not key.startswith("$"):
                out.add(key)
            _collect_fields(value, out)


def read_fields(compiled: CompiledRuleset) -> frozenset[str]:
    """Every fact field some rule of the ruleset reads, plus `id` (the actions read it)."""
    out: set[str] = {"id", "kind"}
    for rules in compiled.definition.values():
        for rule in rules.values():
            for pattern in rule.get("all", []) + rule.get("any", []):
                for expression in pattern.values():  # keyed by the pattern's alias
                    _collect_fields(expression, out)
    return frozenset(out)


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
        self._read_fields: dict[str, frozenset[str]] = {}
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

        keep = self._read_fields.get(compiled.name)
        if keep is None:
            keep = self._read_fields[compiled.name] = read_fields(compiled)
        payload_facts = [encode_fact(f, keep) for f in facts if f["kind"] in compiled.kinds]
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
