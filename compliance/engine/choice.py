"""Which engine judges: durable-rules (the default, the verdict) or the plain-Python reference
(for diagnosis). Both return the same `Verdicts`; the tests require them to agree."""

from __future__ import annotations

from compliance.engine.verdicts import Verdicts
from compliance.rules.spec import Rule

ENGINES = ("durable", "reference")
DEFAULT_ENGINE = "durable"


def engine_label(engine: str) -> str:
    """The name the report gives the engine (its `engine` field and header)."""
    if engine == "durable":
        return "durable-rules 2.0.28"
    if engine == "reference":
        from compliance.engine.reference import LABEL

        return LABEL
    raise ValueError(f"motore sconosciuto «{engine}»; ammessi: {', '.join(ENGINES)}")


def match_with(engine: str, rules: list[Rule], facts: list[dict]) -> Verdicts:
    engine_label(engine)  # refuses an unknown name
    if engine == "reference":
        from compliance.engine.reference import match

        return match(rules, facts)
    from compliance.evaluate import match

    return match(rules, facts)
