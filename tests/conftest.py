"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLUSTERANALYSIS_SHARED", REPO.parent / "shared")) / "data"


@pytest.fixture
def rng():
    return np.random.default_rng(20240601)


@pytest.fixture
def shared_data():
    """Path of ../shared/data; skips when the reference data is not beside the clone."""
    if not SHARED.is_dir():
        pytest.skip(f"reference data folder {SHARED} not found (it sits beside the "
                    "clone in CI; a user's fresh clone does not have it)")
    return SHARED


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def make_panel(values: dict, year: int = 2020, total: dict | None = None) -> pd.DataFrame:
    """Tiny panel from {region: {industry: employment}}; optional total rows."""
    rows = [(r, year, i, float(v)) for r, inds in values.items() for i, v in inds.items()]
    if total:
        rows += [(r, year, "TOTAL", float(v)) for r, v in total.items()]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])
    return df.astype({"region": "string", "industry": "string"})
