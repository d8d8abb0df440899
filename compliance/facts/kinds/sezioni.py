"""Which sections the plan file gives (subject «piano»): the rules of R.R. 4/2017 art. 4 c. 3
say which sections make up each content item of the piano annuale (item b) is tables b) to e)).

A section is `true` when the plan gives it (a table with rows, or with `righe: []`: the plan
states there is nothing), `false` when the plan states it has none (an empty list of measures),
`null` when the plan file does not say."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind


TABLES = (  # (field, the plan file's table, what it is)
    ("tabella_a", "a_consistenza_patrimonio", "tabella a) consistenza del patrimonio"),
    ("tabella_b", "b_carenza_manutentiva", "tabella b) carenza manutentiva"),
    ("tabella_c", "c_nuova_edificazione", "tabella c) nuova edificazione"),
    ("tabella_d", "d_normale_avvicendamento", "tabella d) normale avvicendamento"),
    ("tabella_e", "e_conferite_da_privati", "tabella e) unità conferite"),
    ("tabella_f", "f_totale_assegnabili", "tabella f) totale assegnabili"),
    ("tabella_g", "g_soglia_indigenti_oltre_20", "tabella g) soglie per gli indigenti"),
    ("tabella_h", "h_categorie_aggiuntive", "tabella h) categorie aggiuntive"),
    ("tabella_i", "i_forze_di_polizia", "tabella i) Forze di Polizia"),
    ("tabella_j", "j_servizi_abitativi_transitori", "tabella j) servizi abitativi transitori"),
    ("tabella_k", "k_assegnate_anno_precedente", "tabella k) assegnate nell'anno precedente"),
    ("riserve_categorie", "riserve_categorie", "riserve per categorie degli enti"),
)

KIND = kind(
    "sezioni_piano",
    "Le sezioni che il file del piano riporta (soggetto: «piano»): true se riportata, false se il "
    "piano dichiara di non averne, null se non si sa.",
    **{name: field("bool", f"il piano riporta la {what}") for name, _, what in TABLES},
    misure_sostegno=field("bool", "il piano riporta misure di sostegno (false: dichiara di non averne)"),
)


def build(ctx: Context) -> None:
    t = ctx.plan.tabelle
    misure = ctx.plan.misure_sostegno
    ctx.add(
        KIND,
        "piano",
        **{name: None if getattr(t, attr) is None else True for name, attr, _ in TABLES},
        misure_sostegno=None if misure is None else bool(misure),
    )
