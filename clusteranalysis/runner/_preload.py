"""Imported by a warm kernel at start-up; binds nothing (``__all__`` is empty).

See :mod:`clusteranalysis.runner.kernels`. The modules are named in the
kernel's environment variable ``CLUSTERANALYSIS_PRELOAD`` (comma separated):
those the template imports (see :func:`clusteranalysis.runner.kernels.template_imports`).
A module that fails to import is skipped here; the template will report it.
"""

import os
from importlib import import_module


def load(names: str) -> None:
    """Import the comma-separated modules *names*; skip those that fail."""
    for name in filter(None, names.split(",")):
        try:
            import_module(name.strip())
        except Exception:  # noqa: BLE001, S110 - the template's own import shows the error
            pass


load(os.environ.get("CLUSTERANALYSIS_PRELOAD", ""))

__all__: list[str] = []
