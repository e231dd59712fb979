"""Nothing of the runner's fast path makes reports differ, and the data cache itself.

The runner executes templates in kernels started ahead of need (forked from
a zygote that has imported what the template imports) and serves
``read_data`` from a cache filled while validating. A report made that way must equal the report of a plain
``papermill`` call in a cold kernel without the cache: the same cells, the
same outputs (tables, text, markdown) and the same figures, up to time stamps.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from clusteranalysis.inputs import _datacache, io
from clusteranalysis.runner import cache, run_batch
from clusteranalysis.runner.registry import TEMPLATES

from conftest import REPO

PARAMS = """template: cluster_report
region: "14700"
start_year: 2015
end_year: 2020
definition: leipzig
reference: "00"
data_path: data/sample_panel.csv
language: de
"""


def _stable(value):
    """Text without what differs between any two runs: the random ids of pandas
    Styler tables (``T_1a2b3``) and object addresses in reprs (``at 0x7f…``)."""
    if isinstance(value, str):
        return re.sub(r"\bT_[0-9a-f]{5}", "T_", re.sub(r" at 0x[0-9a-f]+", " at 0x", value))
    return value


def _content(nb) -> list:
    """Every code cell's source and outputs, without execution metadata."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            cells.append((cell.cell_type, cell.source))
            continue
        outputs = []
        for o in cell.get("outputs", []):
            data = {k: _stable(v) for k, v in o.get("data", {}).items()}
            outputs.append((o.output_type, o.get("name"), _stable(o.get("text")),
                            o.get("ename"), sorted(data.items())))
        cells.append(("code", cell.source, outputs))
    return cells


def test_fast_path_report_equals_a_plain_papermill_run(tmp_path, monkeypatch):
    import nbformat
    import papermill

    monkeypatch.delenv(_datacache.ENV, raising=False)
    # two reports on one worker: the second runs in the kernel forked ahead of need
    for name in ("a_first", "b_second"):
        (tmp_path / f"{name}.yaml").write_text(PARAMS, encoding="utf-8")
    result = run_batch([tmp_path], tmp_path / "out", jobs=1, project_root=REPO, quiet=True)
    assert result.exit_code == 0, [r.error for r in result.reports]
    fast = nbformat.read(tmp_path / "out" / "b_second.ipynb", as_version=4)

    inject = {"region": "14700", "start_year": 2015, "end_year": 2020, "definition": "leipzig",
              "reference": "00", "data_path": str(REPO / "data" / "sample_panel.csv"),
              "language": "de"}
    plain = papermill.execute_notebook(
        str(TEMPLATES["cluster_report"].notebook_path(REPO)), str(tmp_path / "plain.ipynb"),
        parameters=inject, kernel_name="python3", progress_bar=False, cwd=str(REPO))
    # the runner injects the same parameters (plus the defaults it validated)
    assert {k: fast.metadata.papermill.parameters[k] for k in inject} == inject
    a, b = _content(fast), _content(plain)
    assert len(a) == len(b)
    injected = [i for i, c in enumerate(plain.cells) if "injected-parameters" in
                c.metadata.get("tags", [])]
    for i, (x, y) in enumerate(zip(a, b)):
        if i not in injected:  # the runner also injects the defaults it validated
            assert x == y, f"cell {i} differs"
    images = sum(str(c).count("image/png") for c in a)
    assert images >= 8


def test_read_data_cache_returns_the_same_panel_and_replays_warnings(tmp_path, monkeypatch):
    data = tmp_path / "panel.csv"
    data.write_text("region,year,industry,employment\n01001,2020,29,10\n01001,2020,30,\n",
                    encoding="utf-8")
    plain = io.read_data(data)
    calls = []
    real = io._read_data

    def counting(*args, **kw):
        calls.append(args)
        warnings.warn("a note on the data", UserWarning, stacklevel=2)
        return real(*args, **kw)

    monkeypatch.setattr(io, "_read_data", counting)
    monkeypatch.setenv(_datacache.ENV, str(tmp_path / "cache"))
    for _ in range(3):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            panel = io.read_data(data)
        assert [str(w.message) for w in caught] == ["a note on the data"]
        pd.testing.assert_frame_equal(panel, plain)
        assert panel["region"].tolist() == ["01001", "01001"]  # codes stay text
        assert panel["employment"].isna().tolist() == [False, True]  # missing stays missing
    assert len(calls) == 1  # read once, then served from the cache
    data.write_text(data.read_text(encoding="utf-8").replace(",10", ",11"), encoding="utf-8")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert io.read_data(data)["employment"].iloc[0] == 11 and len(calls) == 2


