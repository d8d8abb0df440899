"""Read a plan file: YAML with line numbers, duplicate keys rejected, pydantic validation.

Every problem becomes an `InputProblem` naming the file, the line, the field and what was
expected, in Italian (or English). The caller prints them and exits with code 2.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
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


# YAML 1.1 (PyYAML) reads `1:30` as 90 (base 60), `0x0E` and `016` as 14 (hex, octal), `1_4` as
# 14, `0b11` as 3: in a plan these are slips, not numbers. Here only decimal notation makes a
# number; the rest stays text, which a count or a percentage refuses with a located message.
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL_FLOAT = re.compile(
    r"^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _decimal_resolvers(base: dict) -> dict:
    out = {first: [(tag, rx) for tag, rx in entries if tag not in (_INT_TAG, _FLOAT_TAG)]
           for first, entries in base.items()}
    for first in "-+0123456789":
        out.setdefault(first, []).append((_INT_TAG, _DECIMAL_INT))
    for first in "-+0123456789.":
        out.setdefault(first, []).append((_FLOAT_TAG, _DECIMAL_FLOAT))
    return out


_RESOLVERS = _decimal_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
_YAML11_NUMBERS = [rx for entries in yaml.SafeLoader.yaml_implicit_resolvers.values()
                   for tag, rx in entries if tag in (_INT_TAG, _FLOAT_TAG)]


def is_yaml11_number(text: str) -> bool:
    """Whether plain YAML 1.1 reads `text` as a number that this loader keeps as text."""
    if _DECIMAL_INT.match(text) or _DECIMAL_FLOAT.match(text):
        return False
    return any(rx.match(text) for rx in _YAML11_NUMBERS)


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
                    key_node.start_mark.line + 1, "yaml_duplicate_key", name=shown_text(key), first=seen[key]
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_StrictConstructor, yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys; numbers only in decimal notation."""

    yaml_implicit_resolvers = _RESOLVERS

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlProblem(event.start_mark.line + 1, "yaml_alias")
        return super().compose_node(parent, index)


_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


MAX_DEPTH = 40  # a plan nests about 6 levels; libyaml composes recursively in C (deep = SIGSEGV)


def _crude_depth_bound(text: str) -> int:
    """Brackets (quoted or not) plus the widest indentation: cheap, and above any real nesting."""
    depth = bound = 0
    for ch in re.findall(r"[\[\]{}]", text):
        if ch in "[{":
            depth += 1
            bound = max(bound, depth)
        else:
            depth -= 1
    indent = max((len(line) - len(line.lstrip(" -?:")) for line in text.splitlines()), default=0)
    return bound + indent


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before any loader composes it, with this project's
    message: the nesting is read from the layout (compliance/model/nesting.py); where that
    count, or a cruder bound, goes over the limit, the parser's events give the exact depth.
    Whatever the parser itself says of a deep file (newer libyaml stops at a limit of its own,
    in its own words), the message is ours."""
    from compliance.model.nesting import first_line_over

    over = first_line_over(text, MAX_DEPTH)
    if over is None and _crude_depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_CSafeLoader or yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _YamlProblem(event.start_mark.line + 1, "yaml_too_deep", limit=MAX_DEPTH)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        if over is not None:
            raise _YamlProblem(over, "yaml_too_deep", limit=MAX_DEPTH) from None
        raise  # a syntax error: reported as such by the caller


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
        """CSafeLoader with the duplicate-key and bad-value checks; numbers only in decimal notation."""

        yaml_implicit_resolvers = _RESOLVERS


def yaml_value(text: str) -> Any:
    """A value written in YAML outside a file (`whatif --set PATH=VALUE`), read as a plan file
    is read: numbers in decimal notation only, no aliases, no deep nesting. Raises ValueError."""
    loader = None
    try:
        loader = _strict_loader(text)
        return loader.get_single_data()
    except _YamlProblem as problem:
        raise ValueError(t(problem.key, "it", **problem.kw)) from None
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
    finally:
        if loader is not None:
            loader.dispose()


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


def read_input(path: Path, limit: int = MAX_BYTES, lang: str = "it") -> bytes:
    """The bytes of the regular file `path` (symbolic links followed), at most `limit` of them.

    A FIFO, a device (`/dev/zero`) or a socket is refused before it is opened, and the file is
    opened without waiting and read for at most `limit` + 1 bytes, so that no input hangs the
    run or fills the memory. Raises InputError (missing, a folder, not a file, too large,
    unreadable)."""
    name = str(path)

    def fail(key: str, **kw: Any):
        raise InputError([InputProblem(name, None, None, t(key, lang, **kw))])

    def check(status: os.stat_result) -> None:
        if stat.S_ISDIR(status.st_mode):
            fail("file_is_dir")
        if not stat.S_ISREG(status.st_mode):
            fail("file_not_regular")
        if status.st_size > limit:
            fail("file_too_large", size=status.st_size, limit=limit)

    try:
        check(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        fail("file_missing")
    except OSError as exc:
        fail("file_unreadable", detail=exc.strerror or exc)
    with os.fdopen(fd, "rb") as handle:
        check(os.fstat(fd))  # the same file as the one looked at (not swapped for a FIFO since)
        os.set_blocking(fd, True)
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            fail("file_unreadable", detail=exc.strerror or exc)
    if len(raw) > limit:  # it grew while being read
        fail("file_too_large", size=len(raw), limit=limit)
    return raw


def read_yaml(path: Path, lang: str = "it") -> YamlDoc:
    """Parse a YAML file once. Raises InputError."""
    name = str(path)

    def fail(line: int | None, key: str, field: str | None = None, **kw: Any):
        raise InputError([InputProblem(name, line, field, t(key, lang, **kw))])

    raw = read_input(path, MAX_BYTES, lang)
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


_SHOWN_NAME = 60  # characters of a key from the file shown in a message


def shown_text(value: Any, limit: int = _SHOWN_NAME) -> str:
    """Text from an input file as a message may show it: control characters (terminal escapes,
    bidi overrides, newlines) written as escapes, cut to `limit` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + shown_text(part)
    return out


