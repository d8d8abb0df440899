"""Which engine judges: durable-rules (the default, the verdict) or the plain-Python reference
(for diagnosis). Both return the same `Verdicts`; the tests require them to agree."""

from __future__ import annotations

from compliance.engine import durable_runner, reference
from compliance.engine.verdicts import Verdicts
from compliance.rules.spec import Rule

ENGINES = ("durable", "reference")
DEFAULT_ENGINE = "durable"
LABELS = {"durable": "durable-rules 2.0.28", "reference": reference.LABEL}


def engine_label(engine: str) -> str:
    """The name the report gives the engine (its `engine` field and header)."""
    if engine not in LABELS:
        raise ValueError(f"motore sconosciuto «{engine}»; ammessi: {', '.join(ENGINES)}")
    return LABELS[engine]


def match_with(engine: str, rules: list[Rule], facts: list[dict]) -> Verdicts:
    engine_label(engine)  # refuses an unknown name
    if engine == "reference":
        return reference.match(rules, facts)
    return durable_runner.match(rules, facts)
