"""The routes of the local web page (Starlette).

    GET  /                                   the example case (Cremasco 2021) and the upload form
    POST /verifica                           upload a plan: its report, or 422 with located errors
    GET  /casi?nome=…                        open a case of the cases folder
    GET  /casi/{nome}, /piani/{id}           the report (the project's HTML report, framed)
    GET  …/rapporto.{pdf,html,json,md}       the same report as a file
    GET  …/whatif                            the what-if controls (?scenario=… a saved scenario)
    POST …/whatif                            the result of the values (htmx: the fragment)
    POST …/whatif/sweep, …/whatif/nearest    a sweep of one control; the nearest compliant plan
    POST …/whatif/scenario.yaml              the scenario as the YAML the CLI reads (a download)
    POST …/whatif/scenario                   upload a scenario file
    POST …/whatif/applica                    the verified suggestions as a scenario
    GET  /audit, POST /audit                 audit a folder under the root
    GET  /audit/{id}/, /audit/{id}/{file}    its overview (as `compliance audit` writes it), reports
    GET  /salute                             the server and its workers are up

Nothing here reads a plan: the workers do (compliance/web/service.py).
"""

from __future__ import annotations

import datetime
import re
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from compliance.web import service, views
from compliance.web.config import WebConfig
from compliance.web.pool import AuditRunner, EngineCrashed, TimedOut, WorkerPool
from compliance.web.security import Guard, csp, inline_script_hashes
from compliance.web.store import PlanEntry, Store
from compliance.web.texts import tx
from compliance.web.uploads import ACCEPT, UploadProblem, save_upload

FORMATS = {"pdf": "pdf", "html": "html", "json": "json", "md": "md"}
LANGS = ("it", "en")
REPORTS_CACHED = 32
FRAME_HEAD = ('<meta name="viewport" content="width=device-width, initial-scale=1">'
              '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
              '<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script>')


# ---- language --------------------------------------------------------------------------------------


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return cookie
    return request.app.state.config.lang


class LangCookie:
    """`?lang=en` (or it) is remembered in a cookie for the next pages."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        match = re.search(r"(?:^|&)lang=(it|en)(?:&|$)", query)
        if not match:
            await self.app(scope, receive, send)
            return
        cookie = f"lang={match.group(1)}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly".encode()

        async def send_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, send_cookie)


# ---- pages ----------------------------------------------------------------------------------------------


def _common(request: Request, lang: str) -> dict:
    path = request.url.path
    return {"path": path, "other_lang": tx("lang_other_code", lang), "cases": request.app.state.store.cases(),
            "config": request.app.state.config, "accept": ACCEPT,
            "max_mb": request.app.state.config.limits.upload_bytes // (1024 * 1024)}


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    lang = context.pop("lang", None) or lang_of(request)
    html = views.render(template, lang=lang, **_common(request, lang), **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str | None = None) -> HTMLResponse:
    lang = lang_of(request)
    return page(request, "error.html.j2", status, title=tx("not_found", lang) if status == 404 else tx("app_name", lang),
                message=message or tx("not_found_text", lang))


def _entry(request: Request) -> PlanEntry:
    store: Store = request.app.state.store
    ident = request.path_params["ident"]
    entry = store.case(ident) if request.url.path.startswith("/casi/") else store.plan(ident)
    if entry is None:
        raise HTTPException(404)
    return entry


async def _run(request: Request, fn, *args, seconds: float | None = None):
    try:
        return await request.app.state.pool.run(fn, *args, seconds=seconds)
    except EngineCrashed:
        raise HTTPException(500, tx("engine_error", lang_of(request), detail=tx("worker_died", lang_of(request)))) from None
    except TimedOut:
        raise HTTPException(503, tx("busy", lang_of(request))) from None
    except service.WorkerError as exc:
        raise HTTPException(500, str(exc)) from None
    except HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 - a fault of ours: a page that says so, the server goes on
        raise HTTPException(500, tx("internal_error_page", lang_of(request), detail=f"{type(exc).__name__}: {exc}")) from None


def server_timing(parts: dict[str, float]) -> str:
    """A Server-Timing header (milliseconds), for the browser's tools and benchmarks/web_bench.py."""
    return ", ".join(f"{name};dur={seconds * 1000:.1f}" for name, seconds in parts.items())


