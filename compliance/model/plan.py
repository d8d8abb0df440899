"""The plan file: a Piano annuale dell'offerta dei servizi abitativi pubblici e sociali.

Keys use the plan's own Italian terms, table by table (a) to k) as the plans built on the
regional platform present them). Every figure is optional where a real plan may lack it:
`None` means "the plan does not say", which is never the same as zero. A table that is
present with no rows (`righe: []`) means the plan states explicitly that there is nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from compliance.numbers import DECIMALS, NotExact, decimal_from_float, decimal_places, plain

# Counts of housing units: whole numbers, never negative, never absurdly large.
COUNT_MAX = 1_000_000
Conteggio = Annotated[int, Field(ge=0, le=COUNT_MAX)]


def _exact_decimal(value: Any) -> Any:
    """A percentage as an exact Decimal (compliance/numbers.py): a plan file's decimals arrive as
    Decimals read from its text; an int is exact; a float that a program holds (a spreadsheet
    cell, a --set value) is read as its shortest decimal. Texts and true/false are refused."""
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return decimal_from_float(value)
        except NotExact:
            raise PydanticCustomError("finite_number", "Input should be a finite number") from None
    if isinstance(value, Decimal) and not value.is_finite():
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    return value


def _at_most_four_decimals(value: Decimal) -> Decimal:
    if decimal_places(value) > DECIMALS:
        raise ValueError(f"al massimo {DECIMALS} decimali")
    return value


# Percentages are written as on the plan: 10 means 10%. Exact decimals, at most 4 places; shown
# (model_dump, JSON) as a plain number, which prints back as written.
Percentuale = Annotated[
    Decimal,
    BeforeValidator(_exact_decimal),
    Field(ge=0, le=100),
    AfterValidator(_at_most_four_decimals),
    PlainSerializer(plain),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001}),
]
# Dates of a plan: within years a plan can speak of (a date near the end of the calendar is a slip,
# and date arithmetic on it would overflow).
DATA_MIN, DATA_MAX = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
Data = Annotated[datetime.date, Field(strict=False, ge=DATA_MIN, le=DATA_MAX)]
Testo = Annotated[str, Field(min_length=1, max_length=500)]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Ambito(_Base):
    """The ambito territoriale (district of the piano di zona)."""

    denominazione: Testo = Field(title="Denominazione dell'ambito", description="Nome dell'ambito, come nel piano")
    comune_capofila: Testo | None = Field(
        None, title="Comune capofila", description="Solo il nome del comune (es. Crema)"
    )
    numero_comuni: Conteggio | None = Field(
        None, title="Numero dei comuni", description="Numero dei comuni dell'ambito"
    )
    comuni: list[Testo] | None = Field(
        None, title="Comuni dell'ambito", description="Elenco dei comuni dell'ambito, se il piano lo riporta"
    )
    aler_competente: Testo | None = Field(
        None, title="ALER competente", description="ALER territorialmente competente"
    )
    note: str | None = Field(None, title="Note")


class Approvazione(_Base):
    organo: Testo | None = Field(
        None, title="Organo che approva", description="Di norma l'Assemblea dei Sindaci dell'ambito"
    )
    data: Data | None = Field(
        None, title="Data di approvazione",
        description="Giorno in cui l'organo ha approvato il piano: sceglie la versione della legge applicata",
    )
    atto: Testo | None = Field(
        None, title="Atto di approvazione", description="Estremi dell'atto di approvazione (numero, data)"
    )


class EnteRicognizione(_Base):
    ente: Testo = Field(title="Ente", description="Ente proprietario tenuto a comunicare i dati")
    riscontro: bool | None = Field(
        None, title="Ha comunicato i dati",
        description="Se l'ente ha comunicato i dati (se no, è inadempiente); vuoto se il piano non lo dice",
    )
    data_riscontro: Data | None = Field(
        None, title="Data del riscontro",
        description="Data in cui l'ente ha comunicato i dati sulla piattaforma (termine: 31 ottobre)",
    )


class Ricognizione(_Base):
    """The survey on the regional platform (R.R. 4/2017 art. 5 c. 1)."""

    comuni_coinvolti: Conteggio | None = Field(
        None, title="Comuni coinvolti", description="Comuni coinvolti nella ricognizione"
    )
    comuni_titolari_di_patrimonio: Conteggio | None = Field(
        None, title="Comuni titolari di patrimonio", description="Comuni proprietari di alloggi pubblici"
    )
    riscontro_di_tutti_gli_altri_enti: bool | None = Field(
        None,
        title="Riscontro di tutti gli altri enti",
        description=(
            "Se il piano dichiara che tutti gli enti non elencati come inadempienti "
            "hanno dato riscontro"
        ),
    )
    inadempienti: list[Testo] = Field(
        default_factory=list, title="Enti inadempienti",
        description="Enti dichiarati inadempienti all'obbligo informativo",
    )
    enti: list[EnteRicognizione] | None = Field(
        None, title="Ricognizione per ente", description="Esito per ente, se il piano lo riporta"
    )
    note: str | None = Field(None, title="Note")


# ---- tables -------------------------------------------------------------------------------


class RigaConsistenza(_Base):
    ente_proprietario: Testo = Field(title="Ente proprietario")
    totale_unita_immobiliari: Conteggio | None = Field(None, title="Totale unità immobiliari")
    alloggi_sap: Conteggio | None = Field(None, title="Alloggi SAP", description="Servizi abitativi pubblici")
    alloggi_sas: Conteggio | None = Field(None, title="Alloggi SAS", description="Servizi abitativi sociali")


class TotaleConsistenza(_Base):
    totale_unita_immobiliari: Conteggio | None = Field(None, title="Totale unità immobiliari")
    alloggi_sap: Conteggio | None = Field(None, title="Alloggi SAP", description="Servizi abitativi pubblici")
    alloggi_sas: Conteggio | None = Field(None, title="Alloggi SAS", description="Servizi abitativi sociali")


class TabellaConsistenza(_Base):
    """a) Consistenza del patrimonio abitativo pubblico e sociale."""

    righe: list[RigaConsistenza] = Field(title="Righe della tabella")
    totale: TotaleConsistenza | None = Field(None, title="Totale", description="La riga dei totali, come nel piano")
    note: str | None = Field(None, title="Note")


class RigaUnita(_Base):
    ente_proprietario: Testo = Field(title="Ente proprietario")
    unita_immobiliari: Conteggio | None = Field(None, title="Unità immobiliari")
    comune: Testo | None = Field(
        None, title="Comune", description="Comune dove si trovano le unità; vuoto se il piano non lo indica"
    )


class TabellaUnita(_Base):
    """b), c), d), e), f): units by owner and comune."""

    righe: list[RigaUnita] = Field(title="Righe della tabella")
    totale: Conteggio | None = Field(None, title="Totale", description="Il totale della tabella, come nel piano")
    note: str | None = Field(None, title="Note")


class Convenzione(_Base):
    """The agreement under which a party confers units (L.R. 16/2016 art. 23 c. 2)."""

    data_inizio: Data | None = Field(None, title="Decorrenza", description="Decorrenza della convenzione")
    data_fine: Data | None = Field(None, title="Scadenza", description="Scadenza della convenzione")
    rinnovo: Literal["espresso", "tacito"] | None = Field(
        None, title="Rinnovo", description="Rinnovo previsto dalla convenzione: espresso o tacito"
    )
    estremi: Testo | None = Field(None, title="Estremi", description="Estremi dell'atto (numero, data)")


class RigaConferite(RigaUnita):
    convenzione: Convenzione | None = Field(
        None, title="Convenzione",
        description="Convenzione con il soggetto che conferisce le unità (almeno 8 anni)",
    )


class TabellaConferite(TabellaUnita):
    """e) Unità conferite da soggetti pubblici o privati (art. 23 c. 2 L.R. 16/2016)."""

    righe: list[RigaConferite] = Field(title="Righe della tabella")


class RigaSogliaIndigenti(_Base):
    comune: Testo = Field(title="Comune")
    quota_percentuale: Percentuale = Field(
        title="Quota per gli indigenti (%)",
        description="Quota delle unità per i nuclei in condizione di indigenza, oltre il 20%",
    )
    ente_proprietario: Testo | None = Field(
        None, title="Ente proprietario",
        description="Patrimonio a cui si applica la soglia (di norma il comune stesso)",
    )


class TabellaSogliaIndigenti(_Base):
    """g) Comuni con una soglia eccedente il 20% per i nuclei in condizione di indigenza."""

    righe: list[RigaSogliaIndigenti] = Field(title="Righe della tabella")
    note: str | None = Field(None, title="Note")


class RigaCategoriaAggiuntiva(_Base):
    comune: Testo = Field(title="Comune")
    categoria: Testo = Field(title="Categoria", description="Categoria di particolare rilevanza sociale")
    motivazione: str | None = Field(None, title="Motivazione")


class TabellaCategorieAggiuntive(_Base):
    """h) Comuni con categorie aggiuntive di particolare rilevanza sociale."""

    righe: list[RigaCategoriaAggiuntiva] = Field(title="Righe della tabella")
    note: str | None = Field(None, title="Note")


class RigaForzePolizia(_Base):
    comune: Testo = Field(title="Comune")
    quota_percentuale: Percentuale = Field(
        title="Quota Forze di Polizia e VVF (%)",
        description=(
            "Quota per Forze di Polizia e Vigili del Fuoco (dal 2025 anche Forze Armate), "
            "art. 7 bis R.R. 4/2017"
        )
    )
    quota_polizia_locale: Percentuale | None = Field(
        None, title="Quota Polizia Locale (%)",
        description="Quota per la Polizia Locale (art. 7 ter, dal R.R. 2/2025); vuoto se non indicata",
    )


class TabellaForzePolizia(_Base):
    """i) Comuni con una quota per Forze di Polizia e Vigili del Fuoco (art. 7 bis R.R. 4/2017)."""

    righe: list[RigaForzePolizia] = Field(title="Righe della tabella")
    note: str | None = Field(None, title="Note")


class RigaServiziTransitori(_Base):
    comune: Testo = Field(title="Comune")
    unita_immobiliari: Conteggio | None = Field(None, title="Unità immobiliari")


class TabellaServiziTransitori(_Base):
    """j) Unità da destinare ai servizi abitativi transitori (art. 23 c. 13 L.R. 16/2016)."""

    righe: list[RigaServiziTransitori] = Field(title="Righe della tabella")
    note: str | None = Field(None, title="Note")


class RigaRiservaCategorie(_Base):
    ente_proprietario: Testo = Field(title="Ente proprietario")
    quota_percentuale: Percentuale = Field(
        title="Quota riservata (%)",
        description="Quota delle unità disponibili nell'anno riservata dall'ente (fino al 20%)",
    )
    categorie: list[Testo] = Field(
        default_factory=list, title="Categorie",
        description="Categorie dell'art. 14 R.R. 4/2017 a cui è riservata",
    )


class TabellaRiserveCategorie(_Base):
    """Riserve degli enti proprietari per le categorie dell'art. 14 (art. 4 c. 3 lett. c bis, dal 2025)."""

    righe: list[RigaRiservaCategorie] = Field(title="Righe della tabella")
    note: str | None = Field(None, title="Note")


