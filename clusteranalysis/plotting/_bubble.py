"""The growth bubble chart of the Leipzig cluster reports."""

from __future__ import annotations

import numpy as np

from clusteranalysis.i18n import Formatter, gettext_for

from ._common import (
    REFERENCE_COLOUR, add_note, cluster_palette, cluster_rows, describe_column, is_percent,
    locale_ticks, new_axes, period, require_columns, total_row, wrap,
)
from ._layout import boxes_of, lay_out, outside, overlapping_pairs, settle
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


def _collisions(ax, texts, avoid, renderer) -> bool:
    """True when a label overlaps another label or an *avoid* text, or leaves the axes."""
    labels = boxes_of(texts, renderer)
    return bool(overlapping_pairs(labels)
                or overlapping_pairs(labels, boxes_of(avoid, renderer))
                or outside(labels, ax.bbox.extents).any())


def _leader(ax, text, anchor, renderer) -> None:
    """A thin grey line from the bubble centre *anchor* (data) to the moved label's box."""
    x0, y0, x1, y1 = text.get_window_extent(renderer).extents
    px, py = ax.transData.transform(anchor)
    ex, ey = min(max(px, x0), x1), min(max(py, y0), y1)  # nearest point of the box
    if (ex - px) ** 2 + (ey - py) ** 2 < 36:  # the label still sits on its bubble
        return
    (dx, dy), (ax_, ay) = ax.transData.inverted().transform([(ex, ey), (px, py)])
    ax.plot([ax_, dx], [ay, dy], color=REFERENCE_COLOUR, lw=0.6, zorder=3.5,
            gid="label-leader")


def _nudge(ax, texts, anchors, avoid, renderer) -> bool:
    """Move each colliding label to the nearest free spot on rings around its bubble.

    Candidates are tested against all other label and *avoid* boxes at once
    (vectorised). Returns True when every label ended up free.
    """
    frame = ax.bbox.extents
    static = boxes_of(avoid, renderer)
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    ok = True
    for k, text in enumerate(texts):
        box = text.get_window_extent(renderer).extents
        others = np.vstack([static, boxes_of(texts[:k] + texts[k + 1:], renderer)])
        if not (overlapping_pairs([box], others) or outside([box], frame).any()):
            continue
        w, h = box[2] - box[0], box[3] - box[1]
        cx, cy = ax.transData.transform(anchors[k])
        for radius in (0.7, 1.0, 1.4, 2.0, 2.8, 4.0):
            shifts = np.column_stack([np.cos(angles) * w * radius,
                                      np.sin(angles) * h * radius * 1.6])
            centres = np.column_stack([cx + shifts[:, 0], cy + shifts[:, 1]])
            cands = np.hstack([centres - (w / 2, h / 2), centres + (w / 2, h / 2)])
            blocked = outside(cands, frame)
            blocked[[i for i, _j in overlapping_pairs(cands, others)]] = True
            if not blocked.all():
                best = int(np.argmin(blocked))
                text.set_position(ax.transData.inverted().transform(centres[best]))
                text.set(ha="center", va="center")
                break
        else:
            ok = False
    return ok


def place_labels(ax, texts, xs, ys, scatter, avoid=()):
    """Move labels off each other, the ``avoid`` texts and the plot edge — only if needed.

    The labels start centred on their bubbles. The figure is laid out once and
    the label boxes are measured; only a label that overlaps another label or
    an *avoid* text, or sticks out of the axes, is moved: to the nearest free
    spot around its bubble (with a thin leader line), and where no spot is
    free, adjustText rearranges all labels. Must be called last, once the
    layout is final.
    """
    if not texts:
        return
    renderer = lay_out(ax.figure)  # apply the final layout before measuring
    avoid = [t for t in avoid if t is not None]
    for text in texts:  # kept inside the axes: they never move the axes
        text.set_in_layout(False)
    settle(ax.figure)
    if not _collisions(ax, texts, avoid, renderer):
        return
    anchors = [t.get_position() for t in texts]
    if not _nudge(ax, texts, anchors, avoid, renderer):
        from adjustText import adjust_text, get_bboxes_pathcollection

        to_data = ax.transData.inverted()
        boxes = list(get_bboxes_pathcollection(scatter, ax))
        boxes += [t.get_window_extent(renderer).transformed(to_data) for t in avoid]
        # A fixed iteration budget (not adjustText's default 1 s time limit) keeps the
        # placement reproducible from machine to machine.
        adjust_text(texts, x=xs, y=ys, objects=boxes, ax=ax, expand=(1.1, 1.3),
                    iter_lim=200,
                    arrowprops={"arrowstyle": "-", "color": REFERENCE_COLOUR, "lw": 0.6})
        _nudge(ax, texts, anchors, avoid, renderer)
        return
    for text, anchor in zip(texts, anchors):
        _leader(ax, text, anchor, renderer)