def _cache(request: Request) -> OrderedDict:
    return request.app.state.reports


def _remember(request: Request, entry: PlanEntry, lang: str, checked: service.Checked) -> None:
    cache = _cache(request)
    cache[(entry.cache_key(), lang)] = checked
    while len(cache) > REPORTS_CACHED:
        cache.popitem(last=False)


async def _checked(request: Request, entry: PlanEntry, lang: str):
    key = (entry.cache_key(), lang)
    cache = _cache(request)
    found = cache.get(key)
    if found is None:
        found = await _run(request, service.check, entry, lang)
        if isinstance(found, service.Checked):
            _remember(request, entry, lang, found)
    else:
        cache.move_to_end(key)
    return found


def _report_response(request: Request, entry: PlanEntry, checked: service.Checked, lang: str,
                     example: bool) -> HTMLResponse:
    """The report (the project's fragment and style) in our page, with the forms and downloads."""
    return page(request, "report_page.html.j2", lang=lang, entry=entry, checked=checked, example=example,
                problems=[], date_value="", date_error=None, css=views.markup(checked.css),
                report_html=views.markup(checked.html), cards=[list(c) for c in checked.cards])


async def home(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    entry = request.app.state.store.case(config.example)
    if entry is None:
        return page(request, "check.html.j2", entry=None, problems=[], date_value="", date_error=None)
    return await _report_page(request, entry, example=True)


async def report_page(request: Request) -> Response:
    return await _report_page(request, _entry(request), example=False)


async def _report_page(request: Request, entry: PlanEntry, example: bool) -> Response:
    lang = lang_of(request)
    checked = await _checked(request, entry, lang)
    if not isinstance(checked, service.Checked):
        return page(request, "check.html.j2", 422, entry=entry, problems=[p.render() for p in checked],
                    date_value="", date_error=None)
    return _report_response(request, entry, checked, lang, example)


async def open_case(request: Request) -> Response:
    name = request.query_params.get("nome", "")
    if request.app.state.store.case(name) is None:
        raise HTTPException(404)
    return RedirectResponse(f"/casi/{quote(name)}", status_code=303)


async def check_upload(request: Request) -> Response:
    """POST /verifica: the uploaded plan, read and judged; 422 with the located problems."""
    started = time.perf_counter()
    lang = lang_of(request)
    store: Store = request.app.state.store
    limits = request.app.state.config.limits
    form, error = await _form(request)
    if error:
        return page(request, "check.html.j2", 422, entry=None, problems=[error], date_value="", date_error=None)
    try:
        raw_date = str(form.get("data") or "").strip()
        date = None
        if raw_date:
            try:
                date = datetime.date.fromisoformat(raw_date).isoformat()
            except ValueError:
                return page(request, "check.html.j2", 422, entry=None, problems=[], date_value=raw_date,
                            date_error=tx("date_bad", lang, value=raw_date))
        upload = form.get("piano")
        case = str(form.get("caso") or "")
        if not isinstance(upload, UploadFile) or not upload.filename:
            if case:
                entry = store.case(case, date)
                if entry is None:
                    raise HTTPException(404)
                return RedirectResponse(entry.url, status_code=303)
            return page(request, "check.html.j2", 422, entry=None, problems=[tx("upload_missing", lang)],
                        date_value=raw_date, date_error=None)
        data = await upload.read()
        token, folder = store.new_folder()
        try:
            saved = save_upload(upload.filename, data, folder, limits)
        except UploadProblem as exc:
            store.discard(folder)
            return page(request, "check.html.j2", 422, entry=None, problems=[tx(exc.key, lang, **exc.kw)],
                        date_value=raw_date, date_error=None)
        yaml_path = saved.read_path if saved.kind == "yaml" else folder / "piano.yaml"
        entry = PlanEntry(f"u-{token}", saved.name, str(yaml_path), str(saved.source_path), saved.kind, date,
                          f"/piani/{token}")
        try:
            before = time.perf_counter()
            result = await _run(request, service.ingest, entry, str(saved.read_path), lang)
            waited = time.perf_counter() - before
        except HTTPException:
            store.discard(folder)
            raise
        if not isinstance(result, service.Checked):
            store.discard(folder)
            return page(request, "check.html.j2", 422, entry=None, problems=[p.render() for p in result],
                        date_value=raw_date, date_error=None)
        store.add_upload(token, folder, entry)
        _remember(request, entry, lang, result)
        timing = {**result.timing, "lavoratore": waited, "totale": time.perf_counter() - started}
        return RedirectResponse(entry.url, status_code=303, headers={"server-timing": server_timing(timing)})
    finally:
        await form.close()


async def _form(request: Request):
    limits = request.app.state.config.limits
    try:
        form = await request.form(max_files=limits.files_per_request, max_fields=limits.form_fields,
                                  max_part_size=1024 * 1024)
    except HTTPException as exc:
        lang = lang_of(request)
        detail = str(exc.detail)
        if "files" in detail.lower():
            return None, tx("too_many_files", lang)
        return None, tx("bad_form", lang, detail=detail)
    return form, None


async def download(request: Request) -> Response:
    entry = _entry(request)
    fmt = FORMATS.get(request.path_params["fmt"])
    if fmt is None:
        raise HTTPException(404)
    lang = lang_of(request)
    checked = await _checked(request, entry, lang)
    if not isinstance(checked, service.Checked):
        return page(request, "check.html.j2", 422, entry=entry, problems=[p.render() for p in checked],
                    date_value="", date_error=None)
    body, media = await _run(request, service.download, entry, fmt, lang)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(entry.name).stem).strip("._") or "piano"
    name = f"rapporto-{stem}.{fmt}"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


