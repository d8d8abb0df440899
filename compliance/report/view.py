"""What every report shows, in the order a reader needs it, as words: shared by the terminal,
Markdown and HTML/PDF renderers.

1. the document: what was judged, on which date, generated when, for which act;
2. the summary: the verdict in one sentence, each violation and warning in one line with its
   article and what to do, the rules that could not be assessed, the counts;
3. the findings, with their numbers (labelled, rounded) and explanation;
4. the plan in units; the findings the plan justifies;
5. the appendix: every rule evaluated and its version, the legal texts applied, the rule set,
   the input file, the rules not in force.

No rule id, research-note code or file path reaches a reader of the HTML/PDF: rule ids stay in
the JSON report and in `compliance rules explain`.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from compliance.findings import Finding, Report, RuleResult
from compliance.i18n import fix_elision, fmt_date, fmt_datetime, fmt_list, t
from compliance.report.labels import figure, label
from compliance.report.safe import clean

NV_SHOWN = 3  # non-valutabile findings of one rule shown in full; the rest named in one paragraph


# ---- the document the report is attached to ------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """What makes the report an attachment to an act: when it was generated, the protocol number,
    the act it is attached to, who signs it (all optional but the time)."""

    generated: datetime.datetime
    protocollo: str | None = None
    atto: str | None = None
    firmatario: str | None = None


def attachment(protocollo: str | None = None, atto: str | None = None, firmatario: str | None = None,
               now: datetime.datetime | None = None) -> Attachment:
    """The attachment data with the generation time: `now`, else $SOURCE_DATE_EPOCH (the
    reproducible-builds convention: the same input and epoch give the same bytes), else the clock.
    Shown in Italian time."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            now = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        else:
            now = datetime.datetime.now(datetime.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=datetime.timezone.utc)
    try:
        from zoneinfo import ZoneInfo

        now = now.astimezone(ZoneInfo("Europe/Rome"))
    except Exception:  # no time-zone data: the machine's own time
        now = now.astimezone()
    strip = lambda v: clean(v).strip() or None if v is not None else None  # noqa: E731
    return Attachment(now.replace(microsecond=0), strip(protocollo), strip(atto), strip(firmatario))


# ---- pieces ----------------------------------------------------------------------------------------


def text(report: Report, value: str) -> str:
    """Text written elsewhere (rule files, the plan), safe and, in Italian, elided."""
    out = clean(value)
    return fix_elision(out) if report.lang != "en" else out


def subject(report: Report, value: str) -> str:
    """A finding's subject; the plan as a whole ("piano") as a reader names it."""
    return t("subject_plan", report.lang) if value == "piano" else text(report, value)


def plan_label(report: Report) -> str:
    p = report.plan
    if p.tipo == "piano_triennale":
        return t("plan_title_triennale", report.lang, start=p.anno, end=p.anno_fine)
    return t("plan_title_annuale", report.lang, year=p.anno)


def period(report: Report) -> str:
    p = report.plan
    return f"{p.anno}-{p.anno_fine}" if p.anno_fine else str(p.anno)


def title(report: Report) -> str:
    """«Verifica di conformità: Ambito Distrettuale Cremasco, 2021»."""
    return t("report_heading", report.lang, ambito=clean(report.plan.ambito), period=period(report))


def in_force_text(label_text: str, lang: str) -> str:
    """A rule version's period ("dal 11/03/2025 al …", as the rule book labels it) in the report's
    language, elided: "in vigore dall'11/03/2025"."""
    match = re.fullmatch(r"dal (\d\d/\d\d/\d{4})(?: al (\d\d/\d\d/\d{4}))?", label_text.strip())
    if not match:
        return clean(label_text)
    start = datetime.datetime.strptime(match.group(1), "%d/%m/%Y").date()
    if match.group(2):
        end = datetime.datetime.strptime(match.group(2), "%d/%m/%Y").date()
        return t("in_force_between", lang, start=start, end=end)
    return t("in_force_since", lang, start=start)


def approved_plan(report: Report) -> bool:
    """The plan is judged as adopted (on its approval date), not as a draft (--date)."""
    return report.reference_date_basis == "approvazione"


# ---- header ----------------------------------------------------------------------------------------


