"""The plan file: a Piano annuale dell'offerta dei servizi abitativi pubblici e sociali.

Keys use the plan's own Italian terms, table by table (a) to k) as the plans built on the
regional platform present them). Every figure is optional where a real plan may lack it:
`None` means "the plan does not say", which is never the same as zero. A table that is
present with no rows (`righe: []`) means the plan states explicitly that there is nothing.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Counts of housing units: whole numbers, never negative, never absurdly large.
Conteggio = Annotated[int, Field(ge=0, le=1_000_000)]


def _four_decimals(value: float) -> float:
    if abs(value * 10_000 - round(value * 10_000)) > 1e-6:
        raise ValueError("al massimo 4 decimali")
    return value


# Percentages are written as on the plan: 10 means 10%.
Percentuale = Annotated[float, Field(ge=0, le=100), AfterValidator(_four_decimals)]
# Dates of a plan: within years a plan can speak of (a date near the end of the calendar is a slip,
# and date arithmetic on it would overflow).
DATA_MIN, DATA_MAX = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
Data = Annotated[datetime.date, Field(strict=False, ge=DATA_MIN, le=DATA_MAX)]
Testo = Annotated[str, Field(min_length=1, max_length=500)]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Ambito(_Base):
    """The ambito territoriale (district of the piano di zona)."""

    denominazione: Testo = Field(description="Nome dell'ambito, come nel piano")
    comune_capofila: Testo | None = Field(None, description="Comune capofila (solo il nome)")
    numero_comuni: Conteggio | None = Field(None, description="Numero dei comuni dell'ambito")
    comuni: list[Testo] | None = Field(
        None, description="Elenco dei comuni dell'ambito, se il piano lo riporta"
    )
    aler_competente: Testo | None = Field(None, description="ALER territorialmente competente")
    note: str | None = None


class Approvazione(_Base):
    organo: Testo | None = Field(None, description="Organo che approva (Assemblea dei Sindaci)")
    data: Data | None = Field(None, description="Data di approvazione (AAAA-MM-GG)")
    atto: Testo | None = Field(None, description="Estremi dell'atto di approvazione")


class EnteRicognizione(_Base):
    ente: Testo
    riscontro: bool | None = Field(
        None, description="true: ha comunicato i dati; false: inadempiente; null: non noto"
    )
    data_riscontro: Data | None = Field(
        None, description="Data in cui l'ente ha comunicato i dati sulla piattaforma (termine: 31 ottobre)"
    )


class Ricognizione(_Base):
    """The survey on the regional platform (R.R. 4/2017 art. 5 c. 1)."""

    comuni_coinvolti: Conteggio | None = None
    comuni_titolari_di_patrimonio: Conteggio | None = None
    riscontro_di_tutti_gli_altri_enti: bool | None = Field(
        None,
        description=(
            "true se il piano dichiara che tutti gli enti non elencati come inadempienti "
            "hanno dato riscontro"
        ),
    )
    inadempienti: list[Testo] = Field(
        default_factory=list, description="Enti dichiarati inadempienti all'obbligo informativo"
    )
    enti: list[EnteRicognizione] | None = Field(
        None, description="Esito per ente, se il piano lo riporta"
    )
    note: str | None = None


# ---- tables -------------------------------------------------------------------------------


class RigaConsistenza(_Base):
    ente_proprietario: Testo
    totale_unita_immobiliari: Conteggio | None = None
    alloggi_sap: Conteggio | None = None
    alloggi_sas: Conteggio | None = None


class TotaleConsistenza(_Base):
    totale_unita_immobiliari: Conteggio | None = None
    alloggi_sap: Conteggio | None = None
    alloggi_sas: Conteggio | None = None


class TabellaConsistenza(_Base):
    """a) Consistenza del patrimonio abitativo pubblico e sociale."""

    righe: list[RigaConsistenza]
    totale: TotaleConsistenza | None = None
    note: str | None = None


class RigaUnita(_Base):
    ente_proprietario: Testo
    unita_immobiliari: Conteggio | None = None
    comune: Testo | None = Field(None, description="Comune dove si trovano le unità; null se non indicato")


class TabellaUnita(_Base):
    """b), c), d), e), f): units by owner and comune."""

    righe: list[RigaUnita]
    totale: Conteggio | None = None
    note: str | None = None


class Convenzione(_Base):
    """The agreement under which a party confers units (L.R. 16/2016 art. 23 c. 2)."""

    data_inizio: Data | None = Field(None, description="Decorrenza della convenzione")
    data_fine: Data | None = Field(None, description="Scadenza della convenzione")
    rinnovo: Literal["espresso", "tacito"] | None = Field(
        None, description="Rinnovo previsto dalla convenzione: espresso o tacito"
    )
    estremi: Testo | None = Field(None, description="Estremi dell'atto (numero, data)")


class RigaConferite(RigaUnita):
    convenzione: Convenzione | None = Field(
        None, description="Convenzione con il soggetto che conferisce le unità (almeno 8 anni)"
    )


class TabellaConferite(TabellaUnita):
    """e) Unità conferite da soggetti pubblici o privati (art. 23 c. 2 L.R. 16/2016)."""

    righe: list[RigaConferite]


class RigaSogliaIndigenti(_Base):
    comune: Testo
    quota_percentuale: Percentuale
    ente_proprietario: Testo | None = Field(
        None, description="Patrimonio a cui si applica la soglia (di norma il comune stesso)"
    )


class TabellaSogliaIndigenti(_Base):
    """g) Comuni con una soglia eccedente il 20% per i nuclei in condizione di indigenza."""

    righe: list[RigaSogliaIndigenti]
    note: str | None = None


class RigaCategoriaAggiuntiva(_Base):
    comune: Testo
    categoria: Testo
    motivazione: str | None = None


class TabellaCategorieAggiuntive(_Base):
    """h) Comuni con categorie aggiuntive di particolare rilevanza sociale."""

    righe: list[RigaCategoriaAggiuntiva]
    note: str | None = None


class RigaForzePolizia(_Base):
    comune: Testo
    quota_percentuale: Percentuale = Field(
        description=(
            "Quota per Forze di Polizia e Vigili del Fuoco (dal 2025 anche Forze Armate), "
            "art. 7 bis R.R. 4/2017"
        )
    )
    quota_polizia_locale: Percentuale | None = Field(
        None, description="Quota per la Polizia Locale (art. 7 ter, dal R.R. 2/2025); null: non indicata"
    )


class TabellaForzePolizia(_Base):
    """i) Comuni con una quota per Forze di Polizia e Vigili del Fuoco (art. 7 bis R.R. 4/2017)."""

    righe: list[RigaForzePolizia]
    note: str | None = None


class RigaServiziTransitori(_Base):
    comune: Testo
    unita_immobiliari: Conteggio | None = None


class TabellaServiziTransitori(_Base):
    """j) Unità da destinare ai servizi abitativi transitori (art. 23 c. 13 L.R. 16/2016)."""

    righe: list[RigaServiziTransitori]
    note: str | None = None


class RigaRiservaCategorie(_Base):
    ente_proprietario: Testo
    quota_percentuale: Percentuale = Field(
        description="Quota delle unità disponibili nell'anno riservata dall'ente (fino al 20%)"
    )
    categorie: list[Testo] = Field(
        default_factory=list, description="Categorie dell'art. 14 R.R. 4/2017 a cui è riservata"
    )


class TabellaRiserveCategorie(_Base):
    """Riserve degli enti proprietari per le categorie dell'art. 14 (art. 4 c. 3 lett. c bis, dal 2025)."""

    righe: list[RigaRiservaCategorie]
    note: str | None = None