# ---- what if -------------------------------------------------------------------------------------------


def _strings(form) -> dict[str, str]:
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


def _scenario_ref(request: Request, entry: PlanEntry, sid: str | None):
    saved = request.app.state.store.scenario(sid, entry.id)
    return saved.ref() if saved else None, saved


def _whatif_page(request: Request, entry: PlanEntry, view: service.WhatIfView, lang: str, sid: str | None,
                 extra_target: str | None = None, upload_problems: list[str] = (), status: int | None = None) -> Response:
    return page(request, "whatif.html.j2", status or view.status, entry=entry, view=view, sid=sid or "",
                extra_target=extra_target, upload_problems=list(upload_problems),
                markup=views.markup, saved=request.app.state.store.scenarios_of(entry.id))


async def whatif_get(request: Request) -> Response:
    entry = _entry(request)
    lang = lang_of(request)
    sid = request.query_params.get("scenario")
    ref, _saved = _scenario_ref(request, entry, sid)
    form = {"gruppo": request.query_params.get("gruppo", "")}
    view = await _run(request, service.whatif, entry, form, ref, lang, True)
    return _whatif_page(request, entry, view, lang, sid if ref else None)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def whatif_post(request: Request) -> Response:
    started = time.perf_counter()
    entry = _entry(request)
    lang = lang_of(request)
    form, error = await _form(request)
    if error:
        raise HTTPException(422, error)
    values = _strings(form)
    ref, _saved = _scenario_ref(request, entry, values.get("scenario"))
    htmx = _is_htmx(request)
    view = await _run(request, service.whatif, entry, values, ref, lang, not htmx)
    if htmx:
        return HTMLResponse(view.result_html, status_code=view.status, headers={"server-timing": server_timing(
            {"whatif": view.seconds, "totale": time.perf_counter() - started})})
    return _whatif_page(request, entry, view, lang, values.get("scenario") if ref else None)


async def whatif_extra(request: Request) -> Response:
    """POST …/whatif/sweep and …/whatif/nearest."""
    entry = _entry(request)
    lang = lang_of(request)
    kind = request.path_params["kind"]
    if kind not in ("sweep", "nearest"):
        raise HTTPException(404)
    form, error = await _form(request)
    if error:
        raise HTTPException(422, error)
    values = _strings(form)
    ref, _saved = _scenario_ref(request, entry, values.get("scenario"))
    if kind == "sweep":
        extra = await _run(request, service.sweep, entry, values, ref, lang,
                           request.app.state.config.limits.sweep_points)
    else:
        extra = await _run(request, service.nearest, entry, values, ref, lang)
    if _is_htmx(request):
        return HTMLResponse(extra.extra_html, status_code=extra.status)
    view = await _run(request, service.whatif, entry, values, ref, lang, True,
                      extra.extra_html if kind == "sweep" else "")
    view.extra_html = extra.extra_html
    return _whatif_page(request, entry, view, lang, values.get("scenario") if ref else None,
                        extra_target="grafico" if kind == "sweep" else "vicino",
                        status=extra.status if extra.status != 200 else view.status)


