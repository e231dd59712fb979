"""Worker processes where a dead worker breaks only its own report.

A ``ProcessPoolExecutor`` whose worker dies (``kill -9``, out of memory)
marks *every* pending future ``BrokenProcessPool`` and terminates the other
workers too. :class:`SlotPool` runs one single-process executor per slot and
gives each slot one report at a time: a dead worker fails exactly the
report it was running, and its slot gets a new process (forked from the
forkserver, which has papermill and nbconvert imported already).

:func:`worker_died` recognises the errors of a dead worker, of this pool and
of a Dask cluster, so that the batch can retry that report once.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

#: Exception names of a Dask worker that died or lost its connection.
_DASK_DEATHS = ("KilledWorker", "CommClosedError", "FutureCancelledError")


def worker_died(exc: BaseException) -> bool:
    """Whether ``exc`` says that the worker process running a report died."""
    return isinstance(exc, BrokenProcessPool) or type(exc).__name__ in _DASK_DEATHS


class SlotPool:
    """``slots`` worker processes, one report each at a time.

    Parameters
    ----------
    slots : int
    mp_context : multiprocessing context
    initializer : callable, optional
        Run in every new worker process.
    initargs : tuple
        Its arguments.
    """

    def __init__(self, slots: int, mp_context=None, initializer=None, initargs=()):
        self._make = lambda: ProcessPoolExecutor(1, mp_context=mp_context,
                                                 initializer=initializer, initargs=initargs)
        self._free = [self._make() for _ in range(slots)]
        self._busy: dict[Future, ProcessPoolExecutor] = {}
        self.replaced = 0
        self.slots = slots

    def start(self, ready) -> None:
        """Start every worker process now (they start on their first task otherwise).

        ``ready`` is a picklable function without arguments that each worker
        runs once; a worker that died meanwhile is replaced by :meth:`submit`.
        """
        for executor in self._free:
            executor.submit(ready)

    @property
    def capacity(self) -> int:
        """Reports that can be submitted now."""
        return len(self._free)

    def submit(self, fn, /, *args) -> Future:
        """Run ``fn(*args)`` in a free worker (there must be one)."""
        executor = self._free.pop()
        try:
            future = executor.submit(fn, *args)
        except BrokenProcessPool:  # died while idle: replace it and try again once
            executor.shutdown(wait=False)
            executor = self._make()
            self.replaced += 1
            future = executor.submit(fn, *args)
        self._busy[future] = executor
        return future

    def release(self, future: Future) -> None:
        """Give the worker of a finished future back; replace it if it died."""
        executor = self._busy.pop(future)
        if future.done() and not future.cancelled() and \
                isinstance(future.exception(), BrokenProcessPool):
            executor.shutdown(wait=False)
            executor = self._make()
            self.replaced += 1
        self._free.append(executor)

    def processes(self) -> list:
        """The live worker processes (``multiprocessing.Process`` objects)."""
        found = []
        for executor in [*self._free, *self._busy.values()]:
            found += list((getattr(executor, "_processes", None) or {}).values())
        return found

    def shutdown(self, kill: bool = False) -> None:
        """Stop every worker; with ``kill`` at once, without waiting for reports."""
        if kill:
            for proc in self.processes():
                try:
                    proc.kill()
                except (OSError, ValueError, AttributeError):
                    pass
        executors = [*self._free, *self._busy.values()]
        # all at once: each worker stops its kernel zygote on the way out
        stops = [threading.Thread(target=e.shutdown, daemon=True,
                                  kwargs={"wait": not kill, "cancel_futures": True})
                 for e in executors]
        for t in stops:
            t.start()
        for t in stops:  # killed workers: nothing to wait for, never hang on the way out
            t.join(timeout=10 if kill else None)
        self._free, self._busy = [], {}
