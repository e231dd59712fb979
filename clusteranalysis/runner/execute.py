"""Run one report in a worker: execute the template with papermill, export HTML.

:func:`run_report` never raises for a failing report: an exception in a cell,
a per-cell timeout, a dead kernel or the wall-clock limit give an
:class:`Outcome` with status ``failed`` or ``timeout`` and the error. The
executed notebook (with the error) is kept and exported like a good one.

The wall-clock limit is enforced inside the worker by a watchdog thread: when
the limit passes it kills the report's kernel process; nbclient notices the
dead kernel within about a second, papermill saves the notebook, and the
worker moves on to the next report. Nothing here changes the process's
working folder (the kernel gets its own), so reports may also run in threads.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .export import export_html, html_exporter, write_notebook


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run one report (picklable, absolute paths).

    ``kernel_threads`` caps the threads of numerical libraries in the kernel
    (``OMP_NUM_THREADS`` and friends, unless already set), so that parallel
    reports do not oversubscribe the cores. ``environ`` holds the submitting
    process's ``CLUSTERANALYSIS_*`` variables (locale path, data roots): a worker
    forked from a forkserver started earlier would otherwise give its kernel a
    stale environment.
    """

    name: str
    notebook: str
    parameters: dict
    out_dir: str
    cwd: str
    title: str | None = None
    cell_timeout: float | None = 120
    report_timeout: float | None = 600
    kernel_name: str = "python3"
    kernel_threads: int | None = None
    environ: tuple = ()


@dataclass(frozen=True)
class Outcome:
    """Result of one report: ``status`` is ``ok``, ``failed`` or ``timeout``.

    ``html`` and ``ipynb`` are file names inside the output folder (``None``
    when the file could not be written).
    """

    name: str
    status: str
    duration: float
    error: str | None = None
    html: str | None = None
    ipynb: str | None = None


def init_worker() -> None:
    """Worker initializer: import papermill, build and warm up the HTML exporter.

    Also gives papermill's logger a null handler, so that its error messages
    (already in each :class:`Outcome`) are not printed by every worker.
    """
    import logging

    import papermill  # noqa: F401
    from jupyter_client import AsyncKernelManager  # noqa: F401

    logging.getLogger("papermill").addHandler(logging.NullHandler())
    html_exporter().from_notebook_node(nbformat.v4.new_notebook())  # loads the templates


#: Environment variables that limit the threads of numerical libraries.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def kernel_env(threads: int | None, environ=()) -> dict | None:
    """Environment of a kernel: ours, updated by *environ* (pairs), with thread limits
    added where not set; ``None`` (inherit) when there is nothing to add."""
    if not threads and not environ:
        return None
    env = dict(os.environ)
    env.update(dict(environ))
    for var in THREAD_VARIABLES if threads else ():
        env.setdefault(var, str(threads))
    return env


class _Watchdog:
    """Kill the kernels of one report when its wall-clock limit has passed."""

    def __init__(self, limit: float | None, kernel_log: Path, env: dict | None = None):
        self.limit = limit
        self.kernel_log = kernel_log
        self.env = env
        self.expired = threading.Event()
        self._done = threading.Event()
        self._managers: list = []
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def manager_class(self):
        """A kernel manager class that registers its instances with this watchdog.

        Its kernels write their own stdout/stderr (start-up warnings, crash
        messages) to ``kernel_log`` instead of the terminal.
        """
        from jupyter_client import AsyncKernelManager

        managers, log, env = self._managers, self.kernel_log, self.env

        class WatchedKernelManager(AsyncKernelManager):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                managers.append(self)

            async def start_kernel(self, **kw):
                if env is not None:
                    kw.setdefault("env", env)
                with open(log, "ab") as fh:  # the kernel keeps its own copy of the handle
                    kw.setdefault("stdout", fh)
                    kw.setdefault("stderr", fh)
                    return await super().start_kernel(**kw)

        return WatchedKernelManager

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


def _first_lines(text: str, n: int = 3, width: int = 500) -> str:
    text = "\n".join(str(text).strip().splitlines()[:n])
    return text if len(text) <= width else text[: width - 1] + "…"


