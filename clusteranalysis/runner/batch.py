"""Run a batch of reports: validate → skip unchanged → execute → export → index.

Policy
------
- **Invalid parameter files stop the batch before anything runs.** Schema and
  type errors (unknown key, wrong type, unquoted region code, a data path
  outside the data folders, a name that would inject code), a template
  whose parameters differ from its model, and data that lack a region or a
  year are all found first, for every file, and raised together as
  :class:`~clusteranalysis.runner.validate.InvalidParameters` (CLI: exit 2).
  With ``keep_going=True`` the valid files run and the invalid ones are
  listed as ``invalid`` in the result and the index.
- **A report that fails while running does not stop the others.** An
  exception in a cell, a timeout or a dead kernel gives status ``failed`` or
  ``timeout``; the executed notebook with the error is kept and exported.
  The batch fails at the end (CLI: exit 1).
- **A failed run never replaces the last good report**: it is written
  beside it as ``<name>.failed.html``/``.ipynb``; the index links both.
- **A dead worker fails only its own report** (see
  :mod:`~clusteranalysis.runner.pool`): the report is retried once in a new
  worker, then marked failed; the other reports go on.
- **One run at a time per output folder** (:mod:`~clusteranalysis.runner.lock`):
  a second run waits (or, with ``wait=False``, raises
  :class:`~clusteranalysis.runner.lock.OutputLocked`).
- **Ctrl-C** starts nothing new, stops the running kernels and workers,
  writes the index with the interrupted reports marked and raises
  :class:`BatchInterrupted` (CLI: exit 130).
- **An output that cannot be written** (a full disk) stops the batch:
  nothing new starts, earlier reports stay as they were (every file is
  written to a temporary file and renamed), and :class:`OutputError` is
  raised (CLI: exit 1).
- Scratch files (staging notebooks, kernel connection files, the data
  cache) live in ``<out>/.clusteranalysis-run-*``, removed at the end, also
  after killed workers, whose leftover kernels are stopped.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor
from pathlib import Path

from clusteranalysis.inputs import _datacache
from . import kernels
from .cache import load_manifest
from .dispatch import BatchInterrupted, BatchResult, OutputError, Run
from .execute import init_worker, ready
from .lock import output_lock
from .paths import expand_inputs, resolve_data_roots
from .pool import SlotPool
from .progress import Progress
from .registry import TEMPLATES, Template
from .validate import InvalidParameters, ParamProblem, validate_batch
from .watchdog import threads_per_kernel

__all__ = ["BatchInterrupted", "BatchResult", "OutputError", "run_batch"]

_PRELOAD = ["clusteranalysis.runner.execute", "papermill", "nbconvert", "jupyter_client"]


def _mp_context():
    """Start method for worker processes; starts the forkserver early where used.

    With ``forkserver`` (POSIX) the server imports papermill, nbconvert and
    jupyter_client once, in the background while the batch is validated, and
    every worker is forked from it ready to run.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    try:
        from multiprocessing import forkserver

        forkserver.ensure_running()
    except (ImportError, OSError, ValueError):  # started on first use instead
        pass
    return ctx


