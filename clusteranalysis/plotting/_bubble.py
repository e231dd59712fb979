"""The growth bubble chart of the Leipzig cluster reports."""

from __future__ import annotations

import numpy as np

from ._common import (
    REFERENCE_COLOUR, add_note, cluster_palette, cluster_rows,
    describe_column, new_axes, period, require_columns, total_row, wrap,
)
from ._sizes import (
    MISSING_SIZE_AREA, add_size_legend, as_size_norm, size_column, size_legend_title,
)


def draw_bubbles(ax, rows, *, x, y, size_col, label, norm, max_area, label_top=None):
    """Scatter one bubble per row with finite x and y; label the largest.

    Bubbles are drawn largest first so that small ones stay visible on top.

    Returns the PathCollection, the label Text objects, the x/y of the drawn
    points and two lists of labels: rows left out (x or y missing) and rows
    drawn hollow because their size is missing.
    """
    from matplotlib.colors import to_rgba

    names = rows[label] if label in rows.columns else rows["cluster"]
    names = names.astype(str).to_numpy()
    xs = rows[x].to_numpy(dtype=float)
    ys = rows[y].to_numpy(dtype=float)
    sizes = rows[size_col].to_numpy(dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    areas = norm.areas(sizes, max_area)
    no_size = ok & ~np.isfinite(areas)
    areas[no_size] = MISSING_SIZE_AREA
    colours = cluster_palette(len(rows))
    faces = [(0, 0, 0, 0) if hollow else to_rgba(c, 0.7)
             for c, hollow in zip(colours, no_size)]
    idx = np.flatnonzero(ok)
    idx = idx[np.argsort(-areas[idx], kind="stable")]  # large first, small on top
    scatter = ax.scatter(xs[idx], ys[idx], s=areas[idx],
                         c=[faces[i] for i in idx], edgecolors=[colours[i] for i in idx],
                         linewidths=1.2, zorder=3, gid="bubbles")
    labelled = np.flatnonzero(ok)
    if label_top is not None:
        order = np.argsort(-np.nan_to_num(sizes[labelled], nan=-np.inf), kind="stable")
        labelled = labelled[np.sort(order[: int(label_top)])]
    texts = [ax.text(xs[i], ys[i], wrap(names[i]), ha="center", va="center",
                     fontsize="small", zorder=4, gid="cluster-label") for i in labelled]
    return scatter, texts, xs[idx], ys[idx], list(names[~ok]), list(names[no_size])


def place_labels(ax, texts, xs, ys, scatter, avoid=()):
    """Move labels off each other, the bubbles and the ``avoid`` texts.

    Uses adjustText and must be called last, once the layout is final.
    """
    if not texts:
        return
    from adjustText import adjust_text, get_bboxes_pathcollection

    figure = ax.figure
    figure.draw_without_rendering()  # apply the final layout before measuring
    renderer = figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    boxes = list(get_bboxes_pathcollection(scatter, ax))
    boxes += [t.get_window_extent(renderer).transformed(to_data) for t in avoid]
    # A fixed iteration budget (not adjustText's default 1 s time limit) keeps the
    # placement reproducible from machine to machine.
    adjust_text(texts, x=xs, y=ys, objects=boxes, ax=ax, expand=(1.1, 1.3), iter_lim=400,
                arrowprops={"arrowstyle": "-", "color": REFERENCE_COLOUR, "lw": 0.6})


def reference_lines(ax, total, x, y, *, text="Total economy"):
    """Dashed grey lines at the total economy's x and y, labelled on the axes.

    Returns the label Text objects (for the labels to avoid).
    """
    if total is None:
        return []
    style = {"ls": "--", "lw": 1, "color": REFERENCE_COLOUR, "zorder": 1.8}
    font = {"fontsize": "x-small", "color": REFERENCE_COLOUR, "gid": "reference-label"}
    tx, ty = float(total[x]), float(total[y])
    fx, fy = ("{:+.1f}%" if describe_column(c)[0].endswith("%") else "{:.2f}"
              for c in (x, y))
    texts = []
    if np.isfinite(tx):
        ax.axvline(tx, gid="reference-x", **style)
        texts.append(ax.annotate(
            f"{text}: {fx.format(tx)}", (tx, 0.99), xytext=(-3, 0),
            xycoords=ax.get_xaxis_transform(), textcoords="offset points",
            rotation=90, ha="right", va="top", **font))
    if np.isfinite(ty):
        ax.axhline(ty, gid="reference-y", **style)
        texts.append(ax.annotate(
            f"{text}: {fy.format(ty)}", (0.99, ty), xytext=(0, 2),
            xycoords=ax.get_yaxis_transform(), textcoords="offset points",
            ha="right", va="bottom", **font))
    return texts


def bubble_chart(profile, *, size="establishments", x="employment_growth_pct",
                 y="establishments_growth_pct", label="label", size_norm=None,
                 max_bubble_area=3000, label_top=None, reference=True, title=None,
                 ax=None):
    """Growth bubble chart: one bubble per cluster, sized by an end-year value.

    Parameters
    ----------
    profile : DataFrame
        A cluster profile (docs/conventions.md, "Cluster profile"); rows with
        ``cluster`` ``"total"``/``"other"`` are not drawn as bubbles.
    size : {"establishments", "employment", "tax"} or str
        Bubble area is proportional to ``{size}_end`` (or to the named column).
    x, y : str
        Columns on the axes; growth in percent by default.
    label : str
        Column with the text written next to each bubble.
    size_norm : SizeNorm, (vmin, vmax) or None
        Shared scaling for a batch, see :func:`size_norm_for`; None scales to
        this profile's largest cluster.
    max_bubble_area : float
        Marker area (points²) that a value of ``vmax`` gets.
    label_top : int, optional
        Label only the ``label_top`` largest bubbles (default: all).
    reference : bool
        Draw dashed grey lines at the ``total`` row's x and y values.
    title : str, optional
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A cluster whose x or y is missing (suppressed) is left out, never drawn at
    0, and named in an ``"n/a: ..."`` note in the lower right corner. A cluster
    whose size is missing or not positive (e.g. net trade-tax refunds) is drawn
    as a small hollow circle and named in the note as ``"<label> (size)"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> profile = pd.DataFrame({
    ...     "cluster": ["auto", "logistics", "other", "total"],
    ...     "label": ["Automotive", "Logistics", "Other", "Total economy"],
    ...     "start_year": 2015, "end_year": 2020,
    ...     "employment_growth_pct": [12.0, 4.0, 2.0, 3.5],
    ...     "establishments_growth_pct": [5.0, -2.0, 1.0, 1.5],
    ...     "establishments_end": [400.0, 900.0, 15000.0, 16300.0]})
    >>> ax = bubble_chart(profile)
    >>> ax.get_xlabel()
    'Employment growth 2015–2020, %'
    >>> len(ax.collections[0].get_offsets())
    2
    """
    size_col, measure = size_column(size)
    require_columns(profile, ["cluster", x, y, size_col], "bubble_chart")
    start, end = period(profile)
    xlabel, xfactor = describe_column(x, start, end)
    ylabel, yfactor = describe_column(y, start, end)
    profile = profile.assign(**{x: profile[x] * xfactor, y: profile[y] * yfactor})
    rows = cluster_rows(profile)
    norm = as_size_norm(size_norm, rows[size_col])
    ax = new_axes(ax, figsize=(9, 6.5))

    scatter, texts, xs, ys, omitted, hollow = draw_bubbles(
        ax, rows, x=x, y=y, size_col=size_col, label=label, norm=norm,
        max_area=max_bubble_area, label_top=label_top)
    notes = reference_lines(ax, total_row(profile), x, y) if reference else []
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(0.15)
    if title:
        ax.set_title(title)
    add_size_legend(ax, norm, measure, max_bubble_area,
                    title=size_legend_title(size_col, start, end))
    note = omitted + [f"{h} (size)" for h in hollow]
    add_note(ax, note)
    place_labels(ax, texts, xs, ys, scatter, avoid=notes)
    return ax