def header_rows(report: Report, doc: Attachment) -> list[tuple[str, str]]:
    lang = report.lang
    p = report.plan
    rows = [(t("plan", lang), plan_label(report)), (t("ambito", lang), clean(p.ambito))]
    if p.comune_capofila:
        rows.append((t("capofila", lang), clean(p.comune_capofila)))
    if p.data_approvazione:
        approval = fmt_date(p.data_approvazione, lang)
        if p.organo_approvazione:
            approval = t("approved_by", lang, day=approval, body=clean(p.organo_approvazione))
    else:
        approval = t("not_approved", lang)
    rows.append((t("approved_on", lang), approval))
    basis = t("judged_basis_approval" if approved_plan(report) else "judged_basis_option", lang)
    rows.append((t("judged_on", lang), f"{fmt_date(report.reference_date, lang)} ({basis})"))
    rows.append((t("generated_on", lang), fmt_datetime(doc.generated, lang)))
    if not report.engine.startswith("durable-rules"):  # a diagnosis with another engine says so up front
        rows.append((t("engine", lang), clean(report.engine)))
    if doc.protocollo:
        rows.append((t("protocol", lang), doc.protocollo))
    if doc.atto:
        rows.append((t("act", lang), doc.atto))
    if doc.firmatario:
        rows.append((t("signatory", lang), doc.firmatario))
    return rows


# ---- summary ---------------------------------------------------------------------------------------


def verdict(report: Report) -> str:
    """The verdict in one sentence."""
    lang = report.lang
    s = report.summary
    nv_rules = s.non_valutabili
    parts = []
    if s.violazioni:
        parts.append(t("count_violations", lang, n=s.violazioni))
    if s.avvisi:
        parts.append(t("count_warnings_to_check", lang, n=s.avvisi))
    if s.informazioni:
        parts.append(t("count_information", lang, n=s.informazioni))
    details = fmt_list(parts, lang)
    missing = t("verdict_missing", lang, n=nv_rules) if nv_rules else ""
    if s.violazioni:
        head = t("verdict_not_compliant", lang, details=details)
    elif parts:
        head = t("verdict_no_violation_but", lang, details=details)
    elif nv_rules:
        head = t("verdict_no_violation", lang)
    else:
        head = t("verdict_compliant", lang)
    return head + (missing if missing else "") + "."


def action(report: Report, finding: Finding, short: bool = False) -> str:
    """What to do about a finding: in a few words for the summary (`short`), in full for its card."""
    lang = report.lang
    if finding.outcome == "non_valutabile":
        missing = [label(f, lang) for f in missing_fields(finding)]
        if missing:
            return t("todo_complete_fields", lang, fields=", ".join(dict.fromkeys(missing)))
        return t("todo_complete", lang)
    approved = approved_plan(report)
    if finding.severity == "violazione":
        return t("todo_fix_act" if approved else "todo_fix_draft", lang)
    if finding.severity == "avviso":
        if short:
            return t("todo_check", lang)
        return t("todo_check_act" if approved else "todo_check_draft", lang)
    return t("todo_note", lang)


@lru_cache(maxsize=1)
def _fact_fields() -> frozenset[str]:
    from compliance.facts.schema import KINDS

    return frozenset(name for kind in KINDS.values() for name in kind.fields)


def missing_fields(finding: Finding) -> list[str]:
    """The figures of the plan a non-valutabile finding lacks (not the values computed from them)."""
    return [f for f in finding.fields if finding.data.get(f) is None and f in _fact_fields()]


@dataclass
class SummaryLine:
    kind: str  # violazione | avviso | dati
    subject: str
    title: str
    article: str
    action: str
    count: int = 1  # subjects (for a rule that could not be assessed)

    @property
    def subject_in_title(self) -> bool:
        """The rule's title already names the subject ("… voce f): misure …"): say it once."""
        return self.subject.casefold() in self.title.casefold()


def rule_index(report: Report) -> dict[str, RuleResult]:
    return {r.id: r for r in report.rules}


def summary_lines(report: Report) -> list[SummaryLine]:
    """Each violation and warning, then each rule that could not be assessed, in one line."""
    rules = rule_index(report)
    out: list[SummaryLine] = []
    for f in report.findings:
        if f.outcome == "non_conforme" and f.severity in ("violazione", "avviso"):
            rule = rules.get(f.rule_id)
            out.append(SummaryLine(f.severity, subject(report, f.subject), rule_title(report, f, rule),
                                   text(report, f.source), action(report, f, short=True)))
    for rule_id, group in not_assessable_groups(report):
        f = group[0]
        rule = rules.get(rule_id)
        missing = sorted({m for g in group for m in missing_fields(g)},
                         key=lambda m: f.fields.index(m) if m in f.fields else 99)
        todo = (t("todo_complete_fields", report.lang, fields=", ".join(label(m, report.lang) for m in missing))
                if missing else t("todo_complete", report.lang))
        out.append(SummaryLine("dati", subjects_text(report, group), rule_title(report, f, rule),
                               text(report, f.source), todo, len(group)))
    return out


