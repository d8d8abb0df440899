"""Property-based tests on whole generated plans (strategies in tests/strategies.py).

For every generated plan:

* nothing crashes: the plan goes through a YAML file and the loader, is judged, and every report
  format renders;
* durable-rules and the reference engine give the same report (every verdict, message, number);
* the findings do not depend on the order of rows (every list of the plan shuffled);
* judging a plan twice in one process, or after other plans, gives the same report;

and any file (the real plan damaged at random, random bytes) gives a plan or located errors.

CI runs a bounded number of examples (`COMPLIANCE_EXAMPLES`, default 150 per test), the same
ones every run (derandomized). The long run (10,000 generated plans per test) is one command,
documented in the README with how long it takes:

    COMPLIANCE_LONG=1 .venv/bin/python -m pytest tests/test_properties.py -p no:cacheprovider

It draws fresh random examples every time (Hypothesis's own random seed; a failure is saved in
.hypothesis/ and tried first the next time), and prints as it goes, every PROGRESS_EVERY examples
of a test, how many were run, how fast, and what they gave (judged with or without violations,
refused for want of a date...); `--hypothesis-show-statistics` adds Hypothesis's summary at the end.
"""

from __future__ import annotations

import atexit
import datetime
import json
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from compliance.evaluate import NoReferenceDate, NoRulesInForce, check_plan
from compliance.model.loader import load_model
from compliance.model.plan import PianoAnnuale
from compliance.rules.book import load_rulebook
from tests.strategies import CHARS, DATES, plans

LONG = os.environ.get("COMPLIANCE_LONG") == "1"
EXAMPLES = int(os.environ.get("COMPLIANCE_EXAMPLES", "10000" if LONG else "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,  # CI: the same examples every run; the long run explores
    database=None if not LONG else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

PROGRESS_EVERY = int(os.environ.get("COMPLIANCE_PROGRESS_EVERY", "250"))


class Progress:
    """Long run: one line on the terminal every PROGRESS_EVERY examples of a test (past pytest's
    output capture), and Hypothesis events for its statistics. CI: nothing."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}
        self.started: dict[str, float] = {}

    def note(self, config, test: str, outcome: str) -> None:
        if not LONG:
            return
        event(outcome)
        counts = self.counts.setdefault(test, Counter())
        start = self.started.setdefault(test, time.monotonic())
        counts["n"] += 1
        counts[outcome] += 1
        n = counts["n"]
        if n % PROGRESS_EVERY:
            return
        elapsed = time.monotonic() - start
        shares = ", ".join(f"{k} {v * 100 / n:.0f}%" for k, v in counts.most_common() if k != "n")
        line = f"[{test}] {n} esempi in {elapsed:.0f} s ({n / elapsed:.1f}/s): {shares}"
        capture = config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(line, flush=True)


PROGRESS = Progress()


def outcome(report) -> str:
    """What a judged plan gave, for the long run's statistics."""
    if report == "no-reference-date":
        return "senza data di riferimento"
    if report == "no-rules-in-force":
        return "prima dell'8/2/2018"
    return "con violazioni" if report.has_violations else "senza violazioni"


BOOK = load_rulebook()
WORK = Path(tempfile.mkdtemp(prefix="compliance-properties-"))
# removed at exit; a crash of the process skips this, leaving the last example for inspection
atexit.register(shutil.rmtree, WORK, True)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the loader refuses anchors and aliases
        return True


def remember(name: str, **example) -> None:
    """Long run: keep the example being judged, so that if the process dies (a crash in the C
    engine) the input is on disk: WORK/last-<test>.pickle (the folder is printed at the end)."""
    if LONG:
        import pickle

        (WORK / f"last-{name}.pickle").write_bytes(pickle.dumps(example))


def to_yaml(plan: dict) -> bytes:
    return yaml.dump(plan, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False).encode("utf-8")


def judge(plan: PianoAnnuale, day: datetime.date | None, engine: str = "durable", raw: bytes = b""):
    """The report, or the name of the expected refusal (no date, no rules in force on it)."""
    try:
        return check_plan(plan, BOOK, plan_file="piano.yaml", plan_bytes=raw, date=day, engine=engine)
    except NoReferenceDate:
        assert day is None and plan.approvazione.data is None
        return "no-reference-date"
    except NoRulesInForce:
        assert (day or plan.approvazione.data) < datetime.date(2018, 2, 8)
        return "no-rules-in-force"


def comparable(report) -> object:
    """A report as data, without the engine's name."""
    if isinstance(report, str):
        return report
    data = report.model_dump(mode="json")
    data.pop("engine")
    return data


def verdicts(report) -> object:
    """What must not depend on row order: findings (as a multiset), rule results, summary.

    Other parts of a report list things in the order the plan gives them (e.g. the units
    breakdown), which is presentation, not a verdict."""
    if isinstance(report, str):
        return report
    data = comparable(report)
    findings = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in data["findings"])
    justified = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in data.get("justified_findings", []))
    return {"findings": findings, "justified": justified, "rules": data["rules"], "summary": data["summary"]}


