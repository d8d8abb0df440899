"""Justified findings: a plan may justify a departure from a rule (plan file: `giustificazioni`).

A justification valid on the reference date takes the findings it matches (same rule id and, if
it names one, the same subject) out of `findings` and into `justified_findings`: the report shows
them apart, with the justification, and they do not count as violations (nor for the exit code).

Nothing is ignored silently: a justification that matches no finding, names a rule not
evaluated on the reference date, expired before it, or whose act is dated after it, is itself
reported as a warning (`avviso`) with rule id `PIANO-GIUSTIFICAZIONI`. Such a justification is
not applied: the findings it would cover stay where they are.

This is a check on the plan's own annotations, not a rule of law: the legal verdicts are
durable-rules' (see compliance/evaluate.py); this module only sorts them.
"""

from __future__ import annotations

import datetime
import difflib
import re

from compliance.findings import Finding, Justification, JustifiedFinding, RuleResult
from compliance.i18n import t
from compliance.model.plan import Giustificazione, PianoAnnuale, PianoTriennale

JUSTIFICATION_RULE_ID = "PIANO-GIUSTIFICAZIONI"
JUSTIFICATION_RULE_VERSION = "1"


def _key(subject: str) -> str:
    """Subjects compare without case, quotes or repeated spaces («Spino D'Adda» = spino d'adda)."""
    text = subject.replace("«", "").replace("»", "").replace("’", "'").strip().strip('"')
    return re.sub(r"\s+", " ", text).casefold()


def _justification(index: int, g: Giustificazione) -> Justification:
    return Justification(
        index=index, regola=g.regola, soggetto=g.soggetto, motivazione=g.motivazione,
        base_giuridica=g.base_giuridica, approvata_da=g.approvata_da, atto_numero=g.atto_numero,
        atto_data=g.atto_data.isoformat() if g.atto_data else None,
        scadenza=g.scadenza.isoformat() if g.scadenza else None,
    )


def _date(day: datetime.date, lang: str) -> str:
    return day.isoformat() if lang == "en" else day.strftime("%d/%m/%Y")


def _warning(index: int, g: Giustificazione, reason: str, lang: str, **kw: object) -> Finding:
    target = g.soggetto if g.soggetto else t("just_all_subjects", lang)
    subject = f"{t('just_subject', lang, n=index)}: {g.regola} — {target}"
    return Finding(
        rule_id=JUSTIFICATION_RULE_ID,
        rule_version=JUSTIFICATION_RULE_VERSION,
        outcome="non_conforme",
        severity="avviso",
        subject=subject,
        message=t(f"just_{reason}", lang, n=index, regola=g.regola, soggetto=target, **kw),
        source=t("just_source", lang),
        certainty="letto",
        explanation=t("just_explanation", lang),
        data={
            "giustificazione": index,
            "motivo": reason,
            "regola": g.regola,
            "soggetto": g.soggetto,
            "atto_data": g.atto_data.isoformat() if g.atto_data else None,
            "scadenza": g.scadenza.isoformat() if g.scadenza else None,
        },
    )


def apply_justifications(
    plan: PianoAnnuale | PianoTriennale,
    findings: list[Finding],
    rules: list[RuleResult],
    day: datetime.date,
    lang: str = "it",
) -> tuple[list[Finding], list[JustifiedFinding]]:
    """Split `findings` into (remaining findings + warnings on justifications, justified findings)."""
    justifications = getattr(plan, "giustificazioni", None)  # not every kind of plan has them
    if not justifications:
        return findings, []
    evaluated = {r.id for r in rules}
    taken: dict[int, JustifiedFinding] = {}  # finding position -> justified form
    warnings: list[Finding] = []
    for index, g in enumerate(justifications, start=1):
        if g.scadenza is not None and g.scadenza < day:
            warnings.append(_warning(index, g, "expired", lang, scadenza=_date(g.scadenza, lang),
                                     giorno=_date(day, lang)))
            continue
        if g.atto_data is not None and g.atto_data > day:
            warnings.append(_warning(index, g, "not_yet", lang, atto_data=_date(g.atto_data, lang),
                                     giorno=_date(day, lang)))
            continue
        if g.regola not in evaluated:
            close = difflib.get_close_matches(g.regola, sorted(evaluated), n=1)
            hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
            warnings.append(_warning(index, g, "unknown_rule", lang, giorno=_date(day, lang), hint=hint))
            continue
        of_rule = [(i, f) for i, f in enumerate(findings) if f.rule_id == g.regola]
        matched = [
            (i, f) for i, f in of_rule
            if i not in taken and (g.soggetto is None or _key(f.subject) == _key(g.soggetto))
        ]
        if not matched:
            subjects = sorted(f.subject for _, f in of_rule)  # not in row order: the same plan, the same text
            if subjects:
                hint = " " + t("just_subjects_with_findings", lang, subjects="; ".join(subjects[:5]))
            else:
                hint = " " + t("just_rule_has_no_findings", lang)
            warnings.append(_warning(index, g, "no_finding", lang, hint=hint))
            continue
        justification = _justification(index, g)
        for i, f in matched:
            taken[i] = JustifiedFinding(**f.model_dump(), justification=justification)
    remaining = [f for i, f in enumerate(findings) if i not in taken] + warnings
    justified = [taken[i] for i in sorted(taken)]
    return remaining, justified
