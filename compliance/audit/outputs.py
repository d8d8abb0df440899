"""What an audit writes: per-plan reports, the summary CSV, one JSON with everything, and a
self-contained HTML overview (sortable, no external resources), plus the terminal summary.

Every file is written atomically (compliance.output.write_atomic); the overview is written last,
so a reader never finds it linking reports that are not there yet.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

from compliance.audit.summary import AuditSummary, PlanRow
from compliance.output import write_atomic

CSV_COLUMNS = ("ambito", "anno", "piano", "data_approvazione", "stato", "violazioni", "avvisi",
               "informazioni", "non_valutabili", "regole_violate", "errore")

LABELS = {
    "it": {
        "title": "Verifica dei piani annuali", "ambito": "Ambito", "anno": "Anno", "piano": "Piano",
        "approvazione": "Approvazione", "violazioni": "Violazioni", "avvisi": "Avvisi",
        "informazioni": "Informazioni", "non_valutabili": "Non valutabili", "stato": "Stato",
        "rapporto": "Rapporto", "top": "Regole più spesso violate", "regola": "Regola",
        "gravita": "Gravità", "rilievi": "Rilievi", "piani": "Piani", "cross": "Rilievi tra più piani",
        "soggetto": "Soggetto", "messaggio": "Messaggio", "broken": "File non validi",
        "valutato": "valutato", "file_non_valido": "file non valido", "errore_interno": "errore interno",
        "none": "Nessuno.", "sort_hint": "Fare clic sull'intestazione di una colonna per ordinare.",
        "filters": "Filtri", "no_filters": "nessuno", "totals": "Totali",
        "full_reports": "I rapporti dei singoli piani sono completi (senza filtri).",
    },
    "en": {
        "title": "Audit of annual plans", "ambito": "Ambito", "anno": "Year", "piano": "Plan",
        "approvazione": "Approved", "violazioni": "Violations", "avvisi": "Warnings",
        "informazioni": "Information", "non_valutabili": "Not assessable", "stato": "Status",
        "rapporto": "Report", "top": "Rules most often broken", "regola": "Rule",
        "gravita": "Severity", "rilievi": "Findings", "piani": "Plans", "cross": "Findings across plans",
        "soggetto": "Subject", "messaggio": "Message", "broken": "Invalid files",
        "valutato": "assessed", "file_non_valido": "invalid file", "errore_interno": "internal error",
        "none": "None.", "sort_hint": "Click a column heading to sort.",
        "filters": "Filters", "no_filters": "none", "totals": "Totals",
        "full_reports": "Each plan's own report is complete (no filters).",
    },
}


def _approval(row: PlanRow) -> str:
    return row.plan.report.plan.data_approvazione or "" if row.plan.report else ""


def _broken_rules(row: PlanRow) -> list[str]:
    out: list[str] = []
    for f in row.all_findings():
        if f.outcome == "non_conforme" and f.rule_id not in out:
            out.append(f.rule_id)
    return out


def summary_csv(s: AuditSummary) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in s.rows:
        w.writerow([r.plan.ambito or "", r.plan.anno or "", r.plan.name, _approval(r), r.status,
                    r.count("violazione"), r.count("avviso"), r.count("informazione"), r.non_valutabili,
                    " ".join(_broken_rules(r)), " | ".join(r.plan.errors)])
    return buf.getvalue()


def audit_json(s: AuditSummary, meta: dict) -> str:
    plans = []
    for r in s.rows:
        plans.append({
            "piano": r.plan.name,
            "file": r.plan.path,
            "ambito": r.plan.ambito,
            "anno": r.plan.anno,
            "data_approvazione": _approval(r) or None,
            "stato": r.status,
            "errori": r.plan.errors,
            "violazioni": r.count("violazione"),
            "avvisi": r.count("avviso"),
            "informazioni": r.count("informazione"),
            "non_valutabili": r.non_valutabili,
            "rapporti": {"md": f"piani/{r.report_id}.md", "json": f"piani/{r.report_id}.json"} if r.plan.ok else None,
            "findings": [f.model_dump() for f in r.findings],
            "findings_tra_piani": [dict(c.finding.model_dump(), piani=c.plans) for c in r.cross],
            "report": r.plan.report.model_dump() if r.plan.report else None,
        })
    data = {
        "schema_version": "1.0",
        **meta,
        "totali": s.totals(),
        "regole_piu_violate": [{"rule_id": rid, "severity": sev, "rilievi": n, "piani": p}
                               for rid, sev, n, p in s.top_rules],
        "regole_tra_piani": [vars(r) for r in s.run.cross_rules],
        "findings_tra_piani": [dict(c.finding.model_dump(), piani=c.plans) for c in s.cross],
        "piani": plans,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1a1a1a}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}th button{all:unset;cursor:pointer;font-weight:600}
th button::after{content:" \\2195";color:#888}th[aria-sort=ascending] button::after{content:" \\2191"}
th[aria-sort=descending] button::after{content:" \\2193"}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.v{color:#b00020;font-weight:600}.a{color:#8a5a00}.i{color:#00607a}
tr.file_non_valido td,tr.errore_interno td{background:#fff3f3}
.muted{color:#666;font-size:.85rem}code{font-size:.85rem}
"""

