"""The CLI speaks Italian, including the framework's own words; usage errors exit 2."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compliance.cli import main


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_help_is_italian(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("Uso: compliance [OPZIONI] COMANDO")
    assert "Opzioni:" in out and "Comandi:" in out and "Mostra questo aiuto ed esce." in out
    code, out, _ = run(capsys, "check", "-h")
    assert "Argomenti:" in out and "PIANO" in out and "--date AAAA-MM-GG" in out
    assert "Usage" not in out and "Show this message" not in out


@pytest.mark.parametrize("args,phrase", [
    (("check", "--format", "xml"), "valore non valido per '--format'"),
    (("check", "--formt", "md"), "opzione sconosciuta: --formt"),
    (("nessuno",), "comando sconosciuto"),
    (("check", "a.yaml", "b.yaml"), "argomenti in più non previsti"),
    (("check", "--date"), "richiede un valore"),
])
def test_usage_errors_are_italian_and_exit_2(capsys, args, phrase):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert phrase in err and err.rstrip().splitlines()[-1].startswith("errore: ")
    assert "Traceback" not in err and out == ""


def test_usage_errors_in_english_with_lang_en(capsys):
    code, _, err = run(capsys, "check", "--lang", "en", "--format", "xml")
    assert code == 2 and "error: Invalid value for '--format'" in err


def test_exit_codes_through_main(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1 and '"rule_id"' in out
    code, _, _ = run(capsys, "rules", "test")
    assert code == 0


# ---- help: the framework's words from the catalogue, no Python types ------------------------------

COMMANDS = [(), ("check",), ("whatif",), ("audit",), ("genera",), ("template",), ("export",), ("import",),
            ("schema",), ("facts",), ("rules",), ("rules", "list"), ("rules", "explain"), ("rules", "catalogo"),
            ("rules", "test")]
ENGLISH = re.compile(r"Usage|Options:|Arguments:|Commands:|Show this message|\[default|\[required\]|"
                     r"<[a-z]+(\[[A-Za-z]+\])?>|\[x[<>]=|list\[|Path\]")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "compliance")
def test_every_help_is_italian_without_python_types(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0 and out.startswith("Uso: compliance")
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert "Mostra questo aiuto ed esce." in out


def test_help_details(capsys):
    _code, out, _ = run(capsys, "whatif", "--help")
    assert "Uso: compliance whatif [OPZIONI] PIANO [SCENARIO...]" in out
    assert "SCENARIO..." in out and "--jobs N" in out and "[almeno 1]" in out
    assert "-f, --format text|md|json|html" in out and "pdf" not in out.split("--format", 1)[1].split("\n")[0]
    _code, out, _ = run(capsys, "audit", "--help")
    assert "-j, --jobs VALORE" in out and "PERCORSO..." in out and "[obbligatorio]" in out
    _code, out, _ = run(capsys, "check", "--help")
    for option in ("--protocollo NUMERO", "--atto ESTREMI", "--firmatario NOME", "--breve, --brief"):
        assert option in " ".join(out.split()), option


def test_help_in_english_with_lang_en(capsys):
    _code, out, _ = run(capsys, "check", "--lang", "en", "--help")
    assert out.startswith("Usage: compliance check [OPTIONS] [PIANO]")
    assert "Options:" in out and "Arguments:" in out and "Show this message and exit." in out
    _code, out, _ = run(capsys, "audit", "--lang", "en", "--help")
    assert "[required]" in out and "Opzioni" not in out


@pytest.mark.parametrize("args,phrase", [
    (("chek",), "comando sconosciuto: 'chek'. Forse 'check', 'schema'?"),
    (("rules",), "comando mancante."),
    (("whatif",), "argomento mancante: 'PIANO'."),
    (("audit", "piani"), "opzione mancante: '--output' / '-o'."),
    (("whatif", "x.yaml", "--jobs", "abc"), "valore non valido per '--jobs': atteso un numero intero"),
    (("whatif", "x.yaml", "--jobs", "0"), "valore non valido per '--jobs': deve essere almeno 1"),
    (("check", "--breve=3"), "l'opzione '--breve' non accetta un valore."),
    (("check", "--date"), "l'opzione '--date' richiede un valore."),
    (("check", "--format", "xml"), "'xml' non è tra i valori ammessi: 'text', 'md', 'json', 'html', 'pdf'"),
])
def test_more_usage_errors_in_italian(capsys, args, phrase):
    code, out, err = run(capsys, *args)
    assert code == 2 and phrase in err, err
    assert not re.search(r"Invalid|Missing|No such|Got unexpected|requires|Did you mean|Input should|Value error", err)


# ---- the framework's wording, as the installed library writes it ----------------------------------


def _library_strings() -> set[str]:
    """Every string literal and f-string of typer (and the click it vendors), placeholders as {}."""
    import typer

    out = set()
    for path in Path(typer.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                out.add("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(re.sub(r"\{[^{}]*\}", "{}", node.value))
    return out


def _template(msgid: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", msgid)


def test_every_translated_framework_message_is_the_librarys_own_wording():
    """A new typer that rewords a message fails here (instead of printing English)."""
    from compliance.cli_text import RUNTIME_ONLY
    from compliance.locale import read

    library = _library_strings()
    msgids = [m.id for m in read("it", "cli") if m.id]
    assert len(msgids) > 20
    missing = [m for m in msgids if m not in RUNTIME_ONLY and not any(_template(m).strip() in s for s in library)]
    assert missing == [], f"typer no longer writes these messages: {missing}"


def test_every_usage_error_the_library_raises_has_a_translation():
    """A message the library adds (a literal in a fail/raise of a usage error) has its msgid."""
    import typer

    from compliance.locale import read

    templates = [_template(m.id).replace("{}", "") for m in read("it", "cli") if m.id]
    raised = set()
    for path in Path(typer.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in ("fail", "UsageError", "BadParameter", "BadOptionUsage", "BadArgumentUsage"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "format":
                first = first.func.value
            if isinstance(first, ast.Call) and getattr(first.func, "id", "") == "_" and first.args:
                first = first.args[0]
            if isinstance(first, ast.JoinedStr):
                raised.add("".join(v.value for v in first.values if isinstance(v, ast.Constant)))
            elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                raised.add(re.sub(r"\{[^{}]*\}", "", first.value))
    untranslated = [r for r in raised if r.strip() and not any(
        all(piece in r for piece in template.split("{}") if piece.strip()) for template in
        [_template(m.id) for m in read("it", "cli") if m.id])]
    assert untranslated == [], untranslated
    assert templates
