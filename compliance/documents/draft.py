"""Extraction -> draft plan file: the plan model validates it, every value carries a comment.

Values the model refuses (a share over 100, a row without its owner) are set aside and listed
in the summary, never written; what the document does not state is not written. The YAML is
emitted here, in the model's field order, so that each value can carry where it came from.
"""

from __future__ import annotations

import datetime
import typing
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from compliance.documents.extract import Extraction
from compliance.documents.found import Found, Skipped
from compliance.documents.headers import load as load_wordings
from compliance.documents.texts import tx
from compliance.model.plan import PianoAnnuale, PianoTriennale

# what a piano annuale states, in the order of the summary's "not found"
EXPECTED_ANNUALE = (
    "tipo", "anno", "ambito.denominazione", "ambito.comune_capofila", "ambito.numero_comuni", "ambito.comuni",
    "ambito.aler_competente", "approvazione.organo", "approvazione.data", "approvazione.atto",
    "ricognizione.comuni_coinvolti", "ricognizione.comuni_titolari_di_patrimonio",
    "ricognizione.riscontro_di_tutti_gli_altri_enti",
)
EXPECTED_TRIENNALE = ("tipo", "periodo.dal", "periodo.al", "ambito.denominazione", "ambito.comune_capofila",
                      "approvazione.organo", "approvazione.data", "approvazione.atto")
ANNUAL_ONLY = {"a_consistenza_patrimonio": ("dati", "consistenza_patrimonio")}  # in a triennale, table a -> dati


