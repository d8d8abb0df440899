"""The facts that rules match: their kinds and fields.

The fact builder turns a plan into these facts; the rule compiler checks every field a rule
names against this schema. A field's value is `None` when the plan does not give it.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELD_TYPES = ("int", "number", "text", "bool", "date")


ANNUALE = ("piano_annuale",)
TRIENNALE = ("piano_triennale",)


@dataclass(frozen=True)
class FactKind:
    name: str
    description: str
    fields: dict[str, tuple[str, str]]  # name -> (type, description)
    plan_types: tuple[str, ...] = ANNUALE  # the plans whose facts include this kind


def _kind(name: str, description: str, plan_types: tuple[str, ...] = ANNUALE, **fields: tuple[str, str]) -> FactKind:
    return FactKind(name, description, fields, plan_types)


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
            comuni_elencati=("int", "comuni elencati in ambito.comuni (null se l'elenco manca)"),
            scadenza_approvazione=("date", "termine di approvazione effettivo (proroghe e calendario applicati)"),
            base_scadenza=("text", "come si arriva al termine (proroga, giorno festivo)"),
            approvato_da_assemblea=("bool", "l'organo è l'Assemblea dei Sindaci (o il Comune di Milano per l'ambito di Milano)"),
            comune_capofila=("text", "Comune capofila indicato nel piano"),
            aler_nel_piano=("bool", "la tabella a) comprende un'ALER (null se la tabella manca)"),
            avvisi=("int", "avvisi pubblici noti (null se il piano non li riporta)"),
            avvisi_nell_anno=("int", "avvisi pubblicati nell'anno del piano"),
            primo_avviso=("date", "data del primo avviso dopo l'approvazione"),
            scadenza_primo_avviso=("date", "30 giorni dall'approvazione, sul calendario"),
            base_scadenza_avviso=("text", "come si arriva al termine dell'avviso"),
        ),
        _kind(
            "contenuto_piano",
            "Una voce del contenuto del piano annuale (R.R. 4/2017 art. 4 c. 3).",
            voce=("text", "lettera della voce nel regolamento (a, b, e, f, g)"),
            descrizione=("text", "che cosa la voce contiene"),
            presente=("bool", "il piano la riporta (true), dichiara di non averla (false), non si sa (null)"),
            dove=("text", "dove la si trova nel file del piano"),
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
            data_riscontro=("date", "data della comunicazione (null se il piano non la riporta)"),
            scadenza_riscontro=("date", "31 ottobre dell'anno precedente, sul calendario"),
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
            quota_percentuale=("number", "quota per Forze di Polizia, Vigili del Fuoco (e dal 2025 Forze Armate), art. 7 bis"),
            quota_polizia_locale=("number", "quota per la Polizia Locale, art. 7 ter (dal 2025)"),
            unita_anno=("int", "unità comunali assegnabili nell'anno in quel comune"),
            notifiche_note=("bool", "il piano riporta le notifiche alla Prefettura (null se non le riporta)"),
            notificata=("bool", "c'è una notifica alla Prefettura per questo comune"),
            data_notifica=("date", "data della notifica alla Prefettura"),
            data_approvazione=("date", "data di approvazione del piano"),
            scadenza_notifica=("date", "termine per una notifica «contestuale»: 30 giorni dall'approvazione, sul calendario"),
        ),
        _kind(
            "riserva_categorie",
            "La riserva di un ente proprietario per le categorie dell'art. 14 (art. 4 c. 3 lett. c bis).",
            ente=("text", "ente proprietario"),
            tipo_ente=("text", "comune, aler o altro"),
            quota_percentuale=("number", "quota riservata in percentuale"),
            categorie=("text", "categorie a cui è riservata"),
            unita_anno=("int", "unità dell'ente assegnabili nell'anno (tutti i comuni)"),
        ),
        _kind(
            "categoria_aggiuntiva",
            "Una categoria aggiuntiva di particolare rilevanza sociale fissata da un comune (tabella h).",
            comune=("text", "comune"),
            categoria=("text", "categoria"),
            motivazione=("text", "motivazione scritta nel piano"),
            motivata=("bool", "il piano riporta una motivazione"),
        ),
        _kind(
            "servizi_transitori",
            "Le unità che un comune destina ai servizi abitativi transitori (tabella j).",
            comune=("text", "comune"),
            unita_sat=("int", "unità destinate ai SAT"),
            unita_anno=("int", "unità del comune assegnabili nell'anno nel suo territorio (tabelle b-e)"),
            alloggi_sap=("int", "alloggi SAP del comune (tabella a)"),
        ),
        _kind(
            "unita_conferite",
            "Unità conferite da altri soggetti e la loro convenzione (tabella e, L.R. 16/2016 art. 23 c. 2).",
            ente=("text", "ente proprietario o soggetto"),
            comune=("text", "comune"),
            unita=("int", "unità conferite"),
            data_inizio=("date", "decorrenza della convenzione"),
            data_fine=("date", "scadenza della convenzione"),
            fine_minima=("date", "decorrenza più 8 anni"),
            rinnovo=("text", "espresso o tacito"),
        ),
        _kind(
            "ripartizione_unita",
            "Che cosa il piano significa in unità, per ente proprietario e comune: indigenti, riserve, "
            "graduatoria ordinaria.",
            ente=("text", "ente proprietario"),
            tipo_ente=("text", "comune, aler o altro"),
            comune=("text", "comune"),
            unita_anno=("int", "unità assegnabili nell'anno"),
            quota_indigenti=("number", "quota per indigenti in percentuale"),
            indigenti=("int", "unità ai nuclei indigenti (per eccesso)"),
            forze_polizia=("int", "unità riservate a Forze di Polizia e VVF (art. 7 bis, per eccesso)"),
            polizia_locale=("int", "unità riservate alla Polizia Locale (art. 7 ter)"),
            categorie=("int", "unità riservate dall'ente a categorie (lett. c bis)"),
            riserve=("int", "totale delle riserve (esclusi gli indigenti)"),
            graduatoria=("int", "unità che restano per la graduatoria ordinaria"),
            arrotondamenti=("text", "regole di arrotondamento applicate"),
        ),
        # -- piano triennale (R.R. 4/2017 art. 3) --------------------------------------------
        _kind(
            "piano_triennale",
            "Il piano triennale nel suo insieme (soggetto: «piano triennale»).",
            plan_types=TRIENNALE,
            anno_inizio=("int", "primo anno del triennio"),
            anno_fine=("int", "ultimo anno del triennio"),
            anni=("int", "anni coperti (anno_fine - anno_inizio + 1)"),
            data_approvazione=("date", "data di approvazione (o quella data con --date)"),
            scadenza_approvazione=("date", "termine di approvazione, se noto (proroghe e calendario applicati)"),
            base_scadenza=("text", "da dove viene il termine"),
            approvato_da_assemblea=("bool", "l'organo è l'Assemblea dei Sindaci"),
            unita_triennio=("int", "unità che si prevede saranno disponibili nel triennio (null se non quantificate)"),
        ),
        _kind(
            "contenuto_triennale",
            "Una voce del contenuto del piano triennale (R.R. 4/2017 art. 3 c. 2).",
            plan_types=TRIENNALE,
            voce=("text", "lettera della voce"),
            descrizione=("text", "che cosa la voce contiene"),
            presente=("bool", "il piano la riporta (true), non la riporta (false), non si sa (null)"),
            dove=("text", "dove il file del piano la documenta"),
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
            nell_ambito=("bool", "è tra i comuni elencati dell'ambito (null se l'elenco manca)"),
            elenco_ambito=("bool", "il piano elenca i comuni dell'ambito"),
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
