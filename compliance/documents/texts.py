"""Texts of the document import, in Italian (default) and English.

Kept here rather than in compliance/i18n.py so that the documents package is self-contained
(as compliance/whatif/texts.py); the shared input-error texts come from compliance.i18n.
"""

from __future__ import annotations

from compliance.i18n import t

_TEXTS: dict[str, tuple[str, str]] = {
    # places
    "place_page": ("pagina {n}", "page {n}"),
    "place_line": ("riga {n}", "line {n}"),
    "place_paragraph": ("paragrafo {n}", "paragraph {n}"),
    "place_table": ("tabella {n}", "table {n}"),
    "place_row": ("riga {n}", "row {n}"),
    "place_column": ("colonna {n}", "column {n}"),
    # reading problems (exit 2)
    "doc_unknown_suffix": (
        "formato non riconosciuto «{suffix}»: si leggono .pdf, .docx, .odt, .txt (e i fogli .xlsx o le cartelle di CSV)",
        "unknown format '{suffix}': .pdf, .docx, .odt, .txt are read (and .xlsx workbooks or CSV folders)",
    ),
    "doc_old_word": (
        "formato Word 97-2003 (.doc) non supportato: salvare il documento come .docx o .odt",
        "Word 97-2003 format (.doc) not supported: save the document as .docx or .odt",
    ),
    "doc_bad_pdf": ("PDF non leggibile: {detail}", "unreadable PDF: {detail}"),
    "doc_encrypted_pdf": ("PDF protetto da password: non si può leggere", "password-protected PDF: cannot be read"),
    "doc_too_many_pages": (
        "troppe pagine ({pages}; al massimo {limit}): un piano ne ha poche decine; dividere il documento",
        "too many pages ({pages}; at most {limit}): a plan has a few dozen; split the document",
    ),
    "doc_page_too_dense": (
        "pagina con troppi caratteri ({chars}; al massimo {limit}): non sembra un piano",
        "page with too many characters ({chars}; at most {limit}): does not look like a plan",
    ),
    "doc_no_text": (
        "il PDF non contiene testo (è una scansione?): il testo riconosciuto da immagini (OCR) non è supportato",
        "the PDF holds no text (a scan?): text recognition from images (OCR) is not supported",
    ),
    "doc_not_zip": ("non è un file {kind} (archivio ZIP atteso)", "not a {kind} file (a ZIP archive was expected)"),
    "doc_zip_too_large": (
        "archivio troppo grande una volta decompresso ({size} byte; al massimo {limit}): rifiutato",
        "archive too large once unpacked ({size} bytes; at most {limit}): refused",
    ),
    "doc_zip_too_many": (
        "archivio con troppi file ({count}; al massimo {limit}): rifiutato",
        "archive with too many files ({count}; at most {limit}): refused",
    ),
    "doc_zip_missing": ("parte mancante nell'archivio: {name}", "part missing from the archive: {name}"),
    "doc_bad_docx": ("documento .docx non leggibile: {detail}", "unreadable .docx document: {detail}"),
    "doc_bad_odt": ("documento .odt non leggibile: {detail}", "unreadable .odt document: {detail}"),
    "doc_too_many_rows": (
        "troppe righe di tabella ({rows}; al massimo {limit}): non sembra un piano",
        "too many table rows ({rows}; at most {limit}): does not look like a plan",
    ),
    "doc_too_many_lines": (
        "troppe righe di testo ({lines}; al massimo {limit}): non sembra un piano",
        "too many lines of text ({lines}; at most {limit}): does not look like a plan",
    ),
    "doc_empty": ("il documento non contiene testo", "the document holds no text"),
    "doc_binary_text": ("file di testo con contenuto binario", "text file with binary content"),
    "doc_lotto_empty": (
        "nessun documento (.pdf, .docx, .odt, .txt) nella cartella",
        "no document (.pdf, .docx, .odt, .txt) in the folder",
    ),
    "doc_lotto_not_dir": ("--lotto vuole una cartella", "--lotto needs a folder"),
    "doc_lotto_output": (
        "con --lotto, -o è la cartella dove scrivere le bozze (obbligatoria)",
        "with --lotto, -o is the folder where the drafts are written (required)",
    ),
    "doc_output_is_input": ("il file di uscita coincide con il documento letto", "the output file is the document read"),
    "doc_output_not_dir": ("non è una cartella", "is not a folder"),
    "doc_timeout": (
        "lettura interrotta dopo {seconds} secondi: documento troppo complesso",
        "reading stopped after {seconds} seconds: document too complex",
    ),
    # the draft
    "draft_head": (
        "BOZZA estratta da «{name}» (sha256 {sha}) con «compliance import»: da rivedere prima dell'uso.",
        "DRAFT extracted from '{name}' (sha256 {sha}) by 'compliance import': review before use.",
    ),
    "draft_rule": (
        "Ogni valore porta in commento da dove viene; un dato che il documento non riporta non è scritto (mai uno zero).",
        "Every value carries where it came from as a comment; a figure the document does not state is not written (never a zero).",
    ),
    "draft_summary": ("Riepilogo dell'estrazione", "Extraction summary"),
    "draft_read": ("letti: {n} valori", "read: {n} values"),
    "draft_ambiguous": ("ambigui (non scritti, scegliere): {n}", "ambiguous (not written, choose): {n}"),
    "draft_not_found": ("non trovati: {items}", "not found: {items}"),
    "draft_skipped": ("scartati: {n}", "set aside: {n}"),
    "draft_valid": ("la bozza è un file di piano valido: verificarla con «compliance check»",
                    "the draft is a valid plan file: check it with 'compliance check'"),
    "draft_invalid": ("la bozza non è ancora un file di piano valido: {detail}",
                      "the draft is not yet a valid plan file: {detail}"),
    "draft_written": ("Bozza scritta in {path}.", "Draft written to {path}."),
    "candidate": ("candidato", "candidate"),
    "dash_cell": ("«{text}» nel documento: non indicato", "'{text}' in the document: not given"),
    "merged_from": ("cella unita con quella sopra", "cell merged with the one above"),
    "none_stated": ("il documento dichiara che non ce ne sono", "the document states there are none"),
    # what was read but not written
    "skip_not_value": ("«{text}» non è un valore del tipo atteso ({kind})", "'{text}' is not a value of the expected kind ({kind})"),
    "skip_column_ambiguous": ("colonna «{text}» ambigua: può essere più di un campo", "column '{text}' ambiguous: may be more than one field"),
    "skip_column_unknown": ("colonna «{text}» non riconosciuta", "column '{text}' not recognised"),
    "skip_no_header": ("tabella senza un'intestazione riconoscibile", "table without a recognisable header"),
    "skip_no_key": ("riga senza {name}: «{text}»", "row without {name}: '{text}'"),
    "skip_total_not_in_model": ("riga dei totali (il file del piano non ha un totale per questa tabella)",
                                "totals row (the plan file has no total for this table)"),
    "skip_row_ambiguous": ("riga leggibile in più modi: «{text}»", "row readable in more than one way: '{text}'"),
    "skip_row_unread": ("riga non leggibile con le colonne dell'intestazione: «{text}»",
                        "row not readable with the header's columns: '{text}'"),
    "skip_continuation": ("testo a capo non attribuibile a una colonna: «{text}»",
                          "wrapped text that fits no column: '{text}'"),
    "skip_title_only": ("titolo trovato, ma né una tabella né una frase sotto", "title found, but neither a table nor a sentence under it"),
    "skip_invalid": ("valore rifiutato dal modello del piano: {detail}", "value refused by the plan model: {detail}"),
    "skip_no_tables_in_triennale": ("tabella di un piano annuale in un piano triennale", "table of an annual plan in a three-year plan"),
    "lotto_line": ("{name}: {outcome}", "{name}: {outcome}"),
    "lotto_ok": ("bozza valida", "valid draft"),
    "lotto_incomplete": ("bozza da completare", "draft to complete"),
    "lotto_error": ("non letto", "not read"),
    "lotto_done": (
        "{n} documenti: {ok} bozze valide, {incomplete} da completare, {errors} non letti. Riepilogo: {path}",
        "{n} documents: {ok} valid drafts, {incomplete} to complete, {errors} not read. Summary: {path}",
    ),
}


def tx(key: str, lang: str = "it", **kw: object) -> str:
    pair = _TEXTS.get(key)
    if pair is None:
        return t(key, lang, **kw)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
