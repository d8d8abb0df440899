"""Nesting too deep: found by the project's own reading of the layout (compliance/model/nesting.py),
so that the message is the project's whatever the YAML library says (PyYAML 6.0.4's libyaml
began to stop deep files itself, with its own words, and the catalogue's message broke).

* the count is an upper bound of the real depth, for YAML written in every style (block, flow,
  canonical, any indentation), and equal or one above it on every real file of the project;
* with the YAML library's deep-file error reworded, or with no error at all from it, the
  message and its line stay the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.model import loader
from compliance.model.loader import MAX_DEPTH, InputError, load_any_plan
from compliance.model.nesting import first_line_over

ROOT = Path(__file__).resolve().parents[1]
DEEP = ROOT / "tests" / "bad_inputs" / "deep-nesting.yaml"
MESSAGE = f"annidamento troppo profondo (più di {MAX_DEPTH} livelli)"


def counted(text: str) -> int:
    """The depth the scanner counts: the least limit it does not find exceeded."""
    low, high = 0, 100_000
    while low < high:
        mid = (low + high) // 2
        if first_line_over(text, mid) is None:
            high = mid
        else:
            low = mid + 1
    return low


def true_depth(text: str) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


def project_yaml_files() -> list[Path]:
    files = [*ROOT.glob("cases/*.yaml"), *ROOT.glob("rules/**/*.yaml"), *ROOT.glob("scenarios/**/*.yaml")]
    return sorted(files)


@pytest.mark.parametrize("path", project_yaml_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_count_on_the_project_files_is_the_depth_or_one_more(path):
    text = path.read_text(encoding="utf-8-sig")
    assert true_depth(text) <= counted(text) <= true_depth(text) + 1


scalars = st.one_of(st.integers(), st.text(max_size=12), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.dates())
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3)),
                     max_leaves=30)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=trees, flow=st.sampled_from([None, True, False]), indent=st.integers(2, 6),
       width=st.integers(20, 200), canonical=st.booleans())
def test_the_count_is_never_below_the_depth(data, flow, indent, width, canonical):
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=width, allow_unicode=True,
                          canonical=canonical)
    assert counted(text) >= true_depth(text), text


@pytest.mark.parametrize("text, depth", [
    ("a:\n- x\n- y\nb: 1\n", 2),            # a sequence at its key's indentation
    ("- - - x\n", 3),                        # compact nested sequences
    ("- a: 1\n  b: [1, [2]]\n", 4),          # a mapping in a sequence, a flow value
    ("k: |\n  [[[[[[\n  {{{{\nm: 1\n", 1),   # brackets in a block scalar
    ("k: '[[[['\nm: \"{{{{\"\n", 1),         # brackets in quoted scalars
    ("k: a [b [c\n", 1),                     # brackets in a plain scalar
    ("k: [a, 'b]]]', \"c}}\"]\n", 2),        # quotes inside a flow collection
    ("k: &x !!seq [[1]]\n", 3),              # anchors and tags before a node
])
def test_the_count_on_layouts_that_look_deeper_than_they_are(text, depth):
    assert true_depth(text) == depth
    assert depth <= counted(text) <= depth + 1


def expect_our_message(path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_any_plan(path)
    (problem,) = caught.value.problems
    assert problem.line == 4 and problem.message.startswith(MESSAGE), problem


def test_deep_file_message_is_ours_with_any_library_wording(monkeypatch):
    """The library's parser stops the deep file with other words (or another kind of error)."""
    for error in (yaml.YAMLError("exceeded maximum nesting depth"),
                  yaml.scanner.ScannerError(problem="la profondità massima è stata superata"),
                  yaml.parser.ParserError(problem="nesting limit reached (1000)")):
        def parse(*args, error=error, **kwargs):
            raise error
            yield  # a generator, like yaml.parse

        monkeypatch.setattr(loader.yaml, "parse", parse)
        expect_our_message(DEEP)


def test_deep_file_message_is_ours_with_a_library_that_does_not_stop_it(monkeypatch):
    """The pure-Python parser has no limit of its own: the events give the depth."""
    monkeypatch.setattr(loader, "_CSafeLoader", None)
    expect_our_message(DEEP)


def test_deep_block_nesting_is_refused_too(tmp_path):
    text = "tipo: piano_annuale\nanno: 2021\nambito:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60))
    path = tmp_path / "profondo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_any_plan(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith(MESSAGE) and problem.line == 3 + MAX_DEPTH, problem  # k40: level 41
