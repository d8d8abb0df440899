"""The what-if result for people, in the style of `compliance check`: terminal (rich, tables
within 80 columns), Markdown and HTML, from one list of blocks; and the JSON.

Only real changes are listed: a finding whose outcome and severity stay the same is not a
change (its numbers may differ: they are counted, not listed). Words, not codes: fields by
their label (compliance/whatif/words.py), rules by their title, values as the report writes
them (15%, 28/01/2021, 1.006).
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass, field
from typing import Any

from compliance.findings import Report
from compliance.i18n import fmt_int
from compliance.report.safe import clean, md_cell, md_inline
from compliance.whatif.command import ScenarioOutcome, WhatIfResult
from compliance.whatif.diff import FindingChange
from compliance.whatif.nearest import NearestResult
from compliance.whatif.sweep import SweepResult
from compliance.whatif.texts import tw
from compliance.whatif.units_view import UnitsComparison, sweep_units_row
from compliance.whatif.words import describe_path, rule_titles, value_text

WHATIF_SCHEMA_VERSION = "1.0"
UNIT_COLUMNS = ("unita_anno", "indigenti", "forze_polizia", "polizia_locale", "categorie", "graduatoria")


# ---- blocks ------------------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    style: str = ""  # bold | dim | ""


@dataclass
class Bullets:
    items: list[tuple[str, str]]  # (text, detail below it)


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    groups: dict[int, str] = field(default_factory=dict)  # row index -> group title before it


def real_changes(changes: list[FindingChange]) -> tuple[list[FindingChange], int]:
    """Findings that appear, disappear or change outcome or severity; and how many changed only
    their message (the same verdict with other numbers)."""
    real = [c for c in changes if c.status != "cambiato" or {"outcome", "severity"} & set(c.what)]
    return real, len(changes) - len(real)


def _kind(outcome: str, severity: str, lang: str) -> str:
    return f"{tw(outcome, lang)}, {tw(severity, lang)}"


class _Builder:
    def __init__(self, result: WhatIfResult, lang: str):
        self.result = result
        self.lang = lang
        self.titles = rule_titles(result)
        self.out: list = []

    def title(self, rule_id: str) -> str:
        return clean(self.titles.get(rule_id, rule_id))

    def subject(self, value: str) -> str:
        return tw("subject_plan", self.lang) if value == "piano" else clean(value)

    # -- pieces --

    def changes(self, log: list[tuple]) -> Bullets:
        lang = self.lang
        items = []
        for op, path, old, new in log:
            where = describe_path(path, lang)
            if op == "set":
                items.append((tw("op_set", lang, path=where, old=value_text(path, old, lang),
                                 new=value_text(path, new, lang)), ""))
            elif op == "add":
                for row in new or []:
                    items.append((tw("op_add", lang, path=where, row=value_text(None, row, lang)), ""))
            else:
                items.append((tw("op_remove", lang, path=where), value_text(None, old, lang) if old else ""))
        return Bullets(items)

    def summary(self, before: Report, after: Report) -> Para:
        b, a = before.summary, after.summary
        lang = self.lang
        return Para(tw("summary_compare", lang, b=b.violazioni, s=a.violazioni, ab=b.avvisi, as_=a.avvisi,
                       nb=b.findings_non_valutabili, ns=a.findings_non_valutabili) + " " +
                    tw("exit_compare", lang, before=tw("ko" if before.has_violations else "ok", lang),
                       after=tw("ko" if after.has_violations else "ok", lang)), "bold")

    def finding_changes(self, changes: list[FindingChange]) -> list:
        lang = self.lang
        real, numbers_only = real_changes(changes)
        blocks: list = []
        if real:
            items = []
            for c in real:
                head = f"{tw({'nuovo': 'appears', 'risolto': 'disappears', 'cambiato': 'changed'}[c.status], lang)} — " \
                       f"{self.subject(c.subject)}: {self.title(c.rule_id)}"
                if c.status == "nuovo":
                    items.append((f"{head} ({_kind(c.after.outcome, c.after.severity, lang)})", clean(c.after.message)))
                elif c.status == "risolto":
                    items.append((f"{head} ({_kind(c.before.outcome, c.before.severity, lang)} → "
                                  f"{tw('conforme', lang)})", f"{tw('was', lang)}: {clean(c.before.message)}"))
                else:
                    items.append((f"{head} ({_kind(c.before.outcome, c.before.severity, lang)} → "
                                  f"{_kind(c.after.outcome, c.after.severity, lang)})", clean(c.after.message)))
            blocks.append(Bullets(items))
        else:
            blocks.append(Para(tw("no_changes", lang)))
        if numbers_only:
            blocks.append(Para(tw("numbers_only", lang, n=numbers_only), "dim"))
        return blocks

    def rule_changes(self, sc: ScenarioOutcome) -> Grid:
        lang = self.lang
        rows = [[clean(c.title), tw(c.before, lang), tw(c.after, lang)] for c in sc.diff.rules]
        return Grid([tw("rule", lang), tw("before", lang), tw("after", lang)], rows)

    def units(self, units: UnitsComparison) -> list:
        lang = self.lang
        if units.error:
            return [Para(tw("units_unavailable", lang, detail=units.error))]
        if not units.rows:
            return [Para(tw("units_none", lang))]
        headers = [tw("units_col_comune", lang)] + [tw(f"units_short_{c}", lang) for c in UNIT_COLUMNS]
        rows, groups, notes = [], {}, []
        owner = None
        for row in units.rows:
            if row.ente != owner:
                owner = row.ente
                groups[len(rows)] = clean(owner)
            cells = [clean(row.comune) if row.comune else tw("no_comune", lang)]
            for column in UNIT_COLUMNS:
                b = (row.before or {}).get(column)
                a = (row.after or {}).get(column)
                if row.before is None or row.after is None or b != a:
                    cells.append(f"{_n(b, lang) if row.before else '—'} → {_n(a, lang) if row.after else '—'}")
                else:
                    cells.append(_n(a, lang))
            rows.append(cells)
            pb, pa = (row.before or {}).get("problema"), (row.after or {}).get("problema")
            if pa or pb:
                text = tw(f"units_problem_{pa}", lang) if pa else tw("units_problem_none", lang)
                if pb != pa:
                    text = f"{tw(f'units_problem_{pb}', lang) if pb else tw('units_problem_none', lang)} → {text}"
                notes.append(Para(f"{clean(row.ente)} — {cells[0]}: {text}", "dim"))
        return [Grid(headers, rows, set(range(1, len(headers))), groups), *notes,
                Para(tw("units_legend", lang), "dim")]

    def nearest(self, n: NearestResult) -> list:
        lang = self.lang
        if not n.suggestions:
            return [Para(tw("nearest_none_needed", lang))]
        items = []
        for s in n.suggestions:
            who = f"{self.subject(s.finding.subject)}: {self.title(s.finding.rule_id)}"
            if s.loc is not None:
                change = tw("nearest_fix", lang, path=describe_path(s.path, lang),
                            old=value_text(s.path, s.old, lang), new=value_text(s.path, s.new, lang))
                detail = tw("nearest_verified", lang) if s.verified else \
                    tw("nearest_side_effects", lang, others="; ".join(clean(o) for o in s.side_effects))
                items.append((f"{who} → {change}", detail))
            elif s.why == "fact":
                facts = "; ".join(describe_path(p, lang) for p in s.facts)
                items.append((f"{who} → {tw('nearest_new_act', lang)}", tw("why_fact", lang, paths=facts)))
            elif s.why == "no_value":
                paths_text = "; ".join(describe_path(p.strip(), lang) for p in (s.path or "?").split(", "))
                items.append((f"{who} → {tw('nearest_not_computable', lang)}", tw("why_no_value", lang, paths=paths_text)))
            elif s.why == "rule":
                items.append((f"{who} → {tw('nearest_not_computable', lang)}", tw("why_no_rule", lang)))
            else:
                items.append((f"{who} → {tw('nearest_not_computable', lang)}", tw("why_no_numeric", lang)))
        blocks: list = [Bullets(items)]
        if n.after is not None:
            blocks.append(Para(tw("nearest_all", lang, before=n.before.summary.violazioni,
                                  after=n.after.summary.violazioni,
                                  nc_before=sum(f.outcome == "non_conforme" for f in n.before.findings),
                                  nc_after=sum(f.outcome == "non_conforme" for f in n.after.findings)), "bold"))
            blocks.append(Bullets([(tw("nearest_fix", lang, path=describe_path(p, lang), old=value_text(p, o, lang),
                                       new=value_text(p, v, lang)), "") for p, o, v in n.changes]))
        return blocks

    def sweep(self, sw: SweepResult) -> list:
        lang = self.lang
        spec = sw.spec
        label = lambda v: value_text(spec.path, v, lang)  # noqa: E731
        step = tw("days", lang, n=int(spec.step)) if spec.kind == "date" else value_text(spec.path, spec.step, lang)
        blocks: list = [Heading(2, tw("sweep_heading", lang, path=describe_path(spec.path, lang),
                                      start=label(spec.start if spec.kind == "date" else spec.values()[0]),
                                      stop=label(spec.values()[-1]), step=step, n=len(sw.points)))]
        keys = sw.varying
        headers = [tw("value", lang), tw("violations_short", lang)] + [f"[{i}]" for i in range(1, len(keys) + 1)]
        with_units = any(p.units for p in sw.points)
        if with_units:
            headers += [tw(f"units_short_{c}", lang) for c in UNIT_COLUMNS]
        rows = []
        for p in _thin(sw):
            if p.error is not None:
                rows.append([label(p.value), "—"] + ["—"] * (len(headers) - 2))
                continue
            row = [label(p.value), str(p.violations)] + [tw(f"short_{sw.outcome(p, k)}", lang) for k in keys]
            if with_units:
                u = sweep_units_row(p.units)
                row += [_n(u.get(c), lang) for c in UNIT_COLUMNS]
            rows.append(row)
        blocks.append(Grid(headers, rows, set(range(1, len(headers)))))
        legend = [(f"[{i}] {self.subject(s)}: {self.title(r)}", "") for i, (r, s) in enumerate(keys, start=1)]
        if legend:
            blocks.append(Bullets(legend))
            blocks.append(Para(tw("short_legend", lang), "dim"))
        bad = [p for p in sw.points if p.error is not None]
        if bad:
            values = ", ".join(label(p.value) for p in bad[:5]) + (" …" if len(bad) > 5 else "")
            blocks.append(Para(tw("invalid_values", lang, values=values, detail=clean(bad[0].error))))
        blocks.append(Heading(3, tw("flips_heading", lang)))
        blocks.append(self.flips(sw, label))
        mode = tw("mode_serial", lang) if sw.jobs <= 1 else tw("mode_pool", lang, n=sw.jobs)
        blocks.append(Para(tw("timing", lang, n=len(sw.points), seconds=sw.seconds, mode=mode), "dim"))
        if self.result.plot_file is not None:
            blocks.append(Para(tw("plot_written", lang, file=str(self.result.plot_file))))
        return blocks

    def flips(self, sw: SweepResult, label, most: int = 4):
        lang = self.lang
        if not sw.flips:
            return Para(tw("no_flips", lang))
        by_key: dict[tuple[str, str], list] = {}
        for f in sw.flips:
            by_key.setdefault((f.rule_id, f.subject), []).append(f)
        items = []
        for (rule_id, subject), flips in by_key.items():
            for f in flips[:most]:
                items.append((tw("flip_line", lang, subject=self.subject(subject), rule=self.title(rule_id),
                                 before=tw(f.before, lang), last=label(f.last_before), after=tw(f.after, lang),
                                 first=label(f.first_after)), ""))
            if len(flips) > most:
                items.append((tw("flips_more", lang, n=len(flips) - most, last=label(flips[-1].first_after)), ""))
        return Bullets(items)

    # -- the whole --

    def build(self) -> list:
        r = self.result.report
        lang = self.lang
        out: list = [Heading(1, f"{tw('title', lang)} — {clean(r.plan.ambito)} {r.plan.anno}")]
        out.append(Para(tw("head_line", lang, file=clean(self.result.base.plan_file.name),
                           day=datetime.date.fromisoformat(r.reference_date),
                           verdict=tw("ko" if r.has_violations else "ok", lang), n=r.summary.violazioni)))
        if len(self.result.scenarios) > 1:
            out.append(Heading(2, tw("comparison", lang)))
            out.append(self.comparison())
        for sc in self.result.scenarios:
            out += self.scenario(sc)
        if self.result.nearest is not None:
            out.append(Heading(2, tw("nearest_heading", lang)))
            out += self.nearest(self.result.nearest)
        if self.result.sweep is not None:
            out += self.sweep(self.result.sweep)
        return out

    def comparison(self) -> Grid:
        lang = self.lang
        rows = []
        for name, report, changes in [(tw("baseline", lang), self.result.report, None)] + [
                (clean(sc.scenario.name), sc.report, len(real_changes(sc.diff.findings)[0]))
                for sc in self.result.scenarios]:
            s = report.summary
            rows.append([name, str(s.violazioni), str(s.avvisi), str(s.findings_non_valutabili),
                         "—" if changes is None else str(changes)])
        return Grid([tw("scenario", lang), tw("violations_short", lang), tw("warnings", lang),
                     tw("not_assessable_short", lang), tw("changed_findings", lang)], rows, {1, 2, 3, 4})

    def scenario(self, sc: ScenarioOutcome) -> list:
        lang = self.lang
        out: list = [Heading(2, f"{tw('scenario', lang)}: {clean(sc.scenario.name)}")]
        if sc.scenario.description:
            out.append(Para(clean(sc.scenario.description.strip())))
        out += [Heading(3, tw("changes", lang)), self.changes(sc.log), self.summary(self.result.report, sc.report)]
        if sc.diff.rules:
            out += [Heading(3, tw("rule_changes", lang)), self.rule_changes(sc)]
        out.append(Heading(3, tw("finding_changes", lang)))
        out += self.finding_changes(sc.diff.findings)
        out.append(Heading(3, tw("units_heading", lang)))
        out += self.units(sc.units)
        if sc.nearest is not None:
            out += [Heading(3, tw("nearest_heading", lang)), *self.nearest(sc.nearest)]
        return out


def _n(value: Any, lang: str) -> str:
    return tw("unknown", lang) if value is None else fmt_int(value, lang)


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


# ---- terminal -------------------------------------------------------------------------------------------


def render_text(result: WhatIfResult, markdown: bool = False, width: int = 80) -> str:
    """The result for a terminal (rich, `width` columns, no colour in a file) or as Markdown."""
    blocks = _Builder(result, result.report.lang).build()
    if markdown:
        return _markdown(blocks)
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    print_blocks(blocks, console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).rstrip() + "\n"


def print_blocks(blocks: list, console) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    for block in blocks:
        if isinstance(block, Heading):
            console.print()
            console.print(Text(block.text.upper() if block.level == 1 else block.text,
                               style="bold" if block.level < 3 else "bold underline"))
        elif isinstance(block, Para):
            console.print(Padding(Text(block.text, style=block.style), (0, 0, 0, 1)))
        elif isinstance(block, Bullets):
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for text, detail in block.items:
                item = Text(text)
                if detail:
                    item.append("\n" + detail, style="dim")
                grid.add_row("•", item)
            console.print(Padding(grid, (0, 0, 0, 1)))
        elif isinstance(block, Grid):
            table = Table(box=None, padding=(0, 1, 0, 0), expand=False, show_edge=False)
            for i, header in enumerate(block.headers):
                table.add_column(header, justify="right" if i in block.numeric else "left",
                                 overflow="fold", no_wrap=i in block.numeric)
            for i, row in enumerate(block.rows):
                if i in block.groups:
                    table.add_row(Text(block.groups[i], style="bold"), *[""] * (len(block.headers) - 1))
                table.add_row(*[Text(("  " if block.groups and j == 0 else "") + c) for j, c in enumerate(row)])
            console.print(Padding(table, (0, 0, 0, 1)))


# ---- Markdown ------------------------------------------------------------------------------------------


def _markdown(blocks: list) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["", "#" * block.level + " " + md_inline(block.text), ""]
        elif isinstance(block, Para):
            text = md_inline(block.text)
            out += [f"**{text}**" if block.style == "bold" else (f"*{text}*" if block.style == "dim" else text), ""]
        elif isinstance(block, Bullets):
            for text, detail in block.items:
                out.append(f"- {md_inline(text)}" + (f"  \n  {md_inline(detail)}" if detail else ""))
            out.append("")
        elif isinstance(block, Grid):
            out.append("| " + " | ".join(md_cell(h) for h in block.headers) + " |")
            out.append("|" + "".join("---:|" if i in block.numeric else "---|" for i in range(len(block.headers))))
            for i, row in enumerate(block.rows):
                if i in block.groups:
                    out.append("| **" + md_cell(block.groups[i]) + "** |" + " |" * (len(block.headers) - 1))
                out.append("| " + " | ".join(md_cell(c) for c in row) + " |")
            out.append("")
    return "\n".join(out).strip() + "\n"


# ---- HTML ----------------------------------------------------------------------------------------------


def render_html(result: WhatIfResult) -> str:
    """One self-contained page (no external resources; the sweep plot, if any, embedded)."""
    from markupsafe import escape

    lang = result.report.lang
    blocks = _Builder(result, lang).build()
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            body.append(f'<p class="{block.style}">{escape(block.text)}</p>')
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(
                f"<li>{escape(text)}" + (f'<div class="dim">{escape(detail)}</div>' if detail else "") + "</li>"
                for text, detail in block.items) + "</ul>")
        elif isinstance(block, Grid):
            head = "".join(f'<th class="{"num" if i in block.numeric else ""}">{escape(h)}</th>'
                           for i, h in enumerate(block.headers))
            rows = []
            for i, row in enumerate(block.rows):
                if i in block.groups:
                    rows.append(f'<tr class="group"><td colspan="{len(block.headers)}">{escape(block.groups[i])}</td></tr>')
                rows.append("<tr>" + "".join(f'<td class="{"num" if j in block.numeric else ""}">{escape(c)}</td>'
                                             for j, c in enumerate(row)) + "</tr>")
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if result.plot_file is not None and result.plot_file.exists():
        import base64

        data = base64.b64encode(result.plot_file.read_bytes()).decode("ascii")
        body.append(f'<p><img alt="{escape(tw("plot_alt", lang))}" src="data:image/png;base64,{data}"></p>')
    title = escape(blocks[0].text)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


_CSS = """
body { font: 10pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; max-width: 190mm; margin: 10mm auto; padding: 0 8mm; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; border-bottom: 0.6pt solid #444; margin-top: 7mm; } h3 { font-size: 10.5pt; }
table { border-collapse: collapse; margin: 2mm 0; font-size: 9pt; }
th, td { padding: 0.8mm 2mm; border-bottom: 0.3pt solid #ccc; text-align: left; vertical-align: top; }
th { background: #eee; } .num { text-align: right; white-space: nowrap; }
tr.group td { font-weight: bold; background: #f5f5f4; }
.dim { color: #555; font-size: 9pt; } .bold { font-weight: bold; }
img { max-width: 100%; }
"""


# ---- JSON ----------------------------------------------------------------------------------------------


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
             "side_effects": s.side_effects, "not_computable": s.why, "facts": s.facts}
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
