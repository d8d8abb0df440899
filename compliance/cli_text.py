"""Italian for the command-line framework's own words (help headings, usage errors).

Typer (and the click it vendors) writes "Usage:", "Options:", "Show this message and exit." and
its usage errors in English, with no translation hook. The help texts are rewritten here, and
usage errors are caught in `main()` and printed in Italian (or English with `--lang en`), with
exit code 2 and no traceback.
"""

from __future__ import annotations

import re

import typer.core

_HELP_IT = [
    ("Usage: ", "Uso: "),
    ("\nOptions:\n", "\nOpzioni:\n"),
    ("\nCommands:\n", "\nComandi:\n"),
    ("\nArguments:\n", "\nArgomenti:\n"),
    ("Show this message and exit.", "Mostra questo aiuto ed esce."),
    ("[required]", "[obbligatorio]"),
    ("[OPTIONS]", "[OPZIONI]"),
    ("COMMAND [ARGS]...", "COMANDO [ARGOMENTI]..."),
]

_ERRORS_IT = [
    (r"^Invalid value for (.+?): (.+?) is not one of (.+)\.$", r"valore non valido per \1: \2 non è tra \3."),
    (r"^Invalid value for (.+?): (.+)$", r"valore non valido per \1: \2"),
    (r"^No such option: (\S+?) \(Possible options: (.+)\)$", r"opzione sconosciuta: \1 (opzioni possibili: \2)"),
    (r"^No such option: (\S+?)(?: Did you mean (.+)\?)?$", r"opzione sconosciuta: \1"),
    (r"^No such command (.+)\.$", r"comando sconosciuto: \1."),
    (r"^Missing argument (.+)\.$", r"argomento mancante: \1."),
    (r"^Missing option (.+)\.$", r"opzione mancante: \1."),
    (r"^Option (.+) requires an argument\.$", r"l'opzione \1 richiede un valore."),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", r"argomenti in più non previsti: \1"),
    (r"^Missing command\.$", r"comando mancante."),
    (r"^Path (.+) does not exist\.$", r"il percorso \1 non esiste."),
]


def italian_help(text: str) -> str:
    for old, new in _HELP_IT:
        text = text.replace(old, new)
    return re.sub(r"\[default:(\s+)", r"[predefinito:\1", text)


def italian_error(message: str) -> str:
    message = message.replace("Value error, ", "")
    for pattern, repl in _ERRORS_IT:
        translated, n = re.subn(pattern, repl, message)
        if n:
            if "Did you mean" in message:
                hint = message.split("Did you mean", 1)[1].strip().rstrip("?")
                translated += f" Forse {hint}?"
            return translated
    return message


class ItalianCommand(typer.core.TyperCommand):
    def get_help(self, ctx) -> str:  # type: ignore[override]
        return italian_help(super().get_help(ctx))


class ItalianGroup(typer.core.TyperGroup):
    def get_help(self, ctx) -> str:  # type: ignore[override]
        return italian_help(super().get_help(ctx))
