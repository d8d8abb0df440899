"""Read a plan file: YAML with line numbers, duplicate keys rejected, pydantic validation.

Every problem becomes an `InputProblem` naming the file, the line, the field and what was
expected, in Italian (or English). The caller prints them and exits with code 2.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from compliance.i18n import t
from compliance.model.plan import PianoAnnuale

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class InputProblem:
    file: str
    line: int | None
    field: str | None
    message: str

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: one or more located problems."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


class _YamlProblem(Exception):
    def __init__(self, line: int | None, key: str, **kw: Any):
        self.line, self.key, self.kw = line, key, kw


class _StrictConstructor:
    """Bad values and duplicate keys become located problems (mixed into both loaders)."""

    def construct_object(self, node, deep=False):  # type: ignore[override]
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. a timestamp like 2021-13-45
            raise _YamlProblem(node.start_mark.line + 1, "yaml_bad_value", detail=str(exc)) from None

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _YamlProblem(key_node.start_mark.line + 1, "yaml_bad_key") from None
            if key in seen:
                raise _YamlProblem(
                    key_node.start_mark.line + 1, "yaml_duplicate_key", name=key, first=seen[key]
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_StrictConstructor, yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys."""

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlProblem(event.start_mark.line + 1, "yaml_alias")
        return super().compose_node(parent, index)


_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


MAX_DEPTH = 40  # a plan nests about 6 levels; libyaml composes recursively in C (deep = SIGSEGV)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before any loader composes it: a cheap upper bound
    first (brackets and indentation), then the parser's events when the bound is exceeded."""
    depth = bound = 0
    for ch in re.findall(r"[\[\]{}]", text):
        if ch in "[{":
            depth += 1
            bound = max(bound, depth)
        elif ch in "]}":
            depth -= 1
    indent = max((len(line) - len(line.lstrip(" -?:")) for line in text.splitlines()), default=0)
    if bound + indent <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_CSafeLoader or yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _YamlProblem(event.start_mark.line + 1, "yaml_too_deep", limit=MAX_DEPTH)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# `&name` / `*name` where a node may start (line start, after a space or a flow indicator):
# every anchor and alias matches it; `a * b` in a rule's condition does not
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[&*][^\s,\[\]{}]", re.MULTILINE)


