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
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .cache import cache_key, is_fresh, load_manifest, package_version, save_manifest
from .execute import Job, Outcome, init_worker, run_report
from .index import render_table, write_index
from .paths import resolve_data_roots
from .progress import Progress, ReportResult, summary
from .registry import TEMPLATES, Template
from .validate import InvalidParameters, ParamProblem, validate_batch

_PRELOAD = ["clusteranalysis.runner.execute", "papermill", "nbconvert", "jupyter_client"]


@dataclass
class BatchResult:
    """Results of :func:`run_batch`, one :class:`ReportResult` per parameter file."""

    reports: list[ReportResult]
    out_dir: Path
    index: Path | None = None
    counts: dict = field(init=False)

    def __post_init__(self):
        self.counts = {}
        for r in self.reports:
            self.counts[r.status] = self.counts.get(r.status, 0) + 1

    @property
    def exit_code(self) -> int:
        """0 when every report is ok or skipped, else 1."""
        return 1 if any(r.failed for r in self.reports) else 0

    def summary(self) -> str:
        """``"N ok, N skipped, N failed"``."""
        return summary(self.reports)

    def __str__(self) -> str:
        lines = [f"{r.status:8} {r.name}" + (f"  {r.error.splitlines()[0]}" if r.error else "")
                 for r in self.reports]
        return "\n".join([*lines, self.summary()])

    def _repr_html_(self) -> str:
        return render_table(_row(r, self.out_dir) for r in self.reports)


def _row(r: ReportResult, out_dir: Path) -> dict:
    rel = lambda p: os.path.relpath(p, out_dir) if p else None  # noqa: E731
    return {"name": r.name, "title": r.title, "template": r.template, "status": r.status,
            "duration": r.duration, "error": r.error, "html": rel(r.html), "ipynb": rel(r.ipynb)}


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


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def run_batch(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *, jobs: int = 1,
              executor: Executor | None = None, force: bool = False,
              cell_timeout: float | None = 120, report_timeout: float | None = 600,
              data_roots: Iterable[str | os.PathLike] | None = None,
              registry: Mapping[str, Template] | None = None, quiet: bool = False,
              keep_going: bool = False, project_root: str | os.PathLike | None = None
              ) -> BatchResult:
    """Validate parameter files, run their reports in parallel, write HTML and an index.

    Parameters
    ----------
    paths : iterable of path
        Parameter files (YAML) and folders of them (``*.yaml``, ``*.yml``).
    out_dir : path
        Output folder: ``<name>.html``, ``<name>.ipynb``, ``index.html`` and
        the cache manifest ``.manifest.json``.
    jobs : int
        Worker processes when no ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Where reports run, e.g. a Dask client's ``client.get_executor()``
        (workers need the same file system and Python environment). Not shut
        down here. Default: a ``ProcessPoolExecutor`` with ``jobs`` workers.
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

    Returns
    -------
    BatchResult

    Raises
    ------
    InvalidParameters
        Some parameter files are invalid (and ``keep_going`` is false), or
        none were found. Nothing was run.
    """
    project = Path(project_root if project_root is not None else os.getcwd()).resolve()
    context = _mp_context() if executor is None else None
    out = Path(out_dir).resolve()
    registry = TEMPLATES if registry is None else registry
    roots = resolve_data_roots(project, data_roots)
    specs, invalid = validate_batch(paths, project_root=project, data_roots=roots,
                                    registry=registry)
    if not (specs or invalid):
        raise InvalidParameters([ParamProblem("(arguments)", None, "no parameter files given")])
    if invalid and not keep_going:
        raise InvalidParameters([p for bad in invalid for p in bad.problems])
    out.mkdir(parents=True, exist_ok=True)
    manifest, memo, version = load_manifest(out), {}, package_version()
    results: dict[str, ReportResult] = {}
    progress = Progress(len(specs) + len(invalid), quiet)

    def finish(r: ReportResult, entry: dict | None = None):
        results[r.name if r.source is None else str(r.source)] = r
        if entry is not None:
            manifest[r.name] = entry
            save_manifest(out, manifest)
        progress.update(r)

    for bad in invalid:
        error = "\n".join(f"{p.key}: {p.message}" if p.key else p.message for p in bad.problems)
        finish(ReportResult(bad.name, "invalid", error=error, title=bad.title,
                            template=bad.template, source=bad.source),
               {"status": "invalid", "error": error, "template": bad.template,
                "title": bad.title, "finished": _now(), "source": str(bad.source)})
    keys, todo = {}, []
    for spec in specs:
        keys[spec.name] = cache_key(spec, version, memo)
        entry = manifest.get(spec.name)
        if not force and is_fresh(entry, keys[spec.name], out):
            finish(ReportResult(spec.name, "skipped", None, None, out / entry["html"],
                                out / entry["ipynb"], spec.title, spec.template.name,
                                spec.source))
        else:
            todo.append(spec)
    own = executor is None and bool(todo)
    if own:
        executor = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo))),
                                       mp_context=context, initializer=init_worker)
    # parallel kernels share the cores: cap numerical libraries' threads in each
    threads = max(1, (os.cpu_count() or 1) // max(1, min(jobs, len(todo)))) if own else None
    try:
        futures = {executor.submit(run_report, Job(
            s.name, str(s.notebook), s.inject, str(out), str(project), s.title,
            cell_timeout, report_timeout, kernel_threads=threads,
            environ=tuple((k, v) for k, v in os.environ.items()
                          if k.startswith("CLUSTERANALYSIS_")))): s for s in todo}
        for fut in as_completed(futures):
            s = futures[fut]
            try:
                o = fut.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a worker process died
                o = Outcome(s.name, "failed", None, f"worker error: {type(exc).__name__}: {exc}")
            finish(ReportResult(s.name, o.status, o.duration, o.error,
                                out / o.html if o.html else None,
                                out / o.ipynb if o.ipynb else None,
                                s.title, s.template.name, s.source),
                   {"key": keys[s.name], "status": o.status, "error": o.error,
                    "duration": o.duration, "html": o.html, "ipynb": o.ipynb,
                    "template": s.template.name, "title": s.title, "finished": _now(),
                    "source": str(s.source)})
    finally:
        progress.close()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    order = [str(b.source) for b in invalid] + [str(s.source) for s in specs]
    reports = [results[k] for k in order if k in results]
    index = write_index(out, _index_rows(reports, manifest, out))
    return BatchResult(reports, out, index)


def _index_rows(reports: list[ReportResult], manifest: dict, out: Path) -> list[dict]:
    """This batch's rows, then earlier reports in the folder whose HTML still exists."""
    rows = []
    for r in reports:
        row = _row(r, out)
        row["finished"] = manifest.get(r.name, {}).get("finished")
        rows.append(row)
    current = {r.name for r in reports}
    for name in sorted(set(manifest) - current):
        e, html = manifest[name], f"{name}.html"
        if e.get("html") == html and (out / html).is_file():
            ipynb = f"{name}.ipynb" if (out / f"{name}.ipynb").is_file() else None
            rows.append({"name": name, "html": html, "ipynb": ipynb, **{k: e.get(k) for k in (
                "title", "template", "status", "duration", "error", "finished")}})
    return rows
