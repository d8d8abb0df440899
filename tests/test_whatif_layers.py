"""The what-if package's modules depend on each other one way (issue 13): no module imports,
at its top or inside a function, a module that imports it back. The floors, lowest first:
texts, paths, scenario, evaluation, diff, units_view, words, sweep, plots, nearest, command,
render."""

from __future__ import annotations

import ast
from pathlib import Path

import compliance.whatif

FOLDER = Path(compliance.whatif.__file__).parent


def imports_of(path: Path) -> set[str]:
    """The compliance.whatif modules a module imports, anywhere in its code."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("compliance.whatif."):
                out.add(node.module.rsplit(".", 1)[1])
            elif node.module == "compliance.whatif":
                out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("compliance.whatif."))
    return out - {path.stem}


def test_no_import_cycle_in_whatif():
    graph = {p.stem: imports_of(p) for p in FOLDER.glob("*.py") if p.stem != "__init__"}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(m for m in graph if m in reach(m))
    assert cycles == [], cycles
    assert "render" not in reach("sweep") and "render" not in reach("plots") and "command" not in reach("sweep")