class RigaAssegnate(_Base):
    ente_proprietario: Testo
    alloggi_sap_assegnati: Conteggio | None = None
    alloggi_sap_assegnati_in_deroga: Conteggio | None = None
    totale_alloggi_assegnati: Conteggio | None = None


class TotaleAssegnate(_Base):
    alloggi_sap_assegnati: Conteggio | None = None
    alloggi_sap_assegnati_in_deroga: Conteggio | None = None
    totale_alloggi_assegnati: Conteggio | None = None


class TabellaAssegnate(_Base):
    """k) Unità SAP assegnate nel corso dell'anno precedente."""

    righe: list[RigaAssegnate]
    totale: TotaleAssegnate | None = None
    note: str | None = None


class Tabelle(_Base):
    """Tables a) to k); a table left out is unknown (its rules are non valutabile)."""

    a_consistenza_patrimonio: TabellaConsistenza | None = None
    b_carenza_manutentiva: TabellaUnita | None = None
    c_nuova_edificazione: TabellaUnita | None = None
    d_normale_avvicendamento: TabellaUnita | None = None
    e_conferite_da_privati: TabellaConferite | None = None
    f_totale_assegnabili: TabellaUnita | None = None
    g_soglia_indigenti_oltre_20: TabellaSogliaIndigenti | None = None
    h_categorie_aggiuntive: TabellaCategorieAggiuntive | None = None
    i_forze_di_polizia: TabellaForzePolizia | None = None
    j_servizi_abitativi_transitori: TabellaServiziTransitori | None = None
    k_assegnate_anno_precedente: TabellaAssegnate | None = None
    riserve_categorie: TabellaRiserveCategorie | None = Field(
        None, description="Riserve degli enti proprietari per categorie (lett. c bis, dal 2025)"
    )