_SCRIPT = """
(function(){
  function sortTable(table, col, dir){
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var th = table.tHead.rows[0].cells[col];
    var num = th.getAttribute('data-type') === 'num';
    rows.sort(function(a, b){
      var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
      var c = num ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y, 'it');
      if (c === 0) { c = a.getAttribute('data-i') - b.getAttribute('data-i'); return c; }
      return dir === 'descending' ? -c : c;
    });
    rows.forEach(function(r){ body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(c){ c.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    table.setAttribute('data-sorted', th.getAttribute('data-key') + '-' + dir);
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th, col){
      var b = th.querySelector('button');
      if (!b) return;
      b.addEventListener('click', function(){
        var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
        sortTable(table, col, dir);
      });
    });
  });
  var m = /ordina=([a-z_]+)-(asc|desc)/.exec(location.hash);
  var t = document.getElementById('piani');
  if (m && t) {
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function(th, col){
      if (th.getAttribute('data-key') === m[1]) sortTable(t, col, m[2] === 'asc' ? 'ascending' : 'descending');
    });
  }
})();
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def overview_html(s: AuditSummary, meta: dict, lang: str, html_reports: bool) -> str:
    L = LABELS.get(lang, LABELS["it"])
    cols = [("ambito", "text"), ("anno", "num"), ("piano", "text"), ("approvazione", "text"),
            ("violazioni", "num"), ("avvisi", "num"), ("informazioni", "num"), ("non_valutabili", "num"),
            ("stato", "text")]
    out = [f"<!DOCTYPE html>\n<html lang=\"{_e(lang)}\"><head><meta charset=\"utf-8\">",
           f"<title>{_e(L['title'])}</title><style>{_STYLE}</style></head><body>",
           f"<h1>{_e(L['title'])}</h1>"]
    tot = s.totals()
    filt = []
    if s.filters.rules:
        filt.append("--rule " + ", ".join(s.filters.rules))
    if s.filters.severities:
        filt.append("--severity " + ", ".join(s.filters.severities))
    for key in ("anni", "ambiti"):
        if meta.get(key):
            filt.append(f"--{'year' if key == 'anni' else 'ambito'} " + ", ".join(map(str, meta[key])))
    out.append(f"<p>{_e(L['totals'])}: {tot['piani']} {_e(L['piani'].lower())}, "
               f"<span class=v>{tot['violazioni']} {_e(L['violazioni'].lower())}</span>, "
               f"<span class=a>{tot['avvisi']} {_e(L['avvisi'].lower())}</span>, "
               f"<span class=i>{tot['informazioni']} {_e(L['informazioni'].lower())}</span>, "
               f"{tot['non_valutabili']} {_e(L['non_valutabili'].lower())}; "
               f"{_e(L['broken'].lower())}: {tot['file_non_validi'] + tot['errori_interni']}.<br>"
               f"<span class=muted>{_e(L['filters'])}: {_e('; '.join(filt) or L['no_filters'])}. "
               f"{_e(L['full_reports'])} {_e(meta.get('ruleset', ''))}</span></p>")
    out.append(f"<p class=muted>{_e(L['sort_hint'])}</p>")
    out.append("<table id=\"piani\" class=\"sortable\"><thead><tr>")
    for key, typ in cols:
        out.append(f"<th data-key=\"{key}\" data-type=\"{typ}\"><button type=\"button\">{_e(L[key])}</button></th>")
    out.append(f"<th>{_e(L['rapporto'])}</th></tr></thead><tbody>")
    for i, r in enumerate(s.rows):
        values = {
            "ambito": r.plan.ambito or "", "anno": r.plan.anno or 0, "piano": r.plan.name,
            "approvazione": _approval(r), "violazioni": r.count("violazione"), "avvisi": r.count("avviso"),
            "informazioni": r.count("informazione"), "non_valutabili": r.non_valutabili, "stato": r.status,
        }
        out.append(f"<tr class=\"{r.status}\" data-i=\"{i}\" data-piano=\"{_e(r.plan.name)}\">")
        for key, typ in cols:
            v = values[key]
            shown = L.get(v, v) if key == "stato" else v
            if key == "stato" and r.plan.errors:
                shown = f"{L.get(v, v)}: " + "; ".join(r.plan.errors)
            cls = {"violazioni": " class=\"n v\"", "avvisi": " class=\"n a\"", "informazioni": " class=\"n i\"",
                   "non_valutabili": " class=n", "anno": " class=n"}.get(key, "")
            if key in ("violazioni", "avvisi", "informazioni") and not v:
                cls = " class=n"
            out.append(f"<td{cls} data-v=\"{_e(v)}\">{_e(shown)}</td>")
        if r.plan.ok:
            links = [f"<a href=\"piani/{_e(r.report_id)}.md\">md</a>", f"<a href=\"piani/{_e(r.report_id)}.json\">json</a>"]
            if html_reports:
                links.insert(0, f"<a href=\"piani/{_e(r.report_id)}.html\">html</a>")
            out.append(f"<td>{' · '.join(links)}</td></tr>")
        else:
            out.append("<td></td></tr>")
    out.append("</tbody></table>")

    out.append(f"<h2>{_e(L['top'])}</h2>")
    if s.top_rules:
        out.append(f"<table id=\"regole\"><thead><tr><th>{_e(L['regola'])}</th><th>{_e(L['gravita'])}</th>"
                   f"<th>{_e(L['piani'])}</th><th>{_e(L['rilievi'])}</th></tr></thead><tbody>")
        for rid, sev, n, p in s.top_rules[:20]:
            out.append(f"<tr><td><code>{_e(rid)}</code></td><td>{_e(sev)}</td><td class=n>{p}</td><td class=n>{n}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{_e(L['none'])}</p>")

    out.append(f"<h2>{_e(L['cross'])}</h2>")
    if s.cross:
        out.append(f"<table id=\"tra-piani\"><thead><tr><th>{_e(L['regola'])}</th><th>{_e(L['gravita'])}</th>"
                   f"<th>{_e(L['soggetto'])}</th><th>{_e(L['messaggio'])}</th><th>{_e(L['piani'])}</th></tr></thead><tbody>")
        for c in s.cross:
            f = c.finding
            out.append(f"<tr><td><code>{_e(f.rule_id)}</code></td><td>{_e(f.severity)}</td><td>{_e(f.subject)}</td>"
                       f"<td>{_e(f.message)}</td><td>{_e(', '.join(c.plans))}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{_e(L['none'])}</p>")
    out.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(out)


def _try_html(report) -> str | None:
    try:
        from compliance.report.html import render_html
    except ImportError:
        return None
    try:
        return render_html(report)
    except Exception:  # noqa: BLE001 - another helper's renderer: optional here
        return None


def write_outputs(s: AuditSummary, out_dir: Path, meta: dict, lang: str) -> list[Path]:
    """Write every output into out_dir; return the files written (overview last)."""
    from compliance.report.json_report import render_json
    from compliance.report.markdown import render_markdown

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "piani").mkdir(exist_ok=True)
    written: list[Path] = []
    html_reports = True
    for r in s.rows:
        if not r.plan.ok:
            continue
        base = out_dir / "piani" / r.report_id
        write_atomic(base.with_suffix(".json"), render_json(r.plan.report))
        md = render_markdown(r.plan.report)
        if r.cross:
            md += "\n## " + ("Rilievi tra più piani" if lang != "en" else "Findings across plans") + "\n\n"
            for c in r.cross:
                md += f"- **{c.finding.rule_id}** ({c.finding.severity}) {c.finding.subject}: {c.finding.message}\n"
        write_atomic(base.with_suffix(".md"), md + "\n")
        written += [base.with_suffix(".json"), base.with_suffix(".md")]
        if html_reports:
            page = _try_html(r.plan.report)
            if page is None:
                html_reports = False
            else:
                write_atomic(base.with_suffix(".html"), page)
                written.append(base.with_suffix(".html"))
    for name, text in (("audit.json", audit_json(s, meta)), ("riepilogo.csv", summary_csv(s)),
                       ("index.html", overview_html(s, meta, lang, html_reports))):
        write_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return written


def _short_ambito(name: str) -> str:
    """The ambito's own name, without the words every ambito shares (for the terminal)."""
    import re

    return re.sub(r"^ambito\s+(territoriale\s+|distrettuale\s+)?(di\s+|del\s+|dell')?", "", name,
                  flags=re.IGNORECASE) or name


