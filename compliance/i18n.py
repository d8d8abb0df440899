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
}


def t(key: str, lang: str = "it", **kw: object) -> str:
    pair = _TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
