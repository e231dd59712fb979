"""Portfolio chart: location quotient against its change (or growth)."""

from __future__ import annotations

import numpy as np

from clusteranalysis.i18n import N_, gettext_for

from ._bubble import draw_bubbles, place_labels
from ._common import (
    REFERENCE_COLOUR, add_note, cluster_rows, describe_column, locale_ticks, new_axes,
    period, require_columns,
)
from ._sizes import add_size_legend, as_size_norm, size_column, size_legend_title

#: (x, y, horizontal alignment, vertical alignment, name, meaning) per quadrant.
QUADRANTS = (
    (0.98, 0.98, "right", "top", N_("Star"), N_("LQ > 1, rising")),
    (0.02, 0.98, "left", "top", N_("Mature"), N_("LQ > 1, falling")),
    (0.98, 0.02, "right", "bottom", N_("Emerging"), N_("LQ < 1, rising")),
    (0.02, 0.02, "left", "bottom", N_("Transforming"), N_("LQ < 1, falling")),
)


def _symmetric_limits(values, centre, floor=None):
    """Limits centred on ``centre`` so each quadrant owns one axes corner."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    half = float(np.max(np.abs(values - centre))) * 1.3 if len(values) else 0.0
    half = half if half > 0 else 1.0
    low = centre - half if floor is None else max(centre - half, floor)
    return low, centre + half


def portfolio_chart(profile, *, x="lq_change", y="lq", size="employment_end",
                    label="label", size_norm=None, max_bubble_area=2000,
                    label_top=None, quadrant_labels=True, title=None, ax=None,
                    language="en"):
    """Cluster portfolio: employment LQ (y) against its change or growth (x).

    Parameters
    ----------
    profile : DataFrame
        A cluster profile (docs/conventions.md); ``total``/``other`` rows are
        not drawn.
    x : str
        ``"lq_change"`` (default) or any profile column such as
        ``"employment_growth_pct"``; values > 0 count as "rising".
    y : str
        The location quotient column; the horizontal reference is LQ = 1.
    size : str
        Column (or measure, meaning its ``_end`` column) the bubble areas are
        proportional to.
    label : str
        Column with the cluster names.
    size_norm : SizeNorm, (vmin, vmax) or None
        Shared size scaling for a batch (see :func:`size_norm_for`).
    max_bubble_area : float
        Marker area (points²) for a value of ``vmax``.
    label_top : int, optional
        Label only the largest ``label_top`` bubbles (default: all).
    quadrant_labels : bool
        Name the quadrants Star (LQ > 1, rising), Mature (LQ > 1, falling),
        Emerging (LQ < 1, rising) and Transforming (LQ < 1, falling) in the
        axes corners. The axes are centred on x = 0 and LQ = 1 so that each
        quadrant owns its corner.
    title : str, optional
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    language : str, default "en"
        Language of the axis labels, quadrant names, legend, notes and numbers.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Clusters with a missing x or y are left out and named in an ``"n/a: ..."``
    note under the x-axis label.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> profile = pd.DataFrame({
    ...     "cluster": ["auto", "logistics", "total"],
    ...     "label": ["Automotive", "Logistics", "Total economy"],
    ...     "start_year": 2015, "end_year": 2020,
    ...     "lq": [1.4, 0.8, 1.0], "lq_change": [0.2, -0.1, 0.0],
    ...     "employment_end": [12000.0, 8000.0, 350000.0]})
    >>> ax = portfolio_chart(profile)
    >>> ax.get_ylabel()
    'Employment location quotient 2020 (1 = reference)'
    >>> sorted(t.get_text().split()[0] for t in ax.texts if t.get_gid() == "quadrant")
    ['Emerging', 'Mature', 'Star', 'Transforming']
    """
    size_col, measure = size_column(size)
    require_columns(profile, ["cluster", x, y, size_col], "portfolio_chart")
    start, end = period(profile)
    _ = gettext_for(language)
    xlabel, xfactor = describe_column(x, start, end, language)
    ylabel, yfactor = describe_column(y, start, end, language)
    rows = cluster_rows(profile)
    rows = rows.assign(**{x: rows[x] * xfactor, y: rows[y] * yfactor})
    norm = as_size_norm(size_norm, rows[size_col])
    ax = new_axes(ax, figsize=(9, 6.5))

    scatter, texts, xs, ys, omitted, hollow = draw_bubbles(
        ax, rows, x=x, y=y, size_col=size_col, label=label, norm=norm,
        max_area=max_bubble_area, label_top=label_top)
    line_style = {"ls": "--", "lw": 1, "color": REFERENCE_COLOUR, "zorder": 1.8}
    ax.axhline(1.0, gid="reference-y", **line_style)
    ax.axvline(0.0, gid="reference-x", **line_style)
    ax.set_xlim(*_symmetric_limits(xs, 0.0))
    ax.set_ylim(*_symmetric_limits(ys, 1.0, floor=0.0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    corners = []
    if quadrant_labels:
        for qx, qy, ha, va, name, meaning in QUADRANTS:
            corners.append(ax.text(
                qx, qy, f"{_(name)}\n({_(meaning)})",
                transform=ax.transAxes, ha=ha, va=va,
                ma=ha, fontsize="small", color=REFERENCE_COLOUR, fontweight="bold",
                gid="quadrant", zorder=0))
    if title:
        ax.set_title(title)
    locale_ticks(ax, language)
    add_size_legend(ax, norm, measure, max_bubble_area, language=language,
                    title=size_legend_title(size_col, start, end, language))
    note = add_note(ax, omitted + [_("{label} (size unknown)").format(label=h)
                                   for h in hollow], language=language)
    place_labels(ax, texts, xs, ys, scatter, avoid=[*corners, note])
    return ax
