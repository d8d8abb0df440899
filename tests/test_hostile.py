"""Hostile inputs and faults that a committed file cannot carry (the catalogue of files is
tests/test_bad_input_catalogue.py): each one was tried against the tool first and failed.

* `-o` onto what is not a regular file: a character device is written through (never replaced
  by a regular file), a FIFO is written through when read and refused when nobody reads it, a
  symbolic link is followed to its file (the link stays), a link to nothing is refused;
* output files get the usual mode (0666 less the umask) and a replaced file keeps its mode;
* `-o` naming the input plan (or a scenario) is refused (`check`, `whatif`), the input unchanged;
* dates near the end of the calendar (`--date`, `whatif --set`) are refused, located, exit 2;
  an unexpected exception anywhere is exit 3 and one line;
* a plan path that is a FIFO or /dev/zero (`check`, `audit FILE`, a CSV folder for `import`) is
  refused at once: no hang, no unbounded read;
* Ctrl-C at several moments, start-up included, with worker processes: exit 130 and one line;
* a closed output pipe: exit 141, nothing printed;
* the temporary files of a killed run are removed by the next run into the same folder (only
  ours, only from dead processes).

Every run is a child process with a time limit, so that a hang fails the test instead of
stopping the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from compliance import __version__, output

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
TIMEOUT = 120  # a hang fails here; the runs themselves take about a second
SCRIPT = Path(sys.executable).parent / "compliance"  # the console script, as a user runs it


def cli(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from compliance.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd, **kw)


def plan_copy(folder: Path, name: str = "piano.yaml") -> Path:
    path = folder / name
    shutil.copyfile(CREMASCO, path)
    return path


def one_line_error(proc: subprocess.CompletedProcess, code: int, *parts: str) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout[-1000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("errore: "), proc.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


# ---- -o onto something that is not a regular file ---------------------------------------------


def _null_device(tmp_path: Path) -> Path:
    """A character device like /dev/null: a node of our own where we may create one (root), so
    that a regression cannot replace the system's /dev/null; else /dev/null itself (which a
    non-root run could not replace anyway)."""
    if os.geteuid() == 0:
        node = tmp_path / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    return Path("/dev/null")


def test_output_onto_a_character_device_writes_through(tmp_path):
    plan = plan_copy(tmp_path)
    device = _null_device(tmp_path)
    before = os.stat(device)
    proc = cli("check", str(plan), "-f", "md", "-o", str(device))
    assert proc.returncode == 1, proc.stderr  # the Cremasco plan has a violation; the report went to the device
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    expected = {"piano.yaml"} | ({device.name} if device.parent == tmp_path else set())
    assert {p.name for p in tmp_path.iterdir()} == expected  # nothing else, no temporary file


def test_output_onto_a_fifo_with_a_reader_writes_through(tmp_path):
    plan = plan_copy(tmp_path)
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until the writer opens it
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.2)  # the reader is waiting on the FIFO
    proc = cli("check", str(plan), "-f", "md", "-o", str(fifo))
    reader.join(TIMEOUT)
    assert proc.returncode == 1, proc.stderr
    assert received and received[0].startswith("# Verifica di conformità".encode())
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_onto_a_fifo_nobody_reads_is_refused_not_waited_on(tmp_path):
    plan = plan_copy(tmp_path)
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    proc = cli("check", str(plan), "-f", "md", "-o", str(fifo))
    one_line_error(proc, 2, f"errore: {fifo}: impossibile scrivere il file: FIFO che nessun processo sta leggendo")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_through_a_symlink_writes_its_file_and_keeps_the_link(tmp_path):
    plan = plan_copy(tmp_path)
    target = tmp_path / "rapporti" / "vero.md"
    target.parent.mkdir()
    target.write_text("vecchio\n", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "rapporto.md"
    link.symlink_to(Path("rapporti") / "vero.md")
    proc = cli("check", str(plan), "-f", "md", "-o", str(link))
    assert proc.returncode == 1, proc.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("rapporti", "vero.md")
    assert target.read_text(encoding="utf-8").startswith("# Verifica di conformità")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # the replaced file's mode is kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["vero.md"]  # no temporary file left


def test_output_onto_a_link_to_nothing_is_refused_and_the_link_kept(tmp_path):
    plan = plan_copy(tmp_path)
    link = tmp_path / "rapporto.md"
    link.symlink_to(tmp_path / "non-esiste" / "x.md")
    proc = cli("check", str(plan), "-f", "md", "-o", str(link))
    one_line_error(proc, 2, "collegamento simbolico che non porta a nessun file")
    assert link.is_symlink() and not link.exists()


def test_output_onto_a_folder_is_refused(tmp_path):
    plan = plan_copy(tmp_path)
    folder = tmp_path / "cartella"
    folder.mkdir()
    proc = cli("check", str(plan), "-f", "md", "-o", str(folder))
    one_line_error(proc, 2, "è una cartella, non un file")
    assert folder.is_dir() and list(folder.iterdir()) == []


# ---- modes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_output_file_has_the_usual_mode(tmp_path, umask, mode):
    plan = plan_copy(tmp_path)
    out = tmp_path / "rapporto.md"
    proc = cli("check", str(plan), "-f", "md", "-o", str(out), preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == mode


def test_a_replaced_output_file_keeps_its_mode(tmp_path):
    out = tmp_path / "rapporto.md"
    out.write_text("vecchio\n", encoding="utf-8")
    os.chmod(out, 0o604)
    output.write_atomic(out, "nuovo\n")
    assert out.read_text(encoding="utf-8") == "nuovo\n"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o604


# ---- -o naming an input ---------------------------------------------------------------------


def test_check_refuses_to_write_over_its_plan(tmp_path):
    plan = plan_copy(tmp_path)
    before = plan.read_bytes()
    for target in (plan, tmp_path / "." / "piano.yaml"):
        proc = cli("check", str(plan), "-f", "md", "-o", str(target))
        one_line_error(proc, 2, "il file di uscita è un file di ingresso")
    link = tmp_path / "collegamento.yaml"
    link.symlink_to(plan)
    one_line_error(cli("check", str(plan), "-f", "md", "-o", str(link)), 2, "il file di uscita è un file di ingresso")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collegamento.yaml", "piano.yaml"]


def test_whatif_refuses_to_write_over_its_plan_or_a_scenario(tmp_path):
    plan = plan_copy(tmp_path)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("nome: prova\nmodifiche:\n  ambito.numero_comuni: 47\n", encoding="utf-8")
    before = plan.read_bytes(), scenario.read_bytes()
    for target in (plan, scenario):
        proc = cli("whatif", str(plan), str(scenario), "-f", "md", "-o", str(target))
        one_line_error(proc, 2, "il file di uscita è un file di ingresso")
    assert (plan.read_bytes(), scenario.read_bytes()) == before


# ---- dates near the end of the calendar; unexpected errors ------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_date_option_outside_plausible_dates_is_refused(tmp_path, day):
    proc = cli("check", str(plan_copy(tmp_path)), "--date", day)
    one_line_error(proc, 2, f"errore: --date: data «{day}» fuori dall'intervallo ammesso (1900-01-01 – 2100-12-31)")


def test_whatif_set_of_a_date_at_the_end_of_the_calendar_is_located(tmp_path):
    proc = cli("whatif", str(plan_copy(tmp_path)), "--set", "approvazione.data=9999-12-31")
    one_line_error(proc, 2, "errore: --set: approvazione.data: deve essere al massimo 2100-12-31, trovato 9999-12-31")


def test_whatif_set_reads_numbers_as_plan_files_do(tmp_path):
    path = "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"
    proc = cli("whatif", str(plan_copy(tmp_path)), "--set", f"{path}=1:30")
    one_line_error(proc, 2, f"errore: --set: {path}: atteso un numero, trovato '1:30'; scrivere il numero in cifre decimali")


BOOM = ("import compliance.evaluate as e\n"
        "def boom(*a, **k):\n"
        "    raise OverflowError('date value out of range')\n"
        "e.check_plan = boom\n"
        "from compliance.cli import main\n"
        "main()\n")


def test_an_unexpected_exception_is_exit_3_and_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-c", BOOM, "check", str(plan_copy(tmp_path))],
                          capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ, "COMPLIANCE_DEBUG": ""})
    one_line_error(proc, 3, "errore interno inatteso", "OverflowError: date value out of range")
    assert proc.stdout == ""


def test_compliance_debug_shows_the_traceback_of_an_unexpected_exception(tmp_path):
    proc = subprocess.run([sys.executable, "-c", BOOM, "check", str(plan_copy(tmp_path))],
                          capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ, "COMPLIANCE_DEBUG": "1"})
    assert proc.returncode == 3
    assert "Traceback" in proc.stderr and proc.stderr.rstrip().splitlines()[-1].startswith("errore: errore interno inatteso")


# ---- inputs that are not regular files ----------------------------------------------------------


def test_check_refuses_a_fifo_and_dev_zero_at_once(tmp_path):
    fifo = tmp_path / "piano.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        start = time.monotonic()
        proc = cli("check", str(path))
        one_line_error(proc, 2, f"errore: {path}: non è un file ordinario (è una FIFO, un dispositivo o un socket)")
        assert time.monotonic() - start < 30


def test_audit_of_a_fifo_lists_it_as_broken_without_waiting(tmp_path):
    fifo = tmp_path / "piano.yaml"
    os.mkfifo(fifo)
    proc = cli("audit", str(fifo), "-o", str(tmp_path / "esito"))
    assert proc.returncode == 2, proc.stderr
    assert "non è un file ordinario" in " ".join((proc.stdout + proc.stderr).split())  # rich wraps lines
    assert "Traceback" not in proc.stderr


def test_import_of_a_csv_folder_holding_a_fifo_is_refused(tmp_path):
    folder = tmp_path / "fogli"
    folder.mkdir()
    os.mkfifo(folder / "piano.csv")
    proc = cli("import", str(folder))
    assert proc.returncode == 2, proc.stderr
    assert f"errore: {folder / 'piano.csv'}: non è un file ordinario" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_read_input_reads_at_most_the_limit(tmp_path):
    from compliance.model.loader import InputError, read_input

    path = tmp_path / "piano.yaml"
    path.write_bytes(b"x" * 11)
    assert read_input(path, limit=11) == b"x" * 11
    with pytest.raises(InputError, match=r"file troppo grande \(11 byte; massimo 10\)"):
        read_input(path, limit=10)


def test_a_link_to_a_system_file_in_an_audit_tree_shows_nothing_of_it(tmp_path):
    secret = tmp_path / "segreto"
    secret.write_text("root:$6$c0ntenut0-r1servat0:20228:0:99999:7:::\nutente: parola-d-ordine\n", encoding="utf-8")
    tree = tmp_path / "piani"
    tree.mkdir()
    (tree / "shadow.yaml").symlink_to(secret)
    proc = cli("audit", str(tree), "-o", str(tmp_path / "esito"))
    assert proc.returncode == 2, proc.stderr
    everything = proc.stdout + proc.stderr + "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "esito").rglob("*") if p.is_file())
    assert "non è un piano" in " ".join(everything.split())  # rich wraps lines
    for text in ("c0ntenut0-r1servat0", "parola-d-ordine", "utente"):
        assert text not in everything


# ---- Ctrl-C ---------------------------------------------------------------------------------


def _started(pid: int, cwd: Path) -> bool:
    """Inside our start-up: the CLI's libraries are being loaded (our SIGINT handler is in place
    before; earlier, the interpreter is still starting, which is not ours to handle)."""
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as maps:
            return any("_pydantic_core" in line for line in maps)
    except OSError:  # ended
        return True


def _group_size(pgid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat_file:
                    fields = stat_file.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            count += fields[2] == str(pgid)  # the process group
    return count


def _judging(pid: int, cwd: Path) -> bool:
    """The audit's workers are at work (main process, resource tracker, forkserver, 2 workers)."""
    return _group_size(pid) >= 5 or not os.path.exists(f"/proc/{pid}")


