"""Judge a plan: select the rule versions in force, build facts, let durable-rules match,
turn matches into findings and a report."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from compliance import __version__
from compliance.engine.choice import engine_label, match_with
from compliance.engine.durable_runner import match
from compliance.facts.build import build_facts
from compliance.facts.fields import Bounds, is_point
from compliance.facts.schema import KINDS
from compliance.findings import (
    Finding,
    LegalTextApplied,
    PlanInfo,
    Report,
    RuleNotInForce,
    RuleResult,
    Summary,
)
from compliance.justifications import apply_justifications
from compliance.model.plan import PianoAnnuale
from compliance.numbers import plain
from compliance.registry.codes import fact_comune_code
from compliance.report.labels import label as field_label
from compliance.rules.book import RuleBook
from compliance.rules.messages import assumption_text, render, values_for
from compliance.rules.semantics import assumptions
from compliance.rules.spec import SEVERITY_ORDER, Rule
from compliance.units import rows_from_facts

__all__ = ["NoReferenceDate", "NoRulesInForce", "check_plan", "judge_facts", "match", "reference_date", "rules_for"]


class NoReferenceDate(ValueError):
    """The plan has no approval date and none was given."""


class NoRulesInForce(ValueError):
    """No rule version is in force on the reference date."""


def _plain(value):
    """A value for the JSON contract: numbers as numbers, dates as ISO text, bounds as min/max."""
    if isinstance(value, Bounds):
        return {"min": _plain(value.lo), "max": _plain(value.hi)}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return plain(value)


def _finding(rule: Rule, fact: dict, outcome: str, lang: str) -> Finding:
    spec = rule.spec
    fields = KINDS[spec.subject].fields
    assumed = assumptions(rule, fact, fields) if outcome == "non_conforme" else {}
    values = values_for(rule, fact, assumed)
    missing = [f for f in rule.required_fields if not is_point(fact.get(f))]
    values["campi_mancanti"] = ", ".join(field_label(f, lang) for f in missing)  # words, not keys
    if outcome == "non_valutabile":
        template = spec.message_not_assessable.get(lang) if spec.message_not_assessable else (
            "{soggetto}: dati mancanti ({campi_mancanti})" if lang != "en"
            else "{soggetto}: missing data ({campi_mancanti})"
        )
    else:
        template = spec.message.get(lang)
    explanation = spec.explanation
    if outcome == "non_valutabile" and spec.explanation_not_assessable:
        explanation = spec.explanation_not_assessable
    shown = [f for f in fields] + list(rule.computations)
    message = render(template, values, lang)
    if assumed:
        message += " " + assumption_text(assumed, lambda name: field_label(name, lang), lang)
    data = {k: _plain(values.get(k) if k not in assumed else fact.get(k)) for k in shown}
    if assumed:
        data["valori_assunti"] = {k: _plain(v) for k, v in assumed.items()}
    code = fact_comune_code(fact)
    if code:
        data["codice_istat"] = code
    return Finding(
        rule_id=spec.id,
        rule_version=spec.version,
        outcome=outcome,
        severity=spec.severity,
        subject=fact["soggetto"],
        message=message,
        source=spec.source.citation(),
        certainty=spec.certainty,
        explanation=render(explanation.get(lang), values, lang).strip(),
        data=data,
        fields=[k for k in dict.fromkeys([*rule.required_fields, *rule.computations]) if k in shown],
    )


def reference_date(plan: PianoAnnuale, override: datetime.date | None) -> tuple[datetime.date, str]:
    if override is not None:
        return override, "opzione"
    if plan.approvazione.data is not None:
        return plan.approvazione.data, "approvazione"
    raise NoReferenceDate()


def rules_for(book: RuleBook, day: datetime.date, plan_type: str, scope: str | None = "piano") -> list[Rule]:
    """The rule versions in force on `day` for a kind of plan (annual or three-year), by the kind
    of fact they judge. Raises NoRulesInForce before the first day a plan can be judged."""
    rules = [r for r in book.in_force(day, scope) if plan_type in KINDS[r.spec.subject].plan_types]
    if not rules or (book.meta.plans_from and day < book.meta.plans_from):
        raise NoRulesInForce(day)
    return rules


def judge_facts(rules: list[Rule], facts: list[dict], *, engine: str = "durable",
                lang: str = "it") -> tuple[list[RuleResult], list[Finding]]:
    """Each rule's outcome over its subjects, and a finding for each subject not conforme."""
    verdicts = match_with(engine, rules, facts)
    by_kind: dict[str, list[dict]] = {}
    for fact in facts:
        by_kind.setdefault(fact["kind"], []).append(fact)
    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in sorted(rules, key=lambda r: (r.spec.source.article is None, r.path)):
        spec = rule.spec
        subjects = [f for f in by_kind.get(spec.subject, []) if rule.applies_to(f)]
        outcomes = [(f, verdicts.outcome(rule, f["id"])) for f in subjects]
        bad = [(f, o) for f, o in outcomes if o != "conforme"]
        n_nc = sum(1 for _, o in bad if o == "non_conforme")
        n_nv = len(bad) - n_nc
        outcome = "non_conforme" if n_nc else ("non_valutabile" if n_nv else "conforme")
        results.append(RuleResult(
            id=spec.id, version=spec.version, title=spec.title.get(lang), outcome=outcome,
            severity=spec.severity, source=spec.source.citation(), certainty=spec.certainty,
            certainty_note=spec.certainty_note, in_force=spec.in_force.label(), file=rule.path,
            subjects=len(subjects), non_conformi=n_nc, non_valutabili=n_nv,
        ))
        for fact, o in bad:
            findings.append(_finding(rule, fact, o, lang))
    return results, findings


