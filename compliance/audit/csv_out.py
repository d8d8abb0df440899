"""The audit's CSV files, as Italian offices open them (compliance/report/csv_excel.py: `;`, UTF-8
with BOM, decimal comma, dd/mm/yyyy, no live formulas):

* `riepilogo.csv`: one row per plan;
* `rilievi.csv`: one row per finding (a finding across plans: one row per plan it concerns);
* `unita.csv`: the plans in units, one row per plan, owner and comune, with the ISTAT code.
"""

from __future__ import annotations

import datetime

from compliance.audit.summary import AuditSummary
from compliance.report.csv_excel import render_csv

SUMMARY_COLUMNS = ("ambito", "provincia", "comune_capofila", "codice_istat_capofila", "anno", "piano", "data_approvazione", "stato", "esito_peggiore",
                   "violazioni", "avvisi", "informazioni", "non_valutabili", "regole_violate",
                   "titoli_regole_violate", "errore")
FINDING_COLUMNS = ("ambito", "anno", "piano", "regola", "titolo", "gravita", "esito", "soggetto", "codice_istat",
                   "messaggio", "fonte", "tra_piani")
UNITS_COLUMNS = ("ambito", "anno", "piano", "ente", "tipo_ente", "comune", "codice_istat", "unita_anno",
                 "quota_indigenti", "indigenti", "forze_polizia", "polizia_locale", "categorie", "riserve",
                 "graduatoria", "problema")


def _day(iso: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


def summary_csv(s: AuditSummary) -> str:
    rows = []
    for r in s.rows:
        broken = r.broken_rules()
        capofila = r.plan.report.plan.comune_capofila if r.plan.report else None
        code = r.plan.place.capofila if r.plan.place and (r.plan.place.capofila or "").isdigit() else None
        rows.append([r.plan.ambito, r.provincia, capofila, code, r.plan.anno, r.plan.name, _day(r.approval), r.status, r.worst,
                     r.count("violazione"), r.count("avviso"), r.count("informazione"), r.non_valutabili,
                     " ".join(broken), " | ".join(s.title(b) for b in broken), " | ".join(r.plan.errors)])
    return render_csv(SUMMARY_COLUMNS, rows)


def findings_csv(s: AuditSummary) -> str:
    rows = []
    for r in s.rows:
        for f, across in [(f, False) for f in r.findings] + [(c.finding, True) for c in r.cross]:
            rows.append([r.plan.ambito, r.plan.anno, r.plan.name, f.rule_id, s.title(f.rule_id), f.severity,
                         f.outcome, f.subject, f.data.get("codice_istat"), f.message, f.source, across])
    return render_csv(FINDING_COLUMNS, rows)


def units_csv(s: AuditSummary) -> str:
    rows = []
    for r in s.rows:
        if not r.plan.report:
            continue
        for u in r.plan.report.units:
            rows.append([r.plan.ambito, r.plan.anno, r.plan.name, u.ente, u.tipo_ente, u.comune, u.codice_istat,
                         u.unita_anno, u.quota_indigenti, u.indigenti, u.forze_polizia, u.polizia_locale,
                         u.categorie, u.riserve, u.graduatoria, u.problema])
    return render_csv(UNITS_COLUMNS, rows)
