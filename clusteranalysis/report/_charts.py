"""Draw a chart of :mod:`clusteranalysis.plotting` for a section and detach it from pyplot.

The figure is closed in pyplot (so Jupyter's inline backend does not show it a
second time) and kept in the :class:`~clusteranalysis.report.section.Section`,
which renders it as an inline PNG.
"""

from __future__ import annotations

import inspect

from clusteranalysis.plotting._layout import settled


def draw(func, *args, language: str = "en", **kw):
    """Call a plotting function (with ``language`` when it takes one); return its figure."""
    if "language" in inspect.signature(func).parameters:
        kw["language"] = language
    # names, labels and titles come from untrusted files: "$\\foo$" must stay text, not
    # be parsed as (broken) mathtext that stops the report
    with untrusted_text():
        ax = func(*args, **kw)
    return detach(keep_final_layout(ax.figure if hasattr(ax, "figure") else ax))


def keep_final_layout(fig):
    """Keep the layout a chart's last step measured on, instead of running it again; return *fig*.

    Label placement and value-label fitting lay the figure out to measure
    texts and then note that this layout is final
    (:func:`clusteranalysis.plotting._layout.settle`): the labels were placed
    for exactly these axes, and the figure's draw need not lay it out a
    second time (a constrained layout is about a third of a chart's cost).
    Other figures keep their layout engine.
    """
    if settled(fig):
        fig.set_layout_engine("none")
    return fig


def detach(fig):
    """Close *fig* in pyplot and keep it drawable and savable on its own; return it."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plt.close(fig)
    FigureCanvasAgg(fig)  # drawable and savable without pyplot (tests measure its texts)
    return fig


def untrusted_text():
    """Context in which chart text is never parsed as mathtext (names come from files)."""
    import matplotlib.pyplot as plt

    return plt.rc_context({"text.parse_math": False})
