"""The `compliance` command's entry point: how every run ends.

It is kept light (no import of the CLI, pydantic or typer at module level) so that the console
script reaches it within milliseconds, and Ctrl-C is handled from then on, start-up included:

* Ctrl-C (SIGINT), at any moment: exit code 130 and one line (`errore: interrotto (Ctrl-C)`), no
  traceback; worker processes do not act on it and are stopped by the main process, so that
  none of them prints a traceback and the run does not wait for their pending work
  (compliance/interrupts.py);
* a closed output pipe (`compliance check | head`): exit code 141, nothing more printed;
* any unexpected exception: exit code 3 and one line naming it (never exit 1, which means
  "violations found"); `COMPLIANCE_DEBUG=1` prints the traceback too.

(The Python interpreter's own start, before any code of this package runs, is out of reach:
a Ctrl-C in those tens of milliseconds ends the way Python ends.)
"""

from __future__ import annotations

import os
import signal
import sys

from compliance import interrupts
from compliance.interrupts import Interrupted, install, stop_workers


def _english(args: list[str]) -> bool:
    return "--lang=en" in args or ("--lang", "en") in zip(args, args[1:])


def _say(key: str, english: bool, **kw: object) -> None:
    from compliance.i18n import t

    lang = "en" if english else "it"
    try:
        sys.stderr.write(f"{t('error_prefix', lang)}: {t(key, lang, **kw)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # no usable stderr
        pass


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so that the exit's flush says nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def run(argv: list[str] | None = None) -> int:
    """Run the command line in this process; return the exit code (see the module's docstring).
    The SIGINT handling of the caller is put back at the end."""
    return _run(argv, final=False)


def _run(argv: list[str] | None, final: bool) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    english = _english(args)
    from compliance.i18n import t

    lang = "en" if english else "it"
    restore = install(f"{t('error_prefix', lang)}: {t('interrupted', lang)}")  # from here on, Ctrl-C is Interrupted
    try:
        try:
            from compliance.cli import dispatch

            code = dispatch(args, english)
        finally:
            if interrupts.interrupted():  # also when some code caught the interruption as an error
                raise Interrupted()
    except (Interrupted, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop_workers()
        interrupts.report()
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 141
    except SystemExit as exc:  # raised by code called from the CLI
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 3
        if os.environ.get("COMPLIANCE_DEBUG", "").strip() not in ("", "0"):
            import traceback

            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:300] if str(exc) else type(exc).__name__
        _say("unexpected_error", english, detail=detail)
        code = 3
    finally:
        if final:  # the process ends now: a late Ctrl-C has nothing left to stop
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        else:
            restore()
    return code


def main(argv: list[str] | None = None) -> None:
    """The console script `compliance`: run, then exit with the code."""
    code = _run(argv, final=True)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = 141
    except (OSError, ValueError):
        pass
    raise SystemExit(code)
