"""The command-line framework's own words in Italian (English with `--lang en`).

Typer vendors click and writes its help and usage errors in English, with no translation hook.
So:

* **help** is written here, not by the framework: `ItalianCommand` / `ItalianGroup` lay out the
  usage line, the arguments, the options (metavar or choices, never a Python type such as
  `<list[Path]>`), defaults, ranges and the commands with words from the gettext catalogue
  (`cli_*` keys of the `compliance` domain);
* **usage errors** keep the framework's wording, which `translate_error` recognises through the
  `cli` catalogue domain: each msgid is a message template exactly as the library writes it (its
  f-string with named placeholders, e.g. `No such option: {name}`), each msgstr its Italian. A
  message that no template matches is left in English; `tests/test_cli_italian.py` finds every
  msgid in the installed library's source (or triggers it), so a change of wording in a new
  typer fails the tests instead of leaking English.
"""

from __future__ import annotations

import re
import string
from enum import Enum
from functools import lru_cache

import typer.core

from compliance.i18n import catalogue, fmt_list, t

# msgids of the `cli` domain that the library composes at run time or that come from pydantic's
# validation messages (not literals of typer's source): the tests trigger each of them instead.
RUNTIME_ONLY = (
    "Option {name} requires an argument.",
    "Option {name} requires {count} arguments.",
    "Missing argument {name}.",
    "Missing option {name}.",
    "Input should be a valid integer, unable to parse string as an integer",
    "Input should be a valid number, unable to parse string as a number",
    "Input should be greater than or equal to {limit}",
    "Input should be less than or equal to {limit}",
    "Input should be greater than {limit}",
    "Input should be less than {limit}",
)


# ---- usage errors ----------------------------------------------------------------------------------

_FORMATTER = string.Formatter()


@lru_cache(maxsize=4)
def _templates(lang: str) -> list[tuple[re.Pattern, str, bool]]:
    """(regex of the English template, translation, is a suffix), longest templates first."""
    cat = getattr(catalogue(lang, "cli"), "_catalog", {})
    out = []
    for msgid, msgstr in cat.items():
        if not isinstance(msgid, str) or not msgid:
            continue
        suffix = msgid.startswith(" ")
        pattern = ""
        for literal, name, _spec, _conv in _FORMATTER.parse(msgid):
            pattern += re.escape(literal)
            if name is not None:
                pattern += f"(?P<{name}>.+?)"
        anchored = re.compile(("(?P<_head>.*?)" if suffix else "^") + pattern + "$", re.S)
        out.append((anchored, msgstr, suffix, len(msgid)))
    out.sort(key=lambda x: -x[3])
    return [(p, s, suf) for p, s, suf, _ in out]




def translate_error(message: str, lang: str = "it") -> str:
    """A usage error of the framework in `lang` (the English message itself for English)."""
    message = message.replace("Value error, ", "")  # pydantic's prefix of a validator's own words
    if lang == "en":
        return message
    for pattern, translation, suffix in _templates(lang):
        match = pattern.match(message)
        if not match:
            continue
        values = {k: v for k, v in match.groupdict().items() if k != "_head"}
        values = {k: translate_error(v, lang) if k in ("message", "inner") else v for k, v in values.items()}
        text = translation.format(**values)
        if suffix:
            return translate_error(match.group("_head"), lang) + text
        return text
    return message


def italian_error(message: str) -> str:
    """`translate_error` into Italian (the name compliance.cli's main() calls)."""
    return translate_error(message, "it")


def italian_help(text: str) -> str:
    """Help and usage texts are written in the catalogue's words already (see ItalianCommand)."""
    return text


# ---- help ------------------------------------------------------------------------------------------


def _lang(ctx) -> str:
    while ctx is not None:
        if ctx.meta.get("compliance.lang"):
            return ctx.meta["compliance.lang"]
        ctx = ctx.parent
    return "it"


def _wanted_lang(args) -> str | None:
    args = list(args or [])
    if "--lang=en" in args or ("--lang", "en") in zip(args, args[1:]):
        return "en"
    return None


