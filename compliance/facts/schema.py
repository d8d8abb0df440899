"""The facts that rules match: their kinds and fields.

The fact builder turns a plan into these facts; the rule compiler checks every field a rule
names against this schema. A field's value is `None` when the plan does not give it.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELD_TYPES = ("int", "number", "text", "bool", "date")


@dataclass(frozen=True)
class FactKind:
    name: str
    description: str
    fields: dict[str, tuple[str, str]]  # name -> (type, description)


def _kind(name: str, description: str, **fields: tuple[str, str]) -> FactKind:
    return FactKind(name, description, fields)


KINDS: dict[str, FactKind] = {
    k.name: k
    for k in [
        _kind(
            "piano",
            "Il piano nel suo insieme (soggetto: «piano»).",
            anno=("int", "anno a cui si riferisce il piano"),
            data_approvazione=("date", "data di approvazione (o quella data con --date)"),
            fine_anno_precedente=("date", "31 dicembre dell'anno precedente a quello del piano"),
            organo_approvazione=("text", "organo che ha approvato il piano"),
            numero_comuni_ambito=("int", "numero dei comuni dell'ambito"),
        ),
        _kind(
            "riga_consistenza",
            "Una riga della tabella a) (consistenza del patrimonio) per ente proprietario.",
            ente=("text", "ente proprietario, come scritto nel piano"),
            tipo_ente=("text", "comune, aler o altro"),
            totale_unita_immobiliari=("int", "totale unità immobiliari"),
            alloggi_sap=("int", "numero di alloggi SAP"),
            alloggi_sas=("int", "numero di alloggi SAS"),
        ),
        _kind(
            "riga_assegnate",
            "Una riga della tabella k) (assegnazioni dell'anno precedente) per ente proprietario.",
            ente=("text", "ente proprietario, come scritto nel piano"),
            tipo_ente=("text", "comune, aler o altro"),
            alloggi_sap_assegnati=("int", "alloggi SAP assegnati"),
            alloggi_sap_assegnati_in_deroga=("int", "alloggi SAP assegnati in deroga"),
            totale_alloggi_assegnati=("int", "totale alloggi assegnati"),
        ),
        _kind(
            "totale_colonna",
            "Il totale dichiarato di una colonna di una tabella, con la somma delle sue righe.",
            tabella=("text", "lettera e nome della tabella"),
            colonna=("text", "colonna"),
            dichiarato=("int", "totale scritto nel piano"),
            somma_righe=("int", "somma delle righe (null se una riga non ha il dato)"),
            righe=("int", "numero di righe"),
            righe_senza_dato=("int", "righe senza il dato"),
        ),
        _kind(
            "quadratura_f",
            "Per ente proprietario: il totale della tabella f) e le unità delle tabelle da b) a e).",
            ente=("text", "ente proprietario"),
            f_dichiarato=("int", "unità assegnabili nell'anno secondo la tabella f)"),
            b=("int", "unità in carenza manutentiva (tabella b)"),
            c=("int", "unità da nuova edificazione o ristrutturazione (tabella c)"),
            d=("int", "unità libere o liberate per normale avvicendamento (tabella d)"),
            e=("int", "unità conferite da privati (tabella e)"),
        ),
        _kind(
            "ente_ricognizione",
            "Un ente tenuto a comunicare i dati nella ricognizione (R.R. 4/2017 art. 5 c. 1).",
            ente=("text", "ente"),
            tipo_ente=("text", "comune, aler o altro"),
            riscontro=("bool", "true: ha comunicato; false: inadempiente; null: non noto"),
            fonte=("text", "da dove il verificatore ricava l'esito"),
        ),
        _kind(
            "disponibilita_ente_comune",
            "Unità SAP assegnabili nell'anno per ente proprietario e comune (tabelle da b a e).",
            ente=("text", "ente proprietario"),
            tipo_ente=("text", "comune, aler o altro"),
            comune=("text", "comune dove si trovano le unità (null se non indicato)"),
            unita_anno=("int", "unità assegnabili nell'anno in quel comune (null se non ripartite)"),
            unita_note=("int", "unità di cui il piano indica il comune"),
            unita_non_ripartite=("int", "unità dell'ente senza indicazione del comune"),
            quota_indigenti_percentuale=("number", "quota per nuclei indigenti (20 o la soglia g)"),
        ),
        _kind(
            "soglia_indigenti",
            "Una soglia per nuclei indigenti superiore al 20% (tabella g).",
            comune=("text", "comune che fissa la soglia"),
            ente=("text", "patrimonio a cui si applica"),
            tipo_ente=("text", "comune, aler o altro"),
            quota_percentuale=("number", "soglia in percentuale"),
        ),
        _kind(
            "riserva_forze_polizia",
            "Una quota per Forze di Polizia e Vigili del Fuoco fissata da un comune (tabella i).",
            comune=("text", "comune"),
            quota_percentuale=("number", "quota in percentuale"),
            unita_anno=("int", "unità comunali assegnabili nell'anno in quel comune"),
        ),
        _kind(
            "nome_comune",
            "Un nome di comune scritto nel piano, confrontato con il registro ISTAT.",
            nome=("text", "nome come scritto nel piano"),
            esatto=("bool", "scritto esattamente come ISTAT"),
            trovato=("bool", "riconosciuto nel registro (anche con grafia diversa)"),
            forma_istat=("text", "nome come lo scrive ISTAT (se riconosciuto)"),
            suggerimento=("text", "la forma ISTAT da usare, o perché non c'è"),
            vigente=("bool", "il comune esiste alla data di riferimento"),
            dove=("text", "tabelle o sezioni in cui compare"),
        ),
        # -- facts across several plans (compliance/audit/facts.py; rules with scope: piani) --
        _kind(
            "confronto_assegnate",
            "Per ambito e anno N: unità assegnabili secondo il piano N (tabella f) e unità "
            "assegnate nell'anno N secondo il piano N+1 (tabella k).",
            ambito=("text", "ambito"),
            anno=("int", "anno N"),
            assegnabili=("int", "totale della tabella f) del piano N"),
            assegnate=("int", "totale alloggi assegnati della tabella k) del piano N+1"),
        ),
        _kind(
            "variazione_patrimonio",
            "Per ambito ed ente proprietario: la consistenza (tabella a) in due piani consecutivi.",
            ambito=("text", "ambito"),
            ente=("text", "ente proprietario"),
            anno_precedente=("int", "anno del piano precedente"),
            anno=("int", "anno del piano"),
            precedente=("int", "totale unità immobiliari nel piano precedente"),
            corrente=("int", "totale unità immobiliari nel piano"),
        ),
        _kind(
            "comune_ambiti",
            "Un comune e gli ambiti che lo elencano tra i propri comuni nei piani di uno stesso anno.",
            comune=("text", "comune (nome ISTAT)"),
            anno=("int", "anno dei piani"),
            ambiti=("int", "numero di ambiti che lo elencano (null se un piano non elenca i comuni)"),
            elenco=("text", "gli ambiti che lo elencano"),
        ),
        _kind(
            "composizione_ambito",
            "I comuni di un ambito in due piani consecutivi.",
            ambito=("text", "ambito"),
            anno_precedente=("int", "anno del piano precedente"),
            anno=("int", "anno del piano"),
            entrati=("int", "comuni presenti solo nel piano più recente"),
            usciti=("int", "comuni presenti solo nel piano precedente"),
            elenco_entrati=("text", "i comuni entrati"),
            elenco_usciti=("text", "i comuni usciti"),
        ),
    ]
}

# Fields every fact carries besides its own.
COMMON_FIELDS = ("kind", "id", "soggetto")