class RigaAssegnate(_Base):
    ente_proprietario: Testo = Field(title="Ente proprietario")
    alloggi_sap_assegnati: Conteggio | None = Field(None, title="Alloggi SAP assegnati")
    alloggi_sap_assegnati_in_deroga: Conteggio | None = Field(None, title="Alloggi SAP assegnati in deroga")
    totale_alloggi_assegnati: Conteggio | None = Field(None, title="Totale alloggi assegnati")


class TotaleAssegnate(_Base):
    alloggi_sap_assegnati: Conteggio | None = Field(None, title="Alloggi SAP assegnati")
    alloggi_sap_assegnati_in_deroga: Conteggio | None = Field(None, title="Alloggi SAP assegnati in deroga")
    totale_alloggi_assegnati: Conteggio | None = Field(None, title="Totale alloggi assegnati")


class TabellaAssegnate(_Base):
    """k) Unità SAP assegnate nel corso dell'anno precedente."""

    righe: list[RigaAssegnate] = Field(title="Righe della tabella")
    totale: TotaleAssegnate | None = Field(None, title="Totale", description="La riga dei totali, come nel piano")
    note: str | None = Field(None, title="Note")


class Tabelle(_Base):
    """Tables a) to k); a table left out is unknown (its rules are non valutabile)."""

    a_consistenza_patrimonio: TabellaConsistenza | None = Field(
        None, title="a) Consistenza del patrimonio",
        description="a) Consistenza del patrimonio abitativo pubblico e sociale",
    )
    b_carenza_manutentiva: TabellaUnita | None = Field(
        None, title="b) Carenza manutentiva",
        description=(
            "b) Unità destinate a SAP in carenza manutentiva, assegnabili nello stato di fatto "
            "(art. 10 R.R. 4/2017)"
        ),
    )
    c_nuova_edificazione: TabellaUnita | None = Field(
        None, title="c) Nuova edificazione",
        description=(
            "c) Unità destinate a SAP per nuova edificazione, ristrutturazione, recupero, "
            "riqualificazione, assegnabili nell'anno"
        ),
    )
    d_normale_avvicendamento: TabellaUnita | None = Field(
        None, title="d) Normale avvicendamento",
        description="d) Unità destinate a SAP libere o che si libereranno nell'anno per normale avvicendamento",
    )
    e_conferite_da_privati: TabellaConferite | None = Field(
        None, title="e) Conferite da altri soggetti",
        description="e) Unità conferite da soggetti pubblici o privati e destinate ai SAP (art. 23 c. 2 L.R. 16/2016)",
    )
    f_totale_assegnabili: TabellaUnita | None = Field(
        None, title="f) Totale assegnabili",
        description="f) Totale delle unità assegnabili nell'anno (somma delle tabelle da b a e)",
    )
    g_soglia_indigenti_oltre_20: TabellaSogliaIndigenti | None = Field(
        None, title="g) Soglia indigenti oltre 20%",
        description="g) Comuni con una soglia eccedente il 20% per i nuclei in condizione di indigenza",
    )
    h_categorie_aggiuntive: TabellaCategorieAggiuntive | None = Field(
        None, title="h) Categorie aggiuntive",
        description="h) Comuni con categorie aggiuntive di particolare rilevanza sociale",
    )
    i_forze_di_polizia: TabellaForzePolizia | None = Field(
        None, title="i) Forze di Polizia",
        description="i) Comuni con una quota per Forze di Polizia e Vigili del Fuoco (art. 7 bis R.R. 4/2017)",
    )
    j_servizi_abitativi_transitori: TabellaServiziTransitori | None = Field(
        None, title="j) Servizi abitativi transitori",
        description="j) Unità da destinare ai servizi abitativi transitori (art. 23 c. 13 L.R. 16/2016)",
    )
    k_assegnate_anno_precedente: TabellaAssegnate | None = Field(
        None, title="k) Assegnate anno precedente",
        description="k) Unità SAP assegnate nel corso dell'anno precedente",
    )
    riserve_categorie: TabellaRiserveCategorie | None = Field(
        None, title="Riserve per categorie",
        description="Riserve degli enti proprietari per categorie (lett. c bis, dal 2025)",
    )


