"""`compliance import` of plan documents: the real Cremasco 2021 plan, field by field.

The seed text of the plan (tests/data/documenti/cremasco-2021.txt) must give a draft equal to
the hand transcription cases/cremasco-2021.yaml in every figure, name and date. Where the
transcription holds something the document does not state (the transcriber's own notes and
composed title, an inference), the difference is listed here with its reason, and the test
fails if any other field differs, or if a listed one stops differing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.documents.command import draft_document
from compliance.model.loader import load_any_plan

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "data" / "documenti"
CREMASCO_TXT = DOCS / "cremasco-2021.txt"
CREMASCO_YAML = ROOT / "cases" / "cremasco-2021.yaml"
CREMONESE_TXT = DOCS / "cremonese-triennale-2023-2025.txt"
CREMONESE_YAML = ROOT / "cases" / "cremonese-triennale-2023-2025.yaml"

# Fields where the hand transcription says more than the document (see the case file's comments).
CREMASCO_NOT_IN_DOCUMENT = {
    "titolo": "the transcriber joined the two title lines with a dash; the document's title line "
              "is «PIANO ANNUALE OFFERTA ABITATIVA PUBBLICA»",
    "ambito.note": "the transcriber's summary of two sentences of the premessa",
    "ricognizione.note": "the transcriber's quotation and summary",
    "misure_sostegno": "[] in the case: the transcriber inferred it from the absence of a section; "
                       "the document states nothing, so the draft leaves it unknown",
    "fonte.documento": "the transcriber's description of the source; the draft names the file it read",
    "fonte.note": "the transcriber's note on the annex",
}

CREMONESE_NOT_IN_DOCUMENT = {
    "ambito.denominazione": "the case capitalises «Ambito Cremonese»; the page writes «dell'ambito cremonese»",
    "ambito.numero_comuni": "48 in the case is 47 + Cremona, an inference: the page says «gli altri 47 Comuni»",
    "approvazione.atto": "the page names the act the plan is annexed to, not the act approving it",
    "fonte.documento": "the transcriber's description of the source",
    "fonte.note": "the transcriber's note",
}


def flatten(value, path=()) -> dict[str, object]:
    """Leaves of a plan dump; null leaves are left out (absent and null both mean unknown)."""
    out: dict[str, object] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, path + (str(key),)))
    elif isinstance(value, list) and value:
        for i, item in enumerate(value):
            out.update(flatten(item, path + (str(i),)))
    elif value is not None:
        out[".".join(path)] = value
    return out


def _top(path: str, listed: dict) -> str | None:
    """The listed field this path belongs to (itself or a parent), or None."""
    return next((k for k in listed if path == k or path.startswith(k + ".")), None)


def differences(case_path: Path, document: Path) -> tuple[dict, dict, dict]:
    case, _ = load_any_plan(case_path)
    draft, _ = draft_document(document)
    assert draft.valid, draft.errors
    imported = draft.model.model_validate(draft.data)
    a = flatten(case.model_dump(mode="json"))
    b = flatten(imported.model_dump(mode="json"))
    diff = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
    return diff, a, b


def test_cremasco_document_gives_the_case_field_by_field():
    diff, case, draft = differences(CREMASCO_YAML, CREMASCO_TXT)
    unexplained = {k: v for k, v in diff.items() if _top(k, CREMASCO_NOT_IN_DOCUMENT) is None}
    assert not unexplained, f"fields differing from the case: {unexplained}"
    # every listed difference is real (the list is not a blanket excuse)
    assert {_top(k, CREMASCO_NOT_IN_DOCUMENT) for k in diff} == set(CREMASCO_NOT_IN_DOCUMENT)
    # and the figures, names and dates are all there: 226 leaves in the tables alone
    tables = [k for k in case if k.startswith("tabelle.")]
    assert len(tables) == 226 and all(draft.get(k) == case[k] for k in tables)
    for key in ("anno", "ambito.denominazione", "ambito.comune_capofila", "ambito.numero_comuni",
                "ambito.aler_competente", "approvazione.organo", "approvazione.data",
                "ricognizione.comuni_coinvolti", "ricognizione.comuni_titolari_di_patrimonio",
                "ricognizione.riscontro_di_tutti_gli_altri_enti", "ricognizione.inadempienti.0"):
        assert draft[key] == case[key], key


def test_cremasco_case_file_says_where_its_extra_fields_come_from():
    """The case's comments explain what the transcriber added (titolo, notes, misure_sostegno)."""
    text = CREMASCO_YAML.read_text(encoding="utf-8")
    assert "misure_sostegno: []" in text and "Il piano non contiene una sezione sulle misure" in text
    assert re.search(r"#.*titolo.*compos|#.*composed", text, re.IGNORECASE), "the case must say titolo is composed"


def test_cremasco_spellings_are_kept_as_written():
    _, _, draft = differences(CREMASCO_YAML, CREMASCO_TXT)
    assert draft["tabelle.f_totale_assegnabili.righe.2.comune"] == "Casaleto di Sopra"
    assert draft["tabelle.d_normale_avvicendamento.righe.6.comune"] == "Spino D'Adda"
    assert "tabelle.d_normale_avvicendamento.righe.0.comune" not in draft  # "-": not given, not zero