async def scenario_download(request: Request) -> Response:
    entry = _entry(request)
    lang = lang_of(request)
    form, error = await _form(request)
    if error:
        raise HTTPException(422, error)
    values = _strings(form)
    ref, _saved = _scenario_ref(request, entry, values.get("scenario"))
    view = await _run(request, service.scenario_yaml, entry, values, ref, lang)
    if view.scenario_text is None:
        return _whatif_page(request, entry, view, lang, values.get("scenario") if ref else None,
                            upload_problems=[p.render() for p in view.problems if not p.file.startswith("#")])
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", (view.scenario_name or "scenario").lower()).strip("-.")[:60] or "scenario"
    return Response(view.scenario_text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="scenario-{stem}.yaml"'})


async def scenario_upload(request: Request) -> Response:
    entry = _entry(request)
    lang = lang_of(request)
    store: Store = request.app.state.store
    form, error = await _form(request)
    try:
        upload = form.get("scenario_file") if form is not None else None
        problems: list[str] = [error] if error else []
        if not problems and (not isinstance(upload, UploadFile) or not upload.filename):
            problems = [tx("upload_missing", lang)]
        if not problems:
            data = await upload.read()
            if not data:
                problems = [tx("upload_empty", lang)]
        if problems:
            view = await _run(request, service.whatif, entry, {}, None, lang, True)
            return _whatif_page(request, entry, view, lang, None, upload_problems=problems, status=422)
        from compliance.web.uploads import display_name

        saved = store.write_scenario(entry.id, display_name(upload.filename), data)
        result = await _run(request, service.check_scenario, entry, saved.path, saved.file_name, lang)
        if not isinstance(result, str):
            store.drop_scenario_files(saved)
            view = await _run(request, service.whatif, entry, {}, None, lang, True)
            return _whatif_page(request, entry, view, lang, None, upload_problems=[p.render() for p in result],
                                status=422)
        from dataclasses import replace

        store.keep_scenario(replace(saved, name=result))
        return RedirectResponse(f"{entry.url}/whatif?scenario={saved.id}", status_code=303)
    finally:
        if form is not None:
            await form.close()


async def apply_suggestions(request: Request) -> Response:
    """POST …/whatif/applica (the form and the verified suggestions) and …/whatif/salva (the form):
    the scenario kept for this session (listed on the page, reopened by its link)."""
    entry = _entry(request)
    lang = lang_of(request)
    store: Store = request.app.state.store
    form, error = await _form(request)
    if error:
        raise HTTPException(422, error)
    values = _strings(form)
    suggestions = []
    if request.url.path.endswith("/applica"):  # the hidden suggestions stay in the form after a "salva"
        suggestions = [v for k, v in form.multi_items() if k == "suggest" and isinstance(v, str)][:200]
    ref, _saved = _scenario_ref(request, entry, values.get("scenario"))
    values.setdefault("nome", "")
    if not values["nome"].strip() and suggestions:
        values["nome"] = tx("nearest_scenario_name", lang)
    view = await _run(request, service.scenario_yaml, entry, values, ref, lang, suggestions)
    if view.scenario_text is None:
        return _whatif_page(request, entry, view, lang, values.get("scenario") if ref else None)
    saved = store.write_scenario(entry.id, "scenario.yaml", view.scenario_text.encode("utf-8"))
    from dataclasses import replace

    store.keep_scenario(replace(saved, name=view.scenario_name or ""))
    return RedirectResponse(f"{entry.url}/whatif?scenario={saved.id}", status_code=303)


# ---- audit --------------------------------------------------------------------------------------------


def _audit_folders(root: Path, limit: int = 200) -> list[str]:
    """Folders under the root, three levels deep at most (the form's suggestions), breadth first."""
    out: list[str] = []
    queue = [root]
    while queue and len(out) < limit:
        folder = queue.pop(0)
        out.append("." if folder == root else folder.relative_to(root).as_posix())
        if len(folder.relative_to(root).parts) >= 3:
            continue
        try:
            children = sorted(c for c in folder.iterdir() if c.is_dir() and not c.is_symlink() and not c.name.startswith("."))
        except OSError:
            continue
        queue.extend(children)
    return out


def _audit_page(request: Request, status: int = 200, folder: str = "", problem: str | None = None) -> Response:
    config: WebConfig = request.app.state.config
    return page(request, "audit.html.j2", status, root=str(config.root), folders=_audit_folders(config.root),
                audits=request.app.state.store.audits(), folder=folder, problem=problem)


async def audit_get(request: Request) -> Response:
    return _audit_page(request)


async def audit_post(request: Request) -> Response:
    lang = lang_of(request)
    config: WebConfig = request.app.state.config
    form, error = await _form(request)
    if error:
        return _audit_page(request, 422, problem=error)
    folder_text = str(form.get("cartella") or "").strip() or "."
    root = config.root.resolve()
    target = (root / folder_text).resolve()
    if target != root and root not in target.parents:
        return _audit_page(request, 422, folder_text, tx("audit_outside", lang, root=root))
    if not target.is_dir():
        return _audit_page(request, 422, folder_text, tx("audit_not_dir", lang, folder=folder_text))
    from compliance.audit.runner import find_plan_files

    store: Store = request.app.state.store
    files, _missing = find_plan_files([target], exclude=store.tmp)
    if not files:
        return _audit_page(request, 422, folder_text, tx("audit_no_plans", lang, folder=folder_text))
    outside = [name for path, name in files if root not in Path(path).resolve().parents]
    if outside:  # a link to a file elsewhere: nothing outside the root is read
        return _audit_page(request, 422, folder_text, tx("audit_link_outside", lang, name=outside[0], root=root))
    if len(files) > config.limits.audit_plans:
        return _audit_page(request, 422, folder_text,
                           tx("audit_too_many", lang, n=len(files), limit=config.limits.audit_plans))
    shown = "." if target == root else target.relative_to(root).as_posix()
    entry = store.new_audit(shown)
    entry.plans = len(files)
    try:
        code, plans, message = await request.app.state.audits.run(str(target), str(entry.out_dir), lang,
                                                                  config.limits.seconds * 4)
    except Exception as exc:  # noqa: BLE001 - reported on the page; the server goes on
        entry.status, entry.message = "errore", tx("audit_failed", lang, detail=f"{type(exc).__name__}: {exc}")
        return _audit_page(request, 500, folder_text, entry.message)
    entry.exit_code, entry.plans = code, plans
    if message:
        entry.status, entry.message = "errore", tx("audit_failed", lang, detail=message)
        return _audit_page(request, 500, folder_text, entry.message)
    entry.status = "fatto"
    return RedirectResponse(f"/audit/{entry.id}/", status_code=303)


def _audit_entry(request: Request):
    entry = request.app.state.store.audit(request.path_params["aid"])
    if entry is None or entry.status != "fatto":
        raise HTTPException(404)
    return entry


async def audit_index(request: Request) -> Response:
    entry = _audit_entry(request)
    lang = lang_of(request)
    index = entry.out_dir / "index.html"
    if not index.is_file():
        raise HTTPException(404)
    html = index.read_text(encoding="utf-8")
    hashes = inline_script_hashes(html)
    top = views.render("audit_frame.html.j2", lang=lang, **_common(request, lang), audit=entry)
    framed = views.frame(html, head=FRAME_HEAD, top=top, bottom="")
    return HTMLResponse(framed, headers={"content-security-policy": csp(hashes)})


AUDIT_FILES = re.compile(r"(piani/[A-Za-z0-9][A-Za-z0-9._-]{0,250}\.(html|md|json)"
                         r"|[a-z]+\.csv|audit\.json|compliance\.sarif|junit\.xml)")
AUDIT_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
               "json": "application/json", "csv": "text/csv; charset=utf-8",
               "sarif": "application/sarif+json", "xml": "application/xml"}