def _value_name(param, lang: str) -> str:
    """What the help writes after an option: its metavar, its choices, or a word (never a type)."""
    if getattr(param, "metavar", None):
        return param.metavar
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and getattr(desc, "is_choice", False):
        return "|".join(str(c.value if isinstance(c, Enum) else c) for c in desc.choices or ())
    return t("cli_value", lang)


def _default_text(param, lang: str) -> str | None:
    if param.show_default is False or getattr(param, "is_flag", False):
        return None
    value = param.default
    if value is None or value == [] or value == () or callable(value):
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(param.show_default, str):
        return param.show_default
    return str(value)


def _range_text(param, lang: str) -> str | None:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return t("cli_range_between", lang, low=low, high=high)
    if low is not None:
        return t("cli_range_min", lang, low=low)
    if high is not None:
        return t("cli_range_max", lang, high=high)
    return None


def _extras(param, lang: str) -> str:
    extra = []
    default = _default_text(param, lang)
    if default is not None:
        extra.append(t("cli_default", lang, value=default))
    ranged = _range_text(param, lang)
    if ranged:
        extra.append(ranged)
    if param.required:
        extra.append(t("cli_required", lang))
    return f"[{'; '.join(extra)}]" if extra else ""


def _record(param, ctx, lang: str) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = param.metavar or param.name.upper()
        if param.nargs != 1 and not name.endswith("..."):
            name += "..."
    else:
        names = ", ".join(sorted(param.opts, key=lambda o: (len(o) - len(o.lstrip("-")), o)))
        if param.secondary_opts:
            names += " / " + ", ".join(param.secondary_opts)
        if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
            names += " " + _value_name(param, lang)
        name = names
    help_text = param.help or ""
    extras = _extras(param, lang)
    if extras:
        help_text = f"{help_text}  {extras}" if help_text else extras
    return name, help_text


def _usage_pieces(command, ctx, lang: str) -> list[str]:
    pieces = [t("cli_options_metavar", lang)] if command.get_params(ctx) else []
    for param in command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        name = param.metavar or param.name.upper()
        if param.nargs != 1 and not name.endswith("..."):
            name += "..."
        pieces.append(name if param.required else f"[{name}]")
    return pieces


class _Translated:
    """Help, usage and the help option in the catalogue's words (mixed into typer's classes)."""

    def make_context(self, info_name, args, parent=None, **extra):
        lang = _wanted_lang(args)
        ctx = super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[misc]
        if lang:
            ctx.meta["compliance.lang"] = lang
        return ctx

    def parse_args(self, ctx, args):
        lang = _wanted_lang(args)
        if lang:
            ctx.meta["compliance.lang"] = lang
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("cli_help_option", _lang(ctx))
        return option

    def format_usage(self, ctx, formatter) -> None:
        lang = _lang(ctx)
        formatter.write_usage(ctx.command_path, " ".join(self.usage_pieces(ctx, lang)),
                              prefix=t("cli_usage", lang) + " ")

    def usage_pieces(self, ctx, lang: str) -> list[str]:
        return _usage_pieces(self, ctx, lang)

    def format_options(self, ctx, formatter) -> None:
        lang = _lang(ctx)
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = _record(param, ctx, lang)
            if record is None:
                continue
            (arguments if param.param_type_name == "argument" else options).append(record)
        if arguments:
            with formatter.section(t("cli_arguments", lang)):
                formatter.write_dl(arguments)
        if options:
            with formatter.section(t("cli_options", lang)):
                formatter.write_dl(options)


class ItalianCommand(_Translated, typer.core.TyperCommand):
    pass


class ItalianGroup(_Translated, typer.core.TyperGroup):
    def usage_pieces(self, ctx, lang: str) -> list[str]:
        return [t("cli_options_metavar", lang), t("cli_command_metavar", lang)]

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
        commands = [(n, c) for n, c in commands if c is not None and not c.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        for name, command in commands:
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section(t("cli_commands", _lang(ctx))):
            formatter.write_dl(rows)


def choices_text(values, lang: str = "it") -> str:
    """«a, b o c» for a help text."""
    return fmt_list([str(v) for v in values], lang, style="or")
