"""JUnit XML, the test-report format every CI server shows (Jenkins, GitLab, Azure DevOps…).

The JUnit format has no standard of its own; the schema CI servers follow is Jenkins' `junit-10.xsd`
(xunit plugin, also used by pytest), against which `tests/test_sarif_junit.py` validates.

* one `<testsuite>` per plan (its file name; properties: ambito, year, approval, reference date);
* one `<testcase>` per rule judged on it (`classname`: the plan; `name`: rule id and title);
* a rule with findings at or above `--fail-on` is a `<failure>` (message: how many, of what
  severity; text: each finding with its subject and message); one with findings below it passes,
  its findings in `<system-out>`; a rule that is *non valutabile* is `<skipped>` (with the missing
  data); findings the baseline accepts do not fail, and are listed in `<system-out>`;
* a plan file that could not be judged is an `<error>`; findings across plans have a testsuite of
  their own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import OrderedDict

from compliance.i18n import t, tn
from compliance.report.ci_results import PlanResults, RuleInfo, RunResults

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _x(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped: drop them."""
    return str(text).translate(_CONTROL)


def _line(f, lang: str) -> str:
    label = t(f.severity if f.outcome == "non_conforme" else f.outcome, lang)
    return f"- [{label}] {f.subject}: {f.message}"


def _case(suite: ET.Element, classname: str, rule: RuleInfo, findings: list, accepted: list,
          run: RunResults, lang: str) -> tuple[int, int]:
    """One testcase; returns (failures, skipped)."""
    case = ET.SubElement(suite, "testcase", classname=_x(classname), name=_x(f"{rule.id} — {rule.title}"), time="0")
    failing = [f for f in findings if run.fails(f)]
    below = [f for f in findings if f.outcome == "non_conforme" and not run.fails(f)]
    open_ = [f for f in findings if f.outcome == "non_valutabile"]
    failures = skipped = 0
    if failing:
        sev = t(failing[0].severity, lang)
        el = ET.SubElement(case, "failure", type=failing[0].severity,
                           message=_x(tn("ju_failure", len(failing), lang, severity=sev, rule=rule.title)))
        el.text = _x("\n".join(_line(f, lang) for f in failing) + f"\n({rule.source})")
        failures = 1
    elif open_ and not below:
        el = ET.SubElement(case, "skipped", type="non_valutabile",
                           message=_x(tn("ju_not_assessable", len(open_), lang)))
        el.text = _x("\n".join(_line(f, lang) for f in open_))
        skipped = 1
    notes = [_line(f, lang) for f in below + (open_ if failing or below else [])]
    notes += [_line(f, lang) + " " + t("ju_accepted", lang) for f in accepted]
    if notes:
        ET.SubElement(case, "system-out").text = _x("\n".join(notes))
    return failures, skipped


def _suite(root: ET.Element, name: str, props: dict) -> ET.Element:
    suite = ET.SubElement(root, "testsuite", name=_x(name), tests="0", failures="0", errors="0", skipped="0", time="0")
    if props:
        p = ET.SubElement(suite, "properties")
        for k, v in props.items():
            if v is not None:
                ET.SubElement(p, "property", name=k, value=_x(str(v)))
    return suite


def _plan_suite(root: ET.Element, plan: PlanResults, run: RunResults, lang: str) -> tuple[int, int, int, int]:
    rep = plan.report
    props = {}
    if rep is not None:
        props = {"ambito": rep.plan.ambito, "anno": rep.plan.anno, "tipo": rep.plan.tipo,
                 "data_approvazione": rep.plan.data_approvazione, "data_riferimento": rep.reference_date,
                 "regole": f"{rep.ruleset['name']} {rep.ruleset['version']}"}
    suite = _suite(root, plan.name, props)
    tests = failures = errors = skipped = 0
    if rep is None:
        case = ET.SubElement(suite, "testcase", classname=_x(plan.name), name=_x(t("ju_load", lang)), time="0")
        el = ET.SubElement(case, "error", type="errore_interno" if plan.internal_error else "file_non_valido",
                           message=_x(plan.errors[0] if plan.errors else t("ju_load", lang)))
        el.text = _x("\n".join(plan.errors))
        tests, errors = 1, 1
    else:
        by_rule: OrderedDict[str, list] = OrderedDict((r.id, []) for r in plan.rules())
        accepted: dict[str, list] = {}
        for f in plan.findings:
            by_rule.setdefault(f.rule_id, []).append(f)
        for f in plan.accepted:
            accepted.setdefault(f.rule_id, []).append(f)
        infos = {r.id: r for r in plan.rules()}
        for rid, findings in by_rule.items():
            f0 = findings[0] if findings else None
            info = infos.get(rid) or RuleInfo(rid, rid, f0.severity, f0.source, f0.certainty)
            fa, sk = _case(suite, plan.name, info, findings, accepted.get(rid, []), run, lang)
            tests, failures, skipped = tests + 1, failures + fa, skipped + sk
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return tests, failures, errors, skipped


def _cross_suite(root: ET.Element, run: RunResults, lang: str) -> tuple[int, int, int, int]:
    suite = _suite(root, t("ju_cross", lang), {})
    by_rule: OrderedDict[str, list] = OrderedDict((r.id, []) for r in run.cross_rules)
    accepted: dict[str, list] = {}
    for c in run.cross:
        (accepted.setdefault(c.finding.rule_id, []) if c.accepted else by_rule.setdefault(c.finding.rule_id, [])).append(c.finding)
    infos = {r.id: r for r in run.cross_rules}
    tests = failures = skipped = errors = 0
    for rid, findings in by_rule.items():
        f0 = (findings or accepted.get(rid) or [None])[0]
        info = infos.get(rid) or RuleInfo(rid, rid, f0.severity, f0.source, f0.certainty)
        fa, sk = _case(suite, t("ju_cross", lang), info, findings, accepted.get(rid, []), run, lang)
        tests, failures, skipped = tests + 1, failures + fa, skipped + sk
    if run.cross_error:
        case = ET.SubElement(suite, "testcase", classname=t("ju_cross", lang), name=t("ju_cross", lang), time="0")
        ET.SubElement(case, "error", type="errore_interno", message=_x(run.cross_error))
        tests, errors = tests + 1, 1
    for k, v in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
        suite.set(k, str(v))
    return tests, failures, errors, skipped


def render_junit(run: RunResults) -> str:
    lang = run.lang
    root = ET.Element("testsuites", name=run.name)
    totals = [0, 0, 0, 0]
    for plan in run.plans:
        for i, n in enumerate(_plan_suite(root, plan, run, lang)):
            totals[i] += n
    if run.cross or run.cross_rules or run.cross_error:
        for i, n in enumerate(_cross_suite(root, run, lang)):
            totals[i] += n
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