def rule_title(report: Report, finding: Finding, rule: RuleResult | None) -> str:
    return text(report, rule.title) if rule else text(report, finding.source)


def subjects_text(report: Report, group: list[Finding]) -> str:
    if len(group) == 1:
        return subject(report, group[0].subject)
    return t("subjects_count", report.lang, n=len(group))


def not_assessable_groups(report: Report) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.outcome == "non_valutabile":
            groups.setdefault(f.rule_id, []).append(f)
    return list(groups.items())


def counts(report: Report) -> list[tuple[str, str]]:
    """The counts, as label and value (rules by outcome, findings by kind)."""
    lang = report.lang
    s = report.summary
    rows = [
        (t("rules_evaluated_label", lang),
         t("rules_evaluated_n", lang, n=s.rules) + ": " + fmt_list([
             t("n_conformi", lang, n=s.conformi), t("n_non_conformi", lang, n=s.non_conformi),
             t("n_non_valutabili", lang, n=s.non_valutabili)], lang)),
        (t("findings_label", lang),
         fmt_list([t("count_violations", lang, n=s.violazioni), t("count_warnings", lang, n=s.avvisi),
                   t("count_information", lang, n=s.informazioni),
                   t("count_missing", lang, n=s.findings_non_valutabili)], lang)),
    ]
    if report.justified_findings:
        rows.append((t("justified_label", lang), t("count_justified", lang, n=len(report.justified_findings))))
    return rows


# ---- findings --------------------------------------------------------------------------------------


@dataclass
class FindingCard:
    finding: Finding
    title: str
    subject: str
    article: str
    message: str
    explanation: str
    figures: list[tuple[str, str]]
    todo: str
    kind: str  # violazione | avviso | informazione | dati | giustificato
    severity_note: str  # the severity, worded so that it cannot be read as the outcome
    justification: list[tuple[str, str]] = field(default_factory=list)  # a justified finding's


@dataclass
class MoreSubjects:
    count: int
    subjects: list[str]
    text: str


@dataclass
class FindingSection:
    heading: str
    items: list = field(default_factory=list)  # FindingCard | MoreSubjects
    missing: bool = False  # the section of the rules that could not be assessed


def figures(report: Report, f: Finding) -> list[tuple[str, str]]:
    """The numbers behind a finding, labelled and written for people (the fields its rule reads;
    for a report without that list, every figure but the subject's names)."""
    lang = report.lang
    names = f.fields or [k for k in f.data if k not in ("ente", "comune", "tipo_ente")]
    out = []
    for name in names:
        if name in f.data:
            out.append((label(name, lang), text(report, figure(name, f.data[name], lang))))
    return out


def severity_note(report: Report, f: Finding) -> str:
    if f.outcome == "non_valutabile":
        return t("severity_if_not_compliant", report.lang, severity=t(f.severity, report.lang))
    return t("severity_of_finding", report.lang, severity=t(f.severity, report.lang))


def card(report: Report, f: Finding, rules: dict[str, RuleResult], kind: str | None = None) -> FindingCard:
    return FindingCard(
        finding=f, title=rule_title(report, f, rules.get(f.rule_id)), subject=subject(report, f.subject),
        article=text(report, f.source), message=text(report, f.message),
        explanation=text(report, f.explanation), figures=figures(report, f), todo=action(report, f),
        kind=kind or (f.severity if f.outcome == "non_conforme" else "dati"),
        severity_note=severity_note(report, f),
        justification=justification_rows(report, f) if kind == "giustificato" else [],
    )


def finding_sections(report: Report) -> list[FindingSection]:
    """Violations, warnings, information, then the rules that could not be assessed (each rule's
    first NV_SHOWN subjects in full, the rest named)."""
    lang = report.lang
    rules = rule_index(report)
    sections = []
    for severity, heading in (("violazione", "section_violations"), ("avviso", "section_warnings"),
                              ("informazione", "section_information")):
        found = [f for f in report.findings if f.outcome == "non_conforme" and f.severity == severity]
        if found:
            sections.append(FindingSection(t(heading, lang), [card(report, f, rules) for f in found]))
    groups = not_assessable_groups(report)
    if groups:
        section = FindingSection(t("section_missing", lang), missing=True)
        for _rule_id, group in groups:
            section.items += [card(report, f, rules) for f in group[:NV_SHOWN]]
            rest = [subject(report, f.subject) for f in group[NV_SHOWN:]]
            if rest:
                section.items.append(MoreSubjects(len(rest), rest, t("more_subjects", lang, n=len(rest))))
        sections.append(section)
    return sections


