"""The catalogue of bad inputs (tests/bad_inputs/): every file has an expected exit code and message.

Each file is run through the real command in a child process (so that a crash of a C extension
would show as a signal, not kill the test run), with `--output` into an empty folder:

* plan files: `compliance check FILE -o OUT`;
* rule files (`rule-*.yaml`): copied into a copy of `rules/` (under `qualita-dati/`), then
  `compliance check <a valid plan> --rules COPY -o OUT` (or `compliance rules test --rules COPY`);
* recipes (`*.recipe`): the file is built from the recipe in a temporary folder first (the 50 MB
  plan is not committed).

Bad input: exit 2, `errore: FILE:LINE: FIELD: message` on stderr, no traceback, nothing written,
the input unchanged, within a few seconds (asserted loosely: < 5 s wall; the contract is "about a
second"). A file in the folder without an entry in EXPECTED fails the test, and so does an entry
without its file.

Decisions recorded here:
* a UTF-8 byte-order mark is harmless (Windows editors write it) and is accepted, in plan and rule
  files alike; lines are counted as if it were not there (`bom-with-error.yaml`);
* a percentage written as a fraction (0.10 for 10%) is legal (0.5% may be meant): the plan is
  judged and the report carries a data-quality warning (`avviso`, rules/qualita-dati/
  percentuale-come-frazione-*.yaml), which does not change the exit code;
* rule fixtures are not run when rules are loaded (loading stays cheap); `compliance rules test`
  runs them and exits 1 on a failing one, and tests/test_rule_fixtures.py fails in CI;
* nesting too deep is found by the project's own reading of the layout, so its message does not
  depend on what the YAML library says of it (tests/test_nesting.py changes the library's words);
* numbers are read in decimal notation only: what YAML 1.1 reads as base 60 (`1:30` = 90), hex
  (`0x0E`), octal (`016`) or with separators (`1_4`) stays text, and a count or a percentage
  refuses it, saying how to write the number;
* dates within 1900-01-01 and 2100-12-31 (a date near the end of the calendar is a slip, and the
  deadlines computed from it would overflow);
* a file with none of the plan's sections is "not a plan", and nothing of its content is shown
  (it may be a system file reached through a link).

Faults that a committed file cannot carry (a FIFO, /dev/zero, `-o` onto a device, a link or the
input, Ctrl-C, a killed run's temporary files, the dates of `--date` and `whatif --set`) are in
tests/test_hostile.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path(__file__).resolve().parent / "bad_inputs"
VALID_PLAN = CATALOGUE / "bom.yaml"  # the base plan of the catalogue (a BOM is accepted)
MAX_SECONDS = 5.0


JUDGED = (0, 1)  # accepted and judged: no violation, or violations (the rules grow; both are fine)


@dataclass(frozen=True)
class Expect:
    exit: int | tuple[int, ...]
    message: str  # expected on stderr (exit 2) or stdout (report), after "errore: FILE[:LINE]: "
    line: int | str | None = None  # a number, or a text whose (one) line in the file is meant
    field: str | None = None
    command: str = "check"  # or "rules test"
    not_shown: str | None = None  # a text of the file that no message may show


EXPECTED: dict[str, Expect] = {
    "empty.yaml": Expect(2, "file vuoto: atteso un piano in YAML"),
    "not-yaml.yaml": Expect(2, "YAML non valido: ", line=16),
    "alias-bomb.yaml": Expect(2, "alias e ancore YAML (&, *) non sono ammessi", line=4),
    "huge-50mb.recipe": Expect(2, "file troppo grande ("),
    "binary.yaml": Expect(2, "contenuto binario, non un file YAML di testo"),
    "latin1.yaml": Expect(2, "codifica non valida: atteso testo UTF-8", line=4),
    "bom.yaml": Expect(JUDGED, "# Verifica di conformità: Ambito di prova, 2021"),
    "bom-with-error.yaml": Expect(2, "atteso un numero intero, trovato 'uno'", line=6, field="ambito.numero_comuni"),
    "duplicate-keys.yaml": Expect(2, "chiave «comune_capofila» ripetuta (già presente alla riga 5)", line=6),
    "date-wrong-format.yaml": Expect(
        2, "attesa una data nel formato AAAA-MM-GG, trovato '28/01/2021'", line=9, field="approvazione.data"),
    "deep-nesting.yaml": Expect(2, "annidamento troppo profondo (più di 40 livelli)", line=4),
    "date-end-of-calendar.yaml": Expect(
        2, "deve essere al massimo 2100-12-31, trovato 9999-12-31", line=9, field="approvazione.data"),
    "count-sexagesimal.yaml": Expect(
        2, "atteso un numero intero, trovato '1:30'; scrivere il numero in cifre decimali", line=6,
        field="ambito.numero_comuni"),
    "count-octal.yaml": Expect(
        2, "atteso un numero intero, trovato '016'; scrivere il numero in cifre decimali", line=6,
        field="ambito.numero_comuni"),
    "count-underscore.yaml": Expect(
        2, "atteso un numero intero, trovato '1_4'; scrivere il numero in cifre decimali", line=11,
        field="ricognizione.comuni_coinvolti"),
    "percentage-hex.yaml": Expect(
        2, "atteso un numero, trovato '0x0E'; scrivere il numero in cifre decimali", line=16,
        field="tabelle.i_forze_di_polizia.righe[0].quota_percentuale"),
    "long-text.recipe": Expect(2, "testo troppo lungo (", line=5, field="ambito.denominazione"),
    "not-a-plan.yaml": Expect(2, "non è un piano: nessuna delle sezioni attese", not_shown="root"),
    "percentage-as-fraction.yaml": Expect(
        JUDGED, "Tabella i), Comune di Crema: quota 0,1%. Un valore tra 0 e 1 sembra una frazione (0,10 = 10%?)"),
    "rule-unknown-operator.yaml": Expect(
        2, "operatore aritmetico non ammesso: «quota_percentuale ** 2»", line="violation_when:", field="violation_when"),
    "rule-unknown-field.yaml": Expect(
        2, "campo «quota_percentual» sconosciuto per il tipo di fatto «riserva_forze_polizia»",
        line="violation_when:", field="violation_when"),
    "rule-number-compared-with-text.yaml": Expect(
        2, "confronto tra un numero e un testo non ammesso", line="violation_when:", field="violation_when"),
    "rule-no-citation.yaml": Expect(2, "campo obbligatorio mancante", line=1, field="source"),
    "rule-overlapping-versions.yaml": Expect(
        2, "la regola RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA ha versioni sovrapposte", field="in_force"),
    "rule-fixture-wrong-type.yaml": Expect(
        2, "fixture «quota del 15%»: atteso un numero, trovato 'quindici'", line="quindici",
        field="fixtures[1].fact.quota_percentuale"),
    "rule-fixture-fails.yaml": Expect(
        1, "FALLITO DATI-PROVA-CATALOGO v2018 «quota del 15%»: atteso non_conforme, "
           "durable-rules conforme, Python conforme", command="rules test"),
}


def catalogue_files() -> list[str]:
    return sorted(p.name for p in CATALOGUE.iterdir() if not p.name.startswith("."))


def test_every_file_has_expectations_and_every_expectation_a_file():
    files = set(catalogue_files())
    assert files - set(EXPECTED) == set(), "files of tests/bad_inputs without an entry in EXPECTED"
    assert set(EXPECTED) - files == set(), "entries of EXPECTED without their file"


def build_from_recipe(recipe: Path, folder: Path) -> Path:
    spec = yaml.safe_load(recipe.read_text(encoding="utf-8"))
    target = folder / recipe.name.replace(".recipe", ".yaml")
    head, line = spec["head"].encode(), spec["line"].encode()
    with target.open("wb") as out:
        out.write(head)
        chunk = line * 10_000
        written = len(head)
        while written < spec["bytes"]:
            out.write(chunk)
            written += len(chunk)
    assert target.stat().st_size >= spec["bytes"]
    return target


def run_cli(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", "from compliance.cli import main; main()", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )
    return proc, time.monotonic() - start


@pytest.mark.parametrize("name", catalogue_files())
def test_catalogue_file(name, tmp_path):
    expect = EXPECTED.get(name)
    assert expect is not None, f"{name}: add its expected exit code and message to EXPECTED"
    source = CATALOGUE / name
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "rapporto.md"

    if name.endswith(".recipe"):
        subject = build_from_recipe(source, tmp_path)
        args = ["check", str(subject), "-f", "md", "-o", str(out)]
    elif name.startswith("rule-"):
        rules = tmp_path / "rules"
        shutil.copytree(ROOT / "rules", rules)
        subject = rules / "qualita-dati" / name
        shutil.copy(source, subject)
        if expect.command == "rules test":
            args = ["rules", "test", "--rules", str(rules)]
        else:
            args = ["check", str(VALID_PLAN), "--rules", str(rules), "-f", "md", "-o", str(out)]
    else:
        subject = source
        args = ["check", str(subject), "-f", "md", "-o", str(out)]
    before = subject.read_bytes()

    proc, elapsed = run_cli(*args, cwd=tmp_path)

    codes = expect.exit if isinstance(expect.exit, tuple) else (expect.exit,)
    assert proc.returncode in codes, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Fatal Python error" not in proc.stderr, proc.stderr
    assert elapsed < MAX_SECONDS, f"{name}: {elapsed:.1f} s"
    assert subject.read_bytes() == before, "the input file was modified"
    if expect.exit == 2:
        line = expect.line
        if isinstance(line, str):
            hits = [n for n, text in enumerate(before.decode("utf-8").splitlines(), 1) if line in text]
            assert len(hits) == 1, (line, hits)
            line = hits[0]
        where = str(subject) + (f":{line}" if line else "")
        prefix = f"errore: {where}: " + (f"{expect.field}: " if expect.field else "")
        assert prefix + expect.message in proc.stderr, proc.stderr[:2000]
        assert expect.not_shown is None or expect.not_shown not in proc.stderr, proc.stderr
        assert len(proc.stderr) < 2000, "a message echoes too much of the file"
        assert proc.stdout == ""
        assert list(out_dir.iterdir()) == [], "something was written after bad input"
    elif expect.command == "rules test":
        assert expect.message in proc.stdout, proc.stdout
    else:  # accepted: the report is written, whole, and carries the expected text
        assert proc.stderr == ""
        assert [p.name for p in out_dir.iterdir()] == ["rapporto.md"]
        report = out.read_text(encoding="utf-8")
        assert expect.message in report, report[-3000:]
