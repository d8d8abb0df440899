"""What if: test a policy choice before adopting it.

scenario.py (changes as YAML or --set, applied and validated), paths.py (field paths of the plan),
evaluation.py (check_plan on a changed plan), diff.py (what changes), units_view.py (the units
breakdown next to the baseline), sweep.py (ranges, flip points, plot, worker pool), nearest.py
(the nearest compliant plan), render.py (text, Markdown, JSON), command.py (`compliance whatif`).
"""