def _writing(pid: int, cwd: Path) -> bool:
    """The audit writes its results (one report per plan first, the overview last)."""
    return (cwd / "esito" / "piani").exists() or not os.path.exists(f"/proc/{pid}")


def _interrupt(args: list[str], cwd: Path, phase=None, after: float = 0.0) -> tuple[bool, int, str, int]:
    """Run the console script in its own process group and, `after` seconds into `phase` (a test
    of the process), send SIGINT to the whole group, as a terminal does with Ctrl-C; no phase: no
    signal. Return whether the signal was sent (the run had not ended), the exit code, the errors
    and how many of its processes were still alive a moment after it ended."""
    assert SCRIPT.exists(), f"{SCRIPT}: the console script is not installed (make install)"
    proc = subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=cwd, start_new_session=True)
    sent = False
    if phase is not None:
        deadline = time.monotonic() + TIMEOUT
        while not phase(proc.pid, cwd) and time.monotonic() < deadline:
            time.sleep(0.002)
    try:
        _out, err = proc.communicate(timeout=TIMEOUT if phase is None else after)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            sent = True
        except ProcessLookupError:  # already finished
            pass
        _out, err = proc.communicate(timeout=TIMEOUT)
    left = 0
    for _ in range(50):  # the workers (and the pool's helpers) end with it
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        left = 1
        os.killpg(proc.pid, signal.SIGKILL)
    return sent, proc.returncode, err, left


