"""Relatedness chart: one region's industries (or clusters) by relatedness
density against LQ or complexity."""

from __future__ import annotations

import numpy as np

from ._bubble import place_labels
from ._common import (
    REFERENCE_COLOUR, add_note, locale_ticks, new_axes, require_columns, wrap,
)
from ._sizes import MISSING_SIZE_AREA, add_size_legend, as_size_norm

#: y columns with their reference line (LQ = 1, standardised complexity = 0).
Y_REFERENCE = {"rca": 1.0, "lq": 1.0, "pci": 0.0, "cog": 0.0}


def _axis_texts(_, y: str, by: str):
    """Translated axis labels (catalog keys are the English strings)."""
    xlabel = _("Relatedness density (share of related activities present, 0–1)")
    ylabel = {"rca": _("Location quotient (1 = reference)"),
              "lq": _("Location quotient (1 = reference)"),
              "pci": _("Complexity (PCI, standardised; 0 = average)"),
              "cog": _("Complexity outlook gain (COG)")}.get(y, y)
    return xlabel, ylabel


def relatedness_chart(table, *, region=None, x: str = "density", y: str = "rca",
                      size: str = "employment", by: str = "industry",
                      label: str | None = None, region_column: str = "region",
                      specialised: str = "specialised", size_norm=None,
                      max_bubble_area: float = 2000, label_top: int | None = 10,
                      title: str | None = None, language: str = "en", ax=None):
    """Where a region could grow: relatedness density (x) against LQ or complexity (y).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`clusteranalysis.relatedness.relatedness_density` or
        :func:`~clusteranalysis.relatedness.complexity` (industries, or
        clusters when computed on a cluster table with ``industry="cluster"``).
    region : str, optional
        Draw this region's rows (default: the table holds one region).
    x, y : str
        Columns on the axes: density (0–1) and ``"rca"``/``"lq"`` (dashed
        line at 1) or ``"pci"``/``"cog"`` (dashed line at 0).
    size : str
        Column the bubble areas are proportional to (the region's
        employment); the Leipzig bubble-chart conventions: area ∝ value, one
        :class:`~clusteranalysis.plotting.SizeNorm` per batch, a size legend.
    by : str
        Column with the industry (or cluster) codes.
    label : str, optional
        Column with the names written at the bubbles (default: ``by``).
    region_column, specialised : str
        Columns with the region code and the specialisation flag: specialised
        activities (RCA ≥ 1) are filled, the others drawn as rings, so the
        "opportunities" (high density, not yet specialised) stand out.
    size_norm : SizeNorm, (vmin, vmax) or None
        Shared size scaling (see :func:`size_norm_for`).
    max_bubble_area : float
        Marker area (points²) of a value of ``vmax``.
    label_top : int or None
        Label the largest ``label_top`` bubbles (None: all).
    title : str, optional
    language : str
        Language of the axis and legend texts (gettext catalog).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The vertical dashed line is the region's mean density over the drawn
    activities. Activities with a missing x or y are left out and named in
    an ``"n/a: ..."`` note; a missing or zero size is drawn as a small
    hollow marker (an activity the region does not have yet).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"industry": ["a", "b", "c"], "density": [0.2, 0.5, 0.7],
    ...                   "rca": [1.4, 0.6, 0.0], "specialised": [True, False, False],
    ...                   "employment": [500.0, 300.0, 0.0]})
    >>> ax = relatedness_chart(t)
    >>> len(ax.collections[0].get_offsets()), ax.get_ylabel()
    (3, 'Location quotient (1 = reference)')
    """
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D

    from clusteranalysis.i18n import gettext_for

    _ = gettext_for(language)
    require_columns(table, [by, x, y, size], "relatedness_chart")
    rows = table
    if region is not None:
        require_columns(table, [region_column], "relatedness_chart")
        rows = table[(table[region_column] == region).fillna(False).to_numpy(bool)]
    label = label if label is not None and label in rows.columns else by
    names = rows[label].astype(str).to_numpy()
    xs = rows[x].to_numpy(dtype=float, na_value=np.nan)
    ys = rows[y].to_numpy(dtype=float, na_value=np.nan)
    sizes = rows[size].to_numpy(dtype=float, na_value=np.nan)
    spec = (rows[specialised].fillna(False).to_numpy(bool) if specialised in rows.columns
            else np.zeros(len(rows), dtype=bool))
    ok = np.isfinite(xs) & np.isfinite(ys)
    norm = as_size_norm(size_norm, sizes[ok])
    areas = norm.areas(sizes, max_bubble_area)
    no_size = ~np.isfinite(areas)
    areas[no_size] = MISSING_SIZE_AREA
    ax = new_axes(ax, figsize=(9, 6.5))

    colour = "#0173b2"
    idx = np.flatnonzero(ok)
    idx = idx[np.argsort(-areas[idx], kind="stable")]  # large first, small on top
    faces = [to_rgba(colour, 0.6) if spec[i] and not no_size[i] else (0, 0, 0, 0)
             for i in idx]
    scatter = ax.scatter(xs[idx], ys[idx], s=areas[idx], c=faces,
                         edgecolors=to_rgba(colour, 0.9), linewidths=1.1, zorder=3,
                         gid="bubbles")
    style = {"ls": "--", "lw": 1, "color": REFERENCE_COLOUR, "zorder": 1.8}
    if y in Y_REFERENCE:
        ax.axhline(Y_REFERENCE[y], gid="reference-y", **style)
    if ok.any():
        ax.axvline(float(np.mean(xs[ok])), gid="reference-x", **style)
    shown = idx
    if label_top is not None:
        by_size = np.argsort(-np.nan_to_num(sizes[idx], nan=-np.inf), kind="stable")
        shown = np.sort(idx[by_size[: int(label_top)]])
    texts = [ax.text(xs[i], ys[i], wrap(names[i]), ha="center", va="center",
                     fontsize="small", zorder=4, gid="activity-label") for i in shown]
    xlabel, ylabel = _axis_texts(_, y, by)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(0.12)
    if title:
        ax.set_title(title)
    kinds = ax.legend(
        [Line2D([], [], ls="", marker="o", markersize=9, markerfacecolor=colour,
                markeredgecolor=colour),
         Line2D([], [], ls="", marker="o", markersize=9, markerfacecolor="none",
                markeredgecolor=colour)],
        [_("Specialised (LQ ≥ 1)"), _("Not specialised: an opportunity")],
        loc="upper left", bbox_to_anchor=(1.02, 0.35), frameon=False, fontsize="small")
    kinds.set_gid("kind-legend")
    ax.add_artist(kinds)
    locale_ticks(ax, language)
    add_size_legend(ax, norm, size.partition("_")[0], max_bubble_area, language=language,
                    title=_("Employment") if size.startswith("employment") else size)
    add_note(ax, list(names[~ok]), language=language)
    place_labels(ax, texts, xs[shown], ys[shown], scatter)
    return ax
