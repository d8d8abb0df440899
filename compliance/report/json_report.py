"""The report as JSON: the stable contract for other systems (see README, "Contratto JSON")."""

from __future__ import annotations

from compliance.findings import Report


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
