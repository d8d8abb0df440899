"""The CLI speaks Italian, including the framework's own words; usage errors exit 2."""

from __future__ import annotations

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
