"""The configuration file: defaults for `check` and `audit` that the command line overrides.

Looked for from the current folder upward: in each folder `compliance.toml` first, then a
`pyproject.toml` with a `[tool.compliance]` table (one without it is passed over); the first found
wins (`--config FILE` names one explicitly). Keys:

    lang = "it"                        # it | en
    format = "sarif"                   # check: text | md | json | html | pdf | sarif | junit
    audit-formats = ["html", "csv", "json", "sarif", "junit"]   # what audit writes (md: per-plan reports)
    fail-on = "avviso"                 # violazione | avviso | informazione | mai
    select = ["RR4-A7BIS", "art. 13"]  # rule ids or prefixes, articles, severities
    ignore = ["informazione"]
    baseline = "compliance-baseline.json"   # relative to the configuration file
    rules = "rules"                    # rules folder, relative to the configuration file
    jobs = 2                           # audit worker processes

A key that is unknown, or a value of the wrong kind, is a located error (file, line, key, what was
expected): exit 2, like any other bad input.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from compliance.model.loader import InputError, InputProblem

CONFIG_NAME = "compliance.toml"
CHECK_FORMATS = ("text", "md", "json", "html", "pdf", "sarif", "junit")
AUDIT_FORMATS = ("html", "md", "csv", "json", "sarif", "junit")
FAIL_ON = ("violazione", "avviso", "informazione", "mai")
LANGS = ("it", "en")


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    lang: str | None = None
    format: str | None = None
    audit_formats: tuple[str, ...] | None = None
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    rules: Path | None = None
    jobs: int | None = None
    keys: frozenset[str] = field(default_factory=frozenset)  # the keys the file sets


def find_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        own = d / CONFIG_NAME
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # not ours to judge: a broken pyproject without our table is passed over
            if isinstance(data.get("tool"), dict) and "compliance" in data["tool"]:
                return py
    return None


def _line_of(text: str, key: str, table: str | None) -> int | None:
    lines = text.splitlines()
    start = 0
    if table:
        for i, line in enumerate(lines):
            if re.match(rf"^\s*\[\s*{re.escape(table)}\s*\]", line):
                start = i + 1
                break
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for i in range(start, len(lines)):
        if i > start and re.match(r"^\s*\[", lines[i]) and table is not None:
            break
        if pattern.match(lines[i]):
            return i + 1
    return None


def load_config(path: Path | None = None, lang: str = "it", start: Path | None = None) -> Config:
    """The configuration of `path`, or of the file found upward from `start`; none: empty."""
    from compliance.i18n import t

    explicit = path is not None
    path = path if explicit else find_config(start)
    if path is None:
        return Config()
    where = str(path)
    if not path.is_file():
        raise InputError([InputProblem(where, None, None, t("file_missing", lang))])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(where, None, None, t("cfg_unreadable", lang, detail=exc))]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError([InputProblem(where, int(m.group(1)) if m else None, None,
                                       t("cfg_bad_toml", lang, detail=detail))]) from None
    table = None
    if path.name == "pyproject.toml":
        table = "tool.compliance"
        data = data.get("tool", {}).get("compliance", {}) if isinstance(data.get("tool"), dict) else {}
        if not isinstance(data, dict):
            raise InputError([InputProblem(where, _line_of(text, "compliance", "tool"), "tool.compliance",
                                           t("cfg_expected_table", lang))])
    problems: list[InputProblem] = []
    values: dict = {}

    def bad(key: str, message: str) -> None:
        problems.append(InputProblem(where, _line_of(text, key, table), key, message))

    def choice(key: str, options: tuple[str, ...]) -> str | None:
        v = data[key]
        if not isinstance(v, str) or v not in options:
            bad(key, t("expected_literal", lang, options=", ".join(options), found=repr(v)))
            return None
        return v

    def texts(key: str) -> tuple[str, ...] | None:
        v = data[key]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            bad(key, t("cfg_expected_texts", lang, found=repr(v)))
            return None
        return tuple(v)

    def file(key: str) -> Path | None:
        v = data[key]
        if not isinstance(v, str) or not v.strip():
            bad(key, t("expected_text", lang, found=repr(v)))
            return None
        p = Path(v).expanduser()
        return p if p.is_absolute() else path.parent / p

    allowed = ("lang", "format", "audit-formats", "fail-on", "select", "ignore", "baseline", "rules", "jobs")
    for key in data:
        if key not in allowed:
            import difflib

            close = difflib.get_close_matches(key, allowed, n=1)
            hint = " " + t("did_you_mean", lang, name=close[0]) if close else ""
            bad(key, t("cfg_unknown_key", lang, options=", ".join(allowed)) + hint)
    if "lang" in data:
        values["lang"] = choice("lang", LANGS)
    if "format" in data:
        values["format"] = choice("format", CHECK_FORMATS)
    if "fail-on" in data:
        values["fail_on"] = choice("fail-on", FAIL_ON)
    if "audit-formats" in data:
        got = texts("audit-formats")
        if got is not None:
            wrong = [x for x in got if x not in AUDIT_FORMATS]
            if wrong:
                bad("audit-formats", t("expected_literal", lang, options=", ".join(AUDIT_FORMATS), found=repr(wrong[0])))
            else:
                values["audit_formats"] = got
    for key in ("select", "ignore"):
        if key in data:
            got = texts(key)
            if got is not None:
                values[key] = got
    for key in ("baseline", "rules"):
        if key in data:
            values[key] = file(key)
    if "jobs" in data:
        v = data["jobs"]
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            bad("jobs", t("cfg_expected_jobs", lang, found=repr(v)))
        else:
            values["jobs"] = v
    if problems:
        raise InputError(problems)
    return Config(path=path, keys=frozenset(data), **{k: v for k, v in values.items() if v is not None})
