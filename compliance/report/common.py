"""Pieces shared by the reporters."""

from __future__ import annotations

import datetime

from compliance.findings import Report
from compliance.i18n import t


def fmt_date(iso: str | None, lang: str) -> str | None:
    if iso is None:
        return None
    day = datetime.date.fromisoformat(iso)
    return day.strftime("%d/%m/%Y") if lang != "en" else day.isoformat()


def outcome_label(outcome: str, lang: str) -> str:
    return t(outcome, lang).upper() if outcome != "conforme" else t(outcome, lang)


def header_lines(report: Report) -> list[tuple[str, str]]:
    lang = report.lang
    p = report.plan
    approved = fmt_date(p.data_approvazione, lang)
    approval = (
        f"{approved}" + (f" ({p.organo_approvazione})" if p.organo_approvazione else "")
        if approved else t("not_approved", lang)
    )
    basis = t("judged_basis_approval" if report.reference_date_basis == "approvazione" else "judged_basis_option", lang)
    texts = []
    for lt in report.legal_texts:
        if lt.version:
            texts.append(f"{lt.act} — {lt.version} ({lt.in_force})")
        else:
            texts.append(f"{lt.act} — " + ("not in force" if lang == "en" else "non in vigore"))
    lines = [
        (t("plan", lang), plan_label(p, lang)),
        (t("ambito", lang), p.ambito),
    ]
    if p.comune_capofila:
        lines.append((t("capofila", lang), p.comune_capofila))
    lines += [
        (t("approved_on", lang), approval),
        (t("judged_on", lang), f"{fmt_date(report.reference_date, lang)} ({basis})"),
        (t("ruleset", lang), f"{report.ruleset['name']} {report.ruleset['version']} "
                             f"(sha256 {report.ruleset['digest']}), {report.engine}"),
        (t("legal_texts", lang), "; ".join(texts)),
        (t("input_file", lang), f"{p.file} (sha256 {p.sha256[:16]}…)"),
    ]
    return lines


def summary_line(report: Report) -> str:
    s = report.summary
    return t(
        "summary_line", report.lang, rules=s.rules, conformi=s.conformi, non_conformi=s.non_conformi,
        non_valutabili=s.non_valutabili, violazioni=s.violazioni, avvisi=s.avvisi,
        informazioni=s.informazioni, nv=s.findings_non_valutabili,
    )


def justification_lines(finding, lang: str) -> list[tuple[str, str]]:
    """The justification of a justified finding, label by label (all reporters)."""
    j = finding.justification
    act = t("act_number_date", lang, numero=j.atto_numero or t("not_given", lang),
            data=fmt_date(j.atto_data, lang) or t("not_given", lang))
    return [
        (t("motivazione", lang), j.motivazione),
        (t("base_giuridica", lang), j.base_giuridica),
        (t("approvata_da", lang), j.approvata_da),
        (t("atto", lang), act),
        (t("scadenza", lang), fmt_date(j.scadenza, lang) or t("no_expiry", lang)),
    ]


def plan_label(p, lang: str) -> str:
    """«Piano annuale … 2021» or «Piano triennale … 2023-2025»."""
    if p.tipo == "piano_triennale":
        return f"{t('piano_triennale', lang)} {p.anno}-{p.anno_fine}"
    return f"{t('piano_annuale', lang)} {p.anno}"


def period(p) -> str:
    """The plan's year, or its three years."""
    return f"{p.anno}-{p.anno_fine}" if p.anno_fine else str(p.anno)
