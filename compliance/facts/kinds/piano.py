"""The plan as a whole (subject «piano»): year, approval and its deadline, the ambito's comuni,
the public notices (avvisi) after the approval."""

from __future__ import annotations

import re

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.facts.names import ALER
from compliance.model.plan import COUNT_MAX


KIND = kind(
    "piano",
    "Il piano nel suo insieme (soggetto: «piano»).",
    anno=field("int", "anno a cui si riferisce il piano", 2018, 2100),
    data_approvazione=field("date", "data di approvazione (o quella data con --date)"),
    organo_approvazione=field("text", "organo che ha approvato il piano, come scritto"),
    tipo_organo=field("text", "che cosa nomina l'organo: assemblea (un'assemblea, dei sindaci o del "
                      "distretto), Comune di Milano, altro"),
    ambito_di_milano=field("bool", "l'ambito è quello di Milano"),
    numero_comuni_ambito=field("int", "numero dei comuni dell'ambito", 0, COUNT_MAX),
    comuni_elencati=field("int", "comuni elencati in ambito.comuni (null se l'elenco manca)"),
    scadenza_approvazione=field("date", "termine di approvazione effettivo (proroghe e calendario applicati)"),
    base_scadenza=field("text", "come si arriva al termine (proroga, giorno festivo)"),
    comune_capofila=field("text", "Comune capofila indicato nel piano"),
    aler_nel_piano=field("bool", "la tabella a) comprende un'ALER (null se la tabella manca)"),
    avvisi=field("int", "avvisi pubblici noti (null se il piano non li riporta)"),
    avvisi_nell_anno=field("int", "avvisi pubblicati nell'anno del piano"),
    primo_avviso=field("date", "data del primo avviso dopo l'approvazione"),
    scadenza_primo_avviso=field("date", "termine per il primo avviso (rules/parametri.yaml: avviso), sul calendario"),
    base_scadenza_avviso=field("text", "come si arriva al termine dell'avviso"),
)

_ASSEMBLY = re.compile(r"assemblea", re.IGNORECASE)
_COMUNE_DI_MILANO = re.compile(r"comune\s+di\s+milano", re.IGNORECASE)
_MILANO = re.compile(r"\bmilano\b", re.IGNORECASE)


def approving_body(organo: str | None) -> str | None:
    """What the approving body's name says it is (the rules judge whether it may approve)."""
    if organo is None:
        return None
    if _ASSEMBLY.search(organo):
        return "assemblea"
    if _COMUNE_DI_MILANO.search(organo):
        return "Comune di Milano"
    return "altro"


def is_milano(denominazione: str) -> bool:
    return bool(_MILANO.search(denominazione))


def build(ctx: Context) -> None:
    plan, day = ctx.plan, ctx.day
    t = plan.tabelle
    due, basis = ctx.law.deadline("approvazione_piano_annuale", plan.anno)
    notice_due, notice_basis = ctx.law.deadline("avviso", plan.anno, day)
    avvisi = plan.avvisi
    after = sorted(a.data for a in avvisi or [] if day is None or a.data >= day)
    ctx.add(
        KIND,
        "piano",
        anno=plan.anno,
        data_approvazione=day,
        organo_approvazione=plan.approvazione.organo,
        tipo_organo=approving_body(plan.approvazione.organo),
        ambito_di_milano=is_milano(plan.ambito.denominazione),
        numero_comuni_ambito=plan.ambito.numero_comuni,
        comuni_elencati=None if plan.ambito.comuni is None else len(set(plan.ambito.comuni)),
        scadenza_approvazione=due.effective if due else None,
        base_scadenza=basis,
        comune_capofila=plan.ambito.comune_capofila,
        aler_nel_piano=(None if t.a_consistenza_patrimonio is None else any(
            ALER.match(r.ente_proprietario) for r in t.a_consistenza_patrimonio.righe)),
        avvisi=None if avvisi is None else len(avvisi),
        avvisi_nell_anno=None if avvisi is None else sum(1 for a in avvisi if a.data.year == plan.anno),
        primo_avviso=after[0] if after else None,
        scadenza_primo_avviso=notice_due.effective if notice_due else None,
        base_scadenza_avviso=notice_basis,
    )
    # the ambito's own names first: the report shows the first spelling met
    if plan.ambito.comune_capofila:
        ctx.names.comune_key(plan.ambito.comune_capofila, "ambito (comune capofila)")
    for nome in plan.ambito.comuni or []:
        ctx.names.comune_key(nome, "ambito (elenco dei comuni)")
