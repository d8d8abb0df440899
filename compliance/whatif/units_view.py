"""Adapter to the units breakdown (compliance/units.py): what a choice means in units.

For each owner × comune affected by a scenario (a row whose figures change, or a comune the
scenario names), the units available in the year, to indigent households, to each reserve and
left for the general ranking, in the baseline and in the scenario.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from compliance.findings import Report
from compliance.registry.istat import normalise
from compliance.whatif.paths import PathError, parse_path


@dataclass
class UnitsRowChange:
    ente: str
    comune: str | None
    before: dict | None
    after: dict | None

    def changed(self, column: str) -> bool:
        return (self.before or {}).get(column) != (self.after or {}).get(column)


@dataclass
class UnitsComparison:
    columns: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    rows: list[UnitsRowChange] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # problem code -> text
    error: str | None = None


def _breakdown(plan, report: Report) -> list:
    """The report's own units table (built from the same facts as its verdicts); a report made
    without it (an older JSON) is recomputed."""
    if report.units or getattr(plan, "tipo", "piano_annuale") != "piano_annuale":
        return list(report.units)
    from compliance.units import breakdown

    return breakdown(plan, datetime.date.fromisoformat(report.reference_date))


def _named_comuni(log: list[tuple]) -> set[str]:
    """Comuni a scenario names: in `[comune=…]` selections and in rows it adds."""
    out: set[str] = set()
    for op, path, _old, new in log:
        try:
            steps = parse_path(path)
        except PathError:
            continue
        for step in steps:
            for key, value in step.match or ():
                if value is None:
                    continue
                if key == "comune":
                    out.add(normalise(str(value)))
                elif key in ("ente_proprietario", "ente") and normalise(str(value)).startswith("comune di "):
                    out.add(normalise(str(value))[10:])
        for row in (new if op == "add" and isinstance(new, list) else []):
            if isinstance(row, dict) and row.get("comune"):
                out.add(normalise(str(row["comune"])))
    return out


def compare_units(plan_before, plan_after, report_before: Report, report_after: Report,
                  log: list[tuple]) -> UnitsComparison:
    try:
        from compliance.units import COLUMNS, HEADERS, PROBLEM_TEXT, by_comune

        before = by_comune(_breakdown(plan_before, report_before))
        after = by_comune(_breakdown(plan_after, report_after))
    except Exception as exc:  # noqa: BLE001 - the breakdown is an add-on to the verdicts
        return UnitsComparison(error=f"{type(exc).__name__}: {exc}")
    lang = report_after.lang
    named = _named_comuni(log)
    out = UnitsComparison(tuple(COLUMNS), dict(HEADERS.get(lang, HEADERS["it"])),
                          problems=dict(PROBLEM_TEXT.get(lang, PROBLEM_TEXT["it"])))
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        bd, ad = (b.as_dict() if b else None), (a.as_dict() if a else None)
        comune = key[1]
        if bd != ad or (comune is not None and normalise(comune) in named):
            out.rows.append(UnitsRowChange(key[0], comune, bd, ad))
    return out


def rows_for_comuni(plan, report: Report, comuni: tuple[str, ...]) -> list[dict[str, Any]] | None:
    """Units rows of the comuni named (for sweeps); None if the breakdown is unavailable."""
    try:
        rows = _breakdown(plan, report)
    except Exception:  # noqa: BLE001 - the breakdown is an add-on to the verdicts
        return None
    wanted = {normalise(c) for c in comuni}
    return [r.as_dict() for r in rows if r.comune is not None and normalise(r.comune) in wanted]


def sweep_units_row(units: list[dict] | None) -> dict:
    """The units row shown for a sweep point: the comune's own stock if listed, else the first row."""
    own = [u for u in (units or []) if str(u.get("tipo_ente")) == "comune"]
    return own[0] if own else ((units or [None])[0] or {})