def test_cremonese_triennale_page_gives_the_case():
    diff, case, draft = differences(CREMONESE_YAML, CREMONESE_TXT)
    unexplained = {k: v for k, v in diff.items()
                   if _top(k, CREMONESE_NOT_IN_DOCUMENT) is None and not k.endswith(".riferimento")}
    assert not unexplained, unexplained
    assert {_top(k, CREMONESE_NOT_IN_DOCUMENT) for k in diff if not k.endswith(".riferimento")} == set(
        CREMONESE_NOT_IN_DOCUMENT)
    assert draft["tipo"] == "piano_triennale" and draft["periodo.dal"] == 2023 and draft["periodo.al"] == 2025
    assert draft["approvazione.data"] == "2023-05-19"
    assert all(draft[f"contenuti.{k}.presente"] is True for k in (
        "a_quadro_conoscitivo", "b_quadro_ricognitivo_programmatorio", "c_fabbisogno_abitativo_primario",
        "d_consistenza_e_unita_disponibili", "e_strategie_e_obiettivi", "f_linee_azione_disagio_emergenza",
        "g_linee_azione_accesso_mantenimento"))
    assert "ambito.numero_comuni" not in draft  # "gli altri 47 Comuni": 47 is not the number of comuni


def test_cremonese_title_is_the_same_text():
    _, case, draft = differences(CREMONESE_YAML, CREMONESE_TXT)
    assert case["titolo"] == draft["titolo"]


def test_every_value_carries_its_place(tmp_path):
    out = tmp_path / "cremasco.yaml"
    result = CliRunner().invoke(app, ["import", str(CREMASCO_TXT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    body = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    values = [line for line in body if re.match(r"^\s*(- )?[a-z_]+: \S", line) or re.match(r"^\s*- \S", line)]
    assert values
    missing = [line for line in values if "  # " not in line]
    assert not missing, missing[:5]
    assert "1006  # riga 77, colonna 2 — «1.006»" in out.read_text(encoding="utf-8")
    assert "data: 2021-01-28  # riga 20" in out.read_text(encoding="utf-8")


def test_draft_goes_through_check_like_the_case(tmp_path):
    out = tmp_path / "cremasco.yaml"
    assert CliRunner().invoke(app, ["import", str(CREMASCO_TXT), "-o", str(out)]).exit_code == 0
    runner = CliRunner()
    draft = runner.invoke(app, ["check", str(out), "-f", "json"])
    case = runner.invoke(app, ["check", str(CREMASCO_YAML), "-f", "json"])
    assert draft.exit_code == case.exit_code == 1  # Trescore Cremasco did not report
    a, b = json.loads(case.stdout), json.loads(draft.stdout)

    def violations(report):
        return sorted((f["rule_id"], f["subject"]) for f in report["findings"] if f["outcome"] == "non_conforme")

    # the one difference: misure_sostegno is [] in the case (an inference), unknown in the draft,
    # so the rule on item f) of the plan's contents is non conforme there, non valutabile here
    misure = "RR4-A4-C3-CONTENUTO-F-MISURE"
    assert [v for v in violations(a) if v[0] != misure] == violations(b)
    assert any(f["rule_id"] == misure and f["outcome"] == "non_valutabile" for f in b["findings"])


def test_summary_lists_what_was_not_found(tmp_path):
    result = CliRunner().invoke(app, ["import", str(CREMASCO_TXT), "-o", str(tmp_path / "x.yaml")])
    assert "non trovati: ambito.comuni, approvazione.atto" in result.output
    assert "file di piano valido" in result.output


@pytest.mark.parametrize("lang,word", [("it", "Riepilogo"), ("en", "summary")])
def test_summary_language(tmp_path, lang, word):
    result = CliRunner().invoke(app, ["import", str(CREMASCO_TXT), "-o", str(tmp_path / "x.yaml"), "--lang", lang])
    assert word in result.output


def test_two_different_values_are_ambiguous_and_not_written(tmp_path):
    """A field stated twice with different values: both candidates shown, none chosen."""
    text = CREMASCO_TXT.read_text(encoding="utf-8").replace(
        "Allegati al presente documento:",
        "Il piano è stato approvato dall'Assemblea dei Sindaci in data 30/01/2021.\n\nAllegati al presente documento:")
    path = tmp_path / "cremasco-due-date.txt"
    path.write_text(text, encoding="utf-8")
    draft, yaml_text = draft_document(path)
    assert "data" not in draft.data["approvazione"]
    assert "approvazione.data: candidato 2021-01-28 (riga 20)" in yaml_text
    assert "approvazione.data: candidato 2021-01-30" in yaml_text
    assert draft.valid and draft.data["anno"] == 2021  # the rest is still read


def test_unreadable_cell_is_set_aside_not_guessed(tmp_path):
    text = CREMASCO_TXT.read_text(encoding="utf-8").replace("Comune di Crema\t358\t353\t5", "Comune di Crema\t358\t35,3\t5")
    path = tmp_path / "cremasco-cella.txt"
    path.write_text(text, encoding="utf-8")
    draft, yaml_text = draft_document(path)
    crema = next(r for r in draft.data["tabelle"]["a_consistenza_patrimonio"]["righe"]
                 if r["ente_proprietario"] == "Comune di Crema")
    assert "alloggi_sap" not in crema and crema["totale_unita_immobiliari"] == 358
    assert "«35,3» non è un valore del tipo atteso (conteggio)" in yaml_text