class Avviso(_Base):
    """An avviso pubblico for the assignment of the units (after the plan's approval)."""

    data: Data = Field(description="Data di pubblicazione dell'avviso")
    estremi: Testo | None = None
    ente: Testo | None = Field(None, description="Ente che lo pubblica (di norma il Comune capofila)")


class NotificaPrefettura(_Base):
    """Notice to the Prefettura of the units reserved for police families (art. 7 bis c. 2)."""

    ente_proprietario: Testo = Field(description="Ente che notifica (o il comune della tabella i)")
    data: Data | None = Field(None, description="Data della notifica")
    prefettura: Testo | None = None
    estremi: Testo | None = None


class MisuraSostegno(_Base):
    """A measure supporting access to and keeping of housing (L.R. 16/2016 titolo V)."""

    descrizione: Testo
    riferimento: Testo | None = Field(None, description="Articolo o atto di riferimento")


class Fonte(_Base):
    documento: str | None = None
    note: str | None = None


class Giustificazione(_Base):
    """A justified departure from a rule, approved by an act: the report shows the finding
    apart, with this justification, and does not count it as a violation."""

    regola: Testo = Field(description="Identificativo della regola (es. RR4-A5-C1-OBBLIGO-INFORMATIVO)")
    soggetto: Testo | None = Field(
        None, description="Soggetto del rilievo (ente, comune, riga); vuoto: tutti i soggetti della regola"
    )
    motivazione: Testo = Field(description="Perché lo scostamento è giustificato")
    base_giuridica: Testo = Field(description="Norma o atto su cui si fonda la giustificazione")
    approvata_da: Testo = Field(description="Organo che ha approvato la giustificazione")
    atto_numero: Testo | None = Field(None, description="Numero dell'atto di approvazione")
    atto_data: Data | None = Field(None, description="Data dell'atto di approvazione (AAAA-MM-GG)")
    scadenza: Data | None = Field(None, description="Fino a quando vale (AAAA-MM-GG); vuoto: senza scadenza")


