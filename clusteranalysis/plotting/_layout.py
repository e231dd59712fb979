"""Text layout of drawn charts: which texts overlap, which leave the figure.

Used in two places: the bubble and portfolio charts call
:func:`overlapping_pairs` to run label placement (adjustText) only where labels
really collide, and :func:`layout_problems` lets tests (and report builders)
check any finished figure — texts must not overlap each other or bars, and must
stay inside the figure; texts written into an axes must stay inside it.

Boxes are display-space extents ``(x0, y0, x1, y1)`` in pixels, taken after
the figure has been drawn (``fig.canvas.draw()`` or ``draw_without_rendering``).
"""

from __future__ import annotations

import weakref

import numpy as np

#: Two boxes overlap when they share more than this many pixels in x and in y.
TOLERANCE = 0.5


def boxes_of(artists, renderer) -> np.ndarray:
    """``(n, 4)`` array of the window extents of *artists*."""
    out = [a.get_window_extent(renderer).extents for a in artists]
    return np.asarray(out, dtype=float).reshape(-1, 4)


def overlapping_pairs(boxes, others=None, tol: float = TOLERANCE) -> list[tuple[int, int]]:
    """Index pairs of overlapping boxes (vectorised).

    With *others*, pairs ``(i, j)`` of ``boxes[i]`` overlapping ``others[j]``;
    without, pairs ``i < j`` within *boxes*.

    >>> overlapping_pairs([[0, 0, 10, 10], [5, 5, 15, 15], [20, 0, 30, 10]])
    [(0, 1)]
    """
    a = np.asarray(boxes, dtype=float).reshape(-1, 4)
    b = a if others is None else np.asarray(others, dtype=float).reshape(-1, 4)
    if not len(a) or not len(b):
        return []
    dx = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    dy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    hit = (dx > tol) & (dy > tol)
    if others is None:
        hit = np.triu(hit, k=1)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(hit))]


def outside(boxes, container, tol: float = TOLERANCE) -> np.ndarray:
    """Boolean mask of *boxes* that stick out of the *container* box."""
    a = np.asarray(boxes, dtype=float).reshape(-1, 4)
    x0, y0, x1, y1 = np.asarray(container, dtype=float)
    return ((a[:, 0] < x0 - tol) | (a[:, 1] < y0 - tol)
            | (a[:, 2] > x1 + tol) | (a[:, 3] > y1 + tol))


def _tick_labels(axis):
    """The tick labels the axis really draws (ticks inside the view interval)."""
    lo, hi = sorted(axis.get_view_interval())
    span = (hi - lo) or 1.0
    out = []
    for tick in axis.get_major_ticks():
        loc = tick.get_loc()
        if loc is None or not (lo - 1e-9 * span <= loc <= hi + 1e-9 * span):
            continue
        for label in (tick.label1, tick.label2):
            if label.get_visible() and label.get_text():
                out.append(label)
    return out


def figure_texts(fig) -> list[tuple[object, object]]:
    """Every visible, non-empty text of *fig* as ``(text, axes or None)``.

    The axes is given for texts written into the plot area (``ax.texts``:
    labels, notes, value labels) and None for texts around it (ticks, axis
    labels, titles, legends).
    """
    texts = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        # captions (gid "caption": licence notices under a map) belong below the axes
        texts += [(t, None if t.get_gid() == "caption" else ax) for t in ax.texts]
        around = [ax.title, ax._left_title, ax._right_title]
        if ax.axison:  # an axes drawn without axis (maps, spare panels) draws no ticks
            around += [ax.xaxis.label, ax.yaxis.label, *_tick_labels(ax.xaxis),
                       *_tick_labels(ax.yaxis)]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            around += [legend.get_title(), *legend.get_texts()]
        texts += [(t, None) for t in around]
    texts += [(t, None) for t in fig.texts]
    for legend in fig.legends:
        texts += [(t, None) for t in (legend.get_title(), *legend.get_texts())]
    return [(t, ax) for t, ax in texts if t.get_visible() and t.get_text().strip()]


