"""What the worker processes do: a thin layer over the project's APIs.

Each function here runs in a worker process (compliance/web/pool.py) that loaded the rule book
once (compliance.rules.cache.load_rulebook) and keeps the compiled rulesets; one thread per
worker, so durable-rules' global state is never shared. The functions take plain values (the
plan entry, the form's fields) and return plain values (HTML fragments rendered with the
templates of compliance/web/templates, bytes of a download); bad input comes back as the same
located problems (compliance.model.loader.InputProblem) the CLI prints.

The check is compliance.evaluate.check_plan, the report compliance.report (HTML renderer and
templates, JSON, Markdown, PDF), the what-if compliance.whatif (scenario, sweep, nearest, units
view, diff), the audit compliance.audit.command.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.model.loader import InputError, InputProblem
from compliance.web.store import PlanEntry
from compliance.web.texts import tx

CACHED_PLANS = 16


class WorkerError(Exception):
    """The work could not be done (engine failure, Chromium missing): a message for the page."""


# ---- worker state -------------------------------------------------------------------------------

_STATE: dict[str, Any] = {"book": None, "tmp": None}
_PLANS: OrderedDict = OrderedDict()


def init_worker(tmp: str, warm_case: str | None) -> None:
    """Process initializer: load the rule book and judge one plan, so that the rulesets are
    compiled and registered before the first request."""
    from compliance.rules.cache import load_rulebook

    _STATE["book"] = load_rulebook()
    _STATE["tmp"] = Path(tempfile.mkdtemp(prefix=f"worker-{os.getpid()}-", dir=tmp))
    if warm_case and Path(warm_case).is_file():
        entry = PlanEntry("warm", Path(warm_case).name, warm_case, warm_case, "case")
        try:
            _checked(_report(_plan(entry), "it"))
        except Exception:  # noqa: BLE001 - a broken example case must not stop the server
            pass
        _PLANS.clear()


def ping() -> int:
    return os.getpid()


@dataclass
class _Plan:
    entry: PlanEntry
    base: Any  # compliance.whatif.evaluation.Baseline, Italian
    reports: dict = field(default_factory=dict)  # lang -> Report
    groups: dict = field(default_factory=dict)  # lang -> controls
    scenarios: dict = field(default_factory=dict)  # (path, lang) -> Scenario
    starts: dict = field(default_factory=dict)  # (path, lang) -> the plan's data with the scenario applied
    values: dict = field(default_factory=dict)  # (path or None, lang) -> each control's value there


def _load(entry: PlanEntry, lang: str = "it"):
    from compliance.model.loader import load_any_plan
    from compliance.whatif.evaluation import Baseline

    plan, doc = load_any_plan(entry.yaml_path, lang)
    raw = doc.raw if entry.source_path == entry.yaml_path else Path(entry.source_path).read_bytes()
    day = datetime.date.fromisoformat(entry.date) if entry.date else None
    return Baseline(Path(entry.name), doc.data, plan, raw, type(plan), doc.lines, _STATE["book"], day, "it")


def _plan(entry: PlanEntry) -> _Plan:
    key = entry.cache_key()
    found = _PLANS.get(key)
    if found is None:
        found = _Plan(entry, _load(entry))
        _PLANS[key] = found
        while len(_PLANS) > CACHED_PLANS:
            _PLANS.popitem(last=False)
    _PLANS.move_to_end(key)
    return found


def _base(state: _Plan, lang: str):
    return state.base if state.base.lang == lang else dataclasses.replace(state.base, lang=lang)


def _judge(state: _Plan, lang: str, plan=None, source: str | None = None):
    """check_plan (durable-rules) on the plan or a changed plan; engine failure -> WorkerError."""
    from compliance.engine.durable_runner import EngineError
    from compliance.whatif.evaluation import judge

    try:
        return judge(_base(state, lang), plan if plan is not None else state.base.plan, source)
    except EngineError as exc:
        raise WorkerError(tx("engine_error", lang, detail=exc)) from None


def _report(state: _Plan, lang: str):
    if lang not in state.reports:
        state.reports[lang] = _judge(state, lang)
    return state.reports[lang]


def _rename(problems: list[InputProblem], names: dict[str, str]) -> list[InputProblem]:
    """Problems located in files of the temporary folder, shown with the names the user knows."""
    out = []
    for p in problems:
        shown = p.file
        for path, name in names.items():
            if p.file == path:
                shown = name
            elif p.file.startswith(path + os.sep):
                shown = name + "/" + p.file[len(path) + 1:]
        out.append(dataclasses.replace(p, file=shown))
    return out


# ---- check -----------------------------------------------------------------------------------------


@dataclass
class Checked:
    html: str  # the report as a fragment (compliance.report.html.render_html_fragment)
    css: str  # its style (report_css), scoped to .compliance-report
    cards: list  # (outcome, severity) of each finding card, in the fragment's order (the page's filters)
    title: str
    tipo: str
    violations: int
    reference_date: str
    timing: dict = field(default_factory=dict)  # seconds spent: reading, judging, rendering


def _cards(report) -> list[tuple[str, str]]:
    """Outcome and severity of each finding card of the report, in the order the fragment shows
    them (compliance.report.view: the findings' sections, then the justified ones)."""
    from compliance.report import view

    cards = [item for section in view.finding_sections(report) for item in section.items
             if isinstance(item, view.FindingCard)] + view.justified_cards(report)
    return [("giustificato" if c.kind == "giustificato" else c.finding.outcome, c.finding.severity) for c in cards]


def _checked(report) -> Checked:
    from compliance.report.html import render_html_fragment, report_css

    p = report.plan
    years = f"{p.anno}-{p.anno_fine}" if p.anno_fine else str(p.anno)
    return Checked(render_html_fragment(report), report_css(report), _cards(report), f"{p.ambito} {years}", p.tipo,
                   report.summary.violazioni, report.reference_date)


def ingest(entry: PlanEntry, read_path: str, lang: str) -> Checked | list[InputProblem]:
    """Read an uploaded file (plan, workbook, CSV folder), write the plan as YAML if it came as a
    spreadsheet, and judge it. Bad input: the located problems."""
    names = {read_path: entry.name, entry.source_path: entry.name}
    try:
        started = time.perf_counter()
        if entry.kind in ("workbook", "csv"):
            from compliance.spreadsheet.files import import_to_yaml

            import_to_yaml(Path(read_path), Path(entry.yaml_path), lang)
        state = _plan(entry)
        read = time.perf_counter()
        report = _report(state, lang)
        judged = time.perf_counter()
        checked = _checked(report)
        checked.timing = {"lettura": read - started, "verifica": judged - read,
                          "rapporto": time.perf_counter() - judged}
        return checked
    except InputError as exc:
        _forget(entry)
        return _rename(exc.problems, names)
    except Exception:
        _forget(entry)
        raise


def _forget(entry: PlanEntry) -> None:
    for key in [k for k in _PLANS if k[0] == entry.id]:
        del _PLANS[key]


def check(entry: PlanEntry, lang: str) -> Checked | list[InputProblem]:
    try:
        return _checked(_report(_plan(entry), lang))
    except InputError as exc:
        return _rename(exc.problems, {entry.yaml_path: entry.name})


def download(entry: PlanEntry, fmt: str, lang: str) -> tuple[bytes, str]:
    """The report in one format: (bytes, media type)."""
    report = _report(_plan(entry), lang)
    if fmt == "json":
        from compliance.report.json_report import render_json

        return render_json(report).encode("utf-8"), "application/json"
    if fmt == "md":
        from compliance.report.markdown import render_markdown

        return (render_markdown(report) + "\n").encode("utf-8"), "text/markdown; charset=utf-8"
    if fmt == "html":
        from compliance.report.html import render_html

        return render_html(report).encode("utf-8"), "text/html; charset=utf-8"
    from compliance.report.pdf import PdfFailed, render_pdf

    try:
        return render_pdf(report), "application/pdf"
    except PdfFailed as exc:
        raise WorkerError(tx("pdf_failed", lang, detail=exc)) from None


# ---- what if -------------------------------------------------------------------------------------


@dataclass
class WhatIfView:
    status: int  # 200, or 422 when the scenario is refused
    title: str = ""
    annual: bool = True
    controls_html: str = ""  # the form's controls (full page only)
    sweep_html: str = ""  # the sweep's fields and its result area (full page only)
    result_html: str = ""  # the result: verdicts, changes, units (and out-of-band errors)
    extra_html: str = ""  # sweep or nearest
    scenario_text: str | None = None  # for a download or a saved scenario
    scenario_name: str | None = None
    problems: list[InputProblem] = field(default_factory=list)
    seconds: float = 0.0  # spent in the worker


@dataclass
class _Context:
    state: _Plan
    lang: str
    groups: list
    loaded: Any  # the scenario loaded from a file, or None
    start: dict  # the plan's data with the loaded scenario applied (read only: may be the baseline's)
    current: dict  # each control's (row present, value) in `start`
    form_changes: list
    scenario: Any  # loaded + form changes
    applied: tuple | None  # (plan, data, log) of the scenario, or None without changes
    problems: list[InputProblem]
    control_errors: dict[str, list[str]]


def _groups(state: _Plan, lang: str) -> list:
    from compliance.web.controls import build_controls

    if lang not in state.groups:
        state.groups[lang] = build_controls(state.base.data, lang) if state.base.plan.tipo == "piano_annuale" else []
    return state.groups[lang]


def _loaded_scenario(state: _Plan, path: str | None, shown: str | None, lang: str):
    if not path:
        return None
    from compliance.whatif.scenario import load_scenario

    key = (path, lang)
    if key not in state.scenarios:
        try:
            state.scenarios[key] = load_scenario(Path(path), lang)
        except InputError as exc:
            raise InputError(_rename(exc.problems, {path: shown or Path(path).name})) from None
    return state.scenarios[key]


def _context(entry: PlanEntry, form: dict[str, str], scenario: tuple[str, str] | None, lang: str,
             extra_sets: list[str] = ()) -> _Context:
    from compliance.whatif.scenario import Scenario, apply_logged, parse_set
    from compliance.web.controls import control_for_path, form_changes
    from compliance.web.controls import values as control_values

    state = _plan(entry)
    groups = _groups(state, lang)
    model = state.base.model
    path, shown = scenario if scenario else (None, None)
    problems: list[InputProblem] = []
    loaded = None
    start = state.base.data
    try:
        loaded = _loaded_scenario(state, path, shown, lang)
        if loaded is not None:
            if (path, lang) not in state.starts:
                state.starts[(path, lang)] = apply_logged(state.base.data, loaded, lang, model)[1]
            start = state.starts[(path, lang)]
    except InputError as exc:
        problems.extend(_rename(exc.problems, {path: shown}) if path else exc.problems)
        loaded = None
    key = (path if loaded is not None else None, lang)
    if key not in state.values:
        state.values[key] = control_values(groups, start)
    changes = []
    try:
        changes = form_changes(groups, form, start, lang, state.values[key])
        for option in extra_sets:
            changes.append(parse_set(option, lang, source="#suggest"))
    except InputError as exc:
        problems.extend(exc.problems)
    name = (form.get("nome") or "").strip()[:200] or (loaded.name if loaded else tx("scenario_default_name", lang))
    description = (form.get("descrizione") or "").strip()[:2000] or (loaded.description if loaded else None)
    all_changes = (tuple(loaded.changes) if loaded else ()) + tuple(changes)
    combined = Scenario(name, description, all_changes, shown or "modulo")
    applied = None
    if all_changes and not problems:
        try:
            applied = apply_logged(state.base.data, combined, lang, model)
        except InputError as exc:
            problems.extend(_rename(exc.problems, {path: shown}) if path else exc.problems)
    errors: dict[str, list[str]] = {}
    for p in problems:
        name_ = p.file[1:] if p.file.startswith("#") else None
        if name_ is None or name_ == "suggest":
            control = control_for_path(groups, p.field)
            name_ = control.name if control else None
        if name_:
            errors.setdefault(name_, []).append(p.message)
    return _Context(state, lang, groups, loaded, start, state.values[key], changes, combined, applied, problems,
                    errors)


def _problem_text(p: InputProblem, groups) -> str:
    """A problem as the CLI prints it, with a control's label where a control caused it."""
    from compliance.web.controls import control_by_name

    if p.file.startswith("#"):
        control = control_by_name(groups, p.file[1:])
        label = control.label if control else p.file[1:]
        return f"{label}: {p.field + ': ' if p.field else ''}{p.message}"
    return p.render()


def _render_result(ctx: _Context, oob: bool) -> tuple[str, int]:
    from compliance.web import views
    from compliance.whatif.diff import diff_reports
    from compliance.whatif.units_view import compare_units

    lang = ctx.lang
    base_report = _report(ctx.state, lang)
    if ctx.problems:
        html = views.render("whatif_result.html.j2", lang=lang, problems=[_problem_text(p, ctx.groups) for p in ctx.problems],
                            errors=ctx.control_errors, before=base_report, after=None, diff=None, units=None, log=[],
                            oob=oob, sources={}, cards=[], verdict=_verdict(base_report))
        return html, 422
    if ctx.applied is None:
        html = views.render("whatif_result.html.j2", lang=lang, problems=[], errors={}, before=base_report,
                            after=None, diff=None, units=None, log=[], oob=oob, sources={}, cards=[], verdict=_verdict(base_report))
        return html, 200
    plan, _data, log = ctx.applied
    after = _judge(ctx.state, lang, plan, ctx.scenario.source)
    diff = diff_reports(base_report, after)
    units = compare_units(ctx.state.base.plan, plan, base_report, after, log)
    sources = {r.id: r.source for r in base_report.rules} | {r.id: r.source for r in after.rules}
    html = views.render("whatif_result.html.j2", lang=lang, problems=[], errors={}, before=base_report, after=after,
                        diff=diff, units=units, log=_log_lines(ctx, log), oob=oob, sources=sources,
                        cards=_change_cards(diff, base_report, after), verdict=_verdict(after))
    return html, 200


def _verdict(report) -> str:
    """The report's verdict in one sentence (compliance.report.view)."""
    from compliance.report import view

    return view.verdict(report)


def _change_cards(diff, before, after) -> list:
    """Each finding that changes with the report's own card of it (compliance.report.view: title,
    article, message, labelled figures, what to do, why), from the report where it now is."""
    from compliance.report import view

    rules = {id(before): view.rule_index(before), id(after): view.rule_index(after)}
    out = []
    for change in diff.findings:
        report, finding = (after, change.after) if change.after is not None else (before, change.before)
        out.append((change, view.card(report, finding, rules[id(report)])))
    return out


def _log_lines(ctx: _Context, log: list[tuple]) -> list[str]:
    from compliance.whatif.scenario import describe_value
    from compliance.web.controls import control_for_path

    out = []
    for op, path, old, new in log:
        control = control_for_path(ctx.groups, path)
        where = control.label + (f" — {_group_of(ctx.groups, control)}" if control else "") if control else path
        if op == "set":
            out.append(f"{where}: {describe_value(old)} → {describe_value(new)}")
        elif op == "add":
            out.append(f"{where}: + {describe_value(new[0] if isinstance(new, list) and len(new) == 1 else new)}")
        else:
            out.append(f"{where}: − {describe_value(old)}")
    return out


def _group_of(groups, control) -> str:
    for g in groups:
        if control in g.controls:
            return g.label
    return ""


def _controls_html(ctx: _Context, url: str, form: dict[str, str], selected: str | None) -> str:
    from compliance.web import views
    from compliance.web.controls import show_value
    from compliance.web.controls import values as control_values

    key = (None, ctx.lang)
    if key not in ctx.state.values:
        ctx.state.values[key] = control_values(ctx.groups, ctx.state.base.data)
    base_values = ctx.state.values[key]
    values, baseline = {}, {}
    for group in ctx.groups:
        for c in group.controls:
            present, value = base_values[c.name]
            baseline[c.name] = "none" if not present and c.key else ("null" if value is None else show_value(value))
            values[c.name] = form[c.name] if c.name in form else show_value(ctx.current[c.name][1])
    other = []
    if ctx.loaded is not None:
        from compliance.web.controls import control_for_path

        for change in ctx.loaded.changes:
            if control_for_path(ctx.groups, change.path) is None:
                other.append(f"{change.op} {change.path}")
    group_slugs = [g.slug for g in ctx.groups]
    return views.render("whatif_controls.html.j2", lang=ctx.lang, url=url, groups=ctx.groups, values=values,
                        baseline=baseline, errors=ctx.control_errors,
                        selected=selected if selected in group_slugs else (group_slugs[0] if group_slugs else None),
                        scenario_name=(form.get("nome") or (ctx.loaded.name if ctx.loaded else "")),
                        scenario_description=(form.get("descrizione") or
                                              ((ctx.loaded.description or "") if ctx.loaded else "")),
                        loaded=ctx.loaded, other_changes=other)


def _sweep_form_html(ctx: _Context, url: str, form: dict[str, str], extra: str) -> str:
    from compliance.web import views

    chosen = form.get("sweep_control") or next(
        (g.controls[0].name for g in ctx.groups if g.slug == form.get("gruppo") and g.controls),
        ctx.groups[0].controls[0].name if ctx.groups else "")
    return views.render("whatif_sweep_form.html.j2", lang=ctx.lang, url=url, groups=ctx.groups, chosen=chosen,
                        extra=views.markup(extra))


def whatif(entry: PlanEntry, form: dict[str, str], scenario: tuple[str, str] | None, lang: str,
           full: bool, sweep_extra: str = "") -> WhatIfView:
    """The what-if page (full) or its result fragment after a change of value."""
    started = time.perf_counter()
    state = _plan(entry)
    report = _report(state, lang)
    p = report.plan
    title = tx("whatif_title", lang, ambito=p.ambito, years=f"{p.anno}-{p.anno_fine}" if p.anno_fine else p.anno)
    if state.base.plan.tipo != "piano_annuale":
        return WhatIfView(200, title, annual=False)
    ctx = _context(entry, form, scenario, lang)
    result, status = _render_result(ctx, oob=not full)
    view = WhatIfView(status, title, result_html=result, problems=ctx.problems)
    view.seconds = time.perf_counter() - started
    if full:
        view.controls_html = _controls_html(ctx, entry.url, form, form.get("gruppo"))
        view.sweep_html = _sweep_form_html(ctx, entry.url, form, sweep_extra)
    return view


def scenario_yaml(entry: PlanEntry, form: dict[str, str], scenario: tuple[str, str] | None, lang: str,
                  extra_sets: list[str] = ()) -> WhatIfView:
    """The scenario the form makes (with a loaded scenario's changes), as the YAML the CLI reads."""
    ctx = _context(entry, form, scenario, lang, extra_sets)
    if ctx.problems or not ctx.scenario.changes:
        view = whatif(entry, form, scenario, lang, full=True)
        if not ctx.scenario.changes and not ctx.problems:
            view.status = 422
            view.problems = [InputProblem(tx("scenario_legend", lang), None, None, tx("scenario_empty", lang))]
        return view
    return WhatIfView(200, scenario_text=scenario_text(ctx.scenario), scenario_name=ctx.scenario.name)


def scenario_text(scenario) -> str:
    """A Scenario as a scenario file (nome, descrizione, rimuovi, aggiungi, modifiche)."""
    import yaml

    doc: dict[str, Any] = {"nome": scenario.name}
    if scenario.description:
        doc["descrizione"] = scenario.description
    removes = [c.path for c in scenario.changes if c.op == "remove"]
    adds: dict[str, list] = {}
    for c in scenario.changes:
        if c.op == "add":
            adds.setdefault(c.path, []).extend(c.value)
    sets = {c.path: c.value for c in scenario.changes if c.op == "set"}
    if removes:
        doc["rimuovi"] = removes
    if adds:
        doc["aggiungi"] = adds
    if sets:
        doc["modifiche"] = sets
    head = ("# Scenario di «compliance serve»: compliance whatif PIANO.yaml QUESTO_FILE.yaml\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)


def check_scenario(entry: PlanEntry, path: str, shown: str, lang: str) -> str | list[InputProblem]:
    """Validate an uploaded scenario file against the plan: its name, or the located problems."""
    from compliance.whatif.scenario import apply_logged

    state = _plan(entry)
    try:
        loaded = _loaded_scenario(state, path, shown, lang)
        apply_logged(state.base.data, loaded, lang, state.base.model)
    except InputError as exc:
        state.scenarios.pop((path, lang), None)
        return _rename(exc.problems, {path: shown})
    return loaded.name


# ---- sweep and nearest ----------------------------------------------------------------------------


def sweep(entry: PlanEntry, form: dict[str, str], scenario: tuple[str, str] | None, lang: str,
          max_points: int) -> WhatIfView:
    """One control varied over a range, on the plan with the current changes: verdicts, flip
    points and the chart (compliance.whatif.sweep)."""
    from compliance.web import views
    from compliance.web.controls import control_by_name, find_row
    from compliance.whatif.scenario import Change, Scenario
    from compliance.whatif.plots import plot
    from compliance.whatif.sweep import parse_sweep, run_sweep

    ctx = _context(entry, form, scenario, lang)
    control = control_by_name(ctx.groups, form.get("sweep_control", ""))
    fields = {k: (form.get(k) or "").strip() for k in ("sweep_from", "sweep_to", "sweep_step")}
    errors: dict[str, str] = {}
    if control is None:
        errors["sweep_control"] = tx("sweep_pick", lang)
    problems = list(ctx.problems)
    if ctx.problems or errors:
        return _sweep_view(ctx, control, None, errors, problems, status=422)
    base = _base(ctx.state, lang)
    data = ctx.applied[1] if ctx.applied else ctx.start
    changes = list(ctx.scenario.changes)
    if control.key and find_row(data, control) is None:  # the row first, then its value
        new = dict(control.key) | dict(control.new_row) | {control.field: 0}
        changes.append(Change("add", control.table, [new], f"#{control.name}", None))
    on_top = Scenario(ctx.scenario.name, None, tuple(changes), ctx.scenario.source)
    from compliance.whatif.scenario import apply_logged

    try:
        start = apply_logged(base.data, on_top, lang, base.model)[1] if changes else base.data
        spec = parse_sweep(f"{control.path()}={fields['sweep_from']}:{fields['sweep_to']}:{fields['sweep_step']}",
                           base, start)
    except InputError as exc:
        for p in exc.problems:
            errors.setdefault("sweep_range", p.message)
        return _sweep_view(ctx, control, None, errors, [], status=422)
    count = len(spec.values())
    if count > max_points:
        errors["sweep_range"] = tx("sweep_too_many", lang, n=count, limit=max_points)
        return _sweep_view(ctx, control, None, errors, [], status=422)
    from compliance.engine.durable_runner import EngineError

    try:
        result = run_sweep(base, on_top, spec, jobs=1)
    except EngineError as exc:
        raise WorkerError(tx("engine_error", lang, detail=exc)) from None
    titles = {r.id: r.title for r in _report(ctx.state, lang).rules}
    png = Path(_STATE["tmp"] or tempfile.gettempdir()) / f"sweep-{os.getpid()}.png"
    try:
        plot(result, png, lang, titles)
        image = base64.b64encode(png.read_bytes()).decode("ascii")
    finally:
        png.unlink(missing_ok=True)
    flips = [(f, titles.get(f.rule_id, f.rule_id)) for f in result.flips]
    html = views.render("whatif_sweep.html.j2", lang=lang, control=control, result=result, flips=flips,
                        image=image, lab=lambda value: _label(value, lang), errors={},
                        group=_group_of(ctx.groups, control))
    return WhatIfView(200, extra_html=html)


def _label(value: Any, lang: str) -> str:
    """A value of a sweep as the report writes numbers and dates (decimal comma in Italian)."""
    from compliance.i18n import fmt_value

    return fmt_value(value, lang)


def _sweep_view(ctx: _Context, control, result, errors: dict, problems: list, status: int) -> WhatIfView:
    from compliance.web import views

    html = views.render("whatif_sweep.html.j2", lang=ctx.lang, control=control, result=None, flips=[], image=None,
                        lab=None, errors=errors, group="",
                        problems=[_problem_text(p, ctx.groups) for p in problems])
    return WhatIfView(status, extra_html=html, problems=problems)


def nearest(entry: PlanEntry, form: dict[str, str], scenario: tuple[str, str] | None, lang: str) -> WhatIfView:
    """The nearest compliant plan from the current scenario (compliance.whatif.nearest), worded
    as `compliance whatif --suggerisci` words it (compliance.whatif.words)."""
    from compliance.web import views
    from compliance.whatif.nearest import nearest as find_nearest
    from compliance.whatif.scenario import describe_value

    ctx = _context(entry, form, scenario, lang)
    if ctx.problems:
        html = views.render("whatif_nearest.html.j2", lang=lang, items=None, together=[], summary=None, sets=[],
                            problems=[_problem_text(p, ctx.groups) for p in ctx.problems], url=entry.url)
        return WhatIfView(422, extra_html=html, problems=ctx.problems)
    base = _base(ctx.state, lang)
    if ctx.applied:
        plan, data, _log = ctx.applied
        report = _judge(ctx.state, lang, plan)
    else:
        plan, data, report = base.plan, base.data, _report(ctx.state, lang)
    from compliance.engine.durable_runner import EngineError

    try:
        result = find_nearest(base, data, plan, report)
    except EngineError as exc:
        raise WorkerError(tx("engine_error", lang, detail=exc)) from None
    items, together, summary = _nearest_words(result, report, lang)
    # all the verified suggestions together, as compliance.whatif.nearest combined and judged them
    sets = [f"{path}={describe_value(new)}" for path, _old, new in result.changes]
    html = views.render("whatif_nearest.html.j2", lang=lang, items=items, together=together, summary=summary,
                        sets=sets, problems=[], url=entry.url)
    return WhatIfView(200, extra_html=html)


def _nearest_words(result, report, lang: str) -> tuple[list[tuple[str, str, str]], list[str], str | None]:
    """(who, what, why) per suggestion, the changes together, and their effect (as whatif/render.py)."""
    from compliance.report import view
    from compliance.whatif.words import describe_path, value_text

    titles = {r.id: r.title for r in report.rules}
    items = []
    for s in result.suggestions:
        who = f"{view.subject(report, s.finding.subject)}: {titles.get(s.finding.rule_id, s.finding.rule_id)}"
        if s.loc is not None:
            what = tx("nearest_fix", lang, path=describe_path(s.path, lang), old=value_text(s.path, s.old, lang),
                      new=value_text(s.path, s.new, lang))
            why = tx("nearest_verified", lang) if s.verified else \
                tx("nearest_side_effects", lang, others="; ".join(s.side_effects))
        elif s.why == "fact":
            what = tx("nearest_new_act", lang)
            why = tx("why_fact", lang, paths="; ".join(describe_path(p, lang) for p in s.facts))
        elif s.why == "no_value":
            what = tx("nearest_not_computable", lang)
            why = tx("why_no_value", lang, paths="; ".join(describe_path(p.strip(), lang)
                                                            for p in (s.path or "?").split(", ")))
        elif s.why == "rule":
            what, why = tx("nearest_not_computable", lang), tx("why_no_rule", lang)
        else:
            what, why = tx("nearest_not_computable", lang), tx("why_no_numeric", lang)
        items.append((who, what, why))
    together = [tx("nearest_fix", lang, path=describe_path(p, lang), old=value_text(p, o, lang),
                   new=value_text(p, v, lang)) for p, o, v in result.changes]
    summary = None
    if result.after is not None:
        summary = tx("nearest_all", lang, before=result.before.summary.violazioni,
                     after=result.after.summary.violazioni,
                     nc_before=sum(f.outcome == "non_conforme" for f in result.before.findings),
                     nc_after=sum(f.outcome == "non_conforme" for f in result.after.findings))
    return items, together, summary


# ---- audit ------------------------------------------------------------------------------------------


def audit(folder: str, out_dir: str, lang: str) -> tuple[int, int, str | None]:
    """`compliance audit FOLDER -o OUT` (quiet): (exit code, plans, a message if it failed).
    Runs in its own process: the audit starts its own pool of evaluation workers."""
    import contextlib
    import io

    from compliance.audit.command import audit_command
    from compliance.audit.runner import find_plan_files

    files, _missing = find_plan_files([Path(folder)], exclude=Path(out_dir))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = audit_command([Path(folder)], Path(out_dir), rules=[], severities=[], years=[], ambiti=[],
                             fail_on="violazione", jobs=None, lang=lang, rules_dir=None, quiet=True)
    message = err.getvalue().strip() or None
    if not (Path(out_dir) / "index.html").is_file():
        return code, len(files), message or "index.html"
    return code, len(files), None
