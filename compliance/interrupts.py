"""Ctrl-C (SIGINT): one policy for the main process and its worker processes.

The main process turns SIGINT into `Interrupted` (compliance/entry.py installs the handler
before anything else, and ends the run with exit code 130 and one line). The work not yet
started in its process pools is cancelled, and the exception unwinds the run, so that
temporary files are removed; should the unwinding last more than DEADLINE_SECONDS (a worker
still starting, or in a long task), the workers are stopped, and if that does not end it either,
the line is printed and the process ends there, with the same code.

Worker processes never act on Ctrl-C: a terminal sends it to every process of the foreground
group, and a worker raising KeyboardInterrupt would print its own traceback. The pools' helper
processes (the forkserver the workers are forked from, the resource tracker) are started
ignoring SIGINT, which every worker forked from them inherits (`start_pool_helpers`), and each
worker's initializer ignores it as well (`prepare_worker`). A worker ends by itself when the
main process is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Callable

DEADLINE_SECONDS = 2.0


class Interrupted(BaseException):
    """Ctrl-C: raised by the SIGINT handler, like KeyboardInterrupt, but never caught by the
    command-line framework (which turns KeyboardInterrupt into an "Abort" with exit code 1)."""


_interrupted = False
_message = ""  # the line that reports the interruption
_reported = threading.Lock()  # held once the line is printed


def interrupted() -> bool:
    """Whether Ctrl-C was pressed during this run (code that must catch every exception, such
    as the durable-rules actions, reports an error that is in fact the interruption)."""
    return _interrupted


def report() -> None:
    """Print the line that reports the interruption (once, whoever asks first)."""
    if not _reported.acquire(blocking=False):
        return
    try:
        sys.stderr.write(_message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # no usable stderr
        pass


def stop_workers() -> None:
    """Terminate the worker processes this process started (they do not act on SIGINT)."""
    mp = sys.modules.get("multiprocessing")
    if mp is None:
        return
    try:
        for child in mp.active_children():
            child.terminate()
    except Exception:  # noqa: BLE001 - best effort while stopping
        pass


def _cancel_pools() -> None:
    """Cancel the work not yet started in this process's process pools: their workers finish
    the task in hand and end, and the pools' shutdown does not wait for the rest. (Stopping a
    worker instead could cut a result half-way through the pipe, on which the pool then waits
    for ever.)"""
    process = sys.modules.get("concurrent.futures.process")
    wakeups = getattr(process, "_threads_wakeups", None)
    if not wakeups:
        return
    for thread in list(wakeups):
        reference = getattr(thread, "executor_reference", None)
        executor = reference() if reference is not None else None
        if executor is not None:
            try:
                executor.shutdown(wait=False, cancel_futures=True)
            except Exception:  # noqa: BLE001 - best effort while stopping
                pass


def _deadline() -> None:
    """If the unwinding lasts: after DEADLINE_SECONDS stop the workers (still starting, or in a
    long task), which lets the pools end; if even that does not end it within a second (a worker
    stopped half-way through sending a result), report and end the process (code 130)."""
    pause = threading.Event()
    pause.wait(DEADLINE_SECONDS)
    stop_workers()
    pause.wait(1.0)
    if os.environ.get("COMPLIANCE_DEBUG", "").strip() not in ("", "0"):
        import faulthandler

        faulthandler.dump_traceback(all_threads=True)  # where the unwinding stopped
    util = sys.modules.get("multiprocessing.util")
    try:  # release the pools' semaphores (else the resource tracker warns of leaked ones)
        if util is not None:
            util._run_finalizers(0)
    except Exception:  # noqa: BLE001 - best effort while stopping
        pass
    report()
    os._exit(130)


_CRITICAL = ("submit", "shutdown", "_adjust_process_count", "_spawn_process", "_launch_processes",
             "_start_executor_manager_thread")  # a process pool's own bookkeeping


def _in_critical_section(frame) -> bool:
    """Whether the main thread is starting a worker process or changing a pool's state
    (multiprocessing's code, a process pool's bookkeeping): an interruption there would leave
    a worker started but unknown, or a pool's lock held."""
    mp = sys.modules.get("multiprocessing")
    if mp is None or not getattr(mp, "__file__", None):
        return False
    package = os.path.dirname(mp.__file__)
    pools = os.path.join("concurrent", "futures", "process.py")
    while frame is not None:
        code = frame.f_code
        if os.path.dirname(code.co_filename) == package or (
                code.co_filename.endswith(pools) and code.co_name in _CRITICAL):
            return True
        frame = frame.f_back
    return False


def _on_sigint(signum, frame) -> None:
    global _interrupted
    if not _interrupted:
        _interrupted = True
        threading.Thread(target=_deadline, name="compliance-interrupt-deadline", daemon=True).start()
    if _in_critical_section(frame):  # let it finish; then the interruption
        import _thread

        _thread.interrupt_main(signal.SIGINT)
        return
    _cancel_pools()
    raise Interrupted()


def _unraisable(previous_hook):
    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, (Interrupted, KeyboardInterrupt)):
            # Ctrl-C landed where an exception cannot go on (a callback, a finaliser): say
            # nothing, and deliver it again to the main thread, where it stops the run
            import _thread

            _thread.interrupt_main(signal.SIGINT)
            return
        previous_hook(unraisable)

    return hook


def install(message: str) -> Callable[[], None]:
    """Make SIGINT raise Interrupted in the main thread (nothing elsewhere), `message` being the
    line that reports it; return what puts back the previous handling."""
    global _interrupted, _message, _reported
    _interrupted, _message, _reported = False, message, threading.Lock()
    previous_hook = sys.unraisablehook
    try:
        previous = signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread
        return lambda: None
    sys.unraisablehook = _unraisable(previous_hook)

    def restore() -> None:
        sys.unraisablehook = previous_hook
        try:
            signal.signal(signal.SIGINT, previous)
        except (ValueError, TypeError):
            pass

    return restore


def prepare_worker() -> None:
    """For a pool's worker processes (their initializer): Ctrl-C is the main process's to handle,
    and the worker ends as soon as the main process is gone (however it ended: an interruption
    that came while the worker was being started, a kill), so that no worker is left waiting for
    work that will never come, holding the terminal's output open."""
    import multiprocessing
    import threading

    if threading.current_thread() is not threading.main_thread():
        return  # a thread of the main process (a thread pool): the main process handles Ctrl-C
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        try:
            wait([sentinel])
        except (OSError, ValueError):
            return
        os._exit(0)

    threading.Thread(target=watch, name="compliance-main-process-watch", daemon=True).start()


def start_pool_helpers(context) -> None:
    """Start the helper processes of a multiprocessing `context` (its forkserver, the resource
    tracker) deaf to Ctrl-C, before a pool is made. SIGINT is ignored here for the moment they
    are started (milliseconds): an ignored signal stays ignored across exec, so they start
    ignoring it, and the workers forked from the forkserver ignore it from their first moment
    (a handler, or a blocked signal, would not be inherited)."""
    from multiprocessing import resource_tracker

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        if context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
        resource_tracker.ensure_running()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
