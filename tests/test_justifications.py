"""Justified findings (plan file: `giustificazioni`): shown apart, not counted; bad ones reported."""

from __future__ import annotations

import json

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from compliance.cli import app
from compliance.evaluate import check_plan
from compliance.justifications import JUSTIFICATION_RULE_ID
from compliance.model.plan import PianoAnnuale
from compliance.report.markdown import render_markdown
from compliance.report.terminal import print_report
from tests.conftest import CREMASCO

OBBLIGO = "RR4-A5-C1-OBBLIGO-INFORMATIVO"
TRESCORE = "Comune di Trescore Cremasco"
ISTAT = "DATI-NOMI-COMUNI-ISTAT"

runner = CliRunner()


def giustificazione(**over):
    base = {
        "regola": OBBLIGO,
        "soggetto": TRESCORE,
        "motivazione": "Dati comunicati via PEC il 20/01/2021, fuori piattaforma.",
        "base_giuridica": "R.R. 4/2017 art. 5 c. 1",
        "approvata_da": "Assemblea dei Sindaci",
        "atto_numero": "3/2021",
        "atto_data": "2021-01-28",
        "scadenza": "2021-12-31",
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def plan_data(*justifications):
    data = yaml.safe_load(CREMASCO.read_text(encoding="utf-8"))
    data["giustificazioni"] = list(justifications)
    return data


def report_for(book, *justifications, lang="it"):
    data = plan_data(*justifications)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    plan = PianoAnnuale.model_validate(yaml.safe_load(text))
    return check_plan(plan, book, plan_file="giustificato.yaml", plan_bytes=text.encode(), lang=lang)


def warnings_of(report):
    return [f for f in report.findings if f.rule_id == JUSTIFICATION_RULE_ID]


def write_plan(tmp_path, *justifications):
    path = tmp_path / "giustificato.yaml"
    path.write_text(yaml.safe_dump(plan_data(*justifications), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def test_without_justifications_nothing_changes(cremasco_report):
    assert cremasco_report.justified_findings == []
    assert cremasco_report.summary.giustificati == 0
    assert not any(f.rule_id == JUSTIFICATION_RULE_ID for f in cremasco_report.findings)


def test_a_justified_violation_is_shown_apart_and_not_counted(book, cremasco_report):
    report = report_for(book, giustificazione())
    assert not any(f.rule_id == OBBLIGO and f.subject == TRESCORE for f in report.findings)
    [justified] = report.justified_findings
    assert justified.rule_id == OBBLIGO and justified.subject == TRESCORE
    assert justified.outcome == "non_conforme" and justified.severity == "violazione"
    j = justified.justification
    assert (j.index, j.approvata_da, j.atto_numero, j.atto_data, j.scadenza) == (
        1, "Assemblea dei Sindaci", "3/2021", "2021-01-28", "2021-12-31")
    assert report.summary.giustificati == 1
    assert report.summary.violazioni == cremasco_report.summary.violazioni - 1
    assert warnings_of(report) == []
    # the rule itself is still broken (the plan departs from it), with the justification shown
    assert next(r for r in report.rules if r.id == OBBLIGO).outcome == "non_conforme"


def test_justified_violation_changes_the_exit_code(tmp_path):
    plain = runner.invoke(app, ["check", str(CREMASCO), "-f", "json"])
    assert plain.exit_code == 1
    path = write_plan(tmp_path, giustificazione())
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    data = json.loads(result.stdout)
    remaining = [f for f in data["findings"] if f["outcome"] == "non_conforme" and f["severity"] == "violazione"]
    assert result.exit_code == (1 if remaining else 0)
    assert not any(f["rule_id"] == OBBLIGO for f in remaining)
    assert data["schema_version"] == "1.4"
    [justified] = data["justified_findings"]
    assert justified["justification"]["base_giuridica"] == "R.R. 4/2017 art. 5 c. 1"
    assert data["summary"]["giustificati"] == 1


def test_without_subject_every_finding_of_the_rule_is_justified(book, cremasco_report):
    before = [f.subject for f in cremasco_report.findings if f.rule_id == ISTAT]
    assert len(before) >= 2
    report = report_for(book, giustificazione(regola=ISTAT, soggetto=None, scadenza=None))
    assert sorted(f.subject for f in report.justified_findings) == sorted(before)
    assert not any(f.rule_id == ISTAT for f in report.findings)


def test_subject_matches_without_case_or_quotes(book):
    report = report_for(book, giustificazione(regola=ISTAT, soggetto="spino d'adda"))
    assert [f.subject for f in report.justified_findings] == ["«Spino D'Adda»"]


def test_a_justification_matching_no_finding_is_reported(book):
    report = report_for(book, giustificazione(soggetto="Comune di Crema"))
    assert report.justified_findings == []
    [warning] = warnings_of(report)
    assert warning.severity == "avviso" and warning.outcome == "non_conforme"
    assert warning.data["motivo"] == "no_finding" and warning.data["giustificazione"] == 1
    assert "non corrisponde ad alcun rilievo" in warning.message
    assert TRESCORE in warning.message  # the subjects that do have findings, as a hint
    assert any(f.rule_id == OBBLIGO and f.subject == TRESCORE for f in report.findings)
    assert report.has_violations


def test_an_expired_justification_is_reported_and_not_applied(book):
    report = report_for(book, giustificazione(scadenza="2020-12-31"))
    assert report.justified_findings == []
    [warning] = warnings_of(report)
    assert warning.data["motivo"] == "expired"
    assert "scaduta il 31/12/2020" in warning.message and "28/01/2021" in warning.message
    assert any(f.rule_id == OBBLIGO and f.subject == TRESCORE for f in report.findings)
    assert report.has_violations


def test_expiry_on_the_reference_date_still_applies(book):
    report = report_for(book, giustificazione(scadenza="2021-01-28"))
    assert len(report.justified_findings) == 1 and warnings_of(report) == []


def test_an_act_after_the_reference_date_does_not_apply(book):
    report = report_for(book, giustificazione(atto_data="2021-03-01"))
    [warning] = warnings_of(report)
    assert warning.data["motivo"] == "not_yet" and report.justified_findings == []


def test_an_unknown_rule_is_reported_with_a_suggestion(book):
    report = report_for(book, giustificazione(regola="RR4-A5-C1-OBBLIGO-INFORMATIV"))
    [warning] = warnings_of(report)
    assert warning.data["motivo"] == "unknown_rule"
    assert f"Forse «{OBBLIGO}»?" in warning.message


def test_each_problem_is_reported_once_and_good_ones_still_apply(book):
    report = report_for(
        book,
        giustificazione(),
        giustificazione(regola=ISTAT, soggetto="Comune di Crema"),
        giustificazione(regola=ISTAT, soggetto=None, scadenza="2020-06-30"),
    )
    assert [f.subject for f in report.justified_findings] == [TRESCORE]
    assert sorted(w.data["giustificazione"] for w in warnings_of(report)) == [2, 3]
    assert report.summary.avvisi == sum(
        f.outcome == "non_conforme" and f.severity == "avviso" for f in report.findings)


def test_english_messages(book):
    report = report_for(book, giustificazione(scadenza="2020-12-31"), lang="en")
    [warning] = warnings_of(report)
    assert "expired on 2020-12-31" in warning.message


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_text_formats_list_justified_findings_apart(book, fmt):
    report = report_for(book, giustificazione())
    if fmt == "md":
        text = render_markdown(report)
        heading = "## Rilievi giustificati dal piano"
    else:
        import io

        buffer = io.StringIO()
        print_report(report, Console(file=buffer, width=80, highlight=False))
        text = buffer.getvalue()
        heading = "RILIEVI GIUSTIFICATI DAL PIANO"  # terminal headings in capitals
    text = " ".join(text.split())  # the terminal wraps at 80 columns
    assert heading in text
    justified_part = text.split(heading, 1)[1]
    assert TRESCORE in justified_part
    assert "Base giuridica: R.R. 4/2017 art. 5 c. 1" in justified_part.replace("**", "")
    assert "n. 3/2021 del 28/01/2021" in justified_part
    assert "Giustificati: 1 rilievo giustificato dal piano" in text.replace("**", "")


def test_a_justification_without_its_reason_is_bad_input(tmp_path):
    bad = giustificazione()
    del bad["motivazione"]
    path = write_plan(tmp_path, bad)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "giustificazioni[0].motivazione: campo obbligatorio mancante" in result.stderr


def test_html_lists_justified_findings_apart(book):
    from compliance.report.html import render_html

    report = report_for(book, giustificazione())
    page = render_html(report)
    assert "Rilievi giustificati dal piano" in page
    findings_part, justified_part = page.split("Rilievi giustificati dal piano", 1)
    assert "Comune di Trescore Cremasco è inadempiente" not in findings_part
    assert "Comune di Trescore Cremasco è inadempiente" in justified_part
    for text in ("Base giuridica", "R.R. 4/2017 art. 5 c. 1", "Assemblea dei Sindaci",
                 "n. 3/2021 del 28/01/2021", "31/12/2021"):
        assert text in justified_part, text
    assert "1 rilievo giustificato dal piano" in findings_part  # the summary's counts say so
