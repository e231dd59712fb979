"""The batch runner on a real Dask ``LocalCluster`` (worker processes, not threads).

One cluster of 2 worker processes serves the module (about 5 s to start).
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest

distributed = pytest.importorskip("distributed")

from clusteranalysis.runner import InvalidParameters, batch, run_batch  # noqa: E402
from clusteranalysis.runner import dask as runner_dask  # noqa: E402
from clusteranalysis.runner.cli import run_command  # noqa: E402

from test_runner import assert_report_html, cli_args  # noqa: E402
from test_runner_validation import REGISTRY, project, write  # noqa: E402, F401 (fixture)

RUN = dict(registry=REGISTRY, quiet=True)


@pytest.fixture(scope="module")
def client():
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=50)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _body(html: str) -> str:
    """The report HTML without the random id of papermill's injected-parameters cell."""
    return re.sub(r"cell-id=[0-9a-f-]+", "cell-id=", html)


def test_dask_reports_are_identical_to_a_local_run(project, tmp_path, client):
    write(project, "auenstadt", title="'Auenstadt <b>'")
    write(project, "musterhafen", region='"01001"')
    local = run_batch([project / "parameters"], tmp_path / "local", jobs=2,
                      project_root=project, **RUN)
    remote = run_batch([project / "parameters"], tmp_path / "dask",
                       executor=client.get_executor(pure=False), project_root=project, **RUN)
    assert [r.status for r in remote.reports] == ["ok", "ok"]
    for a, b in zip(local.reports, remote.reports):
        assert _body(a.html.read_text(encoding="utf-8")) == \
            _body(b.html.read_text(encoding="utf-8"))
    assert_report_html(tmp_path / "dask" / "musterhafen.html", "| 01001 2015-2020 | 4 rows")
    assert list((tmp_path / "dask").glob(".clusteranalysis-run-*")) == []


def test_a_killed_dask_worker_loses_only_its_report_which_is_retried(project, tmp_path,
                                                                     client):
    write(project, "victim", sleep_seconds="4")
    write(project, "bystander", sleep_seconds="1")
    out, killed = tmp_path / "out", []

    def killer():
        while not killed:
            for marker in out.glob(".clusteranalysis-run-*/running/victim"):
                try:
                    pid = int(marker.read_text().split()[0])
                except (OSError, ValueError, IndexError):
                    continue
                time.sleep(1)
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.1)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    result = run_batch([project / "parameters"], out, executor=client.get_executor(pure=False),
                       project_root=project, **RUN)
    thread.join(timeout=5)
    status = {r.name: r for r in result.reports}
    assert killed
    assert status["bystander"].status == "ok" and status["bystander"].attempts == 1
    assert status["victim"].status == "ok" and status["victim"].attempts == 2
    assert_report_html(out / "victim.html", "DONE-MARKER")
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def test_validation_errors_are_raised_before_anything_is_submitted(project, tmp_path,
                                                                   client, monkeypatch,
                                                                   capsys):
    write(project, "good")
    write(project, "bad", region="14700")  # unquoted
    executed = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_prefixes))
    with pytest.raises(InvalidParameters):
        run_batch([project / "parameters"], tmp_path / "out",
                  executor=client.get_executor(pure=False), project_root=project, **RUN)
    assert client.run_on_scheduler(
        lambda dask_scheduler: len(dask_scheduler.task_prefixes)) == executed
    assert not (tmp_path / "out").exists()

    # the CLI does not even start a cluster for invalid files
    def no_cluster(self):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(runner_dask.LazyDaskExecutor, "_connect", no_cluster)
    monkeypatch.setattr(batch, "TEMPLATES", REGISTRY)
    monkeypatch.chdir(project)
    assert run_command(cli_args(["parameters"], tmp_path / "out", dask="local:2")) == 2
    assert "region codes must be quoted" in capsys.readouterr().err


def test_cli_dask_local_cluster_runs_the_batch(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(batch, "TEMPLATES", REGISTRY)
    monkeypatch.chdir(project)
    write(project, "one")
    assert run_command(cli_args(["parameters"], tmp_path / "out", dask="local:1",
                                quiet=True)) == 0
    assert capsys.readouterr().out.strip() == "1 ok, 0 skipped, 0 failed"
    assert_report_html(tmp_path / "out" / "one.html", "DONE-MARKER")