def test_ctrl_c_at_any_moment_is_exit_130_and_one_line(tmp_path):
    """During start-up (the CLI's imports), while the workers of an audit judge the plans, while
    the results are written: exit 130, `errore: interrotto (Ctrl-C)`, nothing else on stderr, no
    process left, and no overview written (it comes last: an interrupted audit has none)."""
    plans = tmp_path / "piani"
    generated = cli("genera", str(plans), "--ambiti", "30", "--year", "2024", "--seed", "3")
    assert generated.returncode == 0, generated.stderr
    args = ["audit", str(plans), "-o", "esito", "--jobs", "2"]
    moments = [(_started, d) for d in (0.0, 0.02, 0.05, 0.1, 0.2)] + [(_judging, d) for d in (0.0, 0.1, 0.3)] + [
        (_writing, d) for d in (0.0, 0.02)]
    interrupted = {}
    for phase, after in moments:
        sent, code, err, left = _interrupt(args, tmp_path, phase, after)
        where = f"{phase.__name__} + {after} s"
        assert left == 0, f"processes left after Ctrl-C at {where}"
        assert "Traceback" not in err, (where, err)
        finished = (tmp_path / "esito" / "index.html").exists()
        if sent and not finished:
            assert code == 130, (where, code, err)
        if code == 130:
            assert err == "errore: interrotto (Ctrl-C)\n", (where, err)
            assert not finished, where
            interrupted[phase.__name__] = interrupted.get(phase.__name__, 0) + 1
        else:  # it had ended before the signal came
            assert code in (0, 1) and finished, (where, code, err)
        shutil.rmtree(tmp_path / "esito", ignore_errors=True)
    assert set(interrupted) == {"_started", "_judging", "_writing"}, interrupted
    assert interrupted["_started"] == 5 and interrupted["_judging"] == 3, interrupted