def print_summary(s: AuditSummary, console, lang: str, out_dir: Path | None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    L = LABELS.get(lang, LABELS["it"])
    table = Table(title=L["title"], box=box.SIMPLE_HEAD, padding=(0, 1), expand=False)
    table.add_column(L["ambito"], overflow="ellipsis", no_wrap=True, max_width=30)
    table.add_column(L["anno"], no_wrap=True, min_width=4)
    table.add_column(L["approvazione"][:7] + ".", no_wrap=True, min_width=10)
    short = {"it": ("Viol.", "Avv.", "Inf.", "N.v."), "en": ("Viol.", "Warn.", "Info", "N/a")}[lang if lang == "en" else "it"]
    for head, style in zip(short, ("red", "yellow", "cyan", "")):
        table.add_column(head, justify="right", style=style, no_wrap=True, min_width=len(head))
    shown = [r for r in s.rows if r.all_findings() or not r.plan.ok]
    shown.sort(key=lambda r: (r.plan.ok, -r.count("violazione"), -r.count("avviso"), -r.count("informazione"),
                              -r.non_valutabili, r.plan.name))
    for r in shown:
        when = _approval(r) if r.plan.ok else L.get(r.status, r.status)
        table.add_row(_short_ambito(r.plan.ambito) if r.plan.ambito else r.plan.name, str(r.plan.anno or ""), when,
                      str(r.count("violazione")), str(r.count("avviso")), str(r.count("informazione")),
                      str(r.non_valutabili))
    if shown:
        console.print(table)
    quiet = len(s.rows) - len(shown)
    if quiet:
        console.print(("altri" if shown else "") + f" {quiet} piani senza rilievi" if lang != "en"
                      else f"{quiet} {'other ' if shown else ''}plans without findings", highlight=False, markup=False)
    if s.top_rules:
        top = Table(title=L["top"], box=box.SIMPLE_HEAD, expand=False)
        for key in ("regola", "gravita", "piani", "rilievi"):
            top.add_column(L[key])
        for rid, sev, n, p in s.top_rules[:10]:
            top.add_row(rid, sev, str(p), str(n))
        console.print(top)
    for r in s.broken:
        for err in r.plan.errors:
            console.print(Text.assemble((L["file_non_valido"] if r.status == "file_non_valido" else L["errore_interno"],
                                         "bold red"), f": {err}"), highlight=False)
    t = s.totals()
    console.print(f"{L['totals']}: {t['piani']} {L['piani'].lower()}, {t['violazioni']} {L['violazioni'].lower()}, "
                  f"{t['avvisi']} {L['avvisi'].lower()}, {t['informazioni']} {L['informazioni'].lower()}, "
                  f"{t['non_valutabili']} {L['non_valutabili'].lower()}; {L['broken'].lower()}: "
                  f"{t['file_non_validi'] + t['errori_interni']}; {s.run.seconds:.1f} s, {s.run.jobs} {'processes' if lang == 'en' else 'processi'}.",
                  highlight=False, markup=False)
    if out_dir is not None:
        console.print(f"→ {out_dir / 'index.html'}", highlight=False, markup=False)
