"""Scenarios: changes to a plan, as a YAML file or as `--set PATH=VALUE` options.

Scenario file:

    nome: Castelleone al 15%
    descrizione: Riserva per le Forze di Polizia portata al 15%.
    rimuovi:                    # rows taken out (applied first)
      - tabelle.j_servizi_abitativi_transitori.righe[comune=Bagnolo Cremasco]
    aggiungi:                   # rows appended to a table (then)
      tabelle.g_soglia_indigenti_oltre_20.righe:
        - {comune: Crema, quota_percentuale: 30}
    modifiche:                  # fields set (last)
      tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale: 15
      approvazione.data: 2021-12-15

The modified plan is validated again with the plan model; every problem is located in the
scenario (file, line, path) with the loader's own messages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compliance.model.loader import InputError, InputProblem, load_model, validation_problems, yaml_value
from compliance.model.plan import PianoAnnuale
from compliance.whatif import paths
from compliance.whatif.texts import tw


class ScenarioFile(BaseModel):
    """A scenario file."""

    model_config = ConfigDict(extra="forbid", strict=True)

    nome: str | None = Field(None, description="Nome breve dello scenario")
    descrizione: str | None = Field(None, description="Che cosa si vuole provare")
    rimuovi: list[str] = Field(default_factory=list, description="Righe da togliere (percorso con selezione)")
    aggiungi: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict, description="Per ogni tabella (percorso di una lista), le righe da aggiungere"
    )
    modifiche: dict[str, Any] = Field(default_factory=dict, description="PERCORSO: VALORE")


@dataclass(frozen=True)
class Change:
    """One change: what, where it was written (file and line), and the value."""

    op: str  # 'set' | 'add' | 'remove'
    path: str
    value: Any
    file: str
    line: int | None


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str | None
    changes: tuple[Change, ...]
    source: str  # file name or "--set"

    def with_changes(self, extra: list[Change], name: str | None = None) -> "Scenario":
        return Scenario(name or self.name, self.description, self.changes + tuple(extra), self.source)


def load_scenario(path: Path, lang: str = "it") -> Scenario:
    """Read a scenario file. Raises InputError with located problems."""
    spec, doc = load_model(path, ScenarioFile, lang, "expected_top_mapping")
    name = str(path)
    changes: list[Change] = []
    for i, p in enumerate(spec.rimuovi):
        changes.append(Change("remove", p, None, name, doc.lines.get(("rimuovi", i))))
    for p, rows in spec.aggiungi.items():  # one change per row, located on its own line
        for i, row in enumerate(rows):
            line = doc.lines.get(("aggiungi", p, i), doc.lines.get(("aggiungi", p)))
            changes.append(Change("add", p, [row], name, line))
    for p, value in spec.modifiche.items():
        changes.append(Change("set", p, value, name, doc.lines.get(("modifiche", p))))
    if not changes:
        raise InputError([InputProblem(name, 1, None, tw("scenario_empty", lang))])
    return Scenario(spec.nome or Path(path).stem, spec.descrizione, tuple(changes), name)


def parse_set(option: str, lang: str = "it", source: str = "--set") -> Change:
    """`PATH=VALUE`; VALUE is read as YAML (15, 10.5, null, 2021-12-15, true, a text); empty is null."""
    split = paths.split_assignment(option)
    if split is None:
        raise InputError([InputProblem(source, None, None, tw("set_syntax", lang, option=option))])
    path, raw = split
    try:
        value = yaml_value(raw) if raw.strip() else None  # as a plan file reads it (1:30 is no number)
    except (yaml.YAMLError, ValueError):
        raise InputError([InputProblem(source, None, path, tw("set_bad_value", lang, value=raw))]) from None
    return Change("set", path, value, source, None)


def set_scenario(options: list[str], lang: str = "it", name: str | None = None) -> Scenario:
    changes = [parse_set(o, lang) for o in options]
    return Scenario(name or tw("adhoc_name", lang), None, tuple(changes), "--set")


def apply(base: dict, scenario: Scenario, lang: str = "it", model: type[BaseModel] = PianoAnnuale) -> tuple[Any, dict]:
    """The plan with the scenario's changes, validated. Raises InputError (located in the scenario)."""
    plan, data, _ = apply_logged(base, scenario, lang, model)
    return plan, data


def apply_logged(base: dict, scenario: Scenario, lang: str = "it",
                 model: type[BaseModel] = PianoAnnuale) -> tuple[Any, dict, list[tuple]]:
    """As `apply`, also returning what was done: (op, path, old value, new value) per change.

    `model` is the plan's model (compliance.model.loader.plan_model_for: annual or three-year).
    """
    data = copy_data(base)
    touched: dict[tuple, Change] = {}
    log: list[tuple] = []
    order = {"remove": 0, "add": 1, "set": 2}
    problems: list[InputProblem] = []
    for change in sorted(scenario.changes, key=lambda c: order[c.op]):
        try:
            if change.op == "remove":
                steps = paths.parse_path(change.path, lang)
                old = paths.resolve(data, steps, model, lang).value if steps[-1].key is None else None
                paths.remove_row(data, change.path, model, lang)
                log.append(("remove", change.path, old, None))
            elif change.op == "add":
                loc = paths.add_rows(data, change.path, change.value, model, lang)
                added = len(paths.get_at(data, loc))
                for index in range(added - len(change.value), added):
                    touched[loc + (index,)] = change
                log.append(("add", change.path, None, change.value))
            else:
                steps = paths.parse_path(change.path, lang)
                try:
                    old = paths.resolve(data, steps, model, lang).value
                except paths.PathError:
                    old = None  # a section the plan leaves out: set_value creates it or explains
                loc = paths.set_value(data, change.path, change.value, model, lang)
                touched[loc] = change
                log.append(("set", change.path, old, change.value))
        except paths.PathError as exc:
            problems.append(InputProblem(change.file, change.line, exc.path, exc.message))
    if problems:
        raise InputError(problems)
    return validate(data, touched, scenario, lang, model), data, log


def copy_data(value: Any) -> Any:
    """A copy of plain YAML data (mappings, lists, immutable scalars); faster than deepcopy."""
    if isinstance(value, dict):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value


def validate(data: dict, touched: dict[tuple, Change], scenario: Scenario, lang: str = "it",
             model: type[BaseModel] = PianoAnnuale) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = {loc: c.line for loc, c in touched.items() if c.line is not None}
        raw = validation_problems(exc, scenario.source, lines, model, lang)
        problems = []
        for problem, err in zip(raw, exc.errors()):
            loc = tuple(err["loc"])
            change = _owner(loc, touched)
            if change is None:
                problems.append(InputProblem(scenario.source, None, problem.field, problem.message))
                continue
            problems.append(InputProblem(change.file, change.line, paths.user_path(data, loc) if _exists(data, loc)
                                         else problem.field, problem.message))
        raise InputError(problems) from None


def _owner(loc: tuple, touched: dict[tuple, Change]) -> Change | None:
    best = None
    for t_loc, change in touched.items():
        if loc[: len(t_loc)] == t_loc and (best is None or len(t_loc) > len(best[0])):
            best = (t_loc, change)
    return best[1] if best else None


def _exists(data: Any, loc: tuple) -> bool:
    try:
        paths.get_at(data, loc[:-1])
        return True
    except (KeyError, IndexError, TypeError):
        return False


def describe_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False).strip()
    return str(value)