def _classify(exc: BaseException, job: Job, expired: bool, job_log: Path) -> tuple[str, str]:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if expired:
        return "timeout", (f"timeout: the report ran longer than its wall-clock limit of "
                           f"{job.report_timeout:g} s; its kernel was stopped")
    if isinstance(exc, CellTimeoutError):
        return "timeout", (f"timeout: a cell ran longer than the per-cell limit of "
                           f"{job.cell_timeout:g} s")
    if isinstance(exc, PapermillExecutionError):
        return "failed", _first_lines(f"{exc.ename}: {exc.evalue}") + \
            f" (cell [{exc.exec_count}])"
    if isinstance(exc, DeadKernelError):
        log = job_log.read_text(errors="replace") if job_log.is_file() else ""
        lines = [x for x in log.splitlines() if x.strip() and "[IPKernelApp] WARNING" not in x]
        tail = _first_lines("\n".join(lines[-3:]))
        return "failed", "DeadKernelError: the kernel died (out of memory or a crash?)" + \
            (f"; kernel output: {tail}" if tail else "")
    return "failed", _first_lines(f"{type(exc).__name__}: {exc}")


def _escape(path) -> str:
    return str(path).replace("{", "{{").replace("}", "}}")  # papermill str.format()s paths


def _execute(job: Job, staging: Path) -> tuple[str, str | None, BaseException | None]:
    import papermill

    watchdog = _Watchdog(job.report_timeout, staging.with_suffix(".kernel.log"),
                         kernel_env(job.kernel_threads, job.environ))
    try:
        with watchdog:
            papermill.execute_notebook(
                _escape(job.notebook), _escape(staging), parameters=job.parameters,
                kernel_name=job.kernel_name, progress_bar=False, log_output=False,
                start_timeout=min(60, job.report_timeout or 60),
                execution_timeout=job.cell_timeout or None,
                resources={"metadata": {"path": job.cwd}},  # kernel cwd, no os.chdir
                kernel_manager_class=watchdog.manager_class())
        return "ok", None, None
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the batch
        status, error = _classify(exc, job, watchdog.expired.is_set(), watchdog.kernel_log)
        return status, error, exc


def _save_outputs(job: Job, nb, status: str, error: str | None, exc) -> tuple:
    """Write the notebook and its HTML; return (status, error, html, ipynb)."""
    from papermill.exceptions import PapermillExecutionError

    out = Path(job.out_dir)
    if error and not isinstance(exc, PapermillExecutionError):  # papermill marks its own
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(
            "**This report did not finish.** " + error.replace("\n", "  \n")))
    nb.metadata.setdefault("papermill", {})["output_path"] = str(out / f"{job.name}.ipynb")
    write_notebook(nb, out / f"{job.name}.ipynb")
    try:
        export_html(nb, out / f"{job.name}.html", title=job.title or job.name)
        html = f"{job.name}.html"
    except Exception as err:  # noqa: BLE001
        html, note = None, _first_lines(f"HTML export failed: {type(err).__name__}: {err}")
        status, error = ("failed", note) if status == "ok" else (status, f"{error}; {note}")
    return status, error, html, f"{job.name}.ipynb"


def run_report(job: Job) -> Outcome:
    """Execute one report and export it; always returns an :class:`Outcome`."""
    start = time.perf_counter()
    html = ipynb = None
    with tempfile.TemporaryDirectory(prefix="clusteranalysis-run-") as tmp:
        staging = Path(tmp) / f"{job.name}.ipynb"
        status, error, exc = _execute(job, staging)
        try:
            nb = nbformat.read(str(staging), as_version=4) if staging.is_file() else None
        except Exception as err:  # noqa: BLE001 - e.g. the kernel never started
            nb, error = None, error or f"cannot read the executed notebook: {err}"
        if nb is not None:
            try:
                status, error, html, ipynb = _save_outputs(job, nb, status, error, exc)
            except Exception as err:  # noqa: BLE001 - e.g. disk full
                status, error = "failed", f"cannot write the outputs: {type(err).__name__}: {err}"
        elif status == "ok":
            status, error = "failed", "papermill wrote no notebook"
    return Outcome(job.name, status, round(time.perf_counter() - start, 3), error, html, ipynb)