async def audit_file(request: Request) -> Response:
    entry = _audit_entry(request)
    name = request.path_params["name"]
    if not AUDIT_FILES.fullmatch(name):
        raise HTTPException(404)
    base = entry.out_dir.resolve()
    path = (base / name).resolve()
    if base not in path.parents or not path.is_file():
        raise HTTPException(404)
    media = AUDIT_TYPES[path.suffix.lstrip(".")]
    if path.suffix == ".html":
        lang = lang_of(request)
        context = dict(_common(request, lang), audit=entry)
        top = views.render("audit_report_top.html.j2", lang=lang, **context)
        bottom = views.render("frame_bottom.html.j2", lang=lang, **context)
        return HTMLResponse(views.frame(path.read_text(encoding="utf-8"), head=FRAME_HEAD, top=top, bottom=bottom))
    headers = {}
    if path.suffix != ".html":
        headers["content-disposition"] = f'inline; filename="{path.name}"'
    return Response(path.read_bytes(), media_type=media, headers=headers)


async def health(request: Request) -> Response:
    pids = await request.app.state.pool.run(service.ping, seconds=30)
    return JSONResponse({"ok": True, "worker": pids, "workers": request.app.state.pool.pids(),
                         "since": request.app.state.started})


# ---- errors -------------------------------------------------------------------------------------------