class Avviso(_Base):
    """An avviso pubblico for the assignment of the units (after the plan's approval)."""

    data: Data = Field(title="Data di pubblicazione", description="Data di pubblicazione dell'avviso")
    estremi: Testo | None = Field(None, title="Estremi")
    ente: Testo | None = Field(
        None, title="Ente che lo pubblica", description="Di norma il Comune capofila"
    )


class NotificaPrefettura(_Base):
    """Notice to the Prefettura of the units reserved for police families (art. 7 bis c. 2)."""

    ente_proprietario: Testo = Field(
        title="Ente proprietario", description="Ente che notifica (o il comune della tabella i)"
    )
    data: Data | None = Field(None, title="Data della notifica")
    prefettura: Testo | None = Field(None, title="Prefettura")
    estremi: Testo | None = Field(None, title="Estremi")


class MisuraSostegno(_Base):
    """A measure supporting access to and keeping of housing (L.R. 16/2016 titolo V)."""

    descrizione: Testo = Field(title="Descrizione")
    riferimento: Testo | None = Field(None, title="Riferimento", description="Articolo o atto di riferimento")


class Fonte(_Base):
    documento: str | None = Field(None, title="Documento", description="Il documento da cui sono presi i dati")
    note: str | None = Field(None, title="Note")