def render_all(report) -> None:
    """Every text format renders (text as on an 80-column terminal; PDF is HTML printed by Chromium)."""
    from compliance.cli import _render, Format

    for fmt in (f for f in Format if f.value != "pdf"):
        text = _render(report, fmt)
        assert isinstance(text, str) and text


# Lists whose order is part of their meaning: justifications are cited by their number.
ORDERED_LISTS = {"giustificazioni"}
# Lists of names that are sets (every other list of texts, e.g. a row's `categorie`, is text
# the report quotes in the plan's order).
NAME_SETS = {"inadempienti", "comuni"}


def shuffled(value, rng: random.Random, key: str | None = None):
    """The same plan with every list of rows (and of names that are sets) in another order."""
    if isinstance(value, dict):
        return {k: (v if k in ORDERED_LISTS else shuffled(v, rng, k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [shuffled(v, rng) for v in value]
        if key in NAME_SETS or all(isinstance(v, dict) for v in items):
            rng.shuffle(items)
        return items
    return value


days = st.one_of(st.none(), DATES)


@SETTINGS
@given(plan=plans(), day=days)
def test_no_crash_and_both_engines_agree(plan, day, pytestconfig):
    remember("no-crash", plan=plan, day=day)
    raw = to_yaml(plan)
    path = WORK / "piano.yaml"
    path.write_bytes(raw)
    loaded, doc = load_model(path, PianoAnnuale)  # the loader reads back what was written
    assert loaded == PianoAnnuale.model_validate(plan)
    durable = judge(loaded, day, "durable", doc.raw)
    reference = judge(loaded, day, "reference", doc.raw)
    assert comparable(durable) == comparable(reference)
    PROGRESS.note(pytestconfig, "no-crash", outcome(durable))
    if not isinstance(durable, str):
        assert durable.engine.startswith("durable-rules") and reference.engine.startswith("reference")
        render_all(durable)


@SETTINGS
@given(plan=plans(), day=days, seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_change_findings(plan, day, seed, pytestconfig):
    remember("row-order", plan=plan, day=day, seed=seed)
    model = PianoAnnuale.model_validate(plan)
    other = PianoAnnuale.model_validate(shuffled(plan, random.Random(seed)))
    report = judge(model, day)
    assert verdicts(report) == verdicts(judge(other, day))
    PROGRESS.note(pytestconfig, "row-order", outcome(report))


@SETTINGS
@given(plan=plans(), others=st.lists(plans(), min_size=1, max_size=2), day=days)
def test_same_report_twice_and_after_other_plans(plan, others, day, pytestconfig):
    remember("twice", plan=plan, others=others, day=day)
    model = PianoAnnuale.model_validate(plan)
    first = comparable(judge(model, day))
    report = judge(model, day)
    assert comparable(report) == first
    for other in others:
        judge(PianoAnnuale.model_validate(other), day)
        judge(PianoAnnuale.model_validate(other), day, "reference")
    assert comparable(judge(model, day)) == first
    PROGRESS.note(pytestconfig, "twice", outcome(report))


CREMASCO_TEXT = (Path(__file__).resolve().parents[1] / "cases" / "cremasco-2021.yaml").read_text(encoding="utf-8")


@st.composite
def damaged_plans(draw) -> bytes:
    """The real Cremasco plan with a few edits: characters deleted, inserted or replaced."""
    text = CREMASCO_TEXT
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        piece = draw(st.one_of(
            st.text(CHARS, max_size=8),
            st.sampled_from(["&a ", "*a", "{", "}", "[", "]", ":", "- ", "\t", "\n  ", "'", '"', "!!python/object:os.system ",
                             "0.10", "-1", "1e400", "2021-02-30", "null", "~", "\ufeff", "<<: *a"]),
        ))
        text = text[:at] + piece + text[at + cut:]
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(raw=st.one_of(damaged_plans(), st.binary(max_size=300)))
def test_any_bytes_give_a_plan_or_located_errors(raw, pytestconfig):
    """The loader never raises anything but InputError (exit 2 with located messages)."""
    from compliance.model.loader import InputError, load_any_plan

    path = WORK / "danneggiato.yaml"
    path.write_bytes(raw)
    try:
        load_any_plan(path)
    except InputError as exc:
        assert exc.problems and all(p.file == str(path) and p.message for p in exc.problems)
        PROGRESS.note(pytestconfig, "any-bytes", "errori localizzati")
    else:
        PROGRESS.note(pytestconfig, "any-bytes", "un piano")
