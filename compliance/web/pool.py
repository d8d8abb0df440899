"""The worker processes that judge plans, seen from the server's event loop.

Workers fork from a clean 'forkserver' that has imported the evaluation modules (never from the
server process); each loads the rule book once and judges the example case at start, so the
first request finds the rulesets compiled. A worker runs one task at a time in one thread:
durable-rules' global state is never shared between threads.

If the engine kills a worker (durable-rules is C code), the pool is broken: the request that
was running gets an error page, and a new pool is started for the next ones.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from compliance.web import service

PRELOAD = ["compliance.web.service", "compliance.evaluate", "compliance.whatif.scenario",
           "compliance.report.html", "compliance.web.views", "compliance.web.controls"]


class EngineCrashed(RuntimeError):
    """A worker process died while judging."""


class TimedOut(RuntimeError):
    """A task ran longer than allowed."""


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


class WorkerPool:
    def __init__(self, workers: int, tmp: str, warm_case: str | None, seconds: float):
        self.workers, self.tmp, self.warm_case, self.seconds = workers, tmp, warm_case, seconds
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0
        self._lock = asyncio.Lock()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                   initializer=service.init_worker, initargs=(self.tmp, self.warm_case))

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the rule book and judged the example."""
        self._executor = self._new_executor()
        loop = asyncio.get_running_loop()
        # one task per worker, each waiting a little, so that the executor starts them all
        await asyncio.gather(*(loop.run_in_executor(self._executor, service.ping) for _ in range(self.workers)))

    async def run(self, fn, *args, seconds: float | None = None):
        """Run `fn(*args)` in a worker; EngineCrashed if the worker died, TimedOut if too slow."""
        if self._executor is None:
            await self.start()
        executor, generation = self._executor, self._generation
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(executor, partial(fn, *args)),
                                          timeout=seconds or self.seconds)
        except BrokenProcessPool:
            await self._restart(generation)
            raise EngineCrashed() from None
        except asyncio.TimeoutError:
            raise TimedOut() from None

    async def _restart(self, generation: int) -> None:
        async with self._lock:
            if generation != self._generation:
                return  # another request restarted it already
            self._generation += 1
            old = self._executor
            self._executor = self._new_executor()
            if old is not None:
                old.shutdown(wait=False, cancel_futures=True)

    def pids(self) -> list[int]:
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class AuditRunner:
    """One audit at a time, in its own process (the audit starts its own evaluation workers)."""

    def __init__(self):
        self._lock = asyncio.Lock()

    async def run(self, folder: str, out_dir: str, lang: str, seconds: float):
        async with self._lock:
            loop = asyncio.get_running_loop()
            executor = ProcessPoolExecutor(max_workers=1, mp_context=_context())
            try:
                return await asyncio.wait_for(
                    loop.run_in_executor(executor, partial(service.audit, folder, out_dir, lang)), timeout=seconds)
            finally:
                executor.shutdown(wait=False, cancel_futures=True)
