"""`--select` / `--ignore`: which findings count, by rule id (or its prefix), article or severity.

A token is read as

* a severity: `violazione`, `avviso`, `informazione`;
* an article: `art. 7 bis`, `art.13`, `articolo 7 ter`, optionally with its act first or last
  (`R.R. 4/2017 art. 7 bis`, `art. 43 L.R. 16/2016`): the rules whose source is that article;
* otherwise a rule id or the start of one, case-insensitive (`RR4-A7BIS` selects every rule of
  art. 7 bis of R.R. 4/2017, as the ids are laid out like the law).

A finding counts when it matches some `--select` token (or none is given) and no `--ignore`
token. An unknown token is a usage error with the closest rule id as a hint.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

SEVERITIES = ("violazione", "avviso", "informazione")
# findings the tool itself raises outside the rule files (compliance/justifications.py)
BUILTIN_IDS = ("PIANO-GIUSTIFICAZIONI",)
_ARTICLE = re.compile(r"^(?P<pre>.*?)\b(?:art\.?|articolo)\s*(?P<art>\d+\s*(?:[a-z]+)?)(?P<post>.*)$", re.IGNORECASE)


class SelectionError(ValueError):
    """An option token that names no rule, article or severity."""


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class Token:
    text: str
    severity: str | None = None
    rule_ids: frozenset[str] = frozenset()

    def matches(self, rule_id: str, severity: str) -> bool:
        if self.severity is not None:
            return severity == self.severity
        return rule_id.upper() in self.rule_ids


def _article_ids(book, article: str, act: str) -> set[str]:
    out = set()
    for r in book.rules:
        s = r.spec.source
        if _norm(s.article or "") != _norm(article):
            continue
        if act and _norm(act) not in _norm(s.act):
            continue
        out.add(r.id.upper())
    return out


def parse_token(text: str, book, option: str = "--select", lang: str = "it") -> Token:
    from compliance.i18n import t

    raw = text.strip()
    if raw.lower() in SEVERITIES:
        return Token(raw, severity=raw.lower())
    m = _ARTICLE.match(raw)
    if m:
        act = (m.group("pre") + " " + m.group("post")).strip(" ,;")
        ids = _article_ids(book, m.group("art"), act)
        if not ids:
            raise SelectionError(f"{option} {raw}: " + t("sel_no_article", lang))
        return Token(raw, rule_ids=frozenset(ids))
    known = sorted({r.id.upper() for r in book.rules} | set(BUILTIN_IDS))
    ids = {k for k in known if k.startswith(raw.upper())} if raw else set()
    if not ids:
        close = difflib.get_close_matches(raw.upper(), known, n=1, cutoff=0.6)
        hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
        raise SelectionError(f"{option} {raw}: " + t("sel_unknown", lang) + hint)
    return Token(raw, rule_ids=frozenset(ids))


@dataclass(frozen=True)
class Selection:
    select: tuple[Token, ...] = ()
    ignore: tuple[Token, ...] = ()

    @classmethod
    def parse(cls, select: list[str], ignore: list[str], book, lang: str = "it") -> "Selection":
        """Tokens as given (each may hold several, comma-separated, as in a config file)."""
        def split(values):
            return [p for v in values for p in (x.strip() for x in re.split(r",(?![^()]*\))", v)) if p]

        return cls(tuple(parse_token(v, book, "--select", lang) for v in split(select)),
                   tuple(parse_token(v, book, "--ignore", lang) for v in split(ignore)))

    @property
    def active(self) -> bool:
        return bool(self.select or self.ignore)

    def keeps(self, rule_id: str, severity: str) -> bool:
        if self.select and not any(t.matches(rule_id, severity) for t in self.select):
            return False
        return not any(t.matches(rule_id, severity) for t in self.ignore)

    def keep(self, finding) -> bool:
        return self.keeps(finding.rule_id, finding.severity)

    def describe(self) -> str:
        parts = []
        if self.select:
            parts.append("--select " + ", ".join(t.text for t in self.select))
        if self.ignore:
            parts.append("--ignore " + ", ".join(t.text for t in self.ignore))
        return "; ".join(parts)


def apply_to_report(report, selection: Selection):
    """The report with only the selected rules and their findings; the summary recounted."""
    if not selection.active:
        return report
    rules = [r for r in report.rules if selection.keeps(r.id, r.severity)]
    findings = [f for f in report.findings if selection.keep(f)]
    justified = [f for f in report.justified_findings if selection.keep(f)]
    return report.model_copy(update={"rules": rules, "findings": findings, "justified_findings": justified,
                                     "summary": recount(report.summary, rules, findings, justified)})


def recount(summary, rules, findings, justified):
    def nc(sev):
        return sum(1 for f in findings if f.outcome == "non_conforme" and f.severity == sev)

    return summary.model_copy(update={
        "rules": len(rules),
        "conformi": sum(r.outcome == "conforme" for r in rules),
        "non_conformi": sum(r.outcome == "non_conforme" for r in rules),
        "non_valutabili": sum(r.outcome == "non_valutabile" for r in rules),
        "violazioni": nc("violazione"), "avvisi": nc("avviso"), "informazioni": nc("informazione"),
        "findings_non_valutabili": sum(1 for f in findings if f.outcome == "non_valutabile"),
        "giustificati": len(justified),
    })
