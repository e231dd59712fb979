"""Grouped bars of each cluster's share of the local economy."""

from __future__ import annotations

import numpy as np

from clusteranalysis.i18n import Formatter, gettext_for

from ._common import (
    COLORBLIND, MEASURE_NAMES, REFERENCE_COLOUR, cluster_rows, fill, locale_ticks, new_axes,
    period, require_columns, wrap,
)
from ._layout import fit_texts


def shares_chart(profile, *, measures=("employment", "establishments", "tax"),
                 label="label", include_other=False, value_labels=False, title=None,
                 ax=None, language="en"):
    """Each cluster's share of the local economy, one bar per measure.

    Parameters
    ----------
    profile : DataFrame
        A cluster profile (docs/conventions.md) with ``{m}_share`` columns
        (fractions of the region total in the end year).
    measures : sequence of str
        Measures to show side by side, e.g. ``("employment", "tax")``.
    label : str
        Column with the cluster names written under the bars.
    include_other : bool
        Also show the ``"other"`` row (region total minus all clusters).
        The ``"total"`` row is never shown.
    value_labels : bool
        Write each share (in %, one decimal) above its bar (turned upright when
        several measures share a slot, so neighbouring labels never touch).
    title : str, optional
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    language : str, default "en"
        Language of the axis label, legend, notes and numbers.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Shares are stored as fractions and drawn as percent (×100). A missing
    (suppressed) share gets no bar, never a bar of height 0; "n/a" is written
    in its place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> profile = pd.DataFrame({
    ...     "cluster": ["auto", "logistics", "other", "total"],
    ...     "label": ["Automotive", "Logistics", "Other", "Total economy"],
    ...     "start_year": 2015, "end_year": 2020,
    ...     "employment_share": [0.05, 0.08, 0.87, 1.0],
    ...     "tax_share": [0.11, 0.04, 0.85, 1.0]})
    >>> ax = shares_chart(profile, measures=("employment", "tax"))
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [5.0, 8.0, 11.0, 4.0]
    >>> ax.get_ylabel()
    'Share of the local economy 2020, %'
    """
    measures = list(measures)
    columns = [f"{m}_share" for m in measures]
    require_columns(profile, ["cluster", *columns], "shares_chart")
    _start, end = period(profile)
    rows = cluster_rows(profile, include_other=include_other)
    names = rows[label] if label in rows.columns else rows["cluster"]
    n, m = len(rows), len(measures)
    # many clusters: upright names (narrow, never touching their neighbours), wrapped
    upright = n > 6
    ticks = [wrap(t, 30 if upright else 16) for t in names.astype(str)]
    # an upright name needs a slot as wide as its lines (0.16 in per line of small text);
    # no wider, so that the chart stays readable when a report page scales it to its width
    lines = max((t.count("\n") + 1 for t in ticks), default=1)
    slot_inches = max(0.3 + 0.15 * m, 0.16 * lines + 0.15) if upright else 1.3
    ax = new_axes(ax, figsize=(max(6.0, slot_inches * n + 2.5), 5))

    width = 0.8 / max(m, 1)
    slots = np.arange(n, dtype=float)
    _ = gettext_for(language)
    fmt = Formatter(language)
    labels = []
    for j, (measure, column) in enumerate(zip(measures, columns)):
        pos = slots + (j - (m - 1) / 2) * width
        heights = rows[column].to_numpy(dtype=float) * 100
        ok = np.isfinite(heights)
        bars = ax.bar(pos[ok], heights[ok], width=width, color=COLORBLIND[j % 9],
                      label=_(MEASURE_NAMES.get(measure, measure)), gid=f"bars-{measure}",
                      zorder=2)
        if value_labels:
            labels += ax.bar_label(bars, labels=[fmt.percent(v) for v in heights[ok]],
                                   fontsize="x-small", padding=2,
                                   rotation=90 if m > 1 else 0)
        for p in pos[~ok]:
            ax.annotate(fmt.missing, (p, 0), xytext=(0, 3), textcoords="offset points",
                        rotation=90, ha="center", va="bottom", fontsize="x-small",
                        color=REFERENCE_COLOUR, gid="na-note")

    ax.set_xticks(slots, ticks, rotation=90 if upright else 0, fontsize="small")
    ax.set_xlim(-0.5, n - 0.5)  # every slot, also one whose bars are all missing
    ax.set_ylabel(fill(_("Share of the local economy {year}, %"), year=end))
    ax.set_xlabel("")
    ax.grid(axis="y", color="0.9", zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    locale_ticks(ax, language, axis="y")
    ax.legend(title=_("Measure"), frameon=False, fontsize="small", title_fontsize="small",
              loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    fit_texts(ax, labels, axis="y")
    return ax