def justified_cards(report: Report) -> list[FindingCard]:
    rules = rule_index(report)
    return [card(report, f, rules, kind="giustificato") for f in report.justified_findings]


def justification_rows(report: Report, f) -> list[tuple[str, str]]:
    lang = report.lang
    j = f.justification
    act = t("act_number_date", lang, numero=clean(j.atto_numero) if j.atto_numero else t("not_given", lang),
            data=fmt_date(j.atto_data, lang) if j.atto_data else t("not_given", lang))
    return [
        (t("motivazione", lang), clean(j.motivazione)),
        (t("base_giuridica", lang), clean(j.base_giuridica)),
        (t("approvata_da", lang), clean(j.approvata_da)),
        (t("atto", lang), act),
        (t("scadenza", lang), fmt_date(j.scadenza, lang) if j.scadenza else t("no_expiry", lang)),
    ]


# ---- units -----------------------------------------------------------------------------------------

UNIT_COLUMNS = ("unita_anno", "indigenti", "forze_polizia", "polizia_locale", "categorie", "graduatoria")


@dataclass
class UnitsGroup:
    owner: str
    rows: list[tuple[str, list[str], str, str | None]]  # comune, values, note, problem


def units_groups(report: Report) -> list[UnitsGroup]:
    """The plan in units, one group per owner (its name once), one row per comune."""
    from compliance.i18n import fmt_int

    lang = report.lang
    groups: dict[str, UnitsGroup] = {}
    for u in report.units:
        owner = clean(u.ente)
        group = groups.setdefault(owner, UnitsGroup(owner, []))
        values = [t("not_given_short", lang) if getattr(u, c) is None else fmt_int(getattr(u, c), lang)
                  for c in UNIT_COLUMNS]
        note = t(f"units_problem_{u.problema}", lang) if u.problema else ""
        group.rows.append((clean(u.comune) if u.comune else t("no_comune", lang), values, note, u.problema))
    return list(groups.values())


def units_headers(lang: str) -> dict[str, str]:
    return {c: t(f"units_col_{c}", lang) for c in ("ente", "comune", *UNIT_COLUMNS, "problema")}


# ---- appendix --------------------------------------------------------------------------------------


@dataclass
class RuleRow:
    title: str
    article: str
    version: str
    outcome: str
    outcome_label: str
    severity: str  # the severity a non-compliance would have, worded as such
    certainty: str
    subjects: str


def rule_rows(report: Report) -> list[RuleRow]:
    lang = report.lang
    out = []
    for r in report.rules:
        if r.outcome == "conforme":
            subjects = t("subjects_checked", lang, n=r.subjects)
        else:
            subjects = t("subjects_with_findings", lang, n=r.non_conformi + r.non_valutabili, total=r.subjects)
        out.append(RuleRow(
            title=text(report, r.title), article=text(report, r.source),
            version=t("rule_version", lang, version=clean(r.version), period=in_force_text(r.in_force, lang)),
            outcome=r.outcome, outcome_label=outcome_word(r.outcome, lang), severity=t(r.severity, lang),
            certainty=t(r.certainty, lang), subjects=subjects,
        ))
    return out


def outcome_word(outcome: str, lang: str) -> str:
    return t(outcome, lang)


def legal_text_rows(report: Report) -> list[tuple[str, str]]:
    lang = report.lang
    rows = []
    for lt in report.legal_texts:
        if lt.version:
            value = text(report, lt.version)
            if lt.in_force:
                value += f" ({in_force_text(lt.in_force, lang)})"
        else:
            value = t("non_in_vigore", lang)
        rows.append((text(report, lt.act), value))
    return rows


def version_rows(report: Report) -> list[tuple[str, str, bool]]:
    """Label, value, and whether the value is a digest (shown in a fixed-width font)."""
    lang = report.lang
    rs = report.ruleset
    return [
        (t("ruleset_version", lang), f"{clean(rs['name'])} {clean(rs['version'])}", False),
        (t("ruleset_digest", lang), clean(rs["digest"]), True),
        (t("engine", lang), clean(report.engine), False),
        (t("input_hash", lang), clean(report.plan.file), False),
        ("SHA-256", report.plan.sha256, True),
        (t("generated_by_label", lang), f"{report.tool.get('name', '')} {report.tool.get('version', '')}", False),
    ]


def not_in_force_rows(report: Report) -> list[tuple[str, str]]:
    lang = report.lang
    return [(text(report, r.title), "; ".join(in_force_text(v, lang) for v in r.versions))
            for r in report.rules_not_in_force]