def test_cache_keys_follow_the_package_code_and_the_template(tmp_path, monkeypatch):
    package = tmp_path / "clusteranalysis"
    (package / "__pycache__").mkdir(parents=True)
    (package / "findings.py").write_text('TEXT = "grew"\n', encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE_ROOT", package)
    first = cache.code_digest()
    (package / "__pycache__" / "findings.cpython-311.pyc").write_bytes(b"\0")
    assert cache.code_digest() == first  # byte-code does not count
    (package / "findings.py").write_text('TEXT = "shrank"\n', encoding="utf-8")
    assert cache.code_digest() != first

    class Spec:  # the parts of a ReportSpec the key reads
        class template:
            name = "cluster_report"

        class params:
            @staticmethod
            def model_dump(mode):
                return {"region": "14700"}

        inputs = (tmp_path / "template.ipynb",)

    Spec.inputs[0].write_text("{}", encoding="utf-8")
    key = cache.cache_key(Spec, "1", code="a")
    assert cache.cache_key(Spec, "1", code="b") != key  # package code
    Spec.inputs[0].write_text('{"cells": []}', encoding="utf-8")
    assert cache.cache_key(Spec, "1", code="a") != key  # template


def test_warm_kernels_preload_what_the_report_sections_load_lazily():
    """The zygote imports the template's lazy dependencies once per worker (maps, spatial)."""
    import subprocess
    import sys

    from clusteranalysis.runner.kernels import template_imports

    mods = template_imports(TEMPLATES["cluster_report"].notebook_path(REPO))
    assert "clusteranalysis.report._warm" in mods
    code = ("import sys, clusteranalysis.report._warm as w\n"
            "from clusteranalysis.inputs.boundaries import LAYERS, _parse_bundled\n"
            "print(all(m in sys.modules for m in ('geopandas', 'esda', 'libpysal', "
            "'mapclassify', 'clusteranalysis.plotting', 'matplotlib.pyplot', "
            "'clusteranalysis.metrics.classify', 'PIL.PngImagePlugin') + w.MODULES), "
            "_parse_bundled.cache_info().currsize == len(LAYERS))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.split()
    assert out == ["True", "True"]


def test_the_zygote_imports_what_every_kernel_imports_when_it_starts():
    """ipykernel imports its debugger support (debugpy, ~0.2 s) in every kernel it starts:
    the zygote imports it once, before it forks."""
    import subprocess
    import sys

    code = ("import os, sys\n"
            "from clusteranalysis.runner import zygote\n"
            "before = 'debugpy' in sys.modules\n"
            "os._exit = lambda code: print('exit', code)\n"  # the zygote ends with os._exit
            "zygote.main()\n"  # imports, then ends: its stdin is empty
            "print(before, all(m in sys.modules for m in ('debugpy', *zygote.KERNEL_MODULES)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True, stdin=subprocess.DEVNULL).stdout.split()
    assert out == ["exit", "0", "False", "True"]


def test_a_workers_first_report_also_runs_in_a_warm_kernel(tmp_path, monkeypatch):
    """With more reports to come, the first kernel is forked from the zygote too (it would
    otherwise boot cold while the worker waits for the zygote to start the spare)."""
    import json
    import shutil

    import nbformat

    monkeypatch.delenv(_datacache.ENV, raising=False)
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "data").mkdir()
    shutil.copy(REPO / "data" / "sample_panel.csv", project / "data")
    template = nbformat.read(TEMPLATES["cluster_report"].notebook_path(REPO), as_version=4)
    probe = nbformat.v4.new_code_cell(
        "import sys\nfrom clusteranalysis import report\n"
        "print(json.dumps([m in sys.modules for m in ('geopandas', 'esda')]))".replace(
            "print(", "import json\nprint("))
    template.cells = [c for c in template.cells if "parameters" in c.metadata.get("tags", [])]
    template.cells.append(probe)
    nbformat.write(template, project / "notebooks" / "cluster_report.ipynb")
    for name in ("a_first", "b_second", "c_third"):
        (tmp_path / f"{name}.yaml").write_text(PARAMS, encoding="utf-8")
    result = run_batch([tmp_path / f"{n}.yaml" for n in ("a_first", "b_second", "c_third")],
                       tmp_path / "out", jobs=1, project_root=project, quiet=True)
    assert result.exit_code == 0, [r.error for r in result.reports]
    for name in ("a_first", "b_second", "c_third"):
        nb = nbformat.read(tmp_path / "out" / f"{name}.ipynb", as_version=4)
        printed = [o["text"] for c in nb.cells for o in c.get("outputs", [])
                   if o.get("name") == "stdout"]
        assert [json.loads(t) for t in printed] == [[True, True]], name


def test_a_zygote_serves_any_template_importing_its_modules_before_it_forks(tmp_path):
    """Zygotes are keyed on what matters when modules are imported (thread limits), not on
    the batch's cache folder or the template's import list: a fork request brings its
    list, and the zygote imports it first, so the kernel and later ones find it loaded;
    what it has imported is frozen for the garbage collector before it forks."""
    import json
    import subprocess
    import sys

    from clusteranalysis.runner import zygote

    base = {"PATH": "/usr/bin", "OMP_NUM_THREADS": "1"}
    same = [{**base, "CLUSTERANALYSIS_DATA_CACHE": "/a", "CLUSTERANALYSIS_PRELOAD": "x"},
            {**base, "CLUSTERANALYSIS_DATA_CACHE": "/b"}]
    keys = {tuple(sorted((k, v) for k, v in env.items() if k not in zygote.RUN_VARIABLES))
            for env in same}
    assert len(keys) == 1 and "OMP_NUM_THREADS" not in zygote.RUN_VARIABLES
    request = {"argv": ["--version"], "cwd": str(tmp_path), "log": str(tmp_path / "k.log"),
               "env": {"CLUSTERANALYSIS_PRELOAD": "colorsys"}}
    code = ("import os, sys\n"
            "from clusteranalysis.runner import zygote\n"
            "os._exit = lambda code: print('exit', code)\n"
            "zygote.main()\n"
            "import gc\n"
            "print('colorsys' in sys.modules and gc.get_freeze_count() > 10000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True, input=json.dumps(request) + "\n").stdout
    lines = out.split("\n")
    assert json.loads(lines[0])["pid"] > 0  # the kernel was forked after the import
    assert lines[-2:] == ["True", ""] and "exit 0" in out


def test_parallel_kernels_share_the_cores(monkeypatch):
    import os

    from clusteranalysis.runner.watchdog import kernel_env, threads_per_kernel

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert [threads_per_kernel(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: one thread each
    assert threads_per_kernel(2) == 1
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")  # the user's own limit wins
    env = kernel_env(threads_per_kernel(2))
    assert env["OMP_NUM_THREADS"] == "1" and env["MKL_NUM_THREADS"] == "3"
