"""Where the bundled data lives (internal).

In a source checkout or an editable install the data are the repository's
``data/`` folder; a regular install copies that folder to
``clusteranalysis/data`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding the sample data and ``definitions/``."""
    for candidate in (_HERE / "data", _HERE.parent / "data"):
        if (candidate / "definitions").is_dir():
            return candidate
    raise FileNotFoundError(
        f"bundled data folder not found (looked in {_HERE / 'data'} and {_HERE.parent / 'data'}); "
        "reinstall clusteranalysis or run it from a checkout of the repository")