async def http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return error_page(request, 404)
    if exc.status_code == 405:
        return PlainTextResponse("Metodo non ammesso.", status_code=405)
    return error_page(request, exc.status_code, str(exc.detail))


# ---- the application -------------------------------------------------------------------------------


def _closing(handler):
    """The handler, then the request's form closed (uploaded files spooled to disk are deleted)."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        finally:
            await request.close()

    run.__name__ = handler.__name__
    return run


def routes() -> list:
    plan_routes = [
        ("", report_page, ["GET"]),
        ("/rapporto.{fmt}", download, ["GET"]),
        ("/whatif", whatif_get, ["GET"]),
        ("/whatif", whatif_post, ["POST"]),
        ("/whatif/scenario.yaml", scenario_download, ["POST"]),
        ("/whatif/scenario", scenario_upload, ["POST"]),
        ("/whatif/applica", apply_suggestions, ["POST"]),
        ("/whatif/salva", apply_suggestions, ["POST"]),
        ("/whatif/{kind}", whatif_extra, ["POST"]),
    ]
    out = [
        Route("/", home, methods=["GET"]),
        Route("/verifica", _closing(check_upload), methods=["POST"]),
        Route("/casi", open_case, methods=["GET"]),
        Route("/audit", audit_get, methods=["GET"]),
        Route("/audit", _closing(audit_post), methods=["POST"]),
        Route("/audit/{aid}/", audit_index, methods=["GET"]),
        Route("/audit/{aid}/{name:path}", audit_file, methods=["GET"]),
        Route("/salute", health, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("compliance.web", "static")]), name="static"),
    ]
    for prefix in ("/casi/{ident}", "/piani/{ident}"):
        for suffix, handler, methods in plan_routes:
            out.append(Route(prefix + suffix, _closing(handler) if "POST" in methods else handler, methods=methods))
    return out


def create_app(config: WebConfig | None = None) -> Starlette:
    config = config or WebConfig()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        store = Store(config.cases_dir, config.limits.plans, config.limits.scenarios, config.limits.audits)
        example = config.cases_dir / f"{config.example}.yaml"
        pool = WorkerPool(config.workers, str(store.tmp), str(example) if example.is_file() else None,
                          config.limits.seconds)
        app.state.store, app.state.pool, app.state.audits = store, pool, AuditRunner()
        app.state.reports = OrderedDict()
        app.state.started = time.time()
        try:
            await pool.start()
            yield
        finally:
            pool.close()
            store.close()

    app = Starlette(
        routes=routes(),
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts()),
            Middleware(Guard, max_body=config.limits.upload_bytes),
            Middleware(LangCookie),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.config = config
    return app

