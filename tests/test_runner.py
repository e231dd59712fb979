"""Batch runner end to end: real kernels on tiny fixture notebooks (about 20 s).

The fixture template ``tests/fixtures/notebooks/report.ipynb`` prints a line
with its parameters, raises when ``fail`` is true and sleeps
``sleep_seconds``; its code contains the marker ``SOURCE-MARKER-7f3a``, which
must never reach the HTML.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import nbformat

from clusteranalysis.runner import batch, run_batch
from clusteranalysis.runner.cli import run_command

from test_runner_validation import REGISTRY, project, write  # noqa: F401 (fixture)

TITLE = 'Auenstadt "test" <script>alert(1)</script>'


def assert_report_html(path: Path, *outputs: str):
    """Outputs present; no code: no source text, no input prompts, no code editors."""
    html = path.read_text(encoding="utf-8")
    assert "SOURCE-MARKER-7f3a" not in html and "import csv" not in html
    assert not re.search(r'class="[^"]*jp-InputPrompt', html)
    assert not re.search(r'class="[^"]*jp-InputArea-editor', html)
    code_cells = re.findall(r'class="(jp-Cell jp-CodeCell[^"]*)"', html)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    for text in outputs:
        assert text in html
    return html


def cli_args(paths, out, **kw):
    args = dict(paths=[str(p) for p in paths], out=str(out), jobs=2, force=False,
                keep_going=False, check=False, data_root=[], project=".", cell_timeout=60,
                report_timeout=120, quiet=False)
    return SimpleNamespace(**{**args, **kw})


def test_batch_failure_is_reported_while_others_succeed(project, tmp_path, monkeypatch,
                                                        capsys):
    monkeypatch.setattr(batch, "TEMPLATES", REGISTRY)  # the CLI uses the default registry
    monkeypatch.chdir(project)
    write(project, "auenstadt", title=f"'{TITLE}'")
    write(project, "musterhafen", region='"01001"')
    write(project, "broken", fail="true")
    out = tmp_path / "reports"

    assert run_command(cli_args(["parameters"], out)) == 1
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("2 ok, 0 skipped, 1 failed")
    assert re.search(r"\[\d/3\] ok auenstadt \(\d+\.\d s\)", captured.err)
    assert "failed broken" in captured.err and "deliberate failure" in captured.err

    html = assert_report_html(out / "auenstadt.html", "OUTPUT-MARKER", "DONE-MARKER")
    assert 'OUTPUT-MARKER Auenstadt "test" &lt;script&gt;alert(1)' in html  # value passed intact
    assert_report_html(out / "musterhafen.html", "| 01001 2015-2020 | 4 rows")
    # the failed report: notebook with the error kept, HTML exported, no DONE output
    nb = nbformat.read(out / "broken.ipynb", as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"
    assert "DONE-MARKER" not in assert_report_html(out / "broken.html", "deliberate failure")

    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ValueError: deliberate failure for region 14700" in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index and "<script>" not in index
    for name in ("auenstadt", "musterhafen", "broken"):
        assert f'href="{name}.html"' in index and f'href="{name}.ipynb"' in index
    assert not [p for p in out.iterdir() if p.name.startswith(".") and
                p.name not in (".manifest.json", ".lock")]  # no temporary files left

    # re-run: the two good reports are unchanged and skipped, the failed one runs again
    assert run_command(cli_args(["parameters"], out, quiet=True)) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "0 ok, 2 skipped, 1 failed"
    assert "ok auenstadt" not in captured.err and "failed broken" in captured.err


class CountingExecutor(Executor):
    """An injected executor: runs reports on threads and counts them."""

    def __init__(self):
        self.pool, self.submitted = ThreadPoolExecutor(max_workers=2), []

    def submit(self, fn, /, *args, **kwargs):
        self.submitted.append(args[0].name)
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_skip_unchanged_force_and_data_change_with_injected_executor(project, tmp_path):
    write(project, "a")
    run = dict(registry=REGISTRY, project_root=project, quiet=True)
    with CountingExecutor() as ex:
        first = run_batch([project / "parameters"], tmp_path / "out", executor=ex, **run)
        assert [r.status for r in first.reports] == ["ok"] and ex.submitted == ["a"]
        assert first.reports[0].html.is_file() and first.exit_code == 0
        again = run_batch([project / "parameters"], tmp_path / "out", executor=ex, **run)
        assert [r.status for r in again.reports] == ["skipped"] and ex.submitted == ["a"]
        forced = run_batch([project / "parameters"], tmp_path / "out", executor=ex,
                           force=True, **run)
        assert [r.status for r in forced.reports] == ["ok"] and len(ex.submitted) == 2
        with open(project / "data" / "panel.csv", "a", encoding="utf-8") as fh:
            fh.write("01001,2021,29,1\n")
        changed = run_batch([project / "parameters"], tmp_path / "out", executor=ex, **run)
        assert [r.status for r in changed.reports] == ["ok"] and len(ex.submitted) == 3
    assert 'class="status s-ok"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_wall_clock_timeout_kills_the_report_and_the_others_continue(project, tmp_path):
    write(project, "sleeper", sleep_seconds="60")
    write(project, "quick")
    start = time.perf_counter()
    result = run_batch([project / "parameters"], tmp_path / "out", jobs=2, report_timeout=5,
                       registry=REGISTRY, project_root=project, quiet=True)
    elapsed = time.perf_counter() - start
    status = {r.name: r for r in result.reports}
    assert status["quick"].status == "ok"
    assert status["sleeper"].status == "timeout" and "wall-clock limit of 5 s" in \
        status["sleeper"].error
    assert 5 <= status["sleeper"].duration < 15 and elapsed < 30
    assert result.exit_code == 1 and result.summary() == "1 ok, 0 skipped, 1 failed (1 timeout)"
    assert_report_html(result.reports[0].html if result.reports[0].name == "sleeper"
                       else result.reports[1].html, "did not finish")
    assert "timeout" in result.index.read_text(encoding="utf-8")


def test_per_cell_timeout(project, tmp_path):
    write(project, "slowcell", sleep_seconds="30")
    result = run_batch([project / "parameters"], tmp_path / "out", cell_timeout=1,
                       registry=REGISTRY, project_root=project, quiet=True)
    (r,) = result.reports
    assert r.status == "timeout" and "per-cell limit of 1 s" in r.error and r.duration < 15
    assert r.ipynb.is_file() and r.html.is_file()


def test_split_timings_counts_sections_with_inline_pngs_as_charts():
    from datetime import datetime, timedelta, timezone

    import nbformat

    from clusteranalysis.runner.progress import split_timings

    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def cell(source, seconds, outputs=()):
        c = nbformat.v4.new_code_cell(source, outputs=list(outputs))
        c.metadata["papermill"] = {"duration": seconds,
                                   "start_time": (t0 + timedelta(seconds=2)).isoformat()}
        return c

    html = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/html": ['<section><img src="data:image/png;base64,AAAA"></section>']}}
    table = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
             "data": {"text/html": "<table></table>"}}
    nb = nbformat.v4.new_notebook(cells=[
        cell("import pandas as pd", 0.5), cell("report.map_section(r)", 1.25, [html]),
        cell("report.profile_table(r.profile, m)", 0.25, [table])])
    out = split_timings(nb, t0, finished=10.0, exported=10.5)
    assert out == {"start": 2.0, "imports": 0.5, "cells": 0.25, "charts": 1.25, "export": 0.5}