def test_ctrl_c_during_a_check_in_english(tmp_path):
    plan = plan_copy(tmp_path)
    sent, code, err, left = _interrupt(["check", str(plan), "--lang", "en"], tmp_path, _started, 0.05)
    assert sent and code == 130 and left == 0, (sent, code, err)
    assert err == "error: interrupted (Ctrl-C)\n"


# ---- a closed pipe, the version ---------------------------------------------------------------


def test_a_closed_output_pipe_ends_quietly(tmp_path):
    plan = plan_copy(tmp_path)
    with subprocess.Popen([str(SCRIPT), "check", str(plan), "-f", "md"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        proc.stdout.close()  # the reader goes away (`| head` that has read enough)
        err = proc.stderr.read().decode()
        assert proc.wait(TIMEOUT) == 141
    assert err == ""


def test_version():
    proc = cli("--version")
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith(f"compliance {__version__} (regole: ")


# ---- temporary files of a killed run ------------------------------------------------------------


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "esito"
    out.mkdir()
    # a run killed while writing: its temporary file and folder, named by the writer itself
    killed = subprocess.run(
        [sys.executable, "-c",
         "import os, sys; from compliance import output\n"
         "d = sys.argv[1]\n"
         "open(os.path.join(d, output.temp_name('rapporto.md')), 'w').write('a metà')\n"
         "os.mkdir(os.path.join(d, output.temp_name('fogli')))\n"
         "os.kill(os.getpid(), 9)\n", str(out)], timeout=TIMEOUT)
    assert killed.returncode == -signal.SIGKILL
    leftovers = sorted(p.name for p in out.iterdir())
    assert len(leftovers) == 2 and all(name.endswith(".compliance-tmp") for name in leftovers)
    # what is not ours, or not left over, stays: a file like ours of a live process, other names
    alive = output.temp_name("in-corso.md")  # this test's own process: alive
    keep = [alive, ".rapporto.md.tmp", "note.compliance-tmp", ".x.deadbeef-1-00000000.compliance-tmp.bak"]
    for name in keep:
        (out / name).write_text("non toccare", encoding="utf-8")
    proc = cli("check", str(plan_copy(tmp_path)), "-f", "md", "-o", str(out / "rapporto.md"))
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(keep + ["rapporto.md"])
