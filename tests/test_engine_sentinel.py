"""Regression: durable-rules 2.0.28 crashes in `delete_state` when a state holds only facts that no
rule matched (depending on the rule names' lengths). Every batch ends with a sentinel fact that a
sentinel rule matches; these tests run in a child process, because the crash kills the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent('''
    import sys
    sys.path.insert(0, {root!r})
    from compliance.engine.durable_runner import DurableRunner
    from compliance.rules.compiler import SENTINEL_KIND, SENTINEL_RULE, CompiledRuleset
    runner = DurableRunner()
    for length in range(1, 41):  # rule names of every length up to 40 characters
        name = "R" * length
        rules = {{
            SENTINEL_KIND: dict(SENTINEL_RULE),
            name + "|nv": {{"all": [{{"m": {{"$and": [{{"kind": "piano"}}, {{"$gt": {{"avvisi~lo": 100}}}}]}}}}],
                           "run": name + "|nv"}},
            name + "|v": {{"all": [{{"m": {{"$and": [{{"kind": "piano"}}, {{"$lt": {{"avvisi~lo": 2}}}}]}}}}],
                          "run": name + "|v"}},
        }}
        compiled = CompiledRuleset(f"rs_len{{length}}", {{f"rs_len{{length}}": rules}}, frozenset({{"piano"}}),
                                   {{"piano": frozenset({{"avvisi"}})}})
        for value in (1, 2, 5):  # 2 and 5 match nothing: the case that crashed
            for _ in range(20):
                found = runner.run(compiled, [{{"kind": "piano", "id": "piano-1", "soggetto": "p", "avvisi": value}}])
                assert [m.action for m in found] == ([name + "|v"] if value < 2 else []), (length, value, found)
    print("ok")
''')


def test_states_with_only_unmatched_facts_are_deleted_without_crashing():
    proc = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    assert proc.stdout.strip() == "ok"


def test_a_clean_plan_matches_nothing_and_the_process_survives(tmp_path):
    """A plan on which every rule is conforme (nothing but the sentinel fires)."""
    code = textwrap.dedent(f'''
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from compliance.evaluate import match
        from compliance.rules.book import load_rulebook
        book = load_rulebook()
        rules = [r for r in book.rules if r.id == "RR4-A8-DUE-AVVISI-ANNO"]
        for i in range(50):
            fact = {{"kind": "piano", "id": "piano-1", "soggetto": "piano", "avvisi_nell_anno": 2 + i}}
            v = match(rules, [fact])
            assert not any(v.violated.values()) and not any(v.not_assessable.values())
        print("ok")
    ''')
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
