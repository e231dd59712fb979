"""One locked run into an output folder: dispatch reports, retry, record, index.

:func:`clusteranalysis.runner.batch.run_batch` validates and locks, then
hands the valid reports to :class:`Run`, which submits them to the worker
slots (or to a given executor), retries a report once when its worker dies,
records every outcome in the manifest (keeping the last good report of a
failed re-run), handles Ctrl-C and unwritable outputs and writes the index.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import kernels
from .cache import cache_key, code_digest, is_fresh, package_version, save_manifest
from .execute import FAILED_SUFFIX, STOPPED, Job, Outcome, init_worker, run_report
from .index import render_table, write_index
from .pool import SlotPool, worker_died
from .progress import Progress, ReportResult, summary
from .watchdog import threads_per_kernel


@dataclass
class BatchResult:
    """Results of :func:`run_batch`, one :class:`ReportResult` per parameter file."""

    reports: list[ReportResult]
    out_dir: Path
    index: Path | None = None
    interrupted: bool = False
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


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the batch; ``result`` holds what was done (index written)."""

    def __init__(self, result: BatchResult):
        super().__init__("interrupted")
        self.result = result


class OutputError(OSError):
    """An output file could not be written (e.g. a full disk); the batch stopped."""

    def __init__(self, out_dir: Path, cause: OSError):
        super().__init__(cause.errno, f"cannot write to {out_dir}: {cause.strerror or cause}"
                         "; the batch stopped, reports written before are unchanged")
        self.cause = cause

    def __str__(self) -> str:
        return self.strerror


def _row(r: ReportResult, out_dir: Path) -> dict:
    rel = lambda p: os.path.relpath(p, out_dir) if p else None  # noqa: E731
    row = {"name": r.name, "title": r.title, "template": r.template, "status": r.status,
           "duration": r.duration, "error": r.error, "html": rel(r.html), "ipynb": rel(r.ipynb)}
    if r.good is not None:
        row["good"] = {"html": rel(r.good), "ipynb": rel(r.good.with_suffix(".ipynb"))}
    return row


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@contextmanager
def _ctrl_c():
    """An event that Ctrl-C sets while the batch runs, instead of raising anywhere.

    A :class:`KeyboardInterrupt` can strike in any line: inside a lock, half-way
    through writing the manifest. The dispatch loop checks the event between
    reports instead (at least once a second), and a second Ctrl-C while the
    batch cleans up changes nothing. Where Ctrl-C is ignored (a background
    job) or cannot be caught (not the main thread), it stays as it is.
    """
    pressed = threading.Event()
    previous = signal.getsignal(signal.SIGINT)
    installed = False
    if previous is not signal.SIG_IGN:
        try:
            signal.signal(signal.SIGINT, lambda signum, frame: pressed.set())
            installed = True
        except ValueError:  # not the main thread
            pass
    try:
        yield pressed
    finally:
        if installed:
            signal.signal(signal.SIGINT, previous)


def _good(entry: dict | None, out: Path) -> dict | None:
    """The last good report of a manifest entry whose files still exist, or ``None``."""
    if not entry:
        return None
    good = entry if entry.get("status") == "ok" else entry.get("good")
    if not isinstance(good, dict) or not all(
            isinstance(good.get(k), str) and (out / good[k]).is_file() for k in ("html", "ipynb")):
        return None
    return {k: good.get(k) for k in ("key", "html", "ipynb", "finished", "duration")}


