"""The index page of a report folder: one table row per report.

All text (names, titles, error messages) is escaped with :func:`html.escape`;
links are relative and URL-quoted, so the folder can be moved or published
as a whole. The page has a small inline style sheet and no scripts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from .export import write_output

#: Label shown per status.
STATUS_LABELS = {"ok": "ok", "skipped": "skipped (unchanged)", "failed": "failed",
                 "timeout": "timeout", "invalid": "invalid", "interrupted": "interrupted"}

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.error { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85em;
           color: #8b0000; max-width: 40em; }
.status { font-weight: 600; border-radius: .3em; padding: .1em .4em; }
.s-ok, .s-skipped { background: #e3f3e6; color: #1b5e20; }
.s-failed, .s-timeout, .s-invalid, .s-interrupted { background: #fde8e8; color: #8b0000; }
""".strip()


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(file: str | None, label: str) -> str:
    if not file:
        return ""
    return f'<a href="{_e(quote(file))}">{_e(label)}</a>'


def _when(stamp) -> str | None:
    """ISO time stamp as ``YYYY-MM-DD HH:MM`` (local time of the run)."""
    return str(stamp)[:16].replace("T", " ") if stamp else None


def _row(r: dict) -> str:
    status = str(r.get("status", ""))
    css = "skipped" if status == "skipped" else status
    duration = r.get("duration")
    files = " · ".join(x for x in (_link(r.get("html"), "HTML"),
                                    _link(r.get("ipynb"), "notebook")) if x)
    good = r.get("good") or {}
    if good.get("html"):  # a failed run written beside the last good report
        files = (f"failed run: {files}<br>" if files else "") + "last good report: " +             " · ".join(x for x in (_link(good.get("html"), "HTML"),
                                   _link(good.get("ipynb"), "notebook")) if x) +             (f" ({_e(_when(good.get('finished')))})" if good.get("finished") else "")
    target = good.get("html") or r.get("html")
    name = _link(target, r["name"]) if target else _e(r["name"])
    return ("<tr>"
            f"<td>{name}</td>"
            f"<td>{_e(r.get('title'))}</td>"
            f"<td>{_e(r.get('template'))}</td>"
            f'<td><span class="status s-{_e(css)}">{_e(STATUS_LABELS.get(status, status))}'
            "</span></td>"
            f'<td class="num">{"" if duration is None else f"{float(duration):.1f}"}</td>'
            f"<td>{_e(_when(r.get('finished')))}</td>"
            f"<td>{files}</td>"
            f'<td class="error">{_e(r.get("error"))}</td>'
            "</tr>")


def render_table(rows: Iterable[dict]) -> str:
    """The report table as an HTML fragment.

    Each row is a mapping with ``name`` and optionally ``title``,
    ``template``, ``status``, ``duration`` (s), ``finished``, ``html``,
    ``ipynb`` (file names beside the index), ``error`` and ``good`` (the
    last good report, a mapping with ``html``, ``ipynb``, ``finished``,
    shown beside a failed run; the report name links to it).

    Examples
    --------
    >>> t = render_table([{"name": "a b", "title": "<script>x</script>",
    ...                    "status": "ok", "html": "a b.html"}])
    >>> "&lt;script&gt;" in t, 'href="a%20b.html"' in t, "<script>" in t
    (True, True, False)
    """
    head = "".join(f"<th>{h}</th>" for h in ("Report", "Title", "Template", "Status",
                                             "Duration (s)", "Finished", "Files", "Error"))
    body = "\n".join(_row(r) for r in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def render_index(rows: Iterable[dict], title: str = "Cluster reports") -> str:
    """A complete HTML page with the report table and counts per status."""
    rows = list(rows)
    counts = {}
    for r in rows:
        counts[r.get("status")] = counts.get(r.get("status"), 0) + 1
    summary = ", ".join(f"{n} {STATUS_LABELS.get(s, s)}" for s, n in counts.items())
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_e(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            f"<h1>{_e(title)}</h1>\n<p>{_e(len(rows))} reports: {_e(summary)}. "
            f"Page written {_e(stamp)} by <code>clusteranalysis run</code>.</p>\n"
            f"{render_table(rows)}\n</body>\n</html>\n")


def write_index(out_dir: str | Path, rows: Iterable[dict], title: str = "Cluster reports") -> Path:
    """Write ``<out_dir>/index.html`` atomically; return its path."""
    return write_output(Path(out_dir) / "index.html", render_index(rows, title))
