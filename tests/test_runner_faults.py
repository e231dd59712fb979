"""Batch runner under faults: dead workers, failed re-runs, concurrent runs, Ctrl-C, full disk.

Real kernels on the tiny fixture template (see ``test_runner.py``).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from clusteranalysis import _atomic
from clusteranalysis.runner import batch, run_batch
from clusteranalysis.runner.cli import run_command
from clusteranalysis.runner.lock import OutputLocked
from clusteranalysis.runner.validate import InvalidParameters

from test_runner import CountingExecutor, assert_report_html, cli_args
from test_runner_validation import REGISTRY, project, write  # noqa: F401 (fixture)

RUN = dict(registry=REGISTRY, quiet=True)


def _scratch(out: Path) -> list[Path]:
    return list(out.glob(".clusteranalysis-run-*"))


def _kernels_of(out: Path) -> list[int]:
    """Kernels (and kernel zygotes) of a batch into ``out`` that still run (Linux /proc).

    Found by their connection file on the command line or by the data cache
    folder in their environment (both lie in ``out``).
    """
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
            env = (proc / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if ("kernel-" in cmd and str(out) in cmd) or f"={out}{os.sep}" in env:
            found.append(int(proc.name))
    return found


def _wait_for(predicate, timeout=60.0, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not reached in time")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_dead_worker_fails_only_its_own_report_which_is_retried_once(project, tmp_path):
    write(project, "doomed", sleep_seconds="30")   # its worker is killed on both attempts
    write(project, "unlucky", sleep_seconds="3")   # its worker is killed once, then it passes
    write(project, "calm")
    out = tmp_path / "out"
    runtime = Path.home() / ".local" / "share" / "jupyter" / "runtime"
    before = set(runtime.glob("kernel-*.json")) if runtime.is_dir() else set()
    killed: dict[str, list[int]] = {"doomed": [], "unlucky": []}

    def killer():
        while len(killed["doomed"]) < 2 or not killed["unlucky"]:
            for name, pids in killed.items():
                for marker in out.glob(f".clusteranalysis-run-*/running/{name}"):
                    try:
                        pid = int(marker.read_text().split()[0])
                    except (OSError, ValueError, IndexError):
                        continue
                    if pid not in pids and len(pids) < (2 if name == "doomed" else 1):
                        time.sleep(1.5)  # let its kernel start
                        os.kill(pid, signal.SIGKILL)
                        pids.append(pid)
            time.sleep(0.1)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    result = run_batch([project / "parameters"], out, jobs=2, project_root=project, **RUN)
    thread.join(timeout=5)
    status = {r.name: r for r in result.reports}
    assert len(killed["doomed"]) == 2 and len(killed["unlucky"]) == 1
    assert status["doomed"].status == "failed" and status["doomed"].attempts == 2
    assert "worker died twice" in status["doomed"].error
    assert status["unlucky"].status == "ok" and status["unlucky"].attempts == 2
    assert status["calm"].status == "ok" and status["calm"].attempts == 1
    assert_report_html(out / "unlucky.html", "DONE-MARKER")
    # nothing left behind: scratch folder, connection files, kernels of the killed workers
    assert _scratch(out) == []
    after = set(runtime.glob("kernel-*.json")) if runtime.is_dir() else set()
    assert after - before == set()
    time.sleep(1)
    assert _kernels_of(out) == []


def test_failed_rerun_never_replaces_the_last_good_report(project, tmp_path):
    path = write(project, "report")
    out = tmp_path / "out"
    first = run_batch([path], out, project_root=project, **RUN)
    assert first.reports[0].status == "ok"
    good_html, good_nb = (out / "report.html").read_bytes(), (out / "report.ipynb").read_bytes()

    write(project, "report", sleep_seconds="60")
    second = run_batch([path], out, project_root=project, force=True, report_timeout=4, **RUN)
    (r,) = second.reports
    assert r.status == "timeout" and r.good == out / "report.html"
    assert (out / "report.html").read_bytes() == good_html
    assert (out / "report.ipynb").read_bytes() == good_nb
    assert r.html == out / "report.failed.html" and r.ipynb == out / "report.failed.ipynb"
    assert_report_html(r.html, "did not finish")
    index = second.index.read_text(encoding="utf-8")
    assert 'href="report.failed.html"' in index and 'href="report.html"' in index
    assert "last good report" in index and "timeout" in index

    # the next run is not skipped (the last run failed); when it passes, the failed files go
    write(project, "report")
    third = run_batch([path], out, project_root=project, **RUN)
    assert third.reports[0].status == "ok"
    assert not (out / "report.failed.html").exists() and not (out / "report.failed.ipynb").exists()
    assert "last good report" not in third.index.read_text(encoding="utf-8")


def test_two_runs_into_the_same_folder_do_not_lose_each_others_reports(project, tmp_path):
    slow, quick = write(project, "slow", sleep_seconds="4"), write(project, "quick")
    out, messages, results = tmp_path / "out", [], {}

    def first():
        with CountingExecutor() as ex:
            results["slow"] = run_batch([slow], out, executor=ex, project_root=project, **RUN)

    thread = threading.Thread(target=first)
    thread.start()
    _wait_for(lambda: _scratch(out))  # the first run holds the folder
    with pytest.raises(OutputLocked, match="another clusteranalysis run is writing to"):
        run_batch([quick], out, executor=CountingExecutor(), project_root=project,
                  wait=False, **RUN)
    with CountingExecutor() as ex:
        second = run_batch([quick], out, executor=ex, project_root=project,
                           notify=messages.append, **RUN)
    thread.join()
    assert messages and "waiting for it to finish" in messages[0]
    assert [r.status for r in results["slow"].reports] == ["ok"]
    assert [r.status for r in second.reports] == ["ok"]
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))["reports"]
    assert set(manifest) == {"slow", "quick"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="slow.html"' in index and 'href="quick.html"' in index
    # a re-run of both skips both: nothing was lost
    with CountingExecutor() as ex:
        again = run_batch([slow, quick], out, executor=ex, project_root=project, **RUN)
        assert ex.submitted == []
    assert [r.status for r in again.reports] == ["skipped", "skipped"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_promptly_and_writes_the_index(project, tmp_path):
    for name in ("first", "second", "third"):
        write(project, name, sleep_seconds="60")
    out = tmp_path / "out"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from test_runner_validation import REGISTRY; from clusteranalysis.runner import batch; "
            "batch.TEMPLATES = REGISTRY; from clusteranalysis.cli import main; "
            "sys.exit(main(sys.argv[2:]))")
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(Path(__file__).parent), "run", "parameters",
         "--out", str(out), "--jobs", "1", "--project", str(project)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        _wait_for(lambda: list(out.glob(".clusteranalysis-run-*/running/first")))
        time.sleep(2)  # the kernel runs the report
        start = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # as the terminal does: the whole process group
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - start < 15
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("interrupted (Ctrl-C)") == 3
    assert "while running" in index and "before it started" in index
    assert _scratch(out) == []
    time.sleep(1.5)
    assert _kernels_of(out) == []


def test_ctrl_c_while_the_manifest_is_saved_loses_nothing(project, tmp_path, monkeypatch):
    """Ctrl-C is a request the batch acts on between reports, not an exception that can
    strike half-way through recording one: the report that had just finished stays in
    the manifest, the others are marked interrupted."""
    from concurrent.futures import ThreadPoolExecutor

    from clusteranalysis.runner import cache, dispatch

    write(project, "a_first")
    for name in ("b_second", "c_third"):
        write(project, name, sleep_seconds="60")
    real_save, pressed = cache.save_manifest, []

    def save_with_ctrl_c(out_dir, entries):
        if not pressed:  # the first report is being recorded and the second one runs
            _wait_for(lambda: list(out.glob(".clusteranalysis-run-*/running/b_second")))
            pressed.append(time.monotonic())  # Ctrl-C now
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(100_000):  # Python code runs on: a handler that raises does so here
                pass
        real_save(out_dir, entries)

    monkeypatch.setattr(dispatch, "save_manifest", save_with_ctrl_c)
    monkeypatch.chdir(project)
    out = tmp_path / "out"
    with ThreadPoolExecutor(max_workers=1) as ex:
        with pytest.raises(batch.BatchInterrupted) as info:
            run_batch(["parameters"], out, executor=ex, project_root=project, **RUN)
    assert time.monotonic() - pressed[0] < 15
    result = info.value.result
    manifest = cache.load_manifest(out)
    assert manifest.get("a_first", {}).get("status") == "ok"
    assert (out / manifest["a_first"]["html"]).is_file() and result.index.is_file()
    assert {r.name: (r.status, r.error) for r in result.reports} == {
        "a_first": ("ok", None),
        "b_second": ("interrupted", "interrupted (Ctrl-C) while running"),
        "c_third": ("interrupted", "interrupted (Ctrl-C) before it started")}  # still queued
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    # the thread that ran b_second went on after the batch, but wrote nothing
    assert _scratch(out) == [] and not list(out.glob("[bc]_*"))


def test_a_job_that_outlives_its_interrupted_batch_writes_nothing(tmp_path, monkeypatch):
    """A thread or Dask worker may finish a report after Ctrl-C: the batch marks its
    scratch folder stopped before it stops the kernels, and such a job (its kernel just
    stopped, or not started yet) writes no report into the output folder."""
    import nbformat

    from clusteranalysis.runner import execute

    out, scratch = tmp_path / "out", tmp_path / "out" / ".clusteranalysis-run-x"
    scratch.mkdir(parents=True)
    job = execute.Job("late", str(tmp_path / "nb.ipynb"), {}, str(out), str(tmp_path),
                      run_dir=str(scratch))

    def stopped_while_running(job, staging, runtime):
        (scratch / execute.STOPPED).touch()  # Ctrl-C in the main process, meanwhile
        return "failed", "the kernel died", None, nbformat.v4.new_notebook(), None

    monkeypatch.setattr(execute, "_execute", stopped_while_running)
    outcome = execute.run_report(job)
    assert (outcome.status, outcome.html, outcome.ipynb) == ("interrupted", None, None)
    assert "while this report ran" in outcome.error
    assert execute.run_report(job).error == "the batch ended before this report started"
    assert sorted(p.name for p in out.iterdir()) == [scratch.name]  # no late*.html/.ipynb
    assert sorted(p.name for p in scratch.iterdir()) == ["running", "staging", "stopped"]
    assert list((scratch / "staging").iterdir()) == [] == list((scratch / "running").iterdir())


def test_the_scratch_folder_leaves_its_jobs_reach_in_one_step(tmp_path, monkeypatch):
    """rmtree deletes the files (the stopped mark among them) before the folder: a late
    job looking in between would see a live batch. The folder is renamed first."""
    import shutil

    from clusteranalysis.runner import execute

    scratch = tmp_path / ".clusteranalysis-run-x"
    (scratch / "kernels").mkdir(parents=True)
    (scratch / execute.STOPPED).touch()
    real_rmtree, seen = shutil.rmtree, []

    def rmtree(path, *args, **kwargs):
        (Path(path) / execute.STOPPED).unlink()  # as rmtree does, files first
        seen.append(execute._batch_over(scratch))  # a late job looks now
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(batch.shutil, "rmtree", rmtree)
    batch._remove_scratch(scratch)
    assert seen == [True] and list(tmp_path.iterdir()) == []


def test_a_kernel_that_dies_at_start_is_started_again(project, tmp_path, monkeypatch):
    """Jupyter picks a kernel's ports by binding to port 0 and closing again, so two
    kernels started at the same moment in two workers can get the same port; one dies
    before it answers (jupyter/jupyter_client#154). No cell has run: the report is
    started once more, with new ports. Here the first kernel's port is taken for real."""
    import socket

    from clusteranalysis.runner import kernels

    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    original, collided = kernels.manager_class, []

    def manager_class():
        class Colliding(original()):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not collided:
                    collided.append(self)
                    self.cache_ports = False  # else the port cache assigns new ones
                    self.ip, self.shell_port = "127.0.0.1", held.getsockname()[1]

        return Colliding

    monkeypatch.setattr(kernels, "manager_class", manager_class)
    monkeypatch.chdir(project)
    write(project, "report")
    try:
        with CountingExecutor() as ex:
            result = run_batch(["parameters"], tmp_path / "out", executor=ex,
                               project_root=project, **RUN)
    finally:
        held.close()
    assert collided, "the colliding kernel manager was not used"
    (report,) = result.reports
    assert (report.status, report.error) == ("ok", None)
    assert_report_html(report.html)


def test_full_disk_is_a_clear_error_and_damages_no_good_report(project, tmp_path,
                                                               monkeypatch, capsys):
    monkeypatch.setattr(batch, "TEMPLATES", REGISTRY)
    monkeypatch.chdir(project)
    write(project, "report")
    out = tmp_path / "out"
    with CountingExecutor() as ex:
        run_batch(["parameters"], out, executor=ex, project_root=project, **RUN)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name != ".lock"}

    real_write = _atomic._write

    def full(path, text, encoding="utf-8"):  # half the bytes reach the disk, then it is full
        real_write(path, text[: len(text) // 2], encoding)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_atomic, "_write", full)

    class ThreadRun(CountingExecutor):
        pass

    args = cli_args(["parameters"], out, force=True, quiet=True)
    from clusteranalysis.runner import dask as dask_mod

    monkeypatch.setattr(dask_mod, "dask_executor", _threads_instead(ThreadRun))
    assert run_command(args) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and f"cannot write to {out}" in err
    assert "Traceback" not in err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name != ".lock"}
    assert after == before  # the good report, manifest and index are untouched
    assert _scratch(out) == []


def _threads_instead(cls):
    from contextlib import contextmanager

    @contextmanager
    def factory(address):
        with cls() as ex:
            yield ex

    return factory


def test_the_pool_stops_its_workers_all_at_once():
    """At the end of a batch every worker stops its kernel zygote on the way out: the pool
    asks them all together instead of waiting for one after the other."""
    from clusteranalysis.runner.pool import SlotPool

    barrier = threading.Barrier(3)

    class Worker:
        def shutdown(self, wait=True, cancel_futures=False):
            barrier.wait(timeout=30)  # returns only when all three are stopping at once

    pool = SlotPool(0)
    pool._free = [Worker(), Worker(), Worker()]
    pool.shutdown()
    assert pool.capacity == 0 and not barrier.broken


def _zygotes_of(pid: int) -> list[int]:
    """Kernel zygotes among the descendants of process ``pid`` (Linux /proc)."""
    parents, commands = {}, {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text()
            commands[int(proc.name)] = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        parents[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def descends(p):
        seen = set()
        while p in parents and p not in seen:
            seen.add(p)
            p = parents[p]
            if p == pid:
                return True
        return False

    return [p for p, cmd in commands.items() if "runner.zygote" in cmd and descends(p)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_warm_up_while_the_files_are_validated(project, tmp_path, monkeypatch):
    """The workers and their kernel zygotes (seconds of imports) start before validation,
    one per worker, and the reports use them; invalid files stop them again."""
    write(project, "one")
    write(project, "two")
    real = batch.validate_batch
    during = []

    def validating(*args, **kw):
        during.append(_wait_for(lambda: len(_zygotes_of(os.getpid())) == 2 and
                                _zygotes_of(os.getpid())))
        return real(*args, **kw)

    monkeypatch.setattr(batch, "validate_batch", validating)
    seen, done = set(), threading.Event()

    def watch():
        while not done.is_set():
            seen.update(_zygotes_of(os.getpid()))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    result = run_batch([project / "parameters"], tmp_path / "out", jobs=2,
                       project_root=project, **RUN)
    done.set()
    watcher.join(timeout=10)
    assert result.exit_code == 0 and len(during) == 1
    assert seen == set(during[0])  # no other zygote was needed: the early ones served
    assert _zygotes_of(os.getpid()) == []

    write(project, "bad", start_year='"soon"')
    during.clear()
    with pytest.raises(InvalidParameters):
        run_batch([project / "parameters"], tmp_path / "out2", jobs=2, project_root=project,
                  **RUN)
    assert len(during) == 1
    _wait_for(lambda: _zygotes_of(os.getpid()) == [], timeout=10)
