"""User-facing texts in Italian (default) and English."""

from __future__ import annotations

LANGS = ("it", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    # input errors
    "file_missing": ("file non trovato", "file not found"),
    "file_is_dir": ("è una cartella, non un file", "is a folder, not a file"),
    "file_too_large": (
        "file troppo grande ({size} byte; massimo {limit})",
        "file too large ({size} bytes; at most {limit})",
    ),
    "file_binary": ("contenuto binario, non un file YAML di testo", "binary content, not a YAML text file"),
    "file_encoding": ("codifica non valida: atteso testo UTF-8", "invalid encoding: UTF-8 text expected"),
    "file_empty": ("file vuoto: atteso un piano in YAML", "empty file: a plan in YAML was expected"),
    "yaml_syntax": ("YAML non valido: {detail}", "invalid YAML: {detail}"),
    "yaml_alias": (
        "alias e ancore YAML (&, *) non sono ammessi",
        "YAML aliases and anchors (&, *) are not allowed",
    ),
    "yaml_too_deep": (
        "annidamento troppo profondo (più di {limit} livelli): non è un piano",
        "nesting too deep (more than {limit} levels): not a plan",
    ),
    "yaml_bad_value": ("valore non valido: {detail}", "invalid value: {detail}"),
    "yaml_bad_key": ("chiave non valida (deve essere un testo)", "invalid key (must be text)"),
    "yaml_duplicate_key": (
        "chiave «{name}» ripetuta (già presente alla riga {first})",
        "key '{name}' repeated (already at line {first})",
    ),
    "expected_top_mapping": (
        "atteso un piano (sezioni chiave: valore) al primo livello",
        "a plan (key: value sections) was expected at the top level",
    ),
    "expected_rule_mapping": (
        "atteso un file di regola (chiave: valore)",
        "a rule file (key: value) was expected",
    ),
    "extra_forbidden": ("campo sconosciuto; campi ammessi: {options}.", "unknown field; allowed fields: {options}."),
    "did_you_mean": ("Forse «{name}»?", "Did you mean '{name}'?"),
    "missing": ("campo obbligatorio mancante", "required field missing"),
    "too_small": ("deve essere almeno {limit}, trovato {found}", "must be at least {limit}, found {found}"),
    "too_large": ("deve essere al massimo {limit}, trovato {found}", "must be at most {limit}, found {found}"),
    "expected_int": ("atteso un numero intero, trovato {found}", "a whole number was expected, found {found}"),
    "expected_number": ("atteso un numero, trovato {found}", "a number was expected, found {found}"),
    "expected_date": (
        "attesa una data nel formato AAAA-MM-GG, trovato {found}",
        "a date as YYYY-MM-DD was expected, found {found}",
    ),
    "expected_bool": ("atteso true o false, trovato {found}", "true or false was expected, found {found}"),
    "expected_text": ("atteso un testo, trovato {found}", "a text was expected, found {found}"),
    "expected_nonempty": ("il testo non può essere vuoto", "the text cannot be empty"),
    "expected_list": ("attesa una lista, trovato {found}", "a list was expected, found {found}"),
    "expected_mapping": (
        "attesa una sezione (chiave: valore), trovato {found}",
        "a section (key: value) was expected, found {found}",
    ),
    "expected_literal": ("valore ammesso: {options}, trovato {found}", "allowed value: {options}, found {found}"),
    "bad_date_option": (
        "data non valida «{value}»: atteso AAAA-MM-GG",
        "invalid date '{value}': YYYY-MM-DD expected",
    ),
    "bad_format_option": ("formato sconosciuto «{value}»: ammessi {options}", "unknown format '{value}': allowed {options}"),
    "no_reference_date": (
        "il piano non indica la data di approvazione: indicare con --date la data in cui giudicarlo",
        "the plan gives no approval date: give the date to judge it on with --date",
    ),
    "no_rules_in_force": (
        "nessuna regola in vigore il {day}: il R.R. 4/2017 si applica dall'8/2/2018",
        "no rule in force on {day}: R.R. 4/2017 applies from 8 February 2018",
    ),
    "output_failed": ("impossibile scrivere il file: {detail}", "cannot write the file: {detail}"),
    "error_prefix": ("errore", "error"),
    "internal_error": (
        "errore interno durante la valutazione: {detail}",
        "internal error during evaluation: {detail}",
    ),
    # outcomes, severities, certainty
    "conforme": ("conforme", "compliant"),
    "non_conforme": ("non conforme", "non-compliant"),
    "non_valutabile": ("non valutabile", "not assessable"),
    "non_in_vigore": ("non in vigore", "not in force"),
    "violazione": ("violazione", "violation"),
    "avviso": ("avviso", "warning"),
    "informazione": ("informazione", "information"),
    "letto": ("letto nella fonte", "read in the source"),
    "secondario": ("da fonte secondaria", "read second-hand"),
    "dedotto": ("dedotto", "inferred"),
    # report
    "report_title": ("Verifica di conformità", "Compliance check"),
    "plan": ("Piano", "Plan"),
    "piano_annuale": ("Piano annuale dell'offerta abitativa", "Annual housing offer plan"),
    "piano_triennale": ("Piano triennale dell'offerta abitativa", "Three-year housing offer plan"),
    "units_heading": ("Il piano in unità (per ente proprietario e comune)", "The plan in units (per owner and comune)"),
    "units_note": (
        "Disp.: unità disponibili nell'anno. Indig.: quota del 20% (o maggiore, tabella g), per eccesso. "
        "FdP: Forze di Polizia e VVF (art. 7 bis), per eccesso. P.L.: Polizia Locale (art. 7 ter) e Cat.: "
        "categorie (lett. c bis), dal R.R. 2/2025, all'unità più vicina. Grad.: graduatoria ordinaria. "
        "n.d.: non calcolabile dai dati del piano.",
        "Avail.: units available in the year. Indig.: the 20% share (or higher, table g), rounded up. "
        "Police: police and fire service (art. 7 bis), rounded up. L.pol.: local police (art. 7 ter) and "
        "Cat.: categories (letter c bis), from R.R. 2/2025, rounded half up. List: general ranking. "
        "n/a: cannot be computed from the plan's data.",
    ),
    "more_subjects": ("… e altri {n} soggetti non valutabili per la stessa regola:", "… and {n} more subjects not assessable under the same rule:"),
    "ambito": ("Ambito", "District"),
    "capofila": ("Comune capofila", "Lead municipality"),
    "approved_on": ("Approvazione", "Approval"),
    "not_approved": ("data di approvazione non indicata", "approval date not given"),
    "judged_on": ("Data di riferimento", "Reference date"),
    "judged_basis_approval": ("data di approvazione del piano", "plan approval date"),
    "judged_basis_option": ("data indicata con --date", "date given with --date"),
    "ruleset": ("Regole", "Rules"),
    "legal_texts": ("Testi applicati", "Legal texts applied"),
    "input_file": ("File", "File"),
    "summary": ("Esito", "Outcome"),
    "summary_line": (
        "{rules} regole valutate: {conformi} conformi, {non_conformi} non conformi, "
        "{non_valutabili} non valutabili. Rilievi: {violazioni} violazioni, {avvisi} avvisi, "
        "{informazioni} informazioni, {nv} dati non valutabili.",
        "{rules} rules evaluated: {conformi} compliant, {non_conformi} non-compliant, "
        "{non_valutabili} not assessable. Findings: {violazioni} violations, {avvisi} warnings, "
        "{informazioni} information, {nv} not assessable.",
    ),
    "rules_heading": ("Regole", "Rules"),
    "findings_heading": ("Rilievi", "Findings"),
    "no_findings": ("Nessun rilievo.", "No findings."),
    "rule": ("Regola", "Rule"),
    "outcome": ("Esito", "Outcome"),
    "severity": ("Gravità", "Severity"),
    "source": ("Fonte", "Source"),
    "certainty": ("Certezza", "Certainty"),
    "subject": ("Soggetto", "Subject"),
    "subjects": ("soggetti", "subjects"),
    "explanation": ("Spiegazione", "Explanation"),
    "in_force": ("in vigore", "in force"),
    "rules_not_in_force": ("Regole non in vigore alla data di riferimento", "Rules not in force on the reference date"),
    "missing_fields": ("dati mancanti: {fields}", "missing data: {fields}"),
    "exit_hint_1": ("Esito: almeno una violazione.", "Outcome: at least one violation."),
    "exit_hint_0": ("Esito: nessuna violazione.", "Outcome: no violation."),
    # justified findings (compliance/justifications.py) and the HTML/PDF report
    "just_subject": ("giustificazione n. {n}", "justification no. {n}"),
    "just_all_subjects": ("tutti i soggetti", "all subjects"),
    "just_source": ("piano, sezione giustificazioni", "plan, giustificazioni section"),
    "just_explanation": (
        "Una giustificazione che non si applica non toglie alcun rilievo: va corretta o rimossa dal piano.",
        "A justification that does not apply removes no finding: correct it or remove it from the plan.",
    ),
    "just_expired": (
        "La giustificazione n. {n} ({regola}, {soggetto}) è scaduta il {scadenza}, prima della data di "
        "riferimento {giorno}: non si applica.",
        "Justification no. {n} ({regola}, {soggetto}) expired on {scadenza}, before the reference date "
        "{giorno}: it does not apply.",
    ),
    "just_not_yet": (
        "La giustificazione n. {n} ({regola}, {soggetto}) è approvata con atto del {atto_data}, dopo la "
        "data di riferimento {giorno}: non si applica.",
        "Justification no. {n} ({regola}, {soggetto}) is approved by an act of {atto_data}, after the "
        "reference date {giorno}: it does not apply.",
    ),
    "just_unknown_rule": (
        "La giustificazione n. {n} riguarda la regola «{regola}», che non è tra le regole valutate il "
        "{giorno}.{hint}",
        "Justification no. {n} concerns rule '{regola}', which is not among the rules evaluated on "
        "{giorno}.{hint}",
    ),
    "just_no_finding": (
        "La giustificazione n. {n} ({regola}, {soggetto}) non corrisponde ad alcun rilievo.{hint}",
        "Justification no. {n} ({regola}, {soggetto}) matches no finding.{hint}",
    ),
    "just_subjects_with_findings": ("Soggetti con rilievi per questa regola: {subjects}.",
                                    "Subjects with findings for this rule: {subjects}."),
    "just_rule_has_no_findings": ("La regola non ha rilievi su questo piano.", "The rule has no findings on this plan."),
    "justified_heading": ("Rilievi giustificati dal piano", "Findings justified by the plan"),
    "justified_intro": (
        "Scostamenti che il piano giustifica con un atto: sono mostrati con la giustificazione e non "
        "contano come violazioni.",
        "Departures the plan justifies by an act: shown with the justification, not counted as "
        "violations.",
    ),
    "justified_count": ("Rilievi giustificati: {n}.", "Justified findings: {n}."),
    "justification": ("Giustificazione", "Justification"),
    "motivazione": ("Motivazione", "Reason"),
    "base_giuridica": ("Base giuridica", "Legal basis"),
    "approvata_da": ("Approvata da", "Approved by"),
    "atto": ("Atto", "Act"),
    "scadenza": ("Scadenza", "Expiry"),
    "no_expiry": ("senza scadenza", "no expiry"),
    "not_given": ("non indicato", "not given"),
    "act_number_date": ("n. {numero} del {data}", "no. {numero} of {data}"),
    "figures": ("Numeri", "Figures"),
    "article": ("Articolo", "Article"),
    "version": ("Versione", "Version"),
    "rule_file": ("File della regola", "Rule file"),
    "in_force_label": ("Vigenza", "In force"),
    "certainty_note": ("Nota sulla certezza", "Note on certainty"),
    "appendix_rules": ("Appendice: regole valutate", "Appendix: rules evaluated"),
    "input_hash": ("File del piano", "Plan file"),
    "ruleset_version": ("Versione delle regole", "Ruleset version"),
    "engine": ("Motore", "Engine"),
    "generated_by": ("Generato da {tool} {version}", "Generated by {tool} {version}"),
    "page_label": ("Pagina", "Page"),
    "giustificati_short": ("giustificati", "justified"),
    "yes": ("sì", "yes"),
    "no": ("no", "no"),
    "pdf_needs_output": (
        "il formato pdf è binario: indicare il file con --output (es. -o rapporto.pdf)",
        "the pdf format is binary: give the file with --output (e.g. -o report.pdf)",
    ),
    "chromium_missing": (
        "Chromium non trovato: serve per il formato pdf. Installare il pacchetto «chromium» "
        "(apt-get install chromium) o indicare il programma con la variabile COMPLIANCE_CHROMIUM; "
        "in alternativa usare --format html e stampare in PDF dal browser.",
        "Chromium not found: it is needed for the pdf format. Install the 'chromium' package "
        "(apt-get install chromium) or name the program in the COMPLIANCE_CHROMIUM variable; "
        "or use --format html and print to PDF from a browser.",
    ),
    # spreadsheets (compliance/spreadsheet/): template, export, import
    "ss_where_sheet": ("foglio «{sheet}»", "sheet '{sheet}'"),
    "ss_where_row": ("riga {row}", "row {row}"),
    "ss_where_column": ("colonna {column} «{name}»", "column {column} '{name}'"),
    "ss_not_xlsx": (
        "non è una cartella di lavoro Excel (.xlsx) né una cartella di file CSV",
        "not an Excel workbook (.xlsx) nor a folder of CSV files",
    ),
    "ss_bad_workbook": ("cartella di lavoro .xlsx non leggibile: {detail}", "unreadable .xlsx workbook: {detail}"),
    "ss_bad_csv": ("file CSV non leggibile: {detail}", "unreadable CSV file: {detail}"),
    "ss_no_csv": ("la cartella non contiene file .csv (uno per foglio)", "the folder holds no .csv files (one per sheet)"),
    "ss_bad_json": ("atteso un testo JSON valido: {detail}", "valid JSON text expected: {detail}"),
    "ss_value_without_key": ("valore senza nome del campo nella colonna A", "value with no field name in column A"),
    "ss_duplicate_key": ("campo «{name}» ripetuto (già alla riga {first})", "field '{name}' repeated (already at row {first})"),
    "ss_presence": ("atteso «sì» o «no» (o vuoto), trovato {found}", "'sì' or 'no' (or empty) expected, found {found}"),
    "ss_unknown_key": ("campo sconosciuto «{name}».", "unknown field '{name}'."),
    "ss_value_outside_columns": ("valore fuori dalle colonne dell'intestazione", "value outside the header's columns"),
    "ss_no_header": (
        "intestazione non trovata: attesa la riga «campo | valore» o l'intestazione delle colonne ({columns})",
        "header not found: the row 'campo | valore' or the column header ({columns}) was expected",
    ),
    "ss_unknown_column": ("colonna sconosciuta «{name}»; colonne ammesse: {options}.",
                          "unknown column '{name}'; allowed columns: {options}."),
    "ss_duplicate_column": ("colonna «{name}» ripetuta", "column '{name}' repeated"),
    "ss_comune_unknown": (
        "«{name}» non è un comune della Lombardia nell'elenco ISTAT.",
        "'{name}' is not a comune of Lombardy in the ISTAT list.",
    ),
    "ss_did_you_mean_either": ("Forse «{a}» o «{b}»?", "Did you mean '{a}' or '{b}'?"),
    "ss_sheet_unknown": ("foglio sconosciuto «{name}».", "unknown sheet '{name}'."),
    "ss_sheet_missing": (
        "foglio mancante: il modello lo prevede (anche vuoto, con presente_nel_piano); rigenerare il modello con «compliance template»",
        "missing sheet: the template has it (even empty, with presente_nel_piano); make a new one with 'compliance template'",
    ),
    "ss_absent_with_data": (
        "presente_nel_piano è «no» ma il foglio contiene dati: indicare «sì» o svuotare il foglio",
        "presente_nel_piano is 'no' but the sheet holds data: write 'sì' or empty the sheet",
    ),
    "ss_parent_absent": (
        "il foglio «{parent}» dichiara la sezione assente (presente_nel_piano: no), ma questo foglio contiene dati",
        "sheet '{parent}' declares the section absent (presente_nel_piano: no), but this sheet holds data",
    ),
    "ss_same_file": ("il file di uscita coincide con quello di ingresso", "the output file is the input file"),
    "ss_folder_not_empty": (
        "la cartella esiste e non è vuota: indicare una cartella nuova",
        "the folder exists and is not empty: give a new folder",
    ),
    "ss_template_written": (
        "Modello scritto in {path}: compilarlo, poi «compliance import {path} -o piano.yaml».",
        "Template written to {path}: fill it in, then 'compliance import {path} -o plan.yaml'.",
    ),
    "ss_export_written": ("Piano esportato in {path}.", "Plan exported to {path}."),
    "ss_import_written": ("Piano scritto in {path}: verificarlo con «compliance check {path}».",
                          "Plan written to {path}: check it with 'compliance check {path}'."),
    "chromium_failed": (
        "Chromium non è riuscito a produrre il PDF: {detail}",
        "Chromium could not produce the PDF: {detail}",
    ),
    # files that are not what they seem, limits, interruptions (compliance/output.py, model/loader.py, entry.py)
    "file_not_regular": (
        "non è un file ordinario (è una FIFO, un dispositivo o un socket)",
        "not a regular file (a FIFO, a device or a socket)",
    ),
    "file_unreadable": ("impossibile leggere il file: {detail}", "cannot read the file: {detail}"),
    "not_a_plan": (
        "non è un piano: nessuna delle sezioni attese ({keys})",
        "not a plan: none of the expected sections ({keys})",
    ),
    "too_long": ("testo troppo lungo ({length} caratteri; al massimo {limit})",
                 "text too long ({length} characters; at most {limit})"),
    "number_notation": (
        "scrivere il numero in cifre decimali (senza «:», «_», «0x», «0o», «0b» né zeri iniziali)",
        "write the number in decimal digits (no ':', '_', '0x', '0o', '0b' nor leading zeros)",
    ),
    "date_out_of_range": (
        "data «{value}» fuori dall'intervallo ammesso ({low} – {high})",
        "date '{value}' outside the accepted range ({low} – {high})",
    ),
    "output_same_as_input": (
        "il file di uscita è un file di ingresso ({input}): non viene sovrascritto, indicare un altro nome",
        "the output file is an input file ({input}): it is not overwritten, give another name",
    ),
    "output_dangling_link": (
        "collegamento simbolico che non porta a nessun file: non viene sostituito",
        "symbolic link that leads to no file: it is not replaced",
    ),
    "output_fifo_no_reader": ("FIFO che nessun processo sta leggendo", "FIFO that no process is reading"),
    "output_is_dir": ("è una cartella, non un file", "is a folder, not a file"),
    "output_not_regular": (
        "non è un file regolare (dispositivo a blocchi o socket): non viene scritto",
        "not a regular file (block device or socket): not written",
    ),
    "interrupted": ("interrotto (Ctrl-C)", "interrupted (Ctrl-C)"),
    "unexpected_error": (
        "errore interno inatteso, nessun verdetto ({detail}); COMPLIANCE_DEBUG=1 mostra il dettaglio",
        "unexpected internal error, no verdict ({detail}); COMPLIANCE_DEBUG=1 shows the details",
    ),
}


def t(key: str, lang: str = "it", **kw: object) -> str:
    pair = _TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
