"""Helpers shared by the chart functions.

Nothing here computes a metric: the helpers select rows, read the period,
turn column names into axis labels with units, and format legend values.
matplotlib and seaborn are imported inside functions only.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError

#: ``cluster`` ids of the two extra rows of a cluster profile.
NON_CLUSTER_IDS = ("total", "other")

MEASURE_NAMES = {
    "employment": "Employment",
    "establishments": "Establishments",
    "tax": "Trade tax",
}
MEASURE_UNITS = {
    "employment": "employees",
    "establishments": "establishments",
    "tax": "€",
}
#: Colour of reference lines and notes (not part of the cluster palette).
REFERENCE_COLOUR = "0.45"


def require_columns(table: pd.DataFrame, columns, func: str) -> None:
    """Raise :class:`DataError` naming every column ``func`` needs but lacks."""
    missing = [c for c in dict.fromkeys(columns) if c not in table.columns]
    if missing:
        raise DataError(
            [f"{func}() needs column {c!r}, which the table lacks" for c in missing]
        )


def new_axes(ax=None, figsize=(8, 6)):
    """Return ``ax`` or the Axes of a new constrained-layout figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def cluster_palette(n: int) -> list:
    """``n`` colours from seaborn's ``"colorblind"`` palette, grey left out.

    Grey is reserved for reference lines; beyond 9 clusters colours repeat.
    """
    import seaborn as sns

    colours = [c for c in sns.color_palette("colorblind", 10).as_hex() if c != "#949494"]
    return [colours[i % len(colours)] for i in range(n)]


def cluster_rows(profile: pd.DataFrame, *, cluster: str = "cluster",
                 include_other: bool = False) -> pd.DataFrame:
    """Rows of real clusters, in profile order (``total`` always dropped)."""
    if cluster not in profile.columns:
        return profile
    drop = ["total"] if include_other else list(NON_CLUSTER_IDS)
    return profile[~profile[cluster].isin(drop)]


def total_row(profile: pd.DataFrame, *, cluster: str = "cluster"):
    """The ``cluster == "total"`` row as a Series, or None if there is none."""
    if cluster not in profile.columns:
        return None
    rows = profile[profile[cluster] == "total"]
    return rows.iloc[0] if len(rows) else None


def period(profile: pd.DataFrame, start: str = "start_year",
           end: str = "end_year") -> tuple[int | None, int | None]:
    """The single (start_year, end_year) of a profile; None where absent."""
    years = []
    for col in (start, end):
        if col not in profile.columns:
            years.append(None)
            continue
        values = pd.unique(profile[col].dropna())
        if len(values) > 1:
            raise DataError(f"the profile mixes several {col} values: {sorted(values)}")
        years.append(int(values[0]) if len(values) else None)
    return years[0], years[1]


def _span(start, end) -> str:
    if start is None or end is None:
        return ""
    return f" {start}–{end}"


def _year(y) -> str:
    return "" if y is None else f" {y}"


def describe_column(column: str, start=None, end=None) -> tuple[str, float]:
    """Axis label (with unit and period) and display factor for a profile column.

    Fractions (shares, contribution, tax-share change) are shown ×100.

    >>> describe_column("employment_growth_pct", 2015, 2020)
    ('Employment growth 2015–2020, %', 1.0)
    >>> describe_column("tax_share", 2015, 2020)
    ('Trade tax share of the local economy 2020, %', 100.0)
    """
    measure, _, suffix = column.partition("_")
    name = MEASURE_NAMES.get(measure)
    unit = MEASURE_UNITS.get(measure, "")
    span, y0, y1 = _span(start, end), _year(start), _year(end)
    if name is not None:
        table = {
            "growth_pct": (f"{name} growth{span}, %", 1.0),
            "cagr_pct": (f"{name} growth per year (CAGR){span}, %", 1.0),
            "share": (f"{name} share of the local economy{y1}, %", 100.0),
            "change": (f"{name} change{span}, {unit}", 1.0),
            "start": (f"{name}{y0}, {unit}", 1.0),
            "end": (f"{name}{y1}, {unit}", 1.0),
            "contribution": (f"Contribution to employment growth{span}, %", 100.0),
            "contribution_pp": (f"Contribution to employment growth{span}, "
                                "percentage points", 1.0),
            "index": (f"{name} index{y1} ({start} = 100)", 1.0),
            "share_change": (f"Change in trade-tax share{span}, percentage points", 100.0),
            "per_employee": (f"Trade tax per employee{y1}, €", 1.0),
            "per_establishment": (f"Trade tax per establishment{y1}, €", 1.0),
            "intensity": (f"Trade-tax intensity{y1} (tax share ÷ employment share)", 1.0),
        }
        if suffix in table:
            return table[suffix]
    lq = {
        "lq": (f"Employment location quotient{y1} (1 = reference)", 1.0),
        "lq_start": (f"Employment location quotient{y0} (1 = reference)", 1.0),
        "lq_change": (f"Change in employment location quotient{span}", 1.0),
    }
    return lq.get(column, (column, 1.0))


def nice_values(vmax: float, n: int = 3) -> list[float]:
    """Up to ``n`` distinct round values (1-2-5 series) at or below ``vmax``.

    >>> nice_values(23_400)
    [1000.0, 5000.0, 20000.0]
    """
    if not np.isfinite(vmax) or vmax <= 0:
        return []
    out: list[float] = []
    target = vmax
    for _ in range(n):
        exp = math.floor(math.log10(target))
        mant = target / 10**exp
        step = 5 if mant >= 5 else 2 if mant >= 2 else 1
        value = float(step * 10**exp)
        if not out or value < out[-1]:
            out.append(value)
        target = value / 4
    return sorted(out)


def format_amount(value: float, measure: str) -> str:
    """A legend text in real units: ``"10,000 employees"``, ``"€50m"``.

    >>> format_amount(2_500_000, "tax"), format_amount(500, "establishments")
    ('€2.5m', '500 establishments')
    """
    if measure == "tax":
        if abs(value) >= 1e6:
            return f"€{value / 1e6:,.3g}m"
        if abs(value) >= 1e3:
            return f"€{value / 1e3:,.3g}k"
        return f"€{value:,.0f}"
    unit = MEASURE_UNITS.get(measure, "")
    return f"{value:,.0f} {unit}".strip()


def wrap(text, width: int = 22) -> str:
    """Wrap a (German, often long) cluster label onto several lines."""
    lines = textwrap.wrap(str(text), width, break_long_words=False)
    return "\n".join(lines) or str(text)


def add_note(ax, labels, *, x: float = 0.99, y: float = 0.01, ha: str = "right"):
    """Write ``"n/a: <labels>"`` into the axes for rows that were left out."""
    if not len(labels):
        return None
    return ax.text(x, y, "n/a: " + ", ".join(map(str, labels)), transform=ax.transAxes,
                   ha=ha, va="bottom", fontsize="small", color=REFERENCE_COLOUR,
                   gid="na-note", wrap=True)