def check_plan(
    plan: PianoAnnuale,
    book: RuleBook,
    *,
    plan_file: str,
    plan_bytes: bytes,
    date: datetime.date | None = None,
    lang: str = "it",
    engine: str = "durable",
) -> Report:
    day, basis = reference_date(plan, date)
    rules = rules_for(book, day, plan.tipo)
    facts = build_facts(plan, day, book.law).facts
    results, findings = judge_facts(rules, facts, engine=engine, lang=lang)
    findings, justified = apply_justifications(plan, findings, results, day, lang)
    order = {r.id: i for i, r in enumerate(results)}
    findings.sort(key=lambda f: (f.outcome != "non_conforme", SEVERITY_ORDER[f.severity],
                                 order.get(f.rule_id, len(order)), f.subject))

    texts = []
    for text, version in book.legal_texts_on(day):
        texts.append(LegalTextApplied(
            act=text.act, title=text.title,
            version=version.label.get(lang) if version else None,
            in_force=version.in_force.label() if version else None,
            certainty=version.certainty if version else None,
        ))
    not_in_force = [
        RuleNotInForce(id=r.id, title=r.spec.title.get(lang),
                       versions=[v.spec.in_force.label() for v in book.rules if v.id == r.id])
        for r in book.not_in_force(day) if plan.tipo in KINDS[r.spec.subject].plan_types
    ]
    summary = Summary(
        rules=len(results),
        conformi=sum(r.outcome == "conforme" for r in results),
        non_conformi=sum(r.outcome == "non_conforme" for r in results),
        non_valutabili=sum(r.outcome == "non_valutabile" for r in results),
        violazioni=sum(f.outcome == "non_conforme" and f.severity == "violazione" for f in findings),
        avvisi=sum(f.outcome == "non_conforme" and f.severity == "avviso" for f in findings),
        informazioni=sum(f.outcome == "non_conforme" and f.severity == "informazione" for f in findings),
        findings_non_valutabili=sum(f.outcome == "non_valutabile" for f in findings),
        giustificati=len(justified),
    )
    return Report(
        tool={"name": "compliance", "version": __version__},
        lang=lang,
        plan=PlanInfo(
            file=Path(plan_file).name,
            sha256=hashlib.sha256(plan_bytes).hexdigest(),
            tipo=plan.tipo,
            anno=plan.anno,
            anno_fine=plan.periodo.al if plan.tipo == "piano_triennale" else None,
            ambito=plan.ambito.denominazione,
            comune_capofila=plan.ambito.comune_capofila,
            data_approvazione=plan.approvazione.data.isoformat() if plan.approvazione.data else None,
            organo_approvazione=plan.approvazione.organo,
        ),
        reference_date=day.isoformat(),
        reference_date_basis=basis,
        engine=engine_label(engine),
        ruleset={"name": book.meta.name, "version": book.meta.version, "digest": book.digest},
        legal_texts=texts,
        summary=summary,
        rules=results,
        findings=findings,
        rules_not_in_force=not_in_force,
        justified_findings=justified,
        units=rows_from_facts(facts, day),
    )
