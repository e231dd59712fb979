"""Bubble sizes: one shared norm per batch and a size legend in real units.

A scatter size is an *area* (points²). Bubble areas here are proportional to
the value: ``area = max_area * value / vmax``, so a cluster with twice the
employment gets twice the ink, and two charts drawn with the same
:class:`SizeNorm` give equal values equal bubbles.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ._common import (
    MEASURE_NAMES, cluster_rows, describe_column, format_amount, nice_values,
)

#: Area (points²) of the hollow marker drawn when a bubble's size is unknown.
MISSING_SIZE_AREA = 25.0


class SizeNorm(NamedTuple):
    """Value range that bubble areas are scaled to; a ``(vmin, vmax)`` tuple.

    Areas are ``max_area * value / vmax`` (zero at zero, so proportional);
    ``vmin`` records the smallest value of the batch and is informative only.
    """

    vmin: float
    vmax: float

    def areas(self, values, max_area: float) -> np.ndarray:
        """Marker areas (points²) for ``values``; NaN where value is NaN or ≤ 0."""
        values = np.asarray(values, dtype=float)
        with np.errstate(invalid="ignore"):
            out = max_area * values / self.vmax
            out[~(values > 0)] = np.nan
        return out

    def legend_values(self, n: int = 3) -> list[float]:
        """Round values for a size legend, at most ``vmax``."""
        return nice_values(self.vmax, n)


def size_column(size: str) -> tuple[str, str]:
    """Column and measure for ``size``: ``"employment"`` → ``employment_end``."""
    if size in MEASURE_NAMES:
        return f"{size}_end", size
    return size, size.partition("_")[0]


def size_legend_title(size_col: str, start=None, end=None, language: str = "en") -> str:
    """Legend title for a size column: ``employment_end`` → ``"Employment 2020"``."""
    return describe_column(size_col, start, end, language)[0].split(", ")[0]


def as_size_norm(size_norm, values) -> SizeNorm:
    """Turn ``None``, a number (vmax), a ``(vmin, vmax)`` pair or a SizeNorm
    into a :class:`SizeNorm`; ``None`` uses the range of ``values``."""
    if size_norm is None:
        values = np.asarray(values, dtype=float)
        positive = values[values > 0]
        if not len(positive):
            return SizeNorm(1.0, 1.0)
        return SizeNorm(float(positive.min()), float(positive.max()))
    if np.isscalar(size_norm):
        size_norm = (0.0, size_norm)
    vmin, vmax = (float(v) for v in size_norm)
    if not (np.isfinite(vmax) and vmax > 0):
        raise ValueError(f"size_norm needs a positive, finite vmax, got {vmax!r}")
    return SizeNorm(vmin, vmax)


def size_norm_for(profiles, size: str = "establishments") -> SizeNorm:
    """The shared bubble-size norm for a batch of cluster profiles.

    Parameters
    ----------
    profiles : DataFrame or iterable of DataFrame
        Cluster profiles (see docs/conventions.md), e.g. one per city.
    size : str
        ``"establishments"``, ``"employment"`` or ``"tax"`` (the end-year
        column ``{size}_end`` is used) or a column name.

    Returns
    -------
    SizeNorm
        ``(vmin, vmax)`` over the cluster rows (``total`` and ``other``
        excluded) of all profiles; pass it as ``size_norm=`` to every chart.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"cluster": ["x", "total"], "employment_end": [900.0, 9e5]})
    >>> b = pd.DataFrame({"cluster": ["y", "other"], "employment_end": [4000.0, 1e5]})
    >>> size_norm_for([a, b], "employment")
    SizeNorm(vmin=900.0, vmax=4000.0)
    """
    if isinstance(profiles, pd.DataFrame):
        profiles = [profiles]
    column, _ = size_column(size)
    values = [cluster_rows(p)[column].to_numpy(dtype=float) for p in profiles]
    return as_size_norm(None, np.concatenate(values) if values else [])


def add_size_legend(ax, norm: SizeNorm, measure: str, max_area: float, *, title: str,
                    language: str = "en"):
    """Legend of 3 round values drawn as grey circles with the chart's areas."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    values = norm.legend_values()
    areas = norm.areas(values, max_area)
    handles = [
        Line2D([], [], linestyle="", marker="o", markersize=float(np.sqrt(a)),
               markerfacecolor="0.85", markeredgecolor="0.35")
        for a in areas
    ]
    texts = [format_amount(v, measure, language) for v in values]
    # Markers larger than the text need room: handle length and row spacing
    # are in font-size units.
    fontsize = FontProperties(size="small").get_size_in_points()
    diameter = float(np.sqrt(np.nanmax(areas))) / fontsize if len(values) else 1.0
    legend = ax.legend(handles, texts, title=title, loc="upper left",
                       bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize="small",
                       labelspacing=max(1.0, 0.8 * diameter), borderpad=1.0,
                       handlelength=max(2.0, diameter), handletextpad=1.0)
    legend.set_gid("size-legend")
    return legend
