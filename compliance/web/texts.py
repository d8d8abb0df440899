"""The web page's words, in Italian (default) and English.

Kept here, as the what-if texts are in compliance/whatif/texts.py, so that the web package is
self-contained; the what-if words (compliance.whatif.texts) and those the reports share
(outcomes, severities: compliance.i18n) are used as they are.
"""

from __future__ import annotations

from compliance.whatif.texts import tw

_TEXTS: dict[str, tuple[str, str]] = {
    # frame
    "app_name": ("Verifica dei piani dell'offerta abitativa", "Housing offer plan checker"),
    "app_tagline": ("L.R. 16/2016 e R.R. 4/2017 — conforme, non conforme, non valutabile, articolo per articolo",
                    "L.R. 16/2016 and R.R. 4/2017 — compliant, non-compliant, not assessable, article by article"),
    "skip": ("Vai al contenuto", "Skip to content"),
    "nav_label": ("Sezioni", "Sections"),
    "nav_check": ("Verifica", "Check"),
    "nav_whatif": ("Che cosa succede se", "What if"),
    "nav_audit": ("Verifica di più piani", "Audit of many plans"),
    "lang_label": ("Lingua", "Language"),
    "lang_other": ("English", "Italiano"),
    "lang_other_code": ("en", "it"),
    "footer": ("Pagina locale di «compliance» {version}: i piani caricati restano su questo computer e si "
               "cancellano alla chiusura.",
               "Local page of 'compliance' {version}: uploaded plans stay on this computer and are deleted "
               "when it stops."),
    # check
    "check_title": ("Verifica di un piano", "Check a plan"),
    "example_note": ("Esempio: il piano annuale 2021 dell'Ambito Distrettuale Cremasco (caso reale). "
                     "Carichi il suo piano o scelga un altro caso qui sotto.",
                     "Example: the 2021 annual plan of the Ambito Distrettuale Cremasco (a real case). "
                     "Upload your plan or pick another case below."),
    "load_plan": ("Carica o scegli un piano", "Upload or pick a plan"),
    "upload_legend": ("Carica un piano", "Upload a plan"),
    "upload_label": ("File del piano", "Plan file"),
    "upload_hint": ("YAML (.yaml), foglio di calcolo del modello (.xlsx, .ods) o cartella di CSV compressa "
                    "(.zip); al massimo {mb} MB.",
                    "YAML (.yaml), the template's spreadsheet (.xlsx, .ods) or a zipped folder of CSV files "
                    "(.zip); at most {mb} MB."),
    "date_label": ("Data di riferimento (facoltativa)", "Reference date (optional)"),
    "date_hint": ("Per una bozza: giudica il piano come se fosse approvato in questa data. Vuota: la data di "
                  "approvazione del piano.",
                  "For a draft: judge the plan as if approved on this date. Empty: the plan's approval date."),
    "check_button": ("Verifica", "Check"),
    "case_legend": ("Oppure scegli un caso", "Or pick a case"),
    "case_label": ("Caso", "Case"),
    "case_button": ("Apri", "Open"),
    "errors_heading": ("Il file non è stato accettato", "The file was not accepted"),
    "errors_intro": ("Correggere questi punti e caricarlo di nuovo:", "Fix these points and upload it again:"),
    "downloads": ("Scarica il rapporto", "Download the report"),
    "download_pdf": ("PDF", "PDF"),
    "download_html": ("HTML", "HTML"),
    "download_json": ("JSON", "JSON"),
    "download_md": ("Markdown", "Markdown"),
    "open_whatif": ("Prova una scelta: che cosa succede se…", "Try a choice: what if…"),
    "plan_shown": ("Piano: {name}", "Plan: {name}"),
    "judged_on_date": ("giudicato alla data {date}", "judged on {date}"),
    # report filters (used by app.js)
    "filters_legend": ("Mostra i rilievi", "Show findings"),
    "filter_outcome": ("Esito", "Outcome"),
    "filter_severity": ("Gravità", "Severity"),
    "filter_count": ("{shown} rilievi mostrati su {total}", "{shown} of {total} findings shown"),
    "filter_count_one": ("{shown} rilievo mostrato su {total}", "{shown} of {total} findings shown"),
    "expand_all": ("Apri tutti", "Expand all"),
    "collapse_all": ("Chiudi tutti", "Collapse all"),
    "details": ("Dettagli: articolo, numeri, spiegazione", "Details: article, figures, explanation"),
    "giustificato": ("giustificato", "justified"),
    # upload problems
    "upload_missing": ("scegliere un file da caricare", "choose a file to upload"),
    "upload_empty": ("il file è vuoto", "the file is empty"),
    "upload_kind": ("«{name}»: formato non riconosciuto; ammessi: {kinds}",
                    "'{name}': format not recognised; allowed: {kinds}"),
    "upload_bad_zip": ("il file .zip è danneggiato o non è un archivio zip",
                       "the .zip file is damaged or not a zip archive"),
    "upload_zip_no_csv": ("l'archivio .zip non contiene file .csv (uno per foglio del modello)",
                          "the .zip archive holds no .csv file (one per sheet of the template)"),
    "upload_zip_too_many": ("l'archivio contiene più di {limit} file .csv", "the archive holds more than {limit} .csv files"),
    "upload_zip_bad_member": ("nome di file non ammesso nell'archivio: «{name}»", "file name not allowed in the archive: '{name}'"),
    "upload_zip_duplicate": ("due file «{name}» nell'archivio", "two files '{name}' in the archive"),
    "upload_zip_member_too_large": ("«{name}» è più grande di {limit} MB", "'{name}' is larger than {limit} MB"),
    "upload_unpacked_too_large": ("decompresso supererebbe {limit} MB", "unpacked it would exceed {limit} MB"),
    "too_many_files": ("un solo file per volta", "one file at a time"),
    "bad_form": ("modulo non leggibile: {detail}", "unreadable form: {detail}"),
    "date_bad": ("data non valida «{value}»: attesa AAAA-MM-GG", "invalid date '{value}': YYYY-MM-DD expected"),
    "not_found": ("Pagina non trovata", "Page not found"),
    "not_found_text": ("Il piano o la pagina richiesta non c'è (i piani caricati si dimenticano alla chiusura "
                       "o quando se ne caricano molti altri).",
                       "The plan or page asked for is not here (uploaded plans are forgotten when the server "
                       "stops or after many others are uploaded)."),
    "back_home": ("Torna alla verifica", "Back to the check"),
    "engine_error": ("Errore interno del motore di valutazione: {detail}. Il rapporto non è stato prodotto.",
                     "Internal error of the evaluation engine: {detail}. No report was produced."),
    "worker_died": ("il processo di valutazione si è interrotto; riprovare", "the evaluation process stopped; try again"),
    "internal_error_page": ("Errore interno: {detail}. Il resto della pagina funziona.",
                            "Internal error: {detail}. The rest of the page works."),
    "busy": ("Il server è occupato o il calcolo ha superato il tempo massimo.",
             "The server is busy or the computation took too long."),
    "pdf_failed": ("PDF non prodotto: {detail}", "PDF not produced: {detail}"),
    # what-if
    "whatif_title": ("Che cosa succede se — {ambito} {years}", "What if — {ambito} {years}"),
    "whatif_intro": ("Cambi un valore: il verdetto, le unità per comune e i rilievi che cambiano si aggiornano. "
                     "Il piano caricato non viene modificato.",
                     "Change a value: the verdict, the units per comune and the findings that change update. "
                     "The uploaded plan is not modified."),
    "whatif_not_annual": ("Le scelte dei comuni riguardano il piano annuale: questo è un piano triennale.",
                          "The comuni's choices belong to the annual plan: this is a three-year plan."),
    "choices": ("Le scelte", "The choices"),
    "group_label": ("Comune o ente", "Comune or owner"),
    "group_ambito": ("Ambito: totali dichiarati delle tabelle", "Ambito: declared totals of the tables"),
    "group_comune": ("Comune di {name}", "Comune of {name}"),
    "in_plan": ("nel piano: {value}", "in the plan: {value}"),
    "in_plan_none": ("nel piano: non presente", "in the plan: not present"),
    "in_plan_null": ("nel piano: non indicato", "in the plan: not given"),
    "empty_removes": ("vuoto: riga tolta", "empty: row removed"),
    "empty_null": ("vuoto: non indicato", "empty: not given"),
    "ctl_indigenti": ("Soglia per i nuclei indigenti sul patrimonio comunale (%), tabella g",
                      "Threshold for indigent households on the comune's stock (%), table g"),
    "ctl_forze_polizia": ("Riserva Forze di Polizia e Vigili del Fuoco (%), tabella i",
                          "Reserve for police and fire brigade (%), table i"),
    "ctl_polizia_locale": ("Quota Polizia Locale (%), tabella i", "Local police share (%), table i"),
    "ctl_riserva_categorie": ("Riserva dell'ente per categorie (%)", "Owner's reserve for categories (%)"),
    "ctl_sat": ("Unità per servizi abitativi transitori, tabella j", "Units for transitional housing, table j"),
    "ctl_units": ("Unità, tabella {table} — {owner}", "Units, table {table} — {owner}"),
    "ctl_total": ("Totale dichiarato, tabella {table}", "Declared total, table {table}"),
    "table_b": ("b) carenza manutentiva", "b) needing maintenance"),
    "table_c": ("c) nuova edificazione", "c) new building"),
    "table_d": ("d) normale avvicendamento", "d) normal turnover"),
    "table_e": ("e) conferite da privati", "e) conferred by others"),
    "table_f": ("f) totale assegnabili", "f) total assignable"),
    "scenario_legend": ("Lo scenario", "The scenario"),
    "scenario_name": ("Nome dello scenario", "Scenario name"),
    "scenario_description": ("Descrizione", "Description"),
    "scenario_default_name": ("Scenario dalla pagina web", "Scenario from the web page"),
    "evaluate": ("Valuta", "Evaluate"),
    "keep_scenario": ("Salva lo scenario", "Save the scenario"),
    "saved_scenarios": ("Scenari salvati in questa sessione", "Scenarios saved in this session"),
    "save_scenario": ("Scarica lo scenario (YAML)", "Download the scenario (YAML)"),
    "reset": ("Torna al piano", "Back to the plan"),
    "scenario_upload_legend": ("Carica uno scenario salvato", "Upload a saved scenario"),
    "scenario_upload_label": ("File di scenario (YAML)", "Scenario file (YAML)"),
    "scenario_upload_hint": ("Lo stesso file che legge «compliance whatif PIANO SCENARIO.yaml».",
                             "The same file that 'compliance whatif PLAN SCENARIO.yaml' reads."),
    "scenario_upload_button": ("Carica lo scenario", "Upload the scenario"),
    "scenario_loaded": ("Scenario caricato: {name}", "Scenario loaded: {name}"),
    "scenario_other_changes": ("Altre modifiche dello scenario (non tra le scelte qui sopra):",
                               "Other changes of the scenario (not among the choices above):"),
    "result": ("Esito", "Result"),
    "no_change_yet": ("Nessuna modifica: il piano è quello caricato.", "No change: the plan is the one uploaded."),
    "verdict_plan": ("Piano", "Plan"),
    "verdict_scenario": ("Scenario", "Scenario"),
    "violations_n": ("violazioni", "violations"),
    "warnings_n": ("avvisi", "warnings"),
    "nv_n": ("non valutabili", "not assessable"),
    "changes_applied": ("Modifiche", "Changes"),
    "rules_changed": ("Regole che cambiano esito", "Rules whose outcome changes"),
    "findings_changed": ("Rilievi che cambiano", "Findings that change"),
    "no_rule_changes": ("Nessuna regola cambia esito.", "No rule changes outcome."),
    "no_finding_changes": ("Nessun rilievo cambia.", "No finding changes."),
    "status_nuovo": ("nuovo", "new"),
    "status_risolto": ("risolto", "resolved"),
    "status_cambiato": ("cambia", "changes"),
    "before": ("prima", "before"),
    "after": ("ora", "now"),
    "units_title": ("Unità per comune: piano → scenario", "Units per comune: plan → scenario"),
    "units_none": ("Nessun comune interessato.", "No comune affected."),
    "units_changed_cell": ("{before} → {after}", "{before} → {after}"),
    "article": ("Articolo", "Article"),
    "figures": ("Numeri", "Figures"),
    "explanation": ("Spiegazione", "Explanation"),
    "todo": ("Che cosa fare", "What to do"),
    "value_error_intro": ("Lo scenario non è valido:", "The scenario is not valid:"),
    # sweep
    "sweep_legend": ("Far variare una scelta", "Vary one choice"),
    "sweep_control": ("Scelta da far variare", "Choice to vary"),
    "sweep_from": ("Da", "From"),
    "sweep_to": ("A", "To"),
    "sweep_step": ("Passo", "Step"),
    "sweep_button": ("Traccia il grafico", "Draw the chart"),
    "sweep_alt": ("Grafico: esito delle regole al variare di «{label}» da {start} a {stop}. {flips}",
                  "Chart: rule outcomes as '{label}' varies from {start} to {stop}. {flips}"),
    "sweep_flips": ("Dove cambia il verdetto", "Where the verdict flips"),
    "sweep_no_flips": ("Nessun verdetto cambia nell'intervallo.", "No verdict changes in the range."),
    "sweep_table": ("Tutti i valori", "All values"),
    "sweep_value": ("Valore", "Value"),
    "sweep_refused": ("non ammesso: {detail}", "not allowed: {detail}"),
    "sweep_too_many": ("troppi valori ({n}; al massimo {limit}): aumentare il passo",
                       "too many values ({n}; at most {limit}): use a larger step"),
    "sweep_pick": ("scegliere la scelta da far variare", "pick the choice to vary"),
    # nearest
    "nearest_legend": ("Il piano conforme più vicino", "The nearest compliant plan"),
    "nearest_intro": ("Per ogni rilievo non conforme, il valore più vicino di un numero o di una data del piano "
                      "che lo risolve, verificato con una nuova valutazione.",
                      "For each non-compliant finding, the nearest value of one number or date of the plan "
                      "that resolves it, verified by judging the plan again."),
    "nearest_button": ("Suggerisci", "Suggest"),
    "nearest_apply": ("Applica i suggerimenti verificati", "Apply the verified suggestions"),
    "nearest_scenario_name": ("Piano conforme più vicino", "Nearest compliant plan"),
    # audit
    "audit_title": ("Verifica di più piani", "Audit of many plans"),
    "audit_intro": ("Verifica ogni piano (YAML) di una cartella sotto {root}, poi le regole tra più piani. "
                    "Il riepilogo è lo stesso di «compliance audit».",
                    "Checks every plan (YAML) of a folder under {root}, then the rules across plans. "
                    "The overview is the same as 'compliance audit''s."),
    "audit_legend": ("Una cartella di piani", "A folder of plans"),
    "audit_time": ("Qualche secondo ogni cento piani: la pagina si apre a verifica finita.",
                   "A few seconds per hundred plans: the page opens when the audit is done."),
    "audit_folder": ("Cartella da verificare", "Folder to audit"),
    "audit_folder_hint": ("Percorso relativo a {root}; «.» per la cartella stessa.",
                          "Path relative to {root}; '.' for the folder itself."),
    "audit_button": ("Verifica la cartella", "Audit the folder"),
    "audit_previous": ("Verifiche fatte", "Audits done"),
    "audit_none": ("Nessuna verifica ancora.", "No audit yet."),
    "audit_outside": ("la cartella deve stare sotto {root}", "the folder must be under {root}"),
    "audit_not_dir": ("«{folder}» non è una cartella", "'{folder}' is not a folder"),
    "audit_no_plans": ("nessun file di piano (.yaml, .yml) in «{folder}»", "no plan file (.yaml, .yml) in '{folder}'"),
    "audit_link_outside": ("«{name}» è un collegamento a un file fuori da {root}: non viene letto",
                           "'{name}' links to a file outside {root}: it is not read"),
    "audit_too_many": ("{n} file di piano: al massimo {limit}", "{n} plan files: at most {limit}"),
    "audit_failed": ("verifica non riuscita: {detail}", "audit failed: {detail}"),
    "audit_status_fatto": ("fatta", "done"),
    "audit_status_errore": ("errore", "error"),
    "audit_status_in_corso": ("in corso", "running"),
    "audit_plans": ("{n} piani", "{n} plans"),
    "audit_plans_one": ("{n} piano", "{n} plan"),
    "audit_back": ("← Verifica di più piani", "← Audit of many plans"),
    "audit_open": ("Apri il riepilogo", "Open the overview"),
}


def txn(_key: str, n: int, lang: str = "it", /, **kw: object) -> str:
    """A text with a count: the `_one` form for 1 (Italian and English alike), else the plural."""
    return tx(_key + "_one" if n == 1 and _key + "_one" in _TEXTS else _key, lang, n=n, **kw)


def tx(_key: str, lang: str = "it", /, **kw: object) -> str:
    """A text of the web page; else a what-if text, else a shared word of compliance.i18n."""
    pair = _TEXTS.get(_key)
    if pair is None:
        return tw(_key, lang, **kw)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