def reference_lines(ax, total, x, y, *, language="en"):
    """Dashed grey lines at the total economy's x and y, labelled on the axes.

    Returns the label Text objects (for the labels to avoid).
    """
    if total is None:
        return []
    _ = gettext_for(language)
    fmt = Formatter(language)
    style = {"ls": "--", "lw": 1, "color": REFERENCE_COLOUR, "zorder": 1.8}
    font = {"fontsize": "x-small", "color": REFERENCE_COLOUR, "gid": "reference-label"}
    tx, ty = float(total[x]), float(total[y])

    def value(column, v):
        return fmt.percent(v, 1, signed=True) if is_percent(column) else fmt.decimal(v, 2)

    texts = []
    if np.isfinite(tx):
        ax.axvline(tx, gid="reference-x", **style)
        texts.append(ax.annotate(
            _("Total economy: {value}").format(value=value(x, tx)), (tx, 0.99),
            xytext=(-3, 0), xycoords=ax.get_xaxis_transform(), textcoords="offset points",
            rotation=90, ha="right", va="top", **font))
    if np.isfinite(ty):
        ax.axhline(ty, gid="reference-y", **style)
        texts.append(ax.annotate(
            _("Total economy: {value}").format(value=value(y, ty)), (0.99, ty),
            xytext=(0, 2), xycoords=ax.get_yaxis_transform(), textcoords="offset points",
            ha="right", va="bottom", **font))
    return texts


def bubble_chart(profile, *, size="establishments", x="employment_growth_pct",
                 y="establishments_growth_pct", label="label", size_norm=None,
                 max_bubble_area=3000, label_top=None, reference=True, title=None,
                 ax=None, language="en"):
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
    language : str, default "en"
        Language of every text of the chart (axis labels, legend, notes) and of
        the numbers on the axes; cluster names come from the ``label`` column.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Labels start centred on their bubbles and are moved (adjustText) only when
    they overlap each other, the reference-line texts or the plot edge.
    A cluster whose x or y is missing (suppressed) is left out, never drawn at
    0, and named in an ``"n/a: ..."`` note under the x-axis label. A cluster
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
    xlabel, xfactor = describe_column(x, start, end, language)
    ylabel, yfactor = describe_column(y, start, end, language)
    _ = gettext_for(language)
    profile = profile.assign(**{x: profile[x] * xfactor, y: profile[y] * yfactor})
    rows = cluster_rows(profile)
    norm = as_size_norm(size_norm, rows[size_col])
    ax = new_axes(ax, figsize=(9, 6.5))

    scatter, texts, xs, ys, omitted, hollow = draw_bubbles(
        ax, rows, x=x, y=y, size_col=size_col, label=label, norm=norm,
        max_area=max_bubble_area, label_top=label_top)
    notes = (reference_lines(ax, total_row(profile), x, y, language=language)
             if reference else [])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(0.15)
    if title:
        ax.set_title(title)
    locale_ticks(ax, language)
    add_size_legend(ax, norm, measure, max_bubble_area, language=language,
                    title=size_legend_title(size_col, start, end, language))
    note = omitted + [_("{label} (size unknown)").format(label=h) for h in hollow]
    notes.append(add_note(ax, note, language=language))
    place_labels(ax, texts, xs, ys, scatter, avoid=notes)
    return ax
