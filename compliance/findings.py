"""Findings, rule results and the report: the project's own result model.

The JSON form of `Report` is the stable contract for other systems (see README): a top-level
`findings` list and a top-level `rules` list, among other fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

REPORT_SCHEMA_VERSION = "1.4"  # 1.1: justified_findings, summary.giustificati; 1.2: units, plan.anno_fine;
# 1.3: units[].codice_istat, findings[].data.codice_istat (where a comune is the subject)
# 1.4: findings[].fields


class Finding(BaseModel):
    rule_id: str
    rule_version: str
    outcome: Literal["non_conforme", "non_valutabile"]
    severity: Literal["violazione", "avviso", "informazione"]
    subject: str
    message: str
    source: str
    certainty: Literal["letto", "secondario", "dedotto"]
    explanation: str
    data: dict[str, Any] = Field(default_factory=dict, description="i numeri dietro il verdetto")
    fields: list[str] = Field(
        default_factory=list,
        description="i campi di data che la regola legge (condizione, requires, valori calcolati): "
                    "quelli che il rapporto mostra",
    )


class Justification(BaseModel):
    """A justification the plan gives for a finding (plan file: `giustificazioni`)."""

    index: int = Field(description="posizione nell'elenco giustificazioni del piano, da 1")
    regola: str
    soggetto: str | None
    motivazione: str
    base_giuridica: str
    approvata_da: str
    atto_numero: str | None
    atto_data: str | None
    scadenza: str | None


class JustifiedFinding(Finding):
    """A finding the plan justifies: shown apart, not counted as a violation."""

    justification: Justification


class RuleResult(BaseModel):
    id: str
    version: str
    title: str
    outcome: Literal["conforme", "non_conforme", "non_valutabile"]
    severity: Literal["violazione", "avviso", "informazione"]
    source: str
    certainty: Literal["letto", "secondario", "dedotto"]
    certainty_note: str | None = None
    in_force: str
    file: str
    subjects: int
    non_conformi: int
    non_valutabili: int


class RuleNotInForce(BaseModel):
    id: str
    title: str
    versions: list[str]


class LegalTextApplied(BaseModel):
    act: str
    title: str
    version: str | None
    in_force: str | None
    certainty: str | None


class PlanInfo(BaseModel):
    file: str
    sha256: str
    tipo: str
    anno: int
    anno_fine: int | None = None  # last year of a piano triennale
    ambito: str
    comune_capofila: str | None
    data_approvazione: str | None
    organo_approvazione: str | None


class Summary(BaseModel):
    rules: int
    conformi: int
    non_conformi: int
    non_valutabili: int
    violazioni: int
    avvisi: int
    informazioni: int
    findings_non_valutabili: int
    giustificati: int = Field(0, description="rilievi giustificati dal piano (non contati sopra)")


class UnitsRow(BaseModel):
    """What the plan means in units for one owner in one comune (compliance/units.py)."""

    ente: str
    tipo_ente: str
    comune: str | None
    codice_istat: str | None = Field(None, description="codice ISTAT del comune")
    unita_anno: int | None
    quota_indigenti: float | None
    indigenti: int | None
    forze_polizia: int | None
    polizia_locale: int | None
    categorie: int | None
    riserve: int | None
    graduatoria: int | None
    arrotondamenti: str | None = Field(None, description="le regole di arrotondamento applicate")
    problema: str | None = Field(None, description="eccedenza, nulla, non_calcolabile")

    def as_dict(self) -> dict:
        return self.model_dump()


class Report(BaseModel):
    schema_version: str = REPORT_SCHEMA_VERSION
    tool: dict[str, str]
    lang: str
    plan: PlanInfo
    reference_date: str
    reference_date_basis: Literal["approvazione", "opzione"]
    engine: str
    ruleset: dict[str, str]
    legal_texts: list[LegalTextApplied]
    summary: Summary
    rules: list[RuleResult]
    findings: list[Finding]
    rules_not_in_force: list[RuleNotInForce]
    justified_findings: list[JustifiedFinding] = Field(
        default_factory=list, description="rilievi giustificati dal piano: mostrati a parte, non contati"
    )
    units: list[UnitsRow] = Field(
        default_factory=list,
        description="ripartizione in unità per ente e comune: indigenti, riserve, graduatoria ordinaria",
    )

    @property
    def has_violations(self) -> bool:
        return any(f.outcome == "non_conforme" and f.severity == "violazione" for f in self.findings)
