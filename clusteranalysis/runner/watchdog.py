"""The wall-clock limit of a report and the environment of its kernels.

The limit is enforced inside the worker by a watchdog thread: when it passes,
the thread kills the report's kernel process; nbclient notices the dead
kernel within about a second, papermill finishes, and the worker moves on to
the next report.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from . import kernels

#: Environment variables that limit the threads of numerical libraries.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def threads_per_kernel(slots: int) -> int:
    """Threads for each of ``slots`` parallel kernels: they share the machine's cores.

    The early workers' zygotes (:mod:`clusteranalysis.runner.batch`) and the
    jobs (:mod:`clusteranalysis.runner.dispatch`) both use it: a zygote serves
    only kernels with its thread limits.
    """
    return max(1, (os.cpu_count() or 1) // slots)


def kernel_env(threads: int | None, extra=()) -> dict | None:
    """Environment of a kernel: ours, with thread limits added where not set."""
    if not threads and not extra:
        return None
    env = dict(os.environ)
    for var in THREAD_VARIABLES if threads else ():
        env.setdefault(var, str(threads))
    env.update(dict(extra))
    return env


class Watchdog:
    """Kill the kernels of one report when its wall-clock limit has passed."""

    def __init__(self, limit: float | None, kernel_log: Path, env: dict | None = None,
                 runtime_dir: Path | None = None):
        self.limit = limit
        self.kernel_log = kernel_log
        self.env = env
        self.runtime_dir = runtime_dir
        self.expired = threading.Event()
        self._done = threading.Event()
        self._managers: list = []
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def manager_class(self):
        """A kernel manager class that registers its instances with this watchdog.

        Its kernels write their own stdout/stderr (start-up warnings, crash
        messages) to ``kernel_log`` instead of the terminal.
        """
        managers, log, env, runtime = self._managers, self.kernel_log, self.env, self.runtime_dir

        class WatchedKernelManager(kernels.manager_class()):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if runtime is not None:  # connection file in the scratch folder
                    runtime.mkdir(exist_ok=True)  # never recreates an ended batch's folder
                    self.connection_file = str(runtime / f"kernel-{id(self):x}-{os.getpid()}.json")
                managers.append(self)

            async def start_kernel(self, **kw):
                if env is not None:
                    kw.setdefault("env", env)
                with open(log, "ab") as fh:  # the kernel keeps its own copy of the handle
                    kw.setdefault("stdout", fh)
                    kw.setdefault("stderr", fh)
                    result = await super().start_kernel(**kw)
                pid = kernels.kernel_pid(self)
                if runtime is not None and pid is not None:  # see kernels.kill_leftovers
                    self.pid_path = runtime / f"{pid}.pid"
                    self.pid_path.write_text(self.connection_file, encoding="utf-8")
                return result

        return WatchedKernelManager

    def add(self, km) -> None:
        """Watch a kernel started elsewhere (a warm kernel)."""
        self._managers.append(km)

    @property
    def managers(self) -> list:
        return list(self._managers)

    def _watch(self):
        if self.limit is None or self._done.wait(self.limit):
            return
        self.expired.set()
        while not self._done.is_set():  # also catches a kernel that starts late
            for km in list(self._managers):
                proc = getattr(getattr(km, "provisioner", None), "process", None)
                if proc is not None and proc.poll() is None:
                    proc.kill()
            self._done.wait(0.25)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
