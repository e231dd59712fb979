"""Run one report in a worker: execute the template with papermill, export HTML.

:func:`run_report` never raises for a failing report: an exception in a cell,
a per-cell timeout, a dead kernel or the wall-clock limit give an
:class:`Outcome` with status ``failed`` or ``timeout`` and the error. The
executed notebook (with the error) is kept and exported like a good one;
when the folder holds a good report of the same name (``Job.keep_good``)
the failed one is written beside it as ``<name>.failed.html`` and
``<name>.failed.ipynb`` and the good one stays in place. The notebook and
its HTML are written to temporary files first and renamed into place
together, so an error while writing (a full disk) never leaves one new and
one old file.

Kernels come from :mod:`clusteranalysis.runner.kernels` (``Job.warm``:
started ahead of need with the heavy libraries imported). Scratch files
(the staging notebook, connection files, kernel logs) live in the batch's
scratch folder ``Job.run_dir``, which the runner removes at the end, also
when a worker was killed.

The wall-clock limit is enforced inside the worker by a watchdog thread: when
the limit passes it kills the report's kernel process; nbclient notices the
dead kernel within about a second, papermill saves the notebook, and the
worker moves on to the next report. Nothing here changes the process's
working folder (the kernel gets its own), so reports may also run in threads.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import kernels
from .export import html_exporter, notebook_to_html, write_outputs
from .progress import split_timings
from .watchdog import Watchdog, kernel_env

#: Suffix of the files of a failed run written beside a good report.
FAILED_SUFFIX = ".failed"
#: in a batch's scratch folder: the batch was interrupted, its jobs write nothing more
STOPPED = "stopped"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run one report (picklable, absolute paths).

    ``kernel_threads`` caps the threads of numerical libraries in the kernel
    (``OMP_NUM_THREADS`` and friends, unless already set), so that parallel
    reports do not oversubscribe the cores. ``run_dir`` is the batch's
    scratch folder; ``keep_good`` says that a good report of this name
    exists (a failed run is written beside it); ``warm`` uses kernels started
    ahead of need and ``prestart`` starts the next one now, which imports
    the modules ``preload`` while it boots; ``environment`` holds extra
    ``(name, value)`` pairs for the kernel (the data cache).
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
    run_dir: str | None = None
    keep_good: bool = False
    warm: bool = False
    prestart: bool = False
    environment: tuple = ()
    preload: tuple = ()


@dataclass(frozen=True)
class Outcome:
    """Result of one report: ``status`` is ``ok``, ``failed`` or ``timeout``.

    ``interrupted`` when its batch had ended (Ctrl-C) before the report could
    start or be written: a given executor may run a job after that, and the
    job then writes nothing.

    ``html`` and ``ipynb`` are file names inside the output folder (``None``
    when the file could not be written). ``timings`` splits ``duration``
    into seconds of ``start`` (kernel start and papermill's set-up),
    ``imports``, ``cells``, ``charts`` (cells that output an image) and
    ``export`` (see :func:`split_timings`).
    """

    name: str
    status: str
    duration: float
    error: str | None = None
    html: str | None = None
    ipynb: str | None = None
    timings: dict = field(default_factory=dict)


def init_worker(zygote: tuple | None = None) -> None:
    """Worker initializer: import papermill, build and warm up the HTML exporter.

    Also gives papermill's logger a null handler, so that its error messages
    (already in each :class:`Outcome`) are not printed by every worker,
    ignores Ctrl-C (the main process handles it) and stops the worker's
    spare kernel when the worker exits. With ``zygote`` = ``(threads,
    preload)``, the worker's kernel zygote starts first, so that its imports
    run while the batch is still being validated (see
    :func:`clusteranalysis.runner.batch.run_batch`).
    """
    import logging
    import signal
    from multiprocessing import util

    # Ctrl-C reaches every process of the terminal's group: the main process
    # stops the batch and the workers' kernels; workers must not die half-way,
    # nor print a traceback while they still import (early workers start
    # while the batch is validated)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if zygote is not None:
        start_zygote(*zygote)

    import nbformat
    import papermill  # noqa: F401
    from jupyter_client import AsyncKernelManager  # noqa: F401

    util.Finalize(None, kernels.stop_spares, exitpriority=10)  # at worker exit
    logging.getLogger("papermill").addHandler(logging.NullHandler())
    html_exporter().from_notebook_node(nbformat.v4.new_notebook())  # loads the templates


def start_zygote(threads: int | None, preload: tuple[str, ...]) -> None:
    """Start this worker's kernel zygote for kernels with ``threads`` (it imports on its own).

    The environment is the one :func:`_execute` gives a report's kernel,
    up to the variables a zygote is not keyed on
    (:data:`clusteranalysis.runner.zygote.RUN_VARIABLES`), so the first
    report finds it warm. Failure only costs speed: the report starts one.
    """
    from .zygote import zygote_for

    env = kernel_env(threads) or dict(os.environ)
    try:
        zygote_for({**env, kernels.ENV_PRELOAD: ",".join(preload)})
    except OSError:
        pass


def ready() -> bool:
    """A task that only makes a worker process start (see :meth:`SlotPool.start`)."""
    return True


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


def _died_starting(exc: BaseException | None) -> bool:
    """Did the kernel die before it answered its first request (no cell has run)?

    Jupyter picks a kernel's ports by binding to port 0 and closing again; a
    kernel started at the same moment in another worker can be given the
    same port, and one of the two dies with "Address already in use"
    (jupyter/jupyter_client#154). Nothing has run, so the report is started
    again, with new ports.
    """
    return isinstance(exc, RuntimeError) and "Kernel died before replying to kernel_info" in \
        str(exc)


def _escape(path) -> str:
    return str(path).replace("{", "{{").replace("}", "}}")  # papermill str.format()s paths


def _kernel_start(job: Job, env: dict | None, runtime: Path, ahead: bool):
    """A function that starts a kernel for ``job``; ``ahead``: one that imports ahead."""
    preload = job.preload if ahead else ()
    return lambda: kernels.start_kernel(job.kernel_name, job.cwd, env, runtime, preload)


_engine_local = threading.local()
ENGINE = "clusteranalysis"


def _register_engine() -> None:
    """papermill's nbclient engine, remembering the notebook it executes.

    The runner passes no output path to papermill, so papermill does not
    serialise and validate the whole notebook after every cell; the engine
    keeps the notebook object, which holds the outputs so far also when the
    kernel died or the wall-clock limit stopped it.
    """
    from papermill.engines import NBClientEngine, papermill_engines

    if ENGINE in papermill_engines._engines:
        return

    class RunnerEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            _engine_local.nb = nb_man.nb
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(ENGINE, RunnerEngine)


def _execute(job: Job, staging: Path, runtime: Path):
    """Run papermill; return (status, error, exception, notebook or None, watchdog)."""
    import papermill

    _register_engine()
    _engine_local.nb = None
    env = kernel_env(job.kernel_threads, job.environment)
    watchdog = Watchdog(job.report_timeout, staging.with_suffix(".kernel.log"), env, runtime)
    kwargs = {"kernel_manager_class": watchdog.manager_class()}
    try:
        if job.warm:
            key = (job.kernel_name, job.cwd, tuple(sorted((env or {}).items())), str(runtime),
                   job.preload, threading.get_ident())
            # no spare yet (the worker's first report): when spares will follow, fork this
            # kernel from the zygote too; the spare's start would wait for it anyway
            km = kernels.take_kernel(key, _kernel_start(job, env, runtime, job.prestart))
            watchdog.add(km)
            watchdog.kernel_log = km.log_path or watchdog.kernel_log
            kwargs = {"km": km}
            if job.prestart:  # boots while this report runs
                kernels.start_spare(key, _kernel_start(job, env, runtime, True))
        with watchdog:
            nb = papermill.execute_notebook(
                _escape(job.notebook), None, parameters=job.parameters,
                engine_name=ENGINE, kernel_name=job.kernel_name, progress_bar=False,
                log_output=False, start_timeout=min(60, job.report_timeout or 60),
                execution_timeout=job.cell_timeout or None,
                resources={"metadata": {"path": job.cwd}},  # kernel cwd, no os.chdir
                **kwargs)
        return "ok", None, None, nb, watchdog
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the batch
        status, error = _classify(exc, job, watchdog.expired.is_set(), watchdog.kernel_log)
        return status, error, exc, getattr(_engine_local, "nb", None), watchdog
    finally:
        _engine_local.nb = None
        for km in watchdog.managers:
            if job.warm:  # nbclient does not stop kernels it was given
                kernels.stop_kernel(km)
            elif getattr(km, "pid_path", None) is not None:  # stopped by nbclient
                km.pid_path.unlink(missing_ok=True)


def _save_outputs(job: Job, nb, status: str, error: str | None, exc) -> tuple:
    """Write the notebook and its HTML; return (status, error, html, ipynb)."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    out = Path(job.out_dir)
    if error and not isinstance(exc, PapermillExecutionError):  # papermill marks its own
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(
            "**This report did not finish.** " + error.replace("\n", "  \n")))
    stem = job.name + (FAILED_SUFFIX if status != "ok" and job.keep_good else "")
    nb.metadata.setdefault("papermill", {})["output_path"] = str(out / f"{stem}.ipynb")
    files = {out / f"{stem}.ipynb": nbformat.writes(nb)}
    try:
        files[out / f"{stem}.html"] = notebook_to_html(nb, title=job.title or job.name)
        html = f"{stem}.html"
    except Exception as err:  # noqa: BLE001
        html, note = None, _first_lines(f"HTML export failed: {type(err).__name__}: {err}")
        status, error = ("failed", note) if status == "ok" else (status, f"{error}; {note}")
    write_outputs(files)
    return status, error, html, f"{stem}.ipynb"


def _marker(job: Job, running: Path | None):
    """``<run_dir>/running/<name>`` names the worker running a report (tests, diagnosis)."""
    if running is None:
        return None
    running.mkdir(exist_ok=True)
    path = running / job.name
    path.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")
    return path


def _batch_over(scratch: Path) -> bool:
    """Has the batch of this scratch folder been interrupted or ended?

    A given executor (threads, Dask) may go on with a job after Ctrl-C: the
    batch marks its folder :data:`STOPPED` before it stops the kernels, so a
    report whose kernel was stopped writes no output beside the index.
    """
    return not scratch.is_dir() or (scratch / STOPPED).exists()


def run_report(job: Job) -> Outcome:
    """Execute one report and export it; always returns an :class:`Outcome`."""
    start = time.perf_counter()
    from datetime import datetime, timezone

    started = datetime.now(timezone.utc)
    html = ipynb = None
    scratch = Path(job.run_dir) if job.run_dir else None
    runtime = scratch / "kernels" if scratch else Path(tempfile.gettempdir())
    late = Outcome(job.name, "interrupted", 0.0, "the batch ended before this report started",
                   None, None, {})  # a job of an executor that outlived its batch (Ctrl-C)
    if scratch is not None and _batch_over(scratch):
        return late
    try:
        if scratch is not None:  # never recreated: the batch removes it when it ends
            (scratch / "staging").mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{job.name}-", dir=scratch / "staging" if scratch
                                    else None))
        marker = _marker(job, scratch / "running" if scratch else None)
    except FileNotFoundError:  # removed just now
        return late
    timings = {}
    try:
        staging = tmp / f"{job.name}.ipynb"
        status, error, exc, nb, watchdog = _execute(job, staging, runtime)
        if _died_starting(exc) and not watchdog.expired.is_set():  # once, with new ports
            status, error, exc, nb, _ = _execute(job, staging, runtime)
        executed = time.perf_counter()
        if scratch is not None and _batch_over(scratch):  # write nothing
            status, error, nb = "interrupted", "the batch ended while this report ran", None
        if nb is not None:
            try:
                status, error, html, ipynb = _save_outputs(job, nb, status, error, exc)
            except Exception as err:  # noqa: BLE001 - e.g. disk full
                status, error = "failed", f"cannot write the outputs: {type(err).__name__}: {err}"
            timings = split_timings(nb, started, executed, time.perf_counter())
        elif status == "ok":
            status, error = "failed", "papermill wrote no notebook"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if marker is not None:
            marker.unlink(missing_ok=True)
    return Outcome(job.name, status, round(time.perf_counter() - start, 3), error, html, ipynb,
                   timings)
