"""What if: test a policy choice before adopting it.

Floors, lowest first (each imports only those below it; tests/test_whatif_layers.py):
texts.py (the `whatif` catalogue), paths.py (field paths of the plan), scenario.py (changes as
YAML or --set, applied and validated), evaluation.py (check_plan on a changed plan), diff.py
(what changes), units_view.py (the units breakdown next to the baseline), words.py (fields,
values and rules in words), sweep.py (ranges, flip points, worker pool), plots.py (the sweep's
PNG), nearest.py (the nearest compliant plan; what it may change: choices.yaml), command.py
(`compliance whatif`), render.py (terminal, Markdown, HTML, JSON).
"""
