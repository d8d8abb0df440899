"""The what-if result as text (terminal), Markdown or JSON."""

from __future__ import annotations

import datetime
import json
from typing import Any

from compliance.findings import Report
from compliance.whatif.command import ScenarioOutcome, WhatIfResult
from compliance.whatif.diff import FindingChange
from compliance.whatif.nearest import NearestResult
from compliance.whatif.scenario import describe_value
from compliance.whatif.sweep import SweepResult
from compliance.whatif.texts import tw
from compliance.whatif.units_view import UnitsComparison

WHATIF_SCHEMA_VERSION = "1.0"


# ---- shared pieces --------------------------------------------------------------------------------


def _change_lines(log: list[tuple], lang: str) -> list[str]:
    out = []
    for op, path, old, new in log:
        if op == "set":
            out.append(tw("op_set", lang, path=path, old=describe_value(old), new=describe_value(new)))
        elif op == "add":
            for row in new or []:
                out.append(tw("op_add", lang, path=path, row=describe_value(row)))
        else:
            out.append(tw("op_remove", lang, path=path) + (f" ({describe_value(old)})" if old else ""))
    return out


def _verdict(report: Report, lang: str) -> str:
    return tw("ko" if report.has_violations else "ok", lang)


def _summary_line(before: Report, after: Report, lang: str) -> str:
    b, a = before.summary, after.summary
    return tw("summary_compare", lang, b=b.violazioni, s=a.violazioni, ab=b.avvisi, as_=a.avvisi,
              nb=b.findings_non_valutabili, ns=a.findings_non_valutabili)


def _outcome_word(outcome: str, lang: str) -> str:
    return tw(outcome, lang)


def _finding_lines(change: FindingChange, lang: str) -> list[str]:
    label = {"nuovo": "appears", "risolto": "disappears", "cambiato": "changed"}[change.status]
    head = f"{tw(label, lang)} {change.subject} — {change.rule_id}"
    lines = []
    if change.status == "nuovo":
        f = change.after
        lines.append(f"{head}: {_outcome_word(f.outcome, lang)} [{tw(f.severity, lang)}]")
        lines.append(f"    {f.message}")
    elif change.status == "risolto":
        f = change.before
        lines.append(f"{head}: {_outcome_word(f.outcome, lang)} → {tw('conforme', lang)}")
        lines.append(f"    {tw('was', lang)}: {f.message}")
    else:
        b, a = change.before, change.after
        lines.append(f"{head}: {_outcome_word(b.outcome, lang)} [{tw(b.severity, lang)}] → "
                     f"{_outcome_word(a.outcome, lang)} [{tw(a.severity, lang)}]")
        if "message" in change.what:
            lines.append(f"    {tw('was', lang)}: {b.message}")
            lines.append(f"    {tw('now', lang)}: {a.message}")
    return lines


def _cell(value: Any, lang: str) -> str:
    return tw("unknown", lang) if value is None else describe_value(value)


def _units_table(units: UnitsComparison, lang: str) -> list[list[str]]:
    """Rows of cells: owner, comune, each column as 'before → after' where it changes, note."""
    header = [units.headers.get("ente", "ente"), units.headers.get("comune", "comune")]
    header += [units.headers.get(c, c) for c in units.columns] + [units.headers.get("problema", "")]
    table = [header]
    for row in units.rows:
        cells = [row.ente, row.comune or "—"]
        for column in units.columns + ("problema",):
            b = (row.before or {}).get(column)
            a = (row.after or {}).get(column)
            if column == "problema":
                b = units.problems.get(b, b) if b else None
                a = units.problems.get(a, a) if a else None
                cells.append(a or "" if b == a else f"{b or '—'} → {a or '—'}")
            elif row.before is None or row.after is None or b != a:
                cells.append(f"{_cell(b, lang) if row.before else '—'} → {_cell(a, lang) if row.after else '—'}")
            else:
                cells.append(_cell(a, lang))
        table.append(cells)
    return table


