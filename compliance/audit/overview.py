"""The audit's overview for a reviewer: one self-contained HTML page (no external resource).

Top to bottom: the totals; the findings across plans; the map (optional extra); the plans, the
worst first (file errors, then violations, warnings, data not assessable, information), with a
search box and filters by province, year, rule and outcome, and the titles of the rules each plan
breaks; the rules most often broken (by severity, then count). Dates are dd/mm/yyyy in Italian.
Without JavaScript every row is shown in that order; with it the filters and the column sort work.

`render_overview(summary, meta, lang)` is the one entry point (the web package calls it too).
"""

from __future__ import annotations

import html

from compliance.audit.summary import OUTCOMES, AuditSummary, PlanRow
from compliance.i18n import t
from compliance.i18n import fmt_date

REPORT_FORMATS = ("html", "md", "json")  # per-plan reports, in the order a link prefers them


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def report_href(row: PlanRow, formats: tuple[str, ...], prefix: str = "piani/") -> str | None:
    if not row.plan.ok:
        return None
    for ext in REPORT_FORMATS:
        if ext in formats:
            return f"{prefix}{row.report_id}.{ext}"
    return None


_STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:1400px;
padding:0 1rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
.meta{color:#555;font-size:.85rem;margin:.2rem 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.45rem .8rem;min-width:8.5rem;background:#fafafa}
.card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}.card span{font-size:.8rem;color:#555}
.card.v b{color:#b00020}.card.a b{color:#8a5a00}.card.e b{color:#37474f}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #e2e2e2;padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f3f3f3;position:sticky;top:0;z-index:1}th button{all:unset;cursor:pointer;font-weight:600}
th button::after{content:" \\2195";color:#999}th[aria-sort=ascending] button::after{content:" \\2191"}
th[aria-sort=descending] button::after{content:" \\2193"}
td.n{text-align:right;font-variant-numeric:tabular-nums;width:4.5rem}
td{overflow-wrap:anywhere}.scorri{overflow-x:auto}
.v{color:#b00020;font-weight:600}.a{color:#8a5a00;font-weight:600}.i{color:#00607a}
.esito{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600;white-space:nowrap;color:#fff}
.esito.errore{background:#37474f}.esito.violazione{background:#c62828}.esito.avviso{background:#f2a900;color:#222}
.esito.non_valutabile{background:#5f6b7a}.esito.informazione{background:#5fa8e0;color:#062a3f}.esito.conforme{background:#2e7d32}
tr.errore td{background:#f4f1f6}
ul.regole{margin:0;padding-left:1rem}ul.regole li{margin:0}
.muted{color:#666;font-size:.82rem}code{font-size:.8rem;color:#444}
.filtri{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0;padding:.6rem;background:#f6f7f9;
border:1px solid #e2e4e8;border-radius:6px}
.filtri label{display:flex;flex-direction:column;font-size:.8rem;color:#333;gap:.15rem}
.filtri input,.filtri select{font:inherit;font-size:.9rem;padding:.25rem .35rem;border:1px solid #bbb;border-radius:4px;max-width:26rem}
.filtri input[type=search]{min-width:18rem}
.filtri output{font-size:.85rem;color:#333;margin-left:auto}
.anni{display:flex;gap:.3rem;margin:.3rem 0}.anni button{font:inherit;font-size:.85rem;padding:.2rem .7rem;
border:1px solid #999;border-radius:4px;background:#fff;cursor:pointer}.anni button[aria-pressed=true]{background:#1a1a1a;color:#fff}
.nota{background:#fff8e1;border-left:4px solid #f2a900;padding:.4rem .7rem;font-size:.88rem}
.errore-box{background:#fdecea;border-left:4px solid #c62828;padding:.4rem .7rem}
.mappa-box{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
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
      if (c === 0) { return a.getAttribute('data-i') - b.getAttribute('data-i'); }
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
  var table = document.getElementById('piani');
  var form = document.getElementById('filtri');
  function norm(s){ return (s || '').toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g, ''); }
  function applyFilters(){
    if (!table || !form) return;
    var q = norm(form.elements.q.value).split(/\\s+/).filter(Boolean);
    var prov = form.elements.provincia.value, anno = form.elements.anno.value;
    var regola = form.elements.regola.value, esito = form.elements.esito.value;
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = true;
      if (prov && r.getAttribute('data-provincia') !== prov) ok = false;
      if (ok && anno && r.getAttribute('data-anno') !== anno) ok = false;
      if (ok && regola && (' ' + r.getAttribute('data-regole') + ' ').indexOf(' ' + regola + ' ') < 0) ok = false;
      if (ok && esito && r.getAttribute('data-esito') !== esito) ok = false;
      if (ok && q.length) {
        var text = norm(r.textContent + ' ' + r.getAttribute('data-regole'));
        for (var k = 0; k < q.length; k++) { if (text.indexOf(q[k]) < 0) { ok = false; break; } }
      }
      r.hidden = !ok;
      if (ok) shown++;
    }
    var out = document.getElementById('conteggio');
    out.value = out.getAttribute('data-template').replace('{n}', shown).replace('{tot}', rows.length);
    table.setAttribute('data-shown', shown);
  }
  if (form) {
    form.addEventListener('input', applyFilters);
    form.addEventListener('change', applyFilters);
    form.addEventListener('submit', function(e){ e.preventDefault(); });
    // filters from the address (#cerca=…&provincia=…&anno=…&regola=…&esito=…): shareable views
    var names = {cerca: 'q', provincia: 'provincia', anno: 'anno', regola: 'regola', esito: 'esito'};
    location.hash.replace(/^#/, '').split('&').forEach(function(part){
      var kv = part.split('='), el = names[kv[0]] && form.elements[names[kv[0]]];
      if (el && kv.length > 1) el.value = decodeURIComponent(kv[1].replace(/\\+/g, ' '));
    });
    document.querySelectorAll('[data-filtra-regola]').forEach(function(a){
      a.addEventListener('click', function(){
        form.elements.regola.value = a.getAttribute('data-filtra-regola'); applyFilters();
      });
    });
    applyFilters();
  }
  document.querySelectorAll('.anni button').forEach(function(b){
    b.addEventListener('click', function(){
      var key = b.getAttribute('data-anno');
      document.querySelectorAll('.mappa g.anno').forEach(function(g){
        g.classList.toggle('attivo', g.getAttribute('data-anno') === key);
      });
      document.querySelectorAll('.anni button').forEach(function(o){
        o.setAttribute('aria-pressed', o === b ? 'true' : 'false');
      });
    });
  });
  var m = /ordina=([a-z_]+)-(asc|desc)/.exec(location.hash);
  if (m && table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th, col){
      if (th.getAttribute('data-key') === m[1]) sortTable(table, col, m[2] === 'asc' ? 'ascending' : 'descending');
    });
  }
})();
"""


def _badge(outcome: str, lang: str) -> str:
    return f'<span class="esito {outcome}">{_e(t("au_outcome_" + outcome, lang))}</span>'


def _sev_class(severity: str) -> str:
    return {"violazione": "v", "avviso": "a", "informazione": "i"}.get(severity, "")


def _filters_text(s: AuditSummary, meta: dict, lang: str) -> str:
    parts = []
    if s.filters.rules:
        parts.append("--rule " + ", ".join(s.filters.rules))
    if s.filters.severities:
        parts.append("--severity " + ", ".join(s.filters.severities))
    if s.filters.selection is not None and s.filters.selection.active:
        parts.append(s.filters.selection.describe())
    filtri = meta.get("filtri") or {}
    if filtri.get("anno"):
        parts.append("--year " + ", ".join(map(str, filtri["anno"])))
    if filtri.get("ambito"):
        parts.append("--ambito " + ", ".join(filtri["ambito"]))
    if s.filters.baseline is not None:
        parts.append(f"--baseline {s.filters.baseline.path}")
    return "; ".join(parts) or t("au_no_filters", lang)


def _header(s: AuditSummary, meta: dict, lang: str) -> list[str]:
    tot = s.totals()
    generated = meta.get("generato") or ""
    when = ""
    if generated:
        when = t("au_generated_on", lang, day=fmt_date(generated[:10], lang), time=generated[11:16])
    ruleset = meta.get("insieme_regole") or {}
    rules_text = f"{ruleset.get('nome', '')} {ruleset.get('versione', '')}".strip()
    with_v = sum(1 for r in s.rows if r.count("violazione"))
    with_a = sum(1 for r in s.rows if r.worst == "avviso")
    cards = [
        ("", tot["piani"], t("au_card_plans", lang)),
        ("v", with_v, t("au_card_plans_with_violations", lang)),
        ("a", with_a, t("au_card_plans_with_warnings", lang)),
        ("v", tot["violazioni"], t("au_card_violations", lang)),
        ("a", tot["avvisi"], t("au_card_warnings", lang)),
        ("", tot["non_valutabili"], t("au_card_not_assessable", lang)),
        ("e", tot["file_non_validi"] + tot["errori_interni"], t("au_card_errors", lang)),
    ]
    if tot["rilievi_accettati"]:
        cards.append(("", tot["rilievi_accettati"], t("au_card_accepted", lang)))
    out = [f"<h1>{_e(t('au_title', lang))}</h1>",
           f"<p class=meta>{_e(when)}{' · ' if when and rules_text else ''}{_e(t('ruleset', lang))}: "
           f"{_e(rules_text)}{' · ' if rules_text else ''}{_e(t('au_filters', lang))}: {_e(_filters_text(s, meta, lang))}</p>",
           '<div class="cards">']
    for cls, n, label in cards:
        out.append(f'<div class="card {cls}"><b>{n}</b><span>{_e(label)}</span></div>')
    out.append("</div>")
    if s.run.cross_error:
        out.append(f'<p class="errore-box">{_e(t("au_cross_error", lang))}: {_e(s.run.cross_error)}</p>')
    return out


def _cross_section(s: AuditSummary, lang: str, href) -> list[str]:
    out = [f'<h2 id="tra-piani-titolo">{_e(t("au_cross", lang))}</h2>']
    if not s.cross:
        out.append(f"<p>{_e(t('au_none', lang))}</p>")
        return out
    by_name = {r.plan.name: r for r in s.rows}
    out.append(f'<table id="tra-piani"><thead><tr><th>{_e(t("severity", lang))}</th><th>{_e(t("rule", lang))}</th>'
               f'<th>{_e(t("subject", lang))}</th><th>{_e(t("au_message", lang))}</th>'
               f'<th>{_e(t("au_plans", lang))}</th></tr></thead><tbody>')
    for c in s.cross:
        f = c.finding
        sev = t(f.severity, lang) if f.outcome == "non_conforme" else t("non_valutabile", lang)
        links = []
        for name in c.plans:
            row = by_name.get(name)
            link = href(row) if row else None
            links.append(f'<a href="{_e(link)}">{_e(name)}</a>' if link else _e(name))
        out.append(f'<tr><td class="{_sev_class(f.severity) if f.outcome == "non_conforme" else ""}">{_e(sev)}</td>'
                   f'<td>{_e(s.title(f.rule_id))}<br><code>{_e(f.rule_id)}</code></td><td>{_e(f.subject)}</td>'
                   f'<td>{_e(f.message)}</td><td>{"<br>".join(links)}</td></tr>')
    out.append("</tbody></table>")
    return out


def _map_section(s: AuditSummary, lang: str, href, with_map: bool) -> tuple[list[str], str]:
    out = [f'<h2 id="mappa-titolo">{_e(t("au_map_title", lang))}</h2>']
    rendered = None
    if with_map:
        from compliance.audit.map import render_map

        rendered = render_map(s, href, lang)
    if rendered is None:
        from compliance.registry.boundaries import available

        reason = "au_map_no_plans" if with_map and available() else "au_map_unavailable"
        out.append(f'<p class="nota" id="mappa-assente">{_e(t(reason, lang))}</p>')
        return out, ""
    from compliance.audit.map import legend, map_css

    out.append(f'<p class=muted>{_e(t("au_map_hint", lang))}</p>')
    if len(rendered.layers) > 1:
        out.append('<div class="anni" role="group">')
        for layer in rendered.layers:
            pressed = "true" if layer.key == rendered.default else "false"
            out.append(f'<button type="button" data-anno="{_e(layer.key)}" aria-pressed="{pressed}">{_e(layer.label)}</button>')
        out.append("</div>")
    out.append(legend(lang))
    out.append(f'<div class="mappa-box">{rendered.svg}</div>')
    if rendered.not_placed:
        names = ", ".join(r.plan.name for r in rendered.not_placed)
        out.append(f'<p class=muted>{_e(t("au_map_not_placed", lang, n=len(rendered.not_placed)))} {_e(names)}</p>')
    out.append(f'<p class=muted>{_e(rendered.attribution)}</p>')
    return out, map_css()


def _options(values: list[tuple[str, str]], all_label: str) -> str:
    opts = [f'<option value="">{_e(all_label)}</option>']
    opts += [f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in values]
    return "".join(opts)


def _plans_section(s: AuditSummary, lang: str, href, formats: tuple[str, ...]) -> list[str]:
    out = [f'<h2 id="piani-titolo">{_e(t("au_plans", lang))}</h2>',
           f'<p class=muted>{_e(t("au_order_hint", lang))}</p>']
    provinces = sorted({r.provincia for r in s.rows if r.provincia})
    years = sorted({str(r.plan.anno) for r in s.rows if r.plan.anno is not None}, reverse=True)
    rules = sorted({rid for r in s.rows for rid in r.broken_rules()}, key=lambda rid: s.title(rid).casefold())
    outcomes = [o for o in OUTCOMES if any(r.worst == o for r in s.rows)]
    out.append(
        '<form id="filtri" class="filtri" role="search">'
        f'<label>{_e(t("au_search", lang))}<input type="search" name="q" '
        f'placeholder="{_e(t("au_search_placeholder", lang))}"></label>'
        f'<label>{_e(t("au_province", lang))}<select name="provincia">'
        f'{_options([(p, p) for p in provinces], t("au_all_f", lang))}</select></label>'
        f'<label>{_e(t("au_year", lang))}<select name="anno">{_options([(y, y) for y in years], t("au_all_m", lang))}</select></label>'
        f'<label>{_e(t("au_rule_broken", lang))}<select name="regola">'
        f'{_options([(rid, s.title(rid)) for rid in rules], t("au_all_f", lang))}</select></label>'
        f'<label>{_e(t("au_outcome", lang))}<select name="esito">'
        f'{_options([(o, t("au_outcome_" + o, lang)) for o in outcomes], t("au_all_m", lang))}</select></label>'
        f'<output id="conteggio" data-template="{_e(t("au_shown", lang))}">'
        f'{_e(t("au_shown", lang).replace("{n}", str(len(s.rows))).replace("{tot}", str(len(s.rows))))}</output>'
        '</form>')
    cols = [("ambito", "text", "ambito"), ("provincia", "text", "au_province"), ("anno", "num", "au_year"),
            ("approvazione", "text", "approved_on"), ("violazioni", "num", "au_violations"),
            ("avvisi", "num", "au_warnings"), ("non_valutabili", "num", "au_not_assessable"),
            ("informazioni", "num", "au_information"), ("esito", "num", "au_outcome")]
    out.append('<div class="scorri"><table id="piani" class="sortable"><thead><tr>')
    for key, typ, label in cols:
        out.append(f'<th data-key="{key}" data-type="{typ}"><button type="button">{_e(t(label, lang))}</button></th>')
    out.append(f'<th>{_e(t("au_rules_broken", lang))}</th><th>{_e(t("au_report", lang))}</th></tr></thead><tbody>')
    for i, r in enumerate(s.rows):
        out.append(_plan_row(s, r, i, lang, href, formats))
    out.append("</tbody></table></div>")
    return out


def _plan_row(s: AuditSummary, r: PlanRow, i: int, lang: str, href, formats) -> str:
    broken = r.broken_rules()
    cells = []

    def cell(value, shown=None, cls=""):
        attr = f' class="{cls}"' if cls else ""
        cells.append(f'<td{attr} data-v="{_e(value)}">{shown if shown is not None else _e(value)}</td>')

    cell(r.plan.ambito or r.plan.name, _e(r.plan.ambito or "") + f'<br><span class=muted>{_e(r.plan.name)}</span>')
    cell(r.provincia or "")
    cell(r.plan.anno or 0, _e(r.plan.anno or ""), "n")
    cell(r.approval or "", _e(fmt_date(r.approval, lang) or ""))
    for key, sev in (("violazioni", "violazione"), ("avvisi", "avviso")):
        n = r.count(sev)
        cell(n, None, "n " + _sev_class(sev) if n else "n")
    cell(r.non_valutabili, None, "n")
    n = r.count("informazione")
    cell(n, None, "n i" if n else "n")
    badge = _badge(r.worst, lang)
    if r.plan.errors:
        badge += "<br>" + "<br>".join(_e(e) for e in r.plan.errors)
    cell(OUTCOMES.index(r.worst), badge)
    severity = {}
    for f in r.all_findings():
        if f.outcome == "non_conforme":
            severity.setdefault(f.rule_id, f.severity)
    items = "".join(f'<li class="{_sev_class(severity[rid])}" title="{_e(rid)}">{_e(s.title(rid))}</li>' for rid in broken)
    cells.append(f'<td>{"<ul class=regole>" + items + "</ul>" if items else ""}</td>')
    links = []
    if r.plan.ok:
        for ext in REPORT_FORMATS:
            if ext in formats:
                links.append(f'<a href="piani/{_e(r.report_id)}.{ext}">{ext}</a>')
    cells.append(f"<td>{' · '.join(links)}</td>")
    cls = "errore" if r.worst == "errore" else r.status
    return (f'<tr class="{cls}" data-i="{i}" data-piano="{_e(r.plan.name)}" data-esito="{r.worst}" '
            f'data-provincia="{_e(r.provincia or "")}" data-anno="{_e(r.plan.anno or "")}" '
            f'data-regole="{_e(" ".join(broken))}">' + "".join(cells) + "</tr>")


def _top_section(s: AuditSummary, lang: str) -> list[str]:
    out = [f'<h2 id="regole-titolo">{_e(t("au_top", lang))}</h2>']
    if not s.top_rules:
        out.append(f"<p>{_e(t('au_none', lang))}</p>")
        return out
    out.append(f'<p class=muted>{_e(t("au_top_hint", lang))}</p>')
    out.append(f'<table id="regole"><thead><tr><th>{_e(t("severity", lang))}</th><th>{_e(t("rule", lang))}</th>'
               f'<th>{_e(t("au_plans", lang))}</th><th>{_e(t("au_findings", lang))}</th></tr></thead><tbody>')
    for top in s.top_rules[:25]:
        out.append(f'<tr data-regola="{_e(top.rule_id)}"><td class="{_sev_class(top.severity)}">{_e(t(top.severity, lang))}</td>'
                   f'<td><a href="#piani-titolo" data-filtra-regola="{_e(top.rule_id)}">{_e(top.title)}</a>'
                   f'<br><code>{_e(top.rule_id)}</code></td><td class=n>{top.plans}</td><td class=n>{top.findings}</td></tr>')
    out.append("</tbody></table>")
    return out


def render_overview(s: AuditSummary, meta: dict, lang: str = "it", *,
                    formats: tuple[str, ...] = REPORT_FORMATS, with_map: bool = True) -> str:
    """The overview page. `formats`: the per-plan reports written beside it (piani/<id>.<ext>), which
    its links point to; `with_map`: draw the map when the boundaries are installed."""
    def href(row: PlanRow) -> str | None:
        return report_href(row, formats)

    map_part, map_style = _map_section(s, lang, href, with_map)
    body = (_header(s, meta, lang) + _cross_section(s, lang, href) + map_part
            + _plans_section(s, lang, href, formats) + _top_section(s, lang))
    body.append(f'<p class=muted>{_e(t("au_full_reports", lang))}</p>')
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(t("au_title", lang))}</title><style>{_STYLE}{map_style}</style></head><body>'
            + "".join(body) + f"<script>{_SCRIPT}</script></body></html>\n")
