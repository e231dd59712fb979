"""Imported by a warm kernel at start-up; binds nothing (``__all__`` is empty).

See :mod:`clusteranalysis.runner.kernels`. The modules are those the report
templates import; a missing one is skipped (the template will say so).
"""

from importlib import import_module

MODULES = ("numpy", "pandas", "matplotlib.pyplot", "scipy.stats", "seaborn", "adjustText",
           "clusteranalysis", "clusteranalysis.plotting", "clusteranalysis.findings",
           "clusteranalysis.report", "clusteranalysis.io", "clusteranalysis.inputs",
           "clusteranalysis.sample")

for _name in MODULES:
    try:
        import_module(_name)
    except ImportError:
        pass
del _name

__all__: list[str] = []