def run_batch(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *, jobs: int = 1,
              executor: Executor | None = None, force: bool = False,
              cell_timeout: float | None = 120, report_timeout: float | None = 600,
              data_roots: Iterable[str | os.PathLike] | None = None,
              registry: Mapping[str, Template] | None = None, quiet: bool = False,
              keep_going: bool = False, project_root: str | os.PathLike | None = None,
              wait: bool = True, warm_kernels: bool | None = None,
              notify: Callable[[str], None] | None = None) -> BatchResult:
    """Validate parameter files, run their reports in parallel, write HTML and an index.

    Parameters
    ----------
    paths : iterable of path
        Parameter files (YAML) and folders of them (``*.yaml``, ``*.yml``).
    out_dir : path
        Output folder: ``<name>.html``, ``<name>.ipynb``, ``index.html``,
        the cache manifest ``.manifest.json`` and the lock file ``.lock``.
    jobs : int
        Worker processes when no ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Where reports run, e.g. a Dask client's ``client.get_executor()``
        (workers need the same file system paths and Python environment).
        Not shut down here. Default: ``jobs`` worker processes of the runner.
    force : bool
        Run reports even when unchanged since their last successful run.
    cell_timeout, report_timeout : float or None
        Seconds per cell and wall-clock seconds per report (``None``: no limit).
    data_roots : iterable of path, optional
        Data folders allowed besides ``<project>/data`` and those in
        ``CLUSTERANALYSIS_DATA_ROOTS``.
    registry : mapping of str to Template, optional
        Templates by name; default :data:`~clusteranalysis.runner.registry.TEMPLATES`.
    quiet : bool
        Print only failures.
    keep_going : bool
        Run the valid files even when some are invalid.
    project_root : path, optional
        Folder that template notebooks and data paths are relative to, and
        the kernels' working folder (default: the current folder).
    wait : bool
        When another run holds the output folder: wait for it (default) or
        raise :class:`~clusteranalysis.runner.lock.OutputLocked`.
    warm_kernels : bool, optional
        Start each worker's next kernel ahead of need with the heavy
        libraries imported (default: with the runner's own workers only; a
        given executor's workers would keep an idle kernel after the batch,
        see :func:`clusteranalysis.runner.kernels.stop_spares`). The
        runner's own workers and their kernel zygotes then start while the
        files are validated; they are stopped when nothing is run.
    notify : callable, optional
        Called with messages for the user (waiting for the lock; default:
        printed to stderr).

    Returns
    -------
    BatchResult

    Raises
    ------
    InvalidParameters
        Some parameter files are invalid (and ``keep_going`` is false), or
        none were found. Nothing was run.
    OutputLocked
        ``wait=False`` and another run writes into ``out_dir``.
    OutputError
        An output could not be written (a full disk); the batch stopped.
    BatchInterrupted
        Ctrl-C; the index was written, ``.result`` holds the results.
    """
    project = Path(project_root if project_root is not None else os.getcwd()).resolve()
    context = _mp_context() if executor is None else None
    out = Path(out_dir).resolve()
    registry = TEMPLATES if registry is None else registry
    roots = resolve_data_roots(project, data_roots)
    paths = list(paths)
    pool = _early_pool(paths, jobs, context) if warm_kernels is not False else None
    try:
        return _run(paths, out, project, registry, roots, pool, jobs=jobs, executor=executor,
                    force=force, timeouts=(cell_timeout, report_timeout), quiet=quiet,
                    keep_going=keep_going, wait=wait, warm_kernels=warm_kernels,
                    notify=notify, context=context)
    finally:
        if pool is not None:  # not handed over: invalid files, a locked folder, nothing to do
            pool.shutdown(kill=True)


def _remove_scratch(scratch: Path) -> None:
    """Remove a batch's scratch folder, taking it out of its jobs' reach at once.

    A job that a given executor (threads, Dask) still runs checks the folder
    before it writes (:func:`clusteranalysis.runner.execute.run_report`).
    ``rmtree`` removes the files (the ``stopped`` mark among them) before
    the folder, so the folder is first renamed, in one step.
    """
    gone = scratch.with_name(scratch.name + ".removing")
    try:
        scratch.rename(gone)
    except OSError:
        gone = scratch
    shutil.rmtree(gone, ignore_errors=True)


def _early_pool(paths, jobs, context):
    """The runner's workers, started before the files are validated; ``None`` without fork.

    Each worker starts its kernel zygote at once (see
    :func:`clusteranalysis.runner.execute.init_worker`), so the imports of
    pandas, matplotlib, geopandas… (seconds) run while the main process
    validates the parameter files and reads the data, not after.
    """
    if context is None or context.get_start_method() != "forkserver":
        return None
    try:
        files, _missing = expand_inputs(paths)
    except OSError:
        return None
    slots = max(1, min(jobs, len(files)))
    if not files:
        return None
    pool = SlotPool(slots, context, init_worker,
                    ((threads_per_kernel(slots), kernels.LAZY_DEPENDENCIES),))
    pool.start(ready)
    return pool


def _run(paths, out, project, registry, roots, pool, *, jobs, executor, force, timeouts,
         quiet, keep_going, wait, warm_kernels, notify, context):
    panels: dict = {}
    specs, invalid = validate_batch(paths, project_root=project, data_roots=roots,
                                    registry=registry, panels=panels)
    if not (specs or invalid):
        raise InvalidParameters([ParamProblem("(arguments)", None, "no parameter files given")])
    if invalid and not keep_going:
        raise InvalidParameters([p for bad in invalid for p in bad.problems])
    notify = notify or (lambda text: print(text, file=sys.stderr, flush=True))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out, exc) from None
    with output_lock(out, wait=wait, notify=notify):
        try:
            scratch = Path(tempfile.mkdtemp(prefix=".clusteranalysis-run-", dir=out))
        except OSError as exc:
            raise OutputError(out, exc) from None
        try:
            for (path, fmt, columns), (panel, caught) in panels.items():
                _datacache.store(scratch / "data", path, fmt, columns, panel, caught)
            panels.clear()
            run = Run(out, scratch, load_manifest(out), Progress(len(specs) + len(invalid),
                                                                  quiet), notify)
            return run.execute(specs, invalid, executor=executor, jobs=jobs, force=force,
                               context=context, warm=warm_kernels, timeouts=timeouts,
                               project=project, pool=pool)
        finally:
            kernels.kill_leftovers(scratch / "kernels")
            _remove_scratch(scratch)
