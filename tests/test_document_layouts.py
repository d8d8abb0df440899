"""`compliance import` of documents made from the generator's plans, in three layouts with noise.

A DOCX with Word tables, a PDF printed by Chromium from HTML (tables broken across pages, header
repeated, running heads and page numbers), and the text `pdftotext -layout` prints from that
PDF (Debian package poppler-utils). Noise: comuni misspelt (kept as written), a table left
out, owner cells merged, other header wordings, dashes, decimal commas, dates in words.
Every value written must be the one the document states (precision 100%: a wrong or invented
value fails), and at least 95% of what it states must be read. The full measurement over more
plans is benchmarks/document_import_bench.py.
"""

from __future__ import annotations

import random

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.documents.command import draft_document
from compliance.documents.synthetic import LAYOUTS, Score, compare, document_plan, write_documents
from compliance.synth import generate_plans

PLANS = 3


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documenti")
    synthetic = generate_plans(seed=11, years=[2025, 2026], ambiti=91, defect_share=0.0)
    chosen = random.Random(11).sample(synthetic.plans, k=PLANS)
    out = []
    for n, plan in enumerate(chosen):
        doc, files = write_documents(plan.data, f"test/{n}", folder, f"piano-{n}")
        out.append((plan, doc, files))
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_precision_and_recall(documents, layout):
    total = Score()
    for _, doc, files in documents:
        draft, _ = draft_document(files[layout])
        assert draft.valid, draft.errors
        total.add(compare(doc.truth, draft.data))
    assert not total.wrong, f"wrong or invented values: {total.wrong[:10]}"
    assert total.precision == 1.0
    assert total.recall >= 0.95, (total.recall, total.missed[:20])


def test_noise_is_planted(documents):
    """The documents carry the noise the tests claim: a table left out, misspellings, merges."""
    noise = [n for _, doc, _ in documents for n in doc.noise]
    assert any("assente" in n for n in noise)
    assert any(n.startswith("refuso") for n in noise)
    assert any("unite" in n for n in noise)


def test_misspelt_comune_is_kept_as_written(documents):
    plan, doc, files = documents[0]
    slips = [n.split(": ", 1)[1] for n in doc.noise if n.startswith("refuso")]
    draft, text = draft_document(files["docx"])
    assert slips and all(s in text for s in slips)


def test_missing_table_stays_unknown(documents):
    for _, doc, files in documents:
        missing = next(n.split()[1] for n in doc.noise if n.endswith("assente"))
        draft, text = draft_document(files["pdf"])
        assert missing not in draft.data.get("tabelle", {})
        assert f"tabelle.{missing}" in draft.not_found


def test_merged_owner_cells_are_filled_down_with_a_note(tmp_path):
    synthetic = generate_plans(seed=5, years=[2025], ambiti=3, defect_share=0.0)
    for seed in range(20):  # the first noise draw that merges the owner's cells
        doc = document_plan(synthetic.plans[0].data, seed)
        if any("unite" in n for n in doc.noise):
            break
    _, files = write_documents(synthetic.plans[0].data, seed, tmp_path, "piano", layouts=("docx",))
    _, text = draft_document(files["docx"])
    assert "cella unita con quella sopra" in text


def test_lotto_makes_drafts_ready_for_audit(documents, tmp_path):
    folder = tmp_path / "documenti"
    folder.mkdir()
    for i, (_, _, files) in enumerate(documents):
        layout = LAYOUTS[i % len(LAYOUTS)]
        (folder / files[layout].name).write_bytes(files[layout].read_bytes())
    (folder / "rotto.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (folder / "note.md").write_text("non un documento")
    out = tmp_path / "bozze"
    result = CliRunner().invoke(app, ["import", "--lotto", str(folder), "-o", str(out)])
    assert result.exit_code == 2, result.output  # one document could not be read; the others were
    assert "rotto.pdf" in result.output and "3 bozze valide" in result.output
    summary = (out / "importazione.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("documento;bozza;esito") and len(summary) == 1 + PLANS + 1
    drafts = sorted(out.glob("*.yaml"))
    assert len(drafts) == PLANS
    audited = CliRunner().invoke(app, ["audit", str(out), "-o", str(tmp_path / "esito"), "--fail-on", "mai"])
    assert audited.exit_code == 0, audited.output
    assert (tmp_path / "esito" / "audit.json").exists()


def test_lotto_needs_an_output_folder(tmp_path):
    result = CliRunner().invoke(app, ["import", "--lotto", str(tmp_path)])
    assert result.exit_code == 2 and "-o" in result.output


def test_screenshots_of_a_generated_pdf(documents, tmp_path):
    """The PDF looks like a plan: pages rendered to PNG (pdftoppm) exist and are not blank."""
    import shutil
    import subprocess

    pdf = documents[0][2]["pdf"]
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 5_000 for p in pages)


def test_odt_with_merged_cells(documents, tmp_path):
    """OpenDocument text (odfpy): the same blocks, owner cells spanning rows."""
    from compliance.documents.synthetic import odt_bytes

    total = Score()
    for n, (_, doc, _) in enumerate(documents):
        path = tmp_path / f"piano-{n}.odt"
        path.write_bytes(odt_bytes(doc.blocks))
        draft, _ = draft_document(path)
        total.add(compare(doc.truth, draft.data))
    assert not total.wrong, total.wrong[:10]
    assert total.recall >= 0.95, total.missed[:20]