class PianoAnnuale(_Base):
    """Piano annuale dell'offerta dei servizi abitativi pubblici e sociali."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="Piano annuale dell'offerta dei servizi abitativi pubblici e sociali",
    )

    tipo: Literal["piano_annuale"] = "piano_annuale"
    anno: Annotated[int, Field(ge=2018, le=2100, description="Anno a cui si riferisce il piano")]
    titolo: str | None = None
    ambito: Ambito
    approvazione: Approvazione = Field(default_factory=Approvazione)
    ricognizione: Ricognizione | None = None
    tabelle: Tabelle = Field(default_factory=Tabelle)
    misure_sostegno: list[MisuraSostegno] | None = Field(
        None, description="Misure di sostegno all'accesso e al mantenimento dell'abitazione; [] se il piano non ne prevede"
    )
    avvisi: list[Avviso] | None = Field(
        None, description="Avvisi pubblici emanati dopo l'approvazione; null se non noti, [] se nessuno"
    )
    notifiche_prefettura: list[NotificaPrefettura] | None = Field(
        None, description="Notifiche alla Prefettura delle unità riservate (art. 7 bis c. 2)"
    )
    fonte: Fonte | None = None
    giustificazioni: list[Giustificazione] | None = Field(
        None, description="Scostamenti giustificati da un atto (mostrati a parte nel rapporto)"
    )


# ---- piano triennale (R.R. 4/2017 art. 3) ---------------------------------------------------


class Periodo(_Base):
    dal: Annotated[int, Field(ge=2018, le=2100, description="Primo anno del triennio")]
    al: Annotated[int, Field(ge=2018, le=2100, description="Ultimo anno del triennio")]


class VoceContenuto(_Base):
    """One content item of the piano triennale: whether the plan has it, and where."""

    presente: bool | None = Field(
        None, description="true: il piano la contiene; false: non la contiene; null: non noto"
    )
    riferimento: Testo | None = Field(None, description="Dove si trova (sezione, pagina) o chi lo attesta")
    nota: str | None = None


class ContenutiTriennale(_Base):
    """The content items of art. 3 c. 2 R.R. 4/2017 (a-d read; the rest second-hand)."""

    a_quadro_conoscitivo: VoceContenuto | None = None
    b_quadro_ricognitivo_programmatorio: VoceContenuto | None = None
    c_fabbisogno_abitativo_primario: VoceContenuto | None = None
    d_consistenza_e_unita_disponibili: VoceContenuto | None = None
    e_strategie_e_obiettivi: VoceContenuto | None = None
    f_linee_azione_disagio_emergenza: VoceContenuto | None = None
    g_linee_azione_accesso_mantenimento: VoceContenuto | None = None


class RigaUnitaTriennio(_Base):
    ente_proprietario: Testo
    anno: Annotated[int, Field(ge=2018, le=2100)] | None = None
    unita_avvicendamento: Conteggio | None = Field(None, description="Per normale avvicendamento")
    unita_nuova_edificazione: Conteggio | None = Field(
        None, description="Da nuova edificazione, ristrutturazione, recupero o riqualificazione"
    )


class DatiTriennale(_Base):
    consistenza_patrimonio: TabellaConsistenza | None = None
    fabbisogno_abitativo_primario: Conteggio | None = Field(
        None, description="Nuclei il cui fabbisogno primario il piano intende soddisfare"
    )
    unita_disponibili_triennio: list[RigaUnitaTriennio] | None = Field(
        None, description="Unità che si prevede saranno disponibili nel triennio"
    )


class PianoTriennale(_Base):
    """Piano triennale dell'offerta dei servizi abitativi pubblici e sociali."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="Piano triennale dell'offerta dei servizi abitativi pubblici e sociali",
    )

    tipo: Literal["piano_triennale"]
    periodo: Periodo
    titolo: str | None = None
    ambito: Ambito
    approvazione: Approvazione = Field(default_factory=Approvazione)
    contenuti: ContenutiTriennale = Field(default_factory=ContenutiTriennale)
    dati: DatiTriennale = Field(default_factory=DatiTriennale)
    giustificazioni: list[Giustificazione] | None = Field(
        None, description="Scostamenti giustificati da regole (vedi il piano annuale)"
    )
    fonte: Fonte | None = None

    @property
    def anno(self) -> int:  # the first year, for summaries that list plans by year
        return self.periodo.dal


def json_schema() -> dict:
    """JSON Schema of the plan file, for editors."""
    schema = PianoAnnuale.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
