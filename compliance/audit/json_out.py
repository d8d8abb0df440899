"""`audit.json`: the audit for other systems, every key in Italian (contract in the README,
«Contratto JSON dell'audit»; `versione_schema` says which)."""

from __future__ import annotations

import json

from compliance.audit.summary import AuditSummary, PlanRow

AUDIT_SCHEMA_VERSION = "2.0"  # 2.0: every key in Italian, ISTAT codes, worst outcome, province; 1.0: mixed keys

FINDING_KEYS = {"rule_id": "regola", "rule_version": "versione_regola", "outcome": "esito", "severity": "gravita",
                "subject": "soggetto", "message": "messaggio", "source": "fonte", "certainty": "certezza",
                "explanation": "spiegazione", "data": "dati"}


def rilievo(finding, plan: str, **extra) -> dict:
    """A finding with Italian keys, its ISTAT code (if a comune is its subject) and its fingerprint."""
    from compliance.pipeline.baseline import finding_fingerprint

    raw = finding.model_dump(mode="json")
    out = {FINDING_KEYS[k]: raw[k] for k in FINDING_KEYS}
    out["codice_istat"] = (raw.get("data") or {}).get("codice_istat")
    out["impronta"] = finding_fingerprint(finding, plan)
    out.update(extra)
    return out


def report_links(row: PlanRow, formats: tuple[str, ...]) -> dict[str, str] | None:
    if not row.plan.ok:
        return None
    return {ext: f"piani/{row.report_id}.{ext}" for ext in ("html", "md", "json") if ext in formats}


def _plan(row: PlanRow, formats: tuple[str, ...]) -> dict:
    from compliance.pipeline.baseline import ACROSS_PLANS, plan_key

    rep = row.plan.report
    key = plan_key(rep.plan.tipo, rep.plan.anno, rep.plan.ambito) if rep else None
    place = row.plan.place
    return {
        "piano": row.plan.name,
        "file": row.plan.path,
        "tipo": row.plan.tipo,
        "ambito": row.plan.ambito,
        "anno": row.plan.anno,
        "provincia": row.provincia,
        "comune_capofila": rep.plan.comune_capofila if rep else None,
        "codice_istat_capofila": place.capofila if place and place.capofila and place.capofila.isdigit() else None,
        "data_approvazione": row.approval,
        "stato": row.status,
        "esito_peggiore": row.worst,
        "errori": row.plan.errors,
        "violazioni": row.count("violazione"),
        "avvisi": row.count("avviso"),
        "informazioni": row.count("informazione"),
        "non_valutabili": row.non_valutabili,
        "regole_violate": row.broken_rules(),
        "rapporti": report_links(row, formats),
        "rilievi": [rilievo(f, key) for f in row.findings],
        "rilievi_tra_piani": [rilievo(c.finding, ACROSS_PLANS, piani=c.plans) for c in row.cross],
        "rilievi_accettati": [rilievo(f, key) for f in row.accepted],
        "unita": [u.model_dump(mode="json") for u in rep.units] if rep else [],
    }


def audit_json(s: AuditSummary, meta: dict, formats: tuple[str, ...] = ("html", "md", "json")) -> str:
    from compliance.pipeline.baseline import ACROSS_PLANS

    data = {
        "versione_schema": AUDIT_SCHEMA_VERSION,
        **meta,
        "totali": s.totals(),
        "errore_tra_piani": s.run.cross_error,
        "regole_piu_violate": [{"regola": r.rule_id, "titolo": r.title, "gravita": r.severity,
                                "rilievi": r.findings, "piani": r.plans} for r in s.top_rules],
        "regole_tra_piani": [{"regola": r.id, "titolo": r.title, "gravita": r.severity, "certezza": r.certainty,
                              "fonte": r.source, "soggetti": r.subjects, "non_conformi": r.non_conformi,
                              "non_valutabili": r.non_valutabili} for r in s.run.cross_rules],
        "rilievi_tra_piani": [rilievo(c.finding, ACROSS_PLANS, piani=c.plans) for c in s.cross],
        "rilievi_tra_piani_accettati": [rilievo(c.finding, ACROSS_PLANS, piani=c.plans) for c in s.accepted_cross],
        "piani": [_plan(r, formats) for r in s.rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
