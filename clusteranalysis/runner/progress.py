"""Progress of a batch on the terminal, the per-report result record and its timings.

Interactive terminals get a tqdm bar on stderr; otherwise (logs, CI,
notebooks) one line per finished report::

    [3/24] ok auenstadt_2015_2020 (4.2 s)

With ``quiet`` only failures are printed. Failures are always printed, with
the first line of their error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

#: Statuses that make the batch fail (exit code 1).
FAILED_STATUSES = ("failed", "timeout", "invalid", "interrupted")


@dataclass(frozen=True)
class ReportResult:
    """The result of one report of a batch.

    Attributes
    ----------
    name : str
        Report name (the parameter file's stem).
    status : str
        ``ok``, ``skipped`` (unchanged since the last successful run),
        ``failed``, ``timeout``, ``invalid`` (parameter file rejected; only
        with ``keep_going=True``) or ``interrupted`` (Ctrl-C).
    duration : float or None
        Wall seconds of this run (``None`` when not run).
    error : str or None
        Exception name and message, or the validation problems.
    html, ipynb : pathlib.Path or None
        The exported HTML and the executed notebook (of a failed run beside
        a good report: ``<name>.failed.html``; see ``good``).
    title, template : str or None
    source : pathlib.Path or None
        The parameter file.
    good : pathlib.Path or None
        The last good HTML report of this name, kept when this run failed.
    attempts : int
        Runs of the report (2 when its worker died and it was retried).
    timings : dict
        Seconds by stage (see :func:`split_timings`).
    """

    name: str
    status: str
    duration: float | None = None
    error: str | None = None
    html: Path | None = None
    ipynb: Path | None = None
    title: str | None = None
    template: str | None = None
    source: Path | None = None
    good: Path | None = None
    attempts: int = 1
    timings: dict | None = None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


class Progress:
    """Report finished reports as they come in (see the module docstring)."""

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.total, self.quiet, self.done = total, quiet, 0
        self.stream = sys.stderr if stream is None else stream
        self.bar = None
        isatty = getattr(self.stream, "isatty", lambda: False)
        if not quiet and total and isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="report", leave=True,
                            disable=False, dynamic_ncols=True)

    def line(self, r: ReportResult) -> str:
        """The one-line description of a finished report."""
        text = f"[{self.done}/{self.total}] {r.status} {r.name}"
        if r.duration is not None and r.status != "skipped":
            text += f" ({r.duration:.1f} s)"
        if r.failed and r.error:
            first = r.error.strip().splitlines()[0] if r.error.strip() else ""
            text += f": {first}"
        return text

    def update(self, r: ReportResult) -> None:
        self.done += 1
        text = self.line(r)
        if self.bar is not None:
            if r.failed:
                self.bar.write(text, file=self.stream)
            self.bar.set_postfix_str(r.name, refresh=False)
            self.bar.update(1)
        elif r.failed or not self.quiet:
            print(text, file=self.stream, flush=True)

    def note(self, text: str) -> None:
        """Print a message between the report lines (e.g. a retry)."""
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def summary(results) -> str:
    """``"N ok, N skipped, N failed"`` (failed counts timeouts and invalid files).

    Examples
    --------
    >>> summary([ReportResult("a", "ok"), ReportResult("b", "timeout")])
    '1 ok, 0 skipped, 1 failed (1 timeout)'
    """
    n = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", *FAILED_STATUSES)}
    text = f"{n['ok']} ok, {n['skipped']} skipped, {sum(n[s] for s in FAILED_STATUSES)} failed"
    detail = [f"{n[s]} {s}" for s in ("timeout", "invalid", "interrupted") if n[s]]
    return text + (f" ({', '.join(detail)})" if detail else "")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def split_timings(nb, started, finished: float, exported: float) -> dict:
    """Seconds of a report by stage, from papermill's cell metadata.

    ``start`` runs from the job's start (``started``, an aware datetime) to
    the first cell (kernel start, papermill's set-up); a cell that starts with imports (or ``%matplotlib``)
    and consists mostly of them counts as ``imports``, a cell with an image output
    (or HTML with an inline PNG, as a report section shows its figures) as ``charts``, any other cell as ``cells``; ``export`` is writing the
    notebook and its HTML.
    """
    from datetime import datetime

    out = {"start": 0.0, "imports": 0.0, "cells": 0.0, "charts": 0.0,
           "export": round(exported - finished, 3)}
    first = None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("papermill", {})
        if cell.cell_type != "code" or meta.get("duration") is None:
            continue
        first = first or meta.get("start_time")
        lines = [x for x in cell.source.splitlines() if x.strip() and not x.startswith("#")]
        if any(o.get("output_type") in ("display_data", "execute_result")
               and ("image/png" in o.get("data", {})
                    or "data:image/png" in _text(o.get("data", {}).get("text/html", "")))
               for o in cell.get("outputs", [])):
            kind = "charts"
        elif lines and lines[0].startswith(("import ", "from ", "%matplotlib")) and 2 * sum(
                x.startswith(("import ", "from ", "%")) for x in lines) >= len(lines):
            kind = "imports"
        else:
            kind = "cells"
        out[kind] += float(meta["duration"])
    if first:
        try:
            lag = (datetime.fromisoformat(first) - started).total_seconds()
        except (TypeError, ValueError):  # a naive time stamp (old papermill)
            lag = 0.0
        out["start"] = max(0.0, lag)
    return {k: round(v, 3) for k, v in out.items()}
