"""The piano triennale (R.R. 4/2017 art. 3): the plan as a whole, and its content items a) to g)."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import TRIENNALE, field, kind
from compliance.facts.kinds.piano import approving_body, is_milano
from compliance.facts.values import total


PIANO = kind(
    "piano_triennale",
    "Il piano triennale nel suo insieme (soggetto: «piano triennale»).",
    plan_types=TRIENNALE,
    anno_inizio=field("int", "primo anno del triennio", 2018, 2100),
    anno_fine=field("int", "ultimo anno del triennio", 2018, 2100),
    anni=field("int", "anni coperti (anno_fine - anno_inizio + 1)", -81, 83),
    data_approvazione=field("date", "data di approvazione (o quella data con --date)"),
    scadenza_approvazione=field("date", "termine di approvazione, se noto (proroghe e calendario applicati)"),
    base_scadenza=field("text", "da dove viene il termine"),
    organo_approvazione=field("text", "organo che ha approvato il piano, come scritto"),
    tipo_organo=field("text", "che cosa nomina l'organo: assemblea, Comune di Milano, altro"),
    ambito_di_milano=field("bool", "l'ambito è quello di Milano"),
    unita_triennio=field("int", "unità che si prevede saranno disponibili nel triennio (null se non quantificate)"),
    unita_quantificate=field("bool", "il file riporta, per ente, le unità previste nel triennio con i loro numeri "
                             "(null se non le riporta o se manca un numero)"),
)

CONTENUTO = kind(
    "contenuto_triennale",
    "Una voce del contenuto del piano triennale (R.R. 4/2017 art. 3 c. 2).",
    plan_types=TRIENNALE,
    voce=field("text", "lettera della voce"),
    descrizione=field("text", "che cosa la voce contiene"),
    presente=field("bool", "il piano la riporta (true), non la riporta (false), non si sa (null)"),
    dove=field("text", "dove il file del piano la documenta"),
)

KINDS = (PIANO, CONTENUTO)

ITEMS = (
    ("a", "a_quadro_conoscitivo", "quadro conoscitivo del territorio"),
    ("b", "b_quadro_ricognitivo_programmatorio", "quadro ricognitivo e programmatorio dell'offerta abitativa"),
    ("c", "c_fabbisogno_abitativo_primario", "fabbisogno abitativo primario da soddisfare"),
    ("d", "d_consistenza_e_unita_disponibili", "consistenza del patrimonio e unità disponibili nel triennio"),
    ("e", "e_strategie_e_obiettivi", "strategie e obiettivi di sviluppo dell'offerta"),
    ("f", "f_linee_azione_disagio_emergenza", "linee d'azione contro il disagio e l'emergenza abitativa"),
    ("g", "g_linee_azione_accesso_mantenimento", "linee d'azione per l'accesso e il mantenimento dell'abitazione"),
)


def build_piano(ctx: Context) -> None:
    plan = ctx.plan
    start, end = plan.periodo.dal, plan.periodo.al
    due, basis = ctx.law.deadline("approvazione_piano_triennale", start)
    rows = plan.dati.unita_disponibili_triennio
    figures = None if rows is None else [v for r in rows for v in (r.unita_avvicendamento, r.unita_nuova_edificazione)]
    units = None if figures is None else total(figures)
    ctx.add(
        PIANO, "piano triennale",
        anno_inizio=start, anno_fine=end, anni=end - start + 1, data_approvazione=ctx.day,
        scadenza_approvazione=due.effective if due else None,
        base_scadenza=basis,
        organo_approvazione=plan.approvazione.organo,
        tipo_organo=approving_body(plan.approvazione.organo),
        ambito_di_milano=is_milano(plan.ambito.denominazione),
        unita_triennio=units,
        unita_quantificate=None if figures is None or None in figures else True,
    )


def build_contenuti(ctx: Context) -> None:
    for letter, attr, what in ITEMS:
        item = getattr(ctx.plan.contenuti, attr)
        ctx.add(CONTENUTO, f"voce {letter}): {what}", voce=letter, descrizione=what,
                presente=item.presente if item else None,
                dove=(item.riferimento if item and item.riferimento else f"contenuti.{attr}"))
    if ctx.plan.ambito.comune_capofila:
        ctx.names.comune_key(ctx.plan.ambito.comune_capofila, "ambito (comune capofila)")
    for nome in ctx.plan.ambito.comuni or []:
        ctx.names.comune_key(nome, "ambito (elenco dei comuni)")
