"""Judge a plan: select the rule versions in force, build facts, let durable-rules match,
turn matches into findings and a report."""

from __future__ import annotations

import datetime
import hashlib
from functools import lru_cache
from pathlib import Path

from compliance import __version__
from compliance.engine.durable_runner import runner
from compliance.engine.verdicts import Verdicts
from compliance.facts.build import build_facts
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
from compliance.registry.codes import fact_comune_code
from compliance.model.plan import PianoAnnuale
from compliance.report.labels import label as field_label
from compliance.rules.compiler import CompiledRuleset, compile_rules
from compliance.rules.messages import render, values_for
from compliance.rules.spec import SEVERITY_ORDER, Rule, RuleBook


class NoReferenceDate(ValueError):
    """The plan has no approval date and none was given."""


class NoRulesInForce(ValueError):
    """No rule version is in force on the reference date."""


@lru_cache(maxsize=64)
def _compiled(rules: tuple[Rule, ...]) -> CompiledRuleset:
    return compile_rules(list(rules))


def match(rules: list[Rule], facts: list[dict]) -> Verdicts:
    """Verdicts of durable-rules on the facts, for each rule."""
    verdicts = Verdicts.empty(rules)
    for m in runner().run(_compiled(tuple(rules)), facts):
        key, _, kind = m.action.rpartition("|")
        (verdicts.violated if kind == "v" else verdicts.not_assessable)[key].add(m.fact_id)
    return verdicts


def _plain(value):
    from fractions import Fraction

    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _finding(rule: Rule, fact: dict, outcome: str, lang: str) -> Finding:
    spec = rule.spec
    values = values_for(rule, fact)
    missing = [f for f in rule.required_fields if fact.get(f) is None]
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
    shown = [f for f in KINDS[spec.subject].fields] + list(rule.computations)
    data = {k: _plain(values.get(k)) for k in shown}
    code = fact_comune_code(fact)
    if code:
        data["codice_istat"] = code
    return Finding(
        rule_id=spec.id,
        rule_version=spec.version,
        outcome=outcome,
        severity=spec.severity,
        subject=fact["soggetto"],
        message=render(template, values, lang),
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
    from compliance.engine.choice import engine_label, match_with

    day, basis = reference_date(plan, date)
    # the rules of this kind of plan (annual or three-year), by the kind of fact they judge
    rules = [r for r in book.in_force(day) if plan.tipo in KINDS[r.spec.subject].plan_types]
    if not rules or (book.meta.plans_from and day < book.meta.plans_from):
        raise NoRulesInForce(day)
    facts = build_facts(plan, day).facts
    verdicts = match_with(engine, rules, facts)

    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in sorted(rules, key=lambda r: (r.spec.source.article is None, r.path)):
        spec = rule.spec
        subjects = [f for f in facts if rule.applies_to(f)]
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
        units=_units(facts, day),
    )


def _units(facts: list[dict], day: datetime.date) -> list:
    from compliance.units import rows_from_facts

    return rows_from_facts(facts, day)
