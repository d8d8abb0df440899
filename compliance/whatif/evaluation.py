"""One place that judges a (modified) plan: compliance.evaluate.check_plan, durable-rules verdicts.

`Baseline` holds what does not change between scenarios: the rule book (loaded once; its
compiled rulesets are cached by compliance.evaluate), the plan's YAML data and bytes, the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from compliance.findings import Report
from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem, load_any_plan
from compliance.rules.book import RuleBook, load_rulebook


@dataclass(frozen=True)
class Baseline:
    plan_file: Path
    data: dict  # the plan as plain YAML data (never modified)
    plan: Any  # PianoAnnuale or PianoTriennale
    raw: bytes
    model: type[BaseModel]  # the plan's model, by its `tipo`
    lines: dict
    book: RuleBook
    date: datetime.date | None
    lang: str


def load_baseline(plan_file: Path, rules_dir: Path | None, date: datetime.date | None, lang: str) -> Baseline:
    """Read and validate the plan and the rule book. Raises InputError."""
    plan, doc = load_any_plan(plan_file, lang)
    book = load_rulebook(rules_dir)
    return Baseline(Path(plan_file), doc.data, plan, doc.raw, type(plan), doc.lines, book, date, lang)


def judge(base: Baseline, plan: Any, source: str | None = None) -> Report:
    """check_plan on `plan`; a plan that cannot be dated is bad input (InputError)."""
    from compliance.evaluate import NoReferenceDate, NoRulesInForce, check_plan

    try:
        return check_plan(plan, base.book, plan_file=str(base.plan_file), plan_bytes=base.raw,
                          date=base.date, lang=base.lang)
    except NoReferenceDate:
        line = None if source else base.lines.get(("approvazione",))  # lines are the plan file's
        raise InputError([InputProblem(source or str(base.plan_file), line,
                                       "approvazione.data", t("no_reference_date", base.lang))]) from None
    except NoRulesInForce as exc:
        raise InputError([InputProblem(source or "--date", None, None,
                                       t("no_rules_in_force", base.lang,
                                         day=exc.args[0].strftime("%d/%m/%Y")))]) from None


def violations(report: Report) -> int:
    return report.summary.violazioni


def outcome_map(report: Report) -> dict[tuple[str, str], tuple[str, str]]:
    """(rule id, subject) -> (outcome, severity) of every finding; subjects not listed are conforme."""
    return {(f.rule_id, f.subject): (f.outcome, f.severity) for f in report.findings}
