"""Warm-up of a report kernel's process: what the sections load lazily, loaded once (internal).

The batch runner imports this module in each worker's zygote (see
:mod:`clusteranalysis.runner.zygote` and ``LAZY_DEPENDENCIES`` in
:mod:`clusteranalysis.runner.kernels`), before it forks the kernels. It
imports the libraries that the report sections import only when they draw
(matplotlib, geopandas, libpysal, esda, mapclassify, Babel, the package's
metric modules: :data:`MODULES`), parses the bundled boundary layers (kept per process by :func:`clusteranalysis.load_boundaries`; every
call returns a fresh copy) and lays out one text so that matplotlib's font
cache is loaded. Nothing here changes a report: a kernel forked from a warm
process computes and draws exactly what a cold one does, only sooner.
Failures are ignored; the report then pays the cost itself and shows any
real error where it happens.
"""

from __future__ import annotations

__all__: list[str] = []


#: Modules a report imports only when it computes or draws.
MODULES = ("matplotlib.pyplot", "scipy.stats", "geopandas", "shapely", "pyproj",
           "libpysal.weights", "esda", "mapclassify", "babel.numbers", "babel.dates",
           "clusteranalysis.plotting", "clusteranalysis.spatial", "clusteranalysis.display",
           "clusteranalysis.inputs.io", "clusteranalysis.inputs.sample",
           "clusteranalysis.inputs.coverage", "clusteranalysis.inputs._datacache",
           "clusteranalysis.metrics.profile", "clusteranalysis.metrics.classify",
           "clusteranalysis.metrics.shift_share", "clusteranalysis.metrics.tax",
           "clusteranalysis.metrics.inference", "clusteranalysis.report.maps",
           "clusteranalysis.report.findings", "pandas.core.reshape.reshape")


def _warm() -> None:
    import contextlib
    import importlib

    for name in MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from PIL import Image

        Image.preinit()  # the image plugins that saving a PNG registers
    with contextlib.suppress(Exception):
        from clusteranalysis.inputs.boundaries import LAYERS, load_boundaries

        for layer in LAYERS:
            load_boundaries(layer)
    with contextlib.suppress(Exception):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure()
        fig.text(0.5, 0.5, "Cluster 1,0")
        FigureCanvasAgg(fig).draw()  # loads the font cache and the default font


_warm()