def _strict_loader(text: str):
    """A loader for `text`: libyaml's parser when available (about ten times faster than the
    pure-Python one), with the same checks; anchors and aliases are looked for in its events
    first, since libyaml composes nodes in C."""
    _check_depth(text)
    if _CSafeLoader is None:
        return _StrictLoader(text)
    if _MAYBE_ANCHOR.search(text):  # no anchor or alias can be written without this pattern
        for event in yaml.parse(text, Loader=_CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _YamlProblem(event.start_mark.line + 1, "yaml_alias")
    return _CStrictLoader(text)


if _CSafeLoader is not None:

    class _CStrictLoader(_StrictConstructor, _CSafeLoader):
        """CSafeLoader with the duplicate-key and bad-value checks."""


def _exact_float(loader, node) -> Any:
    """A YAML float as the exact Decimal its text writes (compliance/numbers.py): 15.3 is 15.3,
    never the binary float nearest to it. `.inf` and `.nan` stay floats (the models refuse them)."""
    text = loader.construct_scalar(node).replace("_", "")
    body = text.lstrip("+-")
    if body.lower() in (".inf", ".nan") or ":" in body:  # sexagesimal floats: YAML 1.1 oddities
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    return Decimal(text)


for _loader in (_StrictLoader, globals().get("_CStrictLoader")):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:float", _exact_float)


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map each path (tuple of keys and list indexes) to the line where its value starts."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[path + (key,)] = key_node.start_mark.line + 1
            _line_index(value_node, path + (key,), out)
            out[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, path + (i,), out)
    return out


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its data, the line of each path (tuple of keys and indexes), its bytes."""

    data: Any
    lines: dict
    raw: bytes


def read_yaml(path: Path, lang: str = "it") -> YamlDoc:
    """Parse a YAML file once. Raises InputError."""
    name = str(path)

    def fail(line: int | None, key: str, field: str | None = None, **kw: Any):
        raise InputError([InputProblem(name, line, field, t(key, lang, **kw))])

    if not path.exists():
        fail(None, "file_missing")
    if path.is_dir():
        fail(None, "file_is_dir")
    size = path.stat().st_size
    if size > MAX_BYTES:
        fail(None, "file_too_large", size=size, limit=MAX_BYTES)
    raw = path.read_bytes()
    if b"\x00" in raw:
        fail(None, "file_binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fail(line, "file_encoding")
    if not text.strip():
        fail(None, "file_empty")
    loader = None
    try:
        loader = _strict_loader(text)
        node = loader.get_single_node()
        if node is None:
            fail(None, "file_empty")
        data = loader.construct_document(node)
    except _YamlProblem as p:
        fail(p.line, p.key, **p.kw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        fail(line, "yaml_syntax", detail=exc.problem or str(exc))
    except yaml.YAMLError as exc:
        fail(None, "yaml_syntax", detail=str(exc))
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDoc(data, _line_index(node), raw)


def _field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_for(loc: tuple, lines: dict) -> int | None:
    loc = tuple(loc)
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def _expected_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping accepts at `loc` (for suggestions on unknown keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}).keys())


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _num(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _locate_message(loc: tuple, msg: str, lines: dict) -> tuple[tuple, str]:
    """`(loc + field path, rest)` when the message starts with a dotted path found in the file."""
    head, sep, rest = msg.partition(": ")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*(\.\w+)*", head):
        return loc, msg
    path = loc + tuple(int(p) if p.isdigit() else p for p in head.split("."))
    if path[: len(loc) + 1] not in lines:
        return loc, msg
    return path, rest


def validation_problems(
    exc: ValidationError, name: str, lines: dict, model: type[BaseModel], lang: str
) -> list[InputProblem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        typ = err["type"]
        ctx = err.get("ctx", {}) or {}
        found = err.get("input")
        shown = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if typ == "extra_forbidden":
            options = _expected_keys(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), options, n=1)
            msg = t("extra_forbidden", lang, options=", ".join(options))
            if close:
                msg += " " + t("did_you_mean", lang, name=close[0])
        elif typ == "value_error":
            msg = str(ctx.get("error", err["msg"]))
        elif typ == "missing":
            msg = t("missing", lang)
        elif typ in ("greater_than_equal", "greater_than"):
            msg = t("too_small", lang, limit=_num(ctx.get("ge", ctx.get("gt"))), found=shown)
        elif typ in ("less_than_equal", "less_than"):
            msg = t("too_large", lang, limit=_num(ctx.get("le", ctx.get("lt"))), found=shown)
        elif typ.startswith("int_"):
            msg = t("expected_int", lang, found=shown)
        elif typ.startswith("float_"):
            msg = t("expected_number", lang, found=shown)
        elif typ.startswith("date_") or typ.startswith("datetime_"):
            msg = t("expected_date", lang, found=shown)
        elif typ.startswith("bool_"):
            msg = t("expected_bool", lang, found=shown)
        elif typ.startswith("string_too_short"):
            msg = t("expected_nonempty", lang)
        elif typ.startswith("string_"):
            msg = t("expected_text", lang, found=shown)
        elif typ in ("list_type",):
            msg = t("expected_list", lang, found=shown)
        elif typ in ("model_type", "dict_type", "model_attributes_type"):
            msg = t("expected_mapping", lang, found=shown)
        elif typ == "literal_error":
            msg = t("expected_literal", lang, options=ctx.get("expected"), found=shown)
        else:
            msg = err["msg"]
        if typ == "value_error":  # a check across fields names its field first: «compute.x: …»
            loc, msg = _locate_message(loc, msg, lines)
        problems.append(InputProblem(name, _line_for(loc, lines), _field_name(loc), msg))
    return problems


def load_model(
    path: str | Path, model: type[BaseModel], lang: str = "it", not_mapping: str = "expected_top_mapping"
) -> tuple[Any, YamlDoc]:
    """Read a YAML file and validate it as `model`. Raises InputError with located problems."""
    path = Path(path)
    doc = read_yaml(path, lang)
    if not isinstance(doc.data, dict):
        raise InputError([InputProblem(str(path), 1, None, t(not_mapping, lang))])
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        raise InputError(validation_problems(exc, str(path), doc.lines, model, lang)) from None


def load_plan(path: str | Path, lang: str = "it") -> PianoAnnuale:
    """Load and validate an annual plan file. Raises InputError with located problems."""
    return load_model(path, PianoAnnuale, lang)[0]


def plan_model_for(data: Any) -> type[BaseModel]:
    """The model of a plan file: by its `tipo` (piano_annuale when absent)."""
    from compliance.model.plan import PianoTriennale

    if isinstance(data, dict) and data.get("tipo") == "piano_triennale":
        return PianoTriennale
    return PianoAnnuale


def load_any_plan(path: str | Path, lang: str = "it") -> tuple[Any, YamlDoc]:
    """Load a piano annuale or a piano triennale, chosen by `tipo`. Raises InputError."""
    path = Path(path)
    doc = read_yaml(path, lang)
    if not isinstance(doc.data, dict):
        raise InputError([InputProblem(str(path), 1, None, t("expected_top_mapping", lang))])
    model = plan_model_for(doc.data)
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        raise InputError(validation_problems(exc, str(path), doc.lines, model, lang)) from None