def _text_table(table: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _md_table(table: list[list[str]]) -> list[str]:
    esc = [[c.replace("|", "\\|") for c in row] for row in table]
    lines = ["| " + " | ".join(esc[0]) + " |", "|" + "---|" * len(esc[0])]
    lines += ["| " + " | ".join(row) + " |" for row in esc[1:]]
    return lines


def _nearest_lines(result: NearestResult, lang: str) -> list[str]:
    if not result.suggestions:
        return [tw("nearest_none_needed", lang)]
    lines = []
    for s in result.suggestions:
        what = tw("nearest_for", lang, subject=s.finding.subject, rule=s.finding.rule_id)
        if s.loc is not None:
            lines.append(f"{tw('nearest_fix', lang, path=s.path, old=describe_value(s.old), new=describe_value(s.new))}  ({what})")
            if s.verified:
                lines.append(f"    {tw('nearest_verified', lang)}")
            else:
                lines.append(f"    {tw('nearest_side_effects', lang, others='; '.join(s.side_effects))}")
        else:
            if s.why == "no_value":
                why = tw("why_no_value", lang, paths=s.path or "?")
            elif s.why == "rule":
                why = tw("why_no_rule", lang)
            else:
                why = tw("why_no_numeric", lang, fields=", ".join(s.fields))
            lines.append(f"{what}: {tw('nearest_not_computable', lang, why=why)}")
    if result.after is not None:
        lines.append(tw("nearest_all", lang, before=result.before.summary.violazioni,
                        after=result.after.summary.violazioni,
                        nc_before=sum(f.outcome == "non_conforme" for f in result.before.findings),
                        nc_after=sum(f.outcome == "non_conforme" for f in result.after.findings)))
        lines += [f"    {p}: {describe_value(o)} → {describe_value(v)}" for p, o, v in result.changes]
    return lines


def _sweep_table(sweep: SweepResult, lang: str) -> list[list[str]]:
    """Value, violations, each verdict that flips (numbered, see `_legend`), the comune's units."""
    keys = sweep.varying
    header = [tw("value", lang), tw("violations", lang)] + [f"[{i}]" for i in range(1, len(keys) + 1)]
    unit_cols: tuple = ()
    if any(p.units for p in sweep.points):
        from compliance.units import COLUMNS, HEADERS

        unit_cols = COLUMNS
        header += [HEADERS.get(lang, HEADERS["it"]).get(c, c) for c in unit_cols]
    table = [header]
    for p in _thin(sweep):
        if p.error is not None:
            table.append([sweep.spec.label(p.value), "—"] + ["—"] * (len(keys) + len(unit_cols)))
            continue
        row = [sweep.spec.label(p.value), str(p.violations)]
        row += [tw(sweep.outcome(p, k), lang) for k in keys]
        if unit_cols:
            u = sweep_units_row(p.units)
            row += [_cell(u.get(c), lang) for c in unit_cols]
        table.append(row)
    return table


def sweep_units_row(units: list[dict] | None) -> dict:
    """The row shown for a sweep point: the comune's own stock if listed, else the first row."""
    own = [u for u in (units or []) if str(u.get("tipo_ente")) == "comune"]
    return own[0] if own else ((units or [None])[0] or {})


def _legend(sweep: SweepResult) -> list[str]:
    return [f"[{i}] {s} — {r}" for i, (r, s) in enumerate(sweep.varying, start=1)]


def _thin(sweep: SweepResult, limit: int = 40) -> list:
    """At most about `limit` rows: the ends, the points on each side of a change (verdict,
    violations, units), and evenly spaced others."""
    points = sweep.points
    if len(points) <= limit:
        return points
    keep = {0, len(points) - 1}
    for i in range(1, len(points)):
        a, b = points[i - 1], points[i]
        if (a.outcomes, a.violations, a.units, a.error is None) != (b.outcomes, b.violations, b.units, b.error is None):
            keep.update((i - 1, i))
    room = limit - len(keep)
    if room > 0:
        stride = max(len(points) // room, 1)
        keep.update(range(0, len(points), stride))
    return [points[i] for i in sorted(keep)]


def _flip_lines(sweep: SweepResult, lang: str, most: int = 4) -> list[str]:
    """One line per flip; a verdict that flips back and forth more than `most` times is summarised."""
    if not sweep.flips:
        return [tw("no_flips", lang)]
    by_key: dict[tuple[str, str], list] = {}
    for f in sweep.flips:
        by_key.setdefault((f.rule_id, f.subject), []).append(f)
    lines = []
    for flips in by_key.values():
        for f in flips[:most]:
            lines.append(tw("flip_line", lang, subject=f.subject, rule=f.rule_id, before=tw(f.before, lang),
                            last=sweep.spec.label(f.last_before), after=tw(f.after, lang),
                            first=sweep.spec.label(f.first_after)))
        if len(flips) > most:
            lines.append(tw("flips_more", lang, n=len(flips) - most, last=sweep.spec.label(flips[-1].first_after)))
    return lines


def _sweep_head(sweep: SweepResult, lang: str) -> str:
    s = sweep.spec
    step = f"{s.step} g" if s.kind == "date" else str(s.step)
    return tw("sweep_heading", lang, path=s.path, start=s.label(s.start if s.kind == "date" else s.values()[0]),
              stop=s.label(s.values()[-1]), step=step, n=len(sweep.points))


def _timing(sweep: SweepResult, lang: str) -> str:
    mode = tw("mode_serial", lang) if sweep.jobs <= 1 else tw("mode_pool", lang, jobs=sweep.jobs)
    return tw("timing", lang, n=len(sweep.points), seconds=sweep.seconds, mode=mode)


def _invalid(sweep: SweepResult, lang: str) -> str | None:
    bad = [p for p in sweep.points if p.error is not None]
    if not bad:
        return None
    values = ", ".join(sweep.spec.label(p.value) for p in bad[:5]) + (" …" if len(bad) > 5 else "")
    return tw("invalid_values", lang, values=values, detail=bad[0].error)


# ---- text and Markdown ------------------------------------------------------------------------------


def render_text(result: WhatIfResult, markdown: bool = False) -> str:
    """Terminal text (headings underlined) or Markdown."""
    lang = result.base.lang
    h1, h2, h3 = ("# ", "## ", "### ") if markdown else ("\x00", "\x00", "")  # \x00: underline
    out_lines = _render_lines(result, lang, markdown, h1, h2, h3)
    if markdown:
        return "\n".join(out_lines).rstrip() + "\n"
    text = []
    for line in out_lines:
        text.append(line)
        if line.startswith("\x00"):
            text[-1] = line[1:]
            text.append("=" * min(len(line) - 1, 80))
    return "\n".join(text).rstrip() + "\n"


def _render_lines(result: WhatIfResult, lang: str, markdown: bool, h1: str, h2: str, h3: str) -> list[str]:
    r = result.report
    out: list[str] = []
    bullet = "- " if markdown else "  "
    table = _md_table if markdown else _text_table
    out.append(f"{h1}{tw('title', lang)} — {r.plan.ambito} {r.plan.anno}")
    out.append("")
    out.append(f"{tw('input_file', lang)}: {result.base.plan_file.name}; "
               f"{tw('judged_on', lang)}: {datetime.date.fromisoformat(r.reference_date).strftime('%d/%m/%Y')}; "
               f"{tw('baseline', lang)}: {tw('violations', lang)} {r.summary.violazioni} ({_verdict(r, lang)}).")
    if len(result.scenarios) > 1:
        out += ["", f"{h2}{tw('comparison', lang)}", ""]
        out += table(_comparison_table(result, lang))
    for sc in result.scenarios:
        out.extend(_scenario_text(sc, result, lang, h2, h3, bullet, table))
    if result.nearest is not None:
        out += ["", f"{h2}{tw('nearest_heading', lang)}", ""]
        out += [bullet + line if not line.startswith("    ") else line for line in _nearest_lines(result.nearest, lang)]
    if result.sweep is not None:
        sw = result.sweep
        out += ["", f"{h2}{_sweep_head(sw, lang)}", ""]
        out += table(_sweep_table(sw, lang))
        out += [""] + [bullet + line for line in _legend(sw)]
        invalid = _invalid(sw, lang)
        if invalid:
            out += ["", invalid]
        out += ["", f"{h3}{tw('flips_heading', lang)}", ""]
        out += [bullet + line for line in _flip_lines(sw, lang)]
        out += ["", _timing(sw, lang)]
        if result.plot_file is not None:
            out.append(tw("plot_written", lang, file=result.plot_file))
    return out


def _comparison_table(result: WhatIfResult, lang: str) -> list[list[str]]:
    """One row per plan (the baseline, then each scenario): the counts of the summary."""
    header = [tw("scenario", lang), tw("violations", lang), tw("warnings", lang), tw("not_assessable_n", lang),
              tw("changed_findings", lang)]
    rows = [header]
    for name, report, changes in [(tw("baseline", lang), result.report, None)] + [
            (sc.scenario.name, sc.report, len(sc.diff.findings)) for sc in result.scenarios]:
        s = report.summary
        rows.append([name, str(s.violazioni), str(s.avvisi), str(s.findings_non_valutabili),
                     "—" if changes is None else str(changes)])
    return rows


def _scenario_text(sc: ScenarioOutcome, result: WhatIfResult, lang: str, h2: str, h3: str, bullet: str, table) -> list[str]:
    out = ["", f"{h2}{tw('scenario', lang)}: {sc.scenario.name}"]
    if sc.scenario.description:
        out += ["", sc.scenario.description.strip()]
    out += ["", f"{h3}{tw('changes', lang)}", ""]
    out += [bullet + line for line in _change_lines(sc.log, lang)]
    out += ["", _summary_line(result.report, sc.report, lang),
            tw("exit_compare", lang, before=_verdict(result.report, lang), after=_verdict(sc.report, lang))]
    if sc.diff.rules:
        out += ["", f"{h3}{tw('rule_changes', lang)}", ""]
        out += [f"{bullet}{c.id} ({c.title}): {tw(c.before, lang)} → {tw(c.after, lang)}" for c in sc.diff.rules]
    out += ["", f"{h3}{tw('finding_changes', lang)}", ""]
    if not sc.diff.findings:
        out.append(tw("no_changes", lang))
    for change in sc.diff.findings:
        lines = _finding_lines(change, lang)
        out.append(bullet + lines[0])
        out += lines[1:]
    out += ["", f"{h3}{tw('units_heading', lang)}", ""]
    if sc.units.error:
        out.append(tw("units_unavailable", lang, detail=sc.units.error))
    elif not sc.units.rows:
        out.append(tw("units_none", lang))
    else:
        out += table(_units_table(sc.units, lang))
    if sc.nearest is not None:
        out += ["", f"{h3}{tw('nearest_heading', lang)}", ""]
        out += [bullet + line if not line.startswith("    ") else line for line in _nearest_lines(sc.nearest, lang)]
    return out


# ---- JSON --------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date,)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _finding_json(f) -> dict | None:
    if f is None:
        return None
    return {"outcome": f.outcome, "severity": f.severity, "message": f.message, "data": f.data}


def _nearest_json(n: NearestResult | None) -> dict | None:
    if n is None:
        return None
    return {
        "suggestions": [
            {"rule_id": s.finding.rule_id, "subject": s.finding.subject, "path": s.path,
             "old": _plain(s.old), "new": _plain(s.new), "verified": s.verified,
             "side_effects": s.side_effects, "not_computable": s.why}
            for s in n.suggestions
        ],
        "violations_before": n.before.summary.violazioni,
        "violations_after": n.after.summary.violazioni if n.after else None,
        "non_conformi_before": sum(f.outcome == "non_conforme" for f in n.before.findings),
        "non_conformi_after": sum(f.outcome == "non_conforme" for f in n.after.findings) if n.after else None,
        "changes": [{"path": p, "old": _plain(o), "new": _plain(v)} for p, o, v in n.changes],
    }


def render_json(result: WhatIfResult) -> str:
    r = result.report
    doc: dict[str, Any] = {
        "schema_version": WHATIF_SCHEMA_VERSION,
        "plan": {"file": r.plan.file, "sha256": r.plan.sha256, "ambito": r.plan.ambito, "anno": r.plan.anno},
        "reference_date": r.reference_date,
        "ruleset": r.ruleset,
        "baseline": {"summary": r.summary.model_dump(), "has_violations": r.has_violations},
        "scenarios": [],
        "nearest": _nearest_json(result.nearest),
        "sweep": None,
    }
    for sc in result.scenarios:
        doc["scenarios"].append({
            "name": sc.scenario.name,
            "description": sc.scenario.description,
            "source": sc.scenario.source,
            "changes": [{"op": op, "path": p, "old": _plain(o), "new": _plain(n)} for op, p, o, n in sc.log],
            "reference_date": sc.report.reference_date,
            "summary": sc.report.summary.model_dump(),
            "has_violations": sc.report.has_violations,
            "rule_changes": [{"id": c.id, "before": c.before, "after": c.after} for c in sc.diff.rules],
            "finding_changes": [
                {"status": c.status, "rule_id": c.rule_id, "subject": c.subject, "changed": list(c.what),
                 "before": _finding_json(c.before), "after": _finding_json(c.after)}
                for c in sc.diff.findings
            ],
            "units": None if sc.units.error else [
                {"ente": u.ente, "comune": u.comune, "before": u.before, "after": u.after} for u in sc.units.rows
            ],
            "nearest": _nearest_json(sc.nearest),
        })
    if result.sweep is not None:
        sw = result.sweep
        doc["sweep"] = {
            "path": sw.spec.path,
            "values": len(sw.points),
            "points": [
                {"value": _plain(p.value), "error": p.error, "violations": p.violations,
                 "outcomes": [{"rule_id": k[0], "subject": k[1], "outcome": o} for k, o in sorted(p.outcomes.items())],
                 "units": p.units}
                for p in sw.points
            ],
            "flips": [
                {"rule_id": f.rule_id, "subject": f.subject, "before": f.before, "last_before": _plain(f.last_before),
                 "after": f.after, "first_after": _plain(f.first_after)}
                for f in sw.flips
            ],
        }
    return json.dumps(_plain(doc), ensure_ascii=False, indent=2) + "\n"