class Giustificazione(_Base):
    """A justified departure from a rule, approved by an act: the report shows the finding
    apart, with this justification, and does not count it as a violation."""

    regola: Testo = Field(
        title="Regola", description="Identificativo della regola (es. RR4-A5-C1-OBBLIGO-INFORMATIVO)"
    )
    soggetto: Testo | None = Field(
        None, title="Soggetto",
        description="Soggetto del rilievo (ente, comune, riga); vuoto: tutti i soggetti della regola",
    )
    motivazione: Testo = Field(title="Motivazione", description="Perché lo scostamento è giustificato")
    base_giuridica: Testo = Field(
        title="Base giuridica", description="Norma o atto su cui si fonda la giustificazione"
    )
    approvata_da: Testo = Field(title="Approvata da", description="Organo che ha approvato la giustificazione")
    atto_numero: Testo | None = Field(None, title="Numero dell'atto", description="Numero dell'atto di approvazione")
    atto_data: Data | None = Field(None, title="Data dell'atto", description="Data dell'atto di approvazione")
    scadenza: Data | None = Field(
        None, title="Scadenza", description="Fino a quando vale; vuoto: senza scadenza"
    )


class PianoAnnuale(_Base):
    """Piano annuale dell'offerta dei servizi abitativi pubblici e sociali."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="Piano annuale dell'offerta dei servizi abitativi pubblici e sociali",
    )

    tipo: Literal["piano_annuale"] = Field("piano_annuale", title="Tipo di piano")
    anno: Annotated[int, Field(ge=2018, le=2100, title="Anno", description="Anno a cui si riferisce il piano")]
    titolo: str | None = Field(None, title="Titolo", description="Il titolo del piano, come nel documento")
    ambito: Ambito = Field(title="Ambito territoriale")
    approvazione: Approvazione = Field(default_factory=Approvazione, title="Approvazione")
    ricognizione: Ricognizione | None = Field(
        None, title="Ricognizione",
        description="Ricognizione sulla piattaforma regionale (R.R. 4/2017 art. 5 c. 1)",
    )
    tabelle: Tabelle = Field(default_factory=Tabelle, title="Tabelle")
    misure_sostegno: list[MisuraSostegno] | None = Field(
        None, title="Misure di sostegno",
        description=(
            "Misure di sostegno all'accesso e al mantenimento dell'abitazione; "
            "un elenco vuoto se il piano dichiara di non prevederne"
        ),
    )
    avvisi: list[Avviso] | None = Field(
        None, title="Avvisi pubblici",
        description="Avvisi pubblici emanati dopo l'approvazione; non indicati se non noti, un elenco vuoto se nessuno",
    )
    notifiche_prefettura: list[NotificaPrefettura] | None = Field(
        None, title="Notifiche alla Prefettura",
        description="Notifiche alla Prefettura delle unità riservate (art. 7 bis c. 2)",
    )
    fonte: Fonte | None = Field(None, title="Fonte dei dati")
    giustificazioni: list[Giustificazione] | None = Field(
        None, title="Giustificazioni",
        description="Scostamenti giustificati da un atto (mostrati a parte nel rapporto)",
    )


# ---- piano triennale (R.R. 4/2017 art. 3) ---------------------------------------------------


class Periodo(_Base):
    dal: Annotated[int, Field(ge=2018, le=2100, title="Dal", description="Primo anno del triennio")]
    al: Annotated[int, Field(ge=2018, le=2100, title="Al", description="Ultimo anno del triennio")]


class VoceContenuto(_Base):
    """One content item of the piano triennale: whether the plan has it, and where."""

    presente: bool | None = Field(
        None, title="Presente nel piano", description="Se il piano contiene questa parte; vuoto se non noto"
    )
    riferimento: Testo | None = Field(
        None, title="Dove si trova", description="Dove si trova (sezione, pagina) o chi lo attesta"
    )
    nota: str | None = Field(None, title="Nota")


class ContenutiTriennale(_Base):
    """The content items of art. 3 c. 2 R.R. 4/2017 (a-d read; the rest second-hand)."""

    a_quadro_conoscitivo: VoceContenuto | None = Field(None, title="a) Quadro conoscitivo")
    b_quadro_ricognitivo_programmatorio: VoceContenuto | None = Field(
        None, title="b) Quadro ricognitivo e programmatorio"
    )
    c_fabbisogno_abitativo_primario: VoceContenuto | None = Field(None, title="c) Fabbisogno abitativo primario")
    d_consistenza_e_unita_disponibili: VoceContenuto | None = Field(
        None, title="d) Consistenza e unità disponibili"
    )
    e_strategie_e_obiettivi: VoceContenuto | None = Field(None, title="e) Strategie e obiettivi")
    f_linee_azione_disagio_emergenza: VoceContenuto | None = Field(
        None, title="f) Linee d'azione per disagio ed emergenza"
    )
    g_linee_azione_accesso_mantenimento: VoceContenuto | None = Field(
        None, title="g) Linee d'azione per accesso e mantenimento"
    )


class RigaUnitaTriennio(_Base):
    ente_proprietario: Testo = Field(title="Ente proprietario")
    anno: Annotated[int, Field(ge=2018, le=2100)] | None = Field(None, title="Anno")
    unita_avvicendamento: Conteggio | None = Field(
        None, title="Unità per avvicendamento", description="Per normale avvicendamento"
    )
    unita_nuova_edificazione: Conteggio | None = Field(
        None, title="Unità da nuova edificazione",
        description="Da nuova edificazione, ristrutturazione, recupero o riqualificazione",
    )


class DatiTriennale(_Base):
    consistenza_patrimonio: TabellaConsistenza | None = Field(
        None, title="Consistenza del patrimonio",
        description="Consistenza del patrimonio abitativo pubblico e sociale",
    )
    fabbisogno_abitativo_primario: Conteggio | None = Field(
        None, title="Fabbisogno abitativo primario",
        description="Nuclei il cui fabbisogno primario il piano intende soddisfare",
    )
    unita_disponibili_triennio: list[RigaUnitaTriennio] | None = Field(
        None, title="Unità disponibili nel triennio",
        description="Unità che si prevede saranno disponibili nel triennio",
    )


class PianoTriennale(_Base):
    """Piano triennale dell'offerta dei servizi abitativi pubblici e sociali."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="Piano triennale dell'offerta dei servizi abitativi pubblici e sociali",
    )

    tipo: Literal["piano_triennale"] = Field(title="Tipo di piano")
    periodo: Periodo = Field(title="Periodo", description="Il triennio del piano")
    titolo: str | None = Field(None, title="Titolo", description="Il titolo del piano, come nel documento")
    ambito: Ambito = Field(title="Ambito territoriale")
    approvazione: Approvazione = Field(default_factory=Approvazione, title="Approvazione")
    contenuti: ContenutiTriennale = Field(
        default_factory=ContenutiTriennale, title="Contenuti del piano",
        description="I contenuti dell'art. 3 c. 2 R.R. 4/2017",
    )
    dati: DatiTriennale = Field(default_factory=DatiTriennale, title="Dati del triennio")
    giustificazioni: list[Giustificazione] | None = Field(
        None, title="Giustificazioni",
        description="Scostamenti giustificati da un atto (mostrati a parte nel rapporto)",
    )
    fonte: Fonte | None = Field(None, title="Fonte dei dati")

    @property
    def anno(self) -> int:  # the first year, for summaries that list plans by year
        return self.periodo.dal


def json_schema() -> dict:
    """JSON Schema of the plan file, for editors."""
    schema = PianoAnnuale.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
