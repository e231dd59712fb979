"""Draw a chart of :mod:`clusteranalysis.plotting` for a section and detach it from pyplot.

The figure is closed in pyplot (so Jupyter's inline backend does not show it a
second time) and kept in the :class:`~clusteranalysis.report.section.Section`,
which renders it as an inline PNG.
"""

from __future__ import annotations

import inspect


def draw(func, *args, language: str = "en", **kw):
    """Call a plotting function (with ``language`` when it takes one); return its figure."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if "language" in inspect.signature(func).parameters:
        kw["language"] = language
    # names, labels and titles come from untrusted files: "$\\foo$" must stay text, not
    # be parsed as (broken) mathtext that stops the report
    with plt.rc_context({"text.parse_math": False}):
        ax = func(*args, **kw)
    fig = ax.figure if hasattr(ax, "figure") else ax
    plt.close(fig)
    FigureCanvasAgg(fig)  # drawable and savable without pyplot (tests measure its texts)
    return fig
