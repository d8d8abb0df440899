"""The report as PDF/A-3b: the HTML page (report/html.py) laid out by WeasyPrint.

Why WeasyPrint: it writes PDF/A itself (output intent with the sRGB profile, XMP metadata with
the PDF/A identification, title, author, description, keywords, dates; every font embedded),
honours the CSS paged media of the template (running head, "pagina X di Y"), needs no browser
and no network, and is a pip package (its system libraries, Pango and HarfBuzz, are part of the
Debian image the project runs on: `libpango-1.0-0`, `libpangoft2-1.0-0`). Chromium prints PDF
1.4 without output intent or XMP, so its file would need converting afterwards.

PDF/A-3 lets the file carry the machine-readable report: the JSON report (the stable contract,
README) is attached as `rapporto.json` (AFRelationship /Data), so a reviewer holding the PDF
holds the verdicts too. The XMP also records the document's language (dc:language), which
WeasyPrint puts only in the catalogue's /Lang. Dates come from the report's generation time, so
the same input and $SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import gc
import logging
import warnings
from xml.sax.saxutils import escape as xml_escape

from compliance.findings import Report
from compliance.report import view
from compliance.report.html import document_metadata, render_html

PDF_VARIANT = "pdf/a-3b"


class PdfFailed(RuntimeError):
    """The PDF could not be made (WeasyPrint or its system libraries missing or failing)."""


def _with_language(generate, lang: str):
    """WeasyPrint's XMP generator, with the document's language (dc:language) in the same RDF."""
    description = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:language><rdf:Bag><rdf:li>{xml_escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
    ).encode("utf-8")

    def generate_rdf_metadata(variant, version, conformance):
        xml = generate(variant, version, conformance)
        return xml.replace(b"</rdf:RDF>", description + b"</rdf:RDF>", 1)

    return generate_rdf_metadata


def render_pdf(report: Report, doc: view.Attachment | None = None, attach_json: bool = True) -> bytes:
    """The report as PDF/A-3b bytes."""
    doc = doc or view.attachment()
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or another system library missing
        raise PdfFailed(str(exc)) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = render_html(report, doc)
    attachments = []
    if attach_json:
        from compliance.report.json_report import render_json

        attachments.append(weasyprint.Attachment(
            string=render_json(report), base_url=None, name="rapporto.json",
            description=document_metadata(report, doc)["title"], relationship="Data",
            created=doc.generated, modified=doc.generated,
        ))
    try:
        with warnings.catch_warnings():
            # WeasyPrint opens its sRGB profile without closing it: not ours to report
            warnings.simplefilter("ignore", ResourceWarning)
            document = weasyprint.HTML(string=page, base_url=None).render()
            metadata = document.metadata
            metadata.generate_rdf_metadata = _with_language(metadata.generate_rdf_metadata, report.lang)
            data = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments, uncompressed_pdf=False)
            del document, metadata
            gc.collect()
    except Exception as exc:  # layout or font failure: reported, never a half-written file
        raise PdfFailed(f"{type(exc).__name__}: {exc}") from None
    if not data or not data.startswith(b"%PDF"):
        raise PdfFailed("il file prodotto non è un PDF")
    return data