def layout_problems(fig) -> list[str]:
    """What is wrong with the text layout of a finished figure (empty if nothing).

    Draws the figure, then checks that no two texts overlap, that no text
    written into an axes overlaps a bar (patches of the axes' bar containers)
    or leaves the axes, and that every text lies inside the figure.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.text(0.5, 0.5, "one", transform=ax.transAxes)
    >>> _ = ax.text(0.5, 0.5, "two", transform=ax.transAxes)
    >>> layout_problems(fig)
    ["'one' overlaps 'two'"]
    >>> plt.close(fig)
    """
    if not hasattr(fig.canvas, "get_renderer"):  # e.g. a figure closed by pyplot
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    items = figure_texts(fig)
    texts = [t for t, _ in items]
    boxes = boxes_of(texts, renderer)
    problems = [f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}"
                for i, j in overlapping_pairs(boxes)]
    problems += [f"{t.get_text()!r} leaves the figure"
                 for t, out in zip(texts, outside(boxes, fig.bbox.extents)) if out]
    for ax in fig.axes:
        inside = [k for k, (_, owner) in enumerate(items) if owner is ax]
        if not inside:
            continue
        problems += [f"{texts[inside[k]].get_text()!r} leaves the plot area"
                     for k in np.flatnonzero(outside(boxes[inside], ax.bbox.extents))]
        bars = [p for c in ax.containers for p in getattr(c, "patches", [])]
        if bars:
            bar_boxes = boxes_of(bars, renderer)
            problems += [f"{texts[inside[i]].get_text()!r} overlaps a bar"
                         for i, _j in overlapping_pairs(boxes[inside], bar_boxes)]
    return list(dict.fromkeys(problems))


def _first_guess(ax, texts, axis: str) -> None:
    """Widen the limits by the labels' estimated size before any layout pass.

    A label of *n* characters in font size *s* is about ``0.62 n s`` points
    wide and ``1.25 s`` high (per line); the axes are assumed to take 65 % of
    the figure. The measured pass in :func:`fit_texts` corrects what is off.
    """
    fig_pts = 72 * (ax.figure.get_figwidth() if axis == "x" else ax.figure.get_figheight())
    length = 0.65 * fig_pts
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    new_lo, new_hi = lo, hi
    for t in texts:
        size, lines = t.get_fontsize(), t.get_text().split("\n")
        along = 0.62 * size * max(map(len, lines))
        across = 1.25 * size * len(lines)
        upright = abs(t.get_rotation() - 90) < 1
        extent = (along if (axis == "x") != upright else across) + 6  # + padding
        k = min(extent / length, 0.6)
        x, y = getattr(t, "xy", t.get_position())
        v = x if axis == "x" else y
        if v >= 0:
            new_hi = max(new_hi, (v - k * new_lo) / (1 - k))
        else:
            new_lo = min(new_lo, (v - k * new_hi) / (1 - k))
    if (new_lo, new_hi) != (lo, hi):
        (ax.set_xlim if axis == "x" else ax.set_ylim)(new_lo, new_hi)


def lay_out(figure):
    """Apply the figure's layout (constrained or tight) without drawing it; return a renderer.

    Enough to measure texts in pixels: the axes take their final places and
    the texts' extents follow. A full ``draw_without_rendering`` would also
    walk every artist, which costs as much again; the figure's real draw lays
    it out once more anyway.
    """
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    _SETTLED.discard(figure)
    return figure.canvas.get_renderer()


_SETTLED = weakref.WeakSet()


def settle(figure) -> None:
    """Note that *figure* is finished and its last :func:`lay_out` is its final layout.

    Called by a chart function's last step (label placement, value-label
    fitting) when nothing it did since its last measurement moves the axes.
    Only the report's drawing step uses the note (:func:`settled`), to keep
    that layout instead of running it again; a figure returned to a user
    keeps its layout engine and is laid out anew on every draw.
    """
    _SETTLED.add(figure)


def settled(figure) -> bool:
    """Whether :func:`settle` was the last word on *figure*'s layout."""
    return figure in _SETTLED


def fit_texts(ax, texts, *, axis: str = "y", rounds: int = 2) -> None:
    """Widen the data limits of *axis* until every text of *texts* lies inside the axes.

    For value labels at bar ends: the figure is laid out, the part of each
    label that sticks out is measured and the limits grow by that much (in
    data units); a second round absorbs the change of layout that causes.
    """
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    if not texts:
        return
    _first_guess(ax, texts, axis)  # usually enough: then one layout pass measures it
    figure = ax.figure
    for _round in range(rounds):
        renderer = lay_out(figure)
        boxes = boxes_of(texts, renderer)
        x0, y0, x1, y1 = ax.bbox.extents
        k = 0 if axis == "x" else 1
        lo_px, hi_px = (x0, x1) if axis == "x" else (y0, y1)
        below = max(0.0, lo_px - boxes[:, k].min() + 2)
        above = max(0.0, boxes[:, k + 2].max() - hi_px + 2)
        if below <= 0.5 and above <= 0.5:
            settle(figure)  # measured on the current layout: it is final
            return
        lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
        per_px = (hi - lo) / max(hi_px - lo_px, 1.0)
        # the labels move with the data when the limits change: scale the gap
        room = max(hi_px - lo_px - below - above, 0.25 * (hi_px - lo_px))
        scale = (hi_px - lo_px) / room
        new = (lo - below * per_px * scale, hi + above * per_px * scale)
        (ax.set_xlim if axis == "x" else ax.set_ylim)(*new)
