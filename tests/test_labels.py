"""Every field a finding can show has an Italian and English label and a display kind
(compliance/report/labels.yaml); figures are written as their kind says."""

from __future__ import annotations

import datetime
from fractions import Fraction

from compliance.facts.schema import KINDS
from compliance.report.labels import KINDS as DISPLAY_KINDS
from compliance.report.labels import figure, label, labels


def shown_fields(book) -> set[str]:
    """What a finding can show: its fact kind's fields and its rule's computed values."""
    out = set()
    for rule in book.rules:
        out.update(KINDS[rule.spec.subject].fields)
        out.update(rule.spec.compute)
    for kind in KINDS.values():
        out.update(kind.fields)
    return out


def test_every_field_a_finding_can_show_has_a_label(book):
    missing = sorted(f for f in shown_fields(book) if f not in labels())
    assert missing == [], f"add these fields to compliance/report/labels.yaml: {missing}"
    for name, entry in labels().items():
        assert entry.kind in DISPLAY_KINDS, name
        assert entry.it and entry.en and "_" not in entry.it and "_" not in entry.en, name


def test_the_test_fails_for_a_field_without_a_label(book, monkeypatch):
    import compliance.report.labels as module

    trimmed = {k: v for k, v in labels().items() if k != "unita_sat"}
    monkeypatch.setattr(module, "labels", lambda: trimmed)
    assert "unita_sat" in shown_fields(book) and "unita_sat" not in module.labels()


def test_figures_are_written_for_people():
    assert label("unita_sat") == "unità per i servizi abitativi transitori"
    assert label("alloggi_sap", "en") == "SAP dwellings"
    assert figure("quota_patrimonio", 5.555555555555555) == "5,56%"
    assert figure("quota_anno", Fraction(700, 17)) == "41,18%"
    assert figure("alloggi_sap", 1006) == "1.006" and figure("alloggi_sap", 1006, "en") == "1,006"
    assert figure("giorni_di_ritardo", 1) == "1 giorno" and figure("giorni_di_ritardo", 28) == "28 giorni"
    assert figure("data_approvazione", "2021-01-28") == "28/01/2021"
    assert figure("data_approvazione", datetime.date(2021, 1, 28), "en") == "2021-01-28"
    assert figure("anno", 2021) == "2021" and figure("aler_nel_piano", True) == "sì"
    assert figure("unita_anno", None) == "n.d." and figure("unita_anno", None, "en") == "n/a"


def test_finding_cards_show_labels_not_keys(cremasco_report):
    from compliance.report import view

    for section in view.finding_sections(cremasco_report):
        for item in section.items:
            for name, value in getattr(item, "figures", []):
                assert "_" not in name and name in {e.it for e in labels().values()}, name
    bagnolo = next(c for s in view.finding_sections(cremasco_report) for c in s.items
                   if getattr(c, "subject", "") == "Bagnolo Cremasco")
    assert ("quota sugli alloggi SAP", "5,56%") in bagnolo.figures
    assert ("unità per i servizi abitativi transitori", "1") in bagnolo.figures
