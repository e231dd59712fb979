"""Run a batch on a Dask cluster (``clusteranalysis run --dask``).

``--dask local:N`` starts a ``LocalCluster`` of N worker processes (one
thread each) on this machine; any other value is the address of a running
scheduler (``tcp://scheduler:8786``). Requirements: ``distributed``
installed (``pip install "clusteranalysis[dask]"``) and workers that see
the project, the data and the output folder under the same paths as the
machine that starts the run (a shared file system), with the same Python
environment and the ``python3`` kernel.

The cluster is started (or connected to) only when the first report is
submitted, so invalid parameter files are reported before any worker
starts. Each report is one Dask task. When a worker dies while running a
report, the scheduler raises ``KilledWorker`` for it and the runner
submits it once more (the LocalCluster started here allows no silent
re-runs, ``distributed.scheduler.allowed-failures = 0``; a running
scheduler applies its own setting first). At the end the workers' spare
kernels are stopped.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Executor
from contextlib import contextmanager


class LazyDaskExecutor(Executor):
    """An executor that connects to (or starts) the Dask cluster on first use."""

    def __init__(self, address: str):
        self.address = address
        self.client = self.cluster = self._executor = None
        self._lock = threading.Lock()

    def _connect(self):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError('--dask needs the package "distributed": '
                               'pip install "clusteranalysis[dask]"') from None
        if self.address.startswith("local:"):
            workers = int(self.address.removeprefix("local:"))
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, dashboard_address=":0",
                                            silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.address, timeout=30)
        self._executor = self.client.get_executor(pure=False)

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._executor is None:
                self._connect()
        return self._executor.submit(fn, *args, **kwargs)

    def worker_pids(self) -> dict:
        """Process id of every worker, by worker address (tests, diagnosis)."""
        import os

        return self.client.run(os.getpid) if self.client is not None else {}

    def shutdown(self, wait=True, *, cancel_futures=False):
        if self.client is None:
            return
        from .kernels import stop_spares

        try:
            self.client.run(stop_spares)
        except Exception:  # noqa: BLE001, S110 - workers gone: their kernels went with them
            pass
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = self._executor = None


@contextmanager
def dask_executor(address: str | None):
    """A :class:`LazyDaskExecutor` for ``address`` (``None``: yields ``None``), shut down at exit."""
    if not address:
        yield None
        return
    executor = LazyDaskExecutor(address)
    try:
        yield executor
    finally:
        executor.shutdown()
