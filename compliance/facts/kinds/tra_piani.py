"""Facts across several plans (rules with `scope: piani`): their schema. compliance/audit/facts.py
builds them from the plans of an audit, since no single plan holds them."""

from __future__ import annotations

from compliance.facts.fields import field, kind


CONFRONTO_ASSEGNATE = kind(
    "confronto_assegnate",
    "Per ambito e anno N: unità assegnabili secondo il piano N (tabella f) e unità "
    "assegnate nell'anno N secondo il piano N+1 (tabella k).",
    ambito=field("text", "ambito"),
    anno=field("int", "anno N", 2018, 2100),
    assegnabili=field("int", "totale della tabella f) del piano N"),
    assegnate=field("int", "totale alloggi assegnati della tabella k) del piano N+1"),
)

VARIAZIONE_PATRIMONIO = kind(
    "variazione_patrimonio",
    "Per ambito ed ente proprietario: la consistenza (tabella a) in due piani consecutivi.",
    ambito=field("text", "ambito"),
    ente=field("text", "ente proprietario"),
    anno_precedente=field("int", "anno del piano precedente", 2018, 2100),
    anno=field("int", "anno del piano", 2018, 2100),
    precedente=field("int", "totale unità immobiliari nel piano precedente"),
    corrente=field("int", "totale unità immobiliari nel piano"),
)

COMUNE_AMBITI = kind(
    "comune_ambiti",
    "Un comune e gli ambiti che lo elencano tra i propri comuni nei piani di uno stesso anno.",
    comune=field("text", "comune (nome ISTAT)"),
    anno=field("int", "anno dei piani", 2018, 2100),
    ambiti=field("int", "numero di ambiti che lo elencano (null se un piano non elenca i comuni)"),
    elenco=field("text", "gli ambiti che lo elencano"),
)

COMPOSIZIONE_AMBITO = kind(
    "composizione_ambito",
    "I comuni di un ambito in due piani consecutivi.",
    ambito=field("text", "ambito"),
    anno_precedente=field("int", "anno del piano precedente", 2018, 2100),
    anno=field("int", "anno del piano", 2018, 2100),
    entrati=field("int", "comuni presenti solo nel piano più recente"),
    usciti=field("int", "comuni presenti solo nel piano precedente"),
    elenco_entrati=field("text", "i comuni entrati"),
    elenco_usciti=field("text", "i comuni usciti"),
)

KINDS = (CONFRONTO_ASSEGNATE, VARIAZIONE_PATRIMONIO, COMUNE_AMBITI, COMPOSIZIONE_AMBITO)