class Run:
    """One locked run into an output folder: dispatch, retry, record, index."""

    def __init__(self, out: Path, scratch: Path, manifest: dict, progress: Progress, notify):
        self.out, self.scratch, self.manifest, self.progress = out, scratch, manifest, progress
        self.notify = notify
        self.results: dict[str, ReportResult] = {}
        self.write_error: OSError | None = None

    def finish(self, r: ReportResult, entry: dict | None = None) -> None:
        self.results[r.name if r.source is None else str(r.source)] = r
        if entry is not None:
            self.manifest[r.name] = entry
            if self.write_error is None:
                try:
                    save_manifest(self.out, self.manifest)
                except OSError as exc:
                    self.write_error = exc
        self.progress.update(r)

    def record(self, s, o: Outcome, key: str, attempts: int) -> None:
        """Record the outcome of a run; keep the last good report of a failed one."""
        good = _good(self.manifest.get(s.name), self.out)
        entry = {"key": key, "status": o.status, "error": o.error, "duration": o.duration,
                 "html": o.html, "ipynb": o.ipynb, "template": s.template.name,
                 "title": s.title, "finished": _now(), "source": str(s.source),
                 "attempts": attempts, "timings": o.timings}
        if o.status != "ok" and good is not None and good["html"] != o.html:
            entry["good"] = good
        if o.status == "ok":  # a failed run beside it is outdated now
            for suffix in (".html", ".ipynb"):
                (self.out / f"{s.name}{FAILED_SUFFIX}{suffix}").unlink(missing_ok=True)
        path = lambda f: self.out / f if f else None  # noqa: E731
        self.finish(ReportResult(s.name, o.status, o.duration, o.error, path(o.html),
                                 path(o.ipynb), s.title, s.template.name, s.source,
                                 path(entry.get("good", {}).get("html")), attempts,
                                 o.timings), entry)

    def _dispatch(self, submit_more, pending, running, attempts, keys, pool,
                  pressed) -> bool:
        """Wait for the reports, record them, retry once, submit more; True on Ctrl-C.

        ``pool`` is the runner's own :class:`SlotPool` (``None`` for a given
        executor); it is shut down on the way out, killed on Ctrl-C.
        """
        interrupted = False
        try:
            submit_more()
            while running and not pressed.is_set():
                done, _ = wait(list(running), timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in done:
                    s = running.pop(fut)
                    if pool is not None:
                        pool.release(fut)
                    attempts[s.name] += 1
                    try:
                        o = fut.result()
                    except Exception as exc:  # noqa: BLE001 - e.g. a worker process died
                        if worker_died(exc) and attempts[s.name] < 2:
                            self.progress.note(f"the worker running {s.name} died; "
                                               "running it again in a new worker")
                            pending.appendleft(s)
                            continue
                        what = "its worker died twice" if worker_died(exc) else "worker error"
                        o = Outcome(s.name, "failed", None,
                                    f"{what}: {type(exc).__name__}: {exc}".strip(": "))
                    self.record(s, o, keys[s.name], attempts[s.name])
                if not pressed.is_set():
                    submit_more()
            interrupted = pressed.is_set()
        except KeyboardInterrupt:  # Ctrl-C could not be turned into the event
            interrupted = True
        finally:
            if interrupted:
                queued = [fut for fut in running if fut.cancel()]  # in a given executor's queue
                try:  # jobs still running in a given executor write nothing more
                    (self.scratch / STOPPED).touch()
                except OSError:
                    pass
                kernels.kill_leftovers(self.scratch / "kernels")  # stops the running kernels
                if pool is not None:
                    pool.shutdown(kill=True)
                for s, state in [*((s, "before it started" if fut in queued else "while running")
                                   for fut, s in running.items()),
                                 *((s, "before it started") for s in pending)]:
                    self.finish(ReportResult(s.name, "interrupted", None,
                                             f"interrupted (Ctrl-C) {state}", None, None,
                                             s.title, s.template.name, s.source))
            self.progress.close()
            if pool is not None:
                pool.shutdown()  # after a kill: nothing left to wait for
        return interrupted

    def execute(self, specs, invalid, *, executor, jobs, force, context, warm, timeouts,
                project, pool=None) -> BatchResult:
        """Run the reports; ``pool``: workers started already (used when there is work)."""
        out, version, code, memo = self.out, package_version(), code_digest(), {}
        for bad in invalid:
            error = "\n".join(f"{p.key}: {p.message}" if p.key else p.message
                              for p in bad.problems)
            self.finish(ReportResult(bad.name, "invalid", error=error, title=bad.title,
                                     template=bad.template, source=bad.source),
                        {"status": "invalid", "error": error, "template": bad.template,
                         "title": bad.title, "finished": _now(), "source": str(bad.source)})
        keys, todo = {}, []
        for spec in specs:
            keys[spec.name] = cache_key(spec, version, memo, code)
            entry = self.manifest.get(spec.name)
            if not force and is_fresh(entry, keys[spec.name], out):
                self.finish(ReportResult(spec.name, "skipped", None, None, out / entry["html"],
                                         out / entry["ipynb"], spec.title, spec.template.name,
                                         spec.source))
            else:
                todo.append(spec)
        own = executor is None and bool(todo)
        slots = max(1, min(jobs, len(todo)))
        if not own:
            pool = None  # an early pool is stopped by the caller
        elif pool is not None:
            slots = pool.slots  # their kernel zygotes are warming up for this many
        else:
            pool = SlotPool(slots, context, init_worker)
        warm = own if warm is None else warm
        # parallel kernels share the cores: cap numerical libraries' threads in each
        threads = threads_per_kernel(slots) if own else None
        pending, running, attempts = deque(todo), {}, Counter()
        imports = {str(s.notebook): kernels.template_imports(s.notebook) if warm else ()
                   for s in todo}
        # the caller's CLUSTERANALYSIS_* variables (locale path, data roots) travel with
        # each job: a worker forked from an earlier forkserver has a stale environment
        cache_env = tuple((k, v) for k, v in os.environ.items()
                          if k.startswith("CLUSTERANALYSIS_") and k != "CLUSTERANALYSIS_DATA_CACHE")
        cache_env += (("CLUSTERANALYSIS_DATA_CACHE", str(self.scratch / "data")),)

        def submit_more():
            while pending and self.write_error is None and (
                    pool is None or pool.capacity):
                s = pending.popleft()
                job = Job(s.name, str(s.notebook), s.inject, str(out), str(project), s.title,
                          *timeouts, kernel_threads=threads, run_dir=str(self.scratch),
                          keep_good=_good(self.manifest.get(s.name), out) is not None,
                          warm=warm, prestart=warm and len(pending) >= (slots if own else 1),
                          environment=cache_env, preload=imports[str(s.notebook)])
                running[(pool.submit if own else executor.submit)(run_report, job)] = s

        with _ctrl_c() as pressed:
            interrupted = self._dispatch(submit_more, pending, running, attempts, keys,
                                         pool if own else None, pressed)
        order = [str(b.source) for b in invalid] + [str(s.source) for s in specs]
        reports = [self.results[k] for k in order if k in self.results]
        index = None
        try:
            index = write_index(out, _index_rows(reports, self.manifest, out))
        except OSError as exc:
            self.write_error = self.write_error or exc
        result = BatchResult(reports, out, index, interrupted)
        if self.write_error is not None:
            raise OutputError(out, self.write_error)
        if interrupted:
            raise BatchInterrupted(result)
        return result


def _index_rows(reports: list[ReportResult], manifest: dict, out: Path) -> list[dict]:
    """This batch's rows, then earlier reports in the folder whose HTML still exists."""
    rows = []
    for r in reports:
        row = _row(r, out)
        entry = manifest.get(r.name, {})
        if r.status != "interrupted":
            row["finished"] = entry.get("finished")
        if r.status not in ("ok", "skipped") and (good := _good(entry, out)) is not None:
            row["good"] = good
        rows.append(row)
    current = {r.name for r in reports}
    for name in sorted(set(manifest) - current):
        e = manifest[name]
        html, ipynb = e.get("html"), e.get("ipynb")
        if isinstance(html, str) and (out / html).is_file():
            rows.append({"name": name, "html": html,
                         "ipynb": ipynb if isinstance(ipynb, str) and (out / ipynb).is_file()
                         else None,
                         "good": _good(e, out) if e.get("status") != "ok" else None,
                         **{k: e.get(k) for k in ("title", "template", "status", "duration",
                                                  "error", "finished")}})
    return rows