@dataclass
class Draft:
    data: dict
    provenance: dict[tuple, Found]
    extraction: Extraction
    set_aside: list[Skipped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what keeps the draft from being a valid plan
    model: type[BaseModel] = PianoAnnuale

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def not_found(self) -> list[str]:
        ex = self.extraction
        expected = EXPECTED_TRIENNALE if self.model is PianoTriennale else EXPECTED_ANNUALE
        missing = [p for p in expected if p not in ex.values and p not in ex.lists
                   and not any(a.field == p for a in ex.ambiguous)]
        if self.model is PianoTriennale:
            items = load_wordings().triennale_items
            missing += [f"contenuti.{i}" for i in items if f"contenuti.{i}.presente" not in ex.values]
            return missing
        for section in load_wordings().sections:
            if section.name not in ex.sections and not any(a.field == f"sezione {section.name}" for a in ex.ambiguous):
                missing.append(".".join(section.path))
        return missing


# ---- assembling ---------------------------------------------------------------------------


def _set(data: dict, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _section_path(ex: Extraction, name: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if ex.kind == "piano_triennale":
        return ANNUAL_ONLY.get(name)
    return path


def assemble(ex: Extraction) -> tuple[dict, dict[tuple, Found], dict[tuple, tuple]]:
    """The plan's data, the place of each value, and what each path came from (for removal)."""
    data: dict = {}
    prov: dict[tuple, Found] = {}
    origin: dict[tuple, tuple] = {}
    for dotted, found in ex.values.items():
        path = tuple(dotted.split("."))
        _set(data, path, found.value)
        prov[path] = found
        origin[path] = ("value", dotted)
    for dotted, items in ex.lists.items():
        path = tuple(dotted.split("."))
        _set(data, path, [f.value for f in items])
        for i, f in enumerate(items):
            prov[path + (i,)] = f
            origin[path + (i,)] = ("item", dotted, i)
        origin[path] = ("list", dotted)
    by_name = {s.name: s for s in load_wordings().sections}
    for name, rows in ex.sections.items():
        section = by_name[name]
        base = _section_path(ex, name, section.path)
        if base is None:
            continue
        is_table = section.is_table or base[0] == "dati"
        rows_path = base + ("righe",) if is_table else base
        items = []
        for i, row in enumerate(rows.rows):
            item: dict = {}
            for dotted, found in row.fields.items():
                sub = tuple(dotted.split("."))
                _set(item, sub, found.value)
                prov[rows_path + (i,) + sub] = found
                origin[rows_path + (i,) + sub] = ("cell", name, i, dotted)
            origin[rows_path + (i,)] = ("row", name, i)
            items.append(item)
        _set(data, rows_path, items)
        prov.setdefault(rows_path, Found(items, rows.place, ""))
        origin[rows_path] = ("section", name)
        if is_table:
            origin[base] = ("section", name)
            for key, found in rows.total.items():
                total_path = base + ("totale",) + ((key,) if key else ())
                _set(data, total_path, found.value)
                prov[total_path] = found
                origin[total_path] = ("total", name, key)
            if rows.note is not None:
                _set(data, base + ("note",), rows.note.value)
                prov[base + ("note",)] = rows.note
                origin[base + ("note",)] = ("note", name)
    return data, prov, origin


def _remove(ex: Extraction, what: tuple) -> Skipped | None:
    kind = what[0]
    if kind == "value":
        found = ex.values.pop(what[1])
        return Skipped(what[1], found.place, found.text, "skip_invalid")
    if kind == "item":
        found = ex.lists[what[1]].pop(what[2])
        return Skipped(what[1], found.place, found.text, "skip_invalid")
    if kind == "list":
        ex.lists.pop(what[1])
        return None
    rows = ex.sections.get(what[1])
    if rows is None:
        return None
    if kind == "cell":
        found = rows.rows[what[2]].fields.pop(what[3])
        return Skipped(what[3], found.place, found.text, "skip_invalid")
    if kind == "row":
        row = rows.rows.pop(what[2])
        text = " | ".join(f.text for f in row.fields.values())
        return Skipped(what[1], row.place, text, "skip_invalid")
    if kind == "total":
        found = rows.total.pop(what[2])
        return Skipped("totale", found.place, found.text, "skip_invalid")
    if kind == "note":
        rows.note = None
        return None
    ex.sections.pop(what[1])
    return Skipped(what[1], rows.place, "", "skip_invalid")


def _model_for(ex: Extraction) -> type[BaseModel]:
    return PianoTriennale if ex.kind == "piano_triennale" else PianoAnnuale


def build_draft(ex: Extraction, lang: str = "it") -> Draft:
    """Assemble and validate; what the model refuses is set aside (and reported), then again."""
    from compliance.model.loader import validation_problems

    model = _model_for(ex)
    set_aside: list[Skipped] = []
    for _ in range(200):
        data, prov, origin = assemble(ex)
        try:
            model.model_validate(data)
            return Draft(data, prov, ex, set_aside, [], model)
        except ValidationError as exc:
            messages = validation_problems(exc, ex.document.path, {}, model, lang)
            removed = False
            blocking = []
            for err, message in zip(exc.errors(), messages):
                loc = tuple(err["loc"])
                probe = loc
                if err["type"] == "missing" and len(loc) > 1:
                    probe = loc[:-1]  # a required field missing: its row (or section) goes
                while probe and probe not in origin:
                    probe = probe[:-1]
                if not probe:
                    blocking.append(f"{'.'.join(map(str, loc))}: {message.message}")
                    continue
                skipped = _remove(ex, origin[probe])
                if skipped is not None:
                    skipped.args = {"detail": f"{'.'.join(map(str, loc))}: {message.message}"}
                    set_aside.append(skipped)
                removed = True
                break  # paths shift when something goes: validate again
            if not removed:
                return Draft(data, prov, ex, set_aside, blocking, model)
    data, prov, _ = assemble(ex)
    return Draft(data, prov, ex, set_aside, ["troppi valori rifiutati"], model)


# ---- YAML with comments -------------------------------------------------------------------


def _order(model: Any) -> list[str]:
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _submodel(model: Any, key: str) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or key not in model.model_fields:
        return None
    annotation = model.model_fields[key].annotation
    return _inner(annotation)


def _inner(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            annotation = next(a for a in args if a is not type(None))
        elif origin is list:
            annotation = args[0]
        else:
            return annotation


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text[:-4].strip() if text.endswith("\n...") or text.endswith(" ...") else text.removesuffix("...").strip()


def _comment(found: Found | None, value: Any, lang: str) -> str:
    if found is None:
        return ""
    parts = [found.place.render(lang)]
    shown = found.text
    if found.note:
        key, args = found.note
        if key != "none_stated":
            parts.append(tx(key, lang, **args))
    elif shown and shown != _scalar(value) and shown != str(value):
        shown = shown if len(shown) <= 90 else shown[:87] + "…"
        parts.append(f"«{shown}»")
    return "  # " + ": ".join(p for p in parts[:1]) + (" — " + "; ".join(parts[1:]) if len(parts) > 1 else "")


def _emit(value: Any, model: Any, path: tuple, prov: dict, lang: str, indent: int, out: list[str]) -> None:
    pad = " " * indent
    keys = list(value)
    order = _order(model)
    keys.sort(key=lambda k: order.index(k) if k in order else len(order))
    for key in keys:
        item = value[key]
        sub = path + (key,)
        child = _submodel(model, key)
        if isinstance(item, dict):
            out.append(f"{pad}{key}:{_comment(prov.get(sub) if not item else None, item, lang)}")
            _emit(item, child, sub, prov, lang, indent + 2, out)
        elif isinstance(item, list):
            if not item:
                out.append(f"{pad}{key}: []{_comment(prov.get(sub), [], lang)}")
                continue
            out.append(f"{pad}{key}:")
            for i, element in enumerate(item):
                if isinstance(element, dict):
                    lines: list[str] = []
                    _emit(element, child, sub + (i,), prov, lang, indent + 4, lines)
                    if lines:
                        lines[0] = f"{pad}  - " + lines[0][indent + 4:]
                    out.extend(lines)
                else:
                    found = prov.get(sub + (i,))
                    if found is None and prov.get(sub) is not None:  # an item of a list read at once
                        found = Found(element, prov[sub].place, "")
                    out.append(f"{pad}  - {_scalar(element)}{_comment(found, element, lang)}")
        else:
            out.append(f"{pad}{key}: {_scalar(item)}{_comment(prov.get(sub), item, lang)}")


def summary_lines(draft: Draft, lang: str = "it") -> list[str]:
    ex = draft.extraction
    out = [tx("draft_summary", lang) + ":"]
    out.append("- " + tx("draft_read", lang, n=len(draft.provenance)))
    if ex.ambiguous:
        out.append("- " + tx("draft_ambiguous", lang, n=len(ex.ambiguous)))
        for amb in ex.ambiguous:
            for found in amb.candidates:
                shown = found.value if found.value is not None else found.text
                out.append(f"    {amb.field}: {tx('candidate', lang)} {_scalar(shown)} ({found.place.render(lang)})")
    missing = draft.not_found
    if missing:
        out.append("- " + tx("draft_not_found", lang, items=", ".join(missing)))
    skipped = ex.skipped + draft.set_aside
    if skipped:
        out.append("- " + tx("draft_skipped", lang, n=len(skipped)))
        for s in skipped:
            args = {"text": s.text, **s.args}
            reason = tx(s.reason, lang, **args)
            out.append(f"    {s.place.render(lang)}: {s.field}: {reason}")
    out.append("- " + (tx("draft_valid", lang) if draft.valid else tx("draft_invalid", lang, detail="; ".join(draft.errors))))
    return out


def draft_yaml(draft: Draft, name: str, sha256: str, lang: str = "it") -> str:
    head = [tx("draft_head", lang, name=name, sha=sha256), tx("draft_rule", lang), ""]
    head += summary_lines(draft, lang)
    lines = ["# " + h if h else "#" for h in head]
    body: list[str] = []
    data = dict(draft.data)
    _emit(data, draft.model, (), draft.provenance, lang, 0, body)
    return "\n".join(lines + body) + "\n"
