"""Batch runner: parameter files → executed report notebooks → HTML + index.

The pipeline, one module per step::

    params.py    pydantic models of the templates' parameters, YAML loading
    registry.py  template name → (notebook, model); model vs. notebook check
    paths.py     input discovery, allowed data folders
    validate.py  validate a whole batch before anything runs
    cache.py     cache key and manifest: skip unchanged reports
    execute.py   run one report in a worker (papermill)
    watchdog.py  wall-clock limit of a report, kernel environment
    kernels.py   kernels started ahead of need, template imports pre-loaded
    zygote.py    forks those kernels from a process that imported once
    export.py    HTML without code cells; atomic output files
    index.py     index.html
    progress.py  progress output, per-report result and timings
    pool.py      worker processes; a dead worker fails only its report
    lock.py      one run at a time per output folder
    batch.py     run_batch(): validate, lock, hand over
    dispatch.py  submit, retry, record, index: one locked run
    dask.py      ``--dask``: a Dask cluster as the executor
    cli.py       ``clusteranalysis run``

Examples
--------
Run every parameter file of a folder on 2 worker processes::

    from clusteranalysis.runner import run_batch
    result = run_batch(["parameters/"], "reports/", jobs=2)
    print(result.summary())          # "24 ok, 0 skipped, 0 failed"

Run on a Dask cluster (the workers see the same paths: a shared file
system; same Python environment)::

    from dask.distributed import Client
    with Client("tcp://scheduler:8786") as client:
        run_batch(["parameters/"], "reports/", executor=client.get_executor())

or ``clusteranalysis run --dask tcp://scheduler:8786`` (``--dask local:N``
for a LocalCluster of N worker processes).
"""

from importlib import import_module

_EXPORTS = {
    "BatchResult": "batch", "run_batch": "batch", "BatchInterrupted": "batch",
    "OutputError": "batch", "OutputLocked": "lock",
    "CityComparisonParams": "params", "ClusterReportParams": "params",
    "ReportParams": "params", "ReportResult": "progress",
    "TEMPLATES": "registry", "Template": "registry",
    "InvalidParameters": "validate", "ParamProblem": "validate",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    # lazy: ``clusteranalysis profile`` imports runner.cli without pydantic/papermill
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
