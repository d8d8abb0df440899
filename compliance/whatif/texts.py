"""Texts of the what-if command, in Italian (default) and English.

Kept here rather than in compliance/i18n.py so that the what-if package is self-contained; the
shared outcome words (conforme, violazione, …) come from compliance.i18n.
"""

from __future__ import annotations

from compliance.i18n import t

_TEXTS: dict[str, tuple[str, str]] = {
    # paths
    "path_empty": ("percorso vuoto", "empty path"),
    "path_unclosed": ("parentesi quadra non chiusa", "unclosed square bracket"),
    "path_empty_part": ("percorso con una parte vuota (due punti di seguito o punto finale)",
                        "path with an empty part (two dots in a row or a final dot)"),
    "path_expected_dot": ("atteso «.» prima di «{at}»", "'.' expected before '{at}'"),
    "path_bad_selector": ("selezione non valida «[{sel}]»: attesi un indice [0] o campo=valore",
                          "invalid selection '[{sel}]': an index [0] or field=value expected"),
    "path_root": ("(il piano)", "(the plan)"),
    "path_unknown_field": ("campo «{key}» sconosciuto in {where}.", "unknown field '{key}' in {where}."),
    "did_you_mean": ("Forse «{name}»?", "Did you mean '{name}'?"),
    "allowed_fields": ("Campi ammessi: {options}.", "Allowed fields: {options}."),
    "path_not_mapping": ("{where} non ha campi: «{key}» non si può selezionare",
                         "{where} has no fields: '{key}' cannot be selected"),
    "path_not_list": ("{where} non è una lista: la selezione [...] non si applica",
                      "{where} is not a list: a [...] selection does not apply"),
    "path_missing_section": ("{where} non è presente nel piano", "{where} is not in the plan"),
    "path_bad_index": ("{where} ha {n} righe: l'indice {index} non esiste",
                       "{where} has {n} rows: index {index} does not exist"),
    "path_no_row": ("nessuna riga di {where} con {sel}.", "no row of {where} with {sel}."),
    "rows_present": ("Valori presenti di {key}: {values}.", "Values of {key} present: {values}."),
    "rows_none": ("La tabella non ha righe: usare «aggiungi».", "The table has no rows: use 'aggiungi'."),
    "path_many_rows": ("{n} righe di {where} hanno {sel}: precisare, ad esempio {hint}",
                       "{n} rows of {where} have {sel}: be more specific, e.g. {hint}"),
    "path_value_not_list": ("qui va una lista di righe", "a list of rows goes here"),
    "path_add_not_list": ("«aggiungi» vuole il percorso di una lista di righe (…righe)",
                          "'aggiungi' needs the path of a list of rows (…righe)"),
    "path_row_exists": ("la riga {row} c'è già: per cambiarla usare «modifiche»",
                        "row {row} is already there: use 'modifiche' to change it"),
    "path_remove_not_row": ("«rimuovi» vuole una riga selezionata, ad esempio …righe[comune=Crema]",
                            "'rimuovi' needs a selected row, e.g. …righe[comune=Crema]"),
    # scenarios
    "scenario_empty": ("lo scenario non contiene modifiche (modifiche, aggiungi o rimuovi)",
                       "the scenario has no changes (modifiche, aggiungi or rimuovi)"),
    "set_syntax": ("«{option}»: atteso PERCORSO=VALORE", "'{option}': PATH=VALUE expected"),
    "set_bad_value": ("valore non leggibile «{value}»: attesi un numero, una data AAAA-MM-GG, un testo, "
                      "true/false o null", "unreadable value '{value}': a number, a date YYYY-MM-DD, a text, "
                      "true/false or null expected"),
    "adhoc_name": ("modifiche da riga di comando", "command-line changes"),
    "sweep_syntax": ("«{option}»: atteso PERCORSO=INIZIO:FINE:PASSO (es. …quota_percentuale=0:20:0.5)",
                     "'{option}': PATH=START:STOP:STEP expected (e.g. …quota_percentuale=0:20:0.5)"),
    "sweep_bad_range": ("intervallo non valido: {detail}", "invalid range: {detail}"),
    "sweep_too_many": ("troppi valori ({n}; al massimo {limit})", "too many values ({n}; at most {limit})"),
    "sweep_not_number": ("«{path}» non è un campo numerico (è {kind})", "'{path}' is not a numeric field (it is {kind})"),
    "nothing_to_do": ("indicare almeno uno scenario (file YAML), --set, --sweep o --suggerisci",
                      "give at least one scenario (YAML file), --set, --sweep or --suggerisci"),
    "plot_needs_sweep": ("--plot richiede --sweep", "--plot needs --sweep"),
    # report
    "title": ("Che cosa succede se", "What if"),
    "baseline": ("piano di partenza", "baseline plan"),
    "scenario": ("Scenario", "Scenario"),
    "changes": ("Modifiche", "Changes"),
    "comparison": ("Confronto", "Comparison"),
    "warnings": ("avvisi", "warnings"),
    "not_assessable_n": ("non valutabili", "not assessable"),
    "changed_findings": ("rilievi che cambiano", "findings that change"),
    "op_set": ("{path}: {old} → {new}", "{path}: {old} → {new}"),
    "op_add": ("{path}: aggiunta la riga {row}", "{path}: row {row} added"),
    "op_remove": ("{path}: riga tolta", "{path}: row removed"),
    "summary_compare": ("Violazioni: {b} → {s}; avvisi: {ab} → {as_}; non valutabili: {nb} → {ns}.",
                        "Violations: {b} → {s}; warnings: {ab} → {as_}; not assessable: {nb} → {ns}."),
    "exit_compare": ("Esito: {before} → {after}.", "Outcome: {before} → {after}."),
    "ok": ("nessuna violazione", "no violation"),
    "ko": ("almeno una violazione", "at least one violation"),
    "rule_changes": ("Regole che cambiano esito", "Rules whose outcome changes"),
    "finding_changes": ("Rilievi", "Findings"),
    "no_changes": ("Nessun rilievo cambia.", "No finding changes."),
    "appears": ("NUOVO", "NEW"),
    "disappears": ("RISOLTO", "RESOLVED"),
    "changed": ("CAMBIA", "CHANGES"),
    "was": ("prima", "before"),
    "now": ("ora", "now"),
    "units_heading": ("Unità per comune (piano di partenza → scenario)", "Units per comune (baseline → scenario)"),
    "units_unavailable": ("ripartizione delle unità non disponibile: {detail}", "units breakdown not available: {detail}"),
    "units_none": ("Nessun comune interessato nella ripartizione delle unità.", "No comune affected in the units breakdown."),
    "unknown": ("n.d.", "n/a"),
    # sweep
    "sweep_heading": ("Variazione di {path} da {start} a {stop} (passo {step}): {n} valori",
                      "Sweep of {path} from {start} to {stop} (step {step}): {n} values"),
    "value": ("valore", "value"),
    "violations": ("violazioni", "violations"),
    "flips_heading": ("Dove cambia il verdetto", "Where the verdict flips"),
    "no_flips": ("Nessun verdetto cambia nell'intervallo.", "No verdict changes in the range."),
    "flip_line": ("{subject} ({rule}): {before} fino a {last}, {after} da {first}",
                  "{subject} ({rule}): {before} up to {last}, {after} from {first}"),
    "flips_more": ("    … e altri {n} cambi dello stesso verdetto (l'ultimo da {last})",
                   "    … and {n} more changes of the same verdict (the last from {last})"),
    "invalid_values": ("Valori non giudicati: {values} ({detail})", "Values not judged: {values} ({detail})"),
    "plot_written": ("Grafico scritto in {file}", "Plot written to {file}"),
    "units_axis": ("unità", "units"),
    "plot_title": ("Verdetti al variare di {field}", "Verdicts as {field} varies"),
    "timing": ("{n} scenari valutati in {seconds:.2f} s ({mode})", "{n} scenarios evaluated in {seconds:.2f} s ({mode})"),
    "mode_serial": ("un processo", "one process"),
    "mode_pool": ("{jobs} processi", "{jobs} processes"),
    # nearest compliant plan
    "nearest_heading": ("Il piano conforme più vicino", "The nearest compliant plan"),
    "nearest_none_needed": ("Il piano non ha rilievi non conformi: nessuna modifica da suggerire.",
                            "The plan has no non-compliant finding: nothing to suggest."),
    "nearest_fix": ("{path}: {old} → {new}", "{path}: {old} → {new}"),
    "nearest_for": ("per {subject} ({rule})", "for {subject} ({rule})"),
    "nearest_verified": ("verificato: il rilievo scompare e non ne compaiono di nuovi",
                         "verified: the finding disappears and no new one appears"),
    "nearest_side_effects": ("attenzione: compaiono altri rilievi: {others}", "note: other findings appear: {others}"),
    "nearest_not_computable": ("non calcolabile: {why}", "not computable: {why}"),
    "why_no_numeric": ("nessun numero o data del piano determina i campi della condizione ({fields})",
                       "no number or date of the plan determines the fields of the condition ({fields})"),
    "why_no_rule": ("il rilievo non viene dalla condizione di una regola in vigore",
                    "the finding does not come from the condition of a rule in force"),
    "why_no_value": ("nessun valore ammesso di {paths} rende la regola conforme",
                     "no allowed value of {paths} makes the rule compliant"),
    "nearest_all": ("Piano con le modifiche suggerite, tutte insieme: violazioni {before} → {after}, "
                    "rilievi non conformi {nc_before} → {nc_after}",
                    "Plan with all the suggested changes together: violations {before} → {after}, "
                    "non-compliant findings {nc_before} → {nc_after}"),
}


def tw(_key: str, lang: str = "it", /, **kw: object) -> str:
    """A what-if text; shared words (outcomes, severities) fall back to compliance.i18n."""
    pair = _TEXTS.get(_key)
    if pair is None:
        return t(_key, lang, **kw)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text