def _shown_value(found: Any) -> str:
    """A wrong value as a message shows it."""
    if isinstance(found, (dict, list)):
        return type(found).__name__
    if isinstance(found, datetime.date):
        return found.isoformat()
    if isinstance(found, str) and len(found) > 60:
        return repr(found[:57] + "...")
    shown = repr(found)
    return shown if len(shown) <= 60 else shown[:57] + "..."


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


def _limit(value: Any) -> Any:
    """A bound as a message shows it: 10 (not 10.0), 2100-12-31."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


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
        shown = _shown_value(found)
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
            msg = t("too_small", lang, limit=_limit(ctx.get("ge", ctx.get("gt"))), found=shown)
        elif typ in ("less_than_equal", "less_than"):
            msg = t("too_large", lang, limit=_limit(ctx.get("le", ctx.get("lt"))), found=shown)
        elif typ.startswith("int_") or typ.startswith("float_"):
            msg = t("expected_int" if typ.startswith("int_") else "expected_number", lang, found=shown)
            if isinstance(found, str) and is_yaml11_number(found.strip()):  # 1:30, 0x0E, 1_4, 016
                msg += "; " + t("number_notation", lang)
        elif typ == "string_too_long":
            msg = t("too_long", lang, n=len(found) if isinstance(found, str) else "?",
                    limit=ctx.get("max_length"))
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


def _foreign(path: Path, data: dict, model: type[BaseModel], lang: str, not_mapping: str) -> InputError | None:
    """A mapping with none of the model's keys is some other file (a configuration, /etc/shadow
    through a link): one message that shows nothing of its content."""
    if not data or set(map(str, data)) & set(model.model_fields):
        return None
    if not_mapping == "expected_top_mapping":
        keys = ", ".join(list(model.model_fields)[:5]) + ", …"
        return InputError([InputProblem(str(path), None, None, t("not_a_plan", lang, keys=keys))])
    return InputError([InputProblem(str(path), None, None, t(not_mapping, lang))])


def load_model(
    path: str | Path, model: type[BaseModel], lang: str = "it", not_mapping: str = "expected_top_mapping"
) -> tuple[Any, YamlDoc]:
    """Read a YAML file and validate it as `model`. Raises InputError with located problems."""
    path = Path(path)
    doc = read_yaml(path, lang)
    if not isinstance(doc.data, dict):
        raise InputError([InputProblem(str(path), 1, None, t(not_mapping, lang))])
    foreign = _foreign(path, doc.data, model, lang, not_mapping)
    if foreign is not None:
        raise foreign
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
    foreign = _foreign(path, doc.data, model, lang, "expected_top_mapping")
    if foreign is not None:
        raise foreign
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        raise InputError(validation_problems(exc, str(path), doc.lines, model, lang)) from None
