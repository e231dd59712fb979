"""Helpers shared by the chart functions.

Nothing here computes a metric: the helpers select rows, read the period,
turn column names into axis labels with units (in the chart's language),
format legend and tick values with Babel, and check text layout.
matplotlib is imported inside functions only.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError
from clusteranalysis.i18n import N_, Formatter, gettext_for, ngettext_for

#: ``cluster`` ids of the two extra rows of a cluster profile.
NON_CLUSTER_IDS = ("total", "other")

#: Measure names (English source strings; translated where shown).
MEASURE_NAMES = {
    "employment": N_("Employment"),
    "establishments": N_("Establishments"),
    "tax": N_("Trade tax"),
}
#: Colour of reference lines and notes (not part of the cluster palette).
REFERENCE_COLOUR = "0.45"
#: seaborn's "colorblind" palette (grey #949494 left out), so that drawing a
#: chart needs no seaborn import.
COLORBLIND = ("#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161",
              "#fbafe4", "#ece133", "#56b4e9")

# Axis labels of profile columns: whole sentences with named placeholders
# ({period} "2015–2020", {year} the end or start year, {base} the base year).
_LABELS = {
    ("employment", "growth_pct"): N_("Employment growth {period}, %"),
    ("establishments", "growth_pct"): N_("Establishments growth {period}, %"),
    ("tax", "growth_pct"): N_("Trade tax growth {period}, %"),
    ("employment", "cagr_pct"): N_("Employment growth per year (CAGR) {period}, %"),
    ("establishments", "cagr_pct"): N_("Establishments growth per year (CAGR) {period}, %"),
    ("tax", "cagr_pct"): N_("Trade tax growth per year (CAGR) {period}, %"),
    ("employment", "share"): N_("Employment share of the local economy {year}, %"),
    ("establishments", "share"): N_("Establishments share of the local economy {year}, %"),
    ("tax", "share"): N_("Trade tax share of the local economy {year}, %"),
    ("employment", "change"): N_("Employment change {period}, employees"),
    ("establishments", "change"): N_("Establishments change {period}, establishments"),
    ("tax", "change"): N_("Trade tax change {period}, €"),
    ("employment", "start"): N_("Employment {year}, employees"),
    ("establishments", "start"): N_("Establishments {year}, establishments"),
    ("tax", "start"): N_("Trade tax {year}, €"),
    ("employment", "index"): N_("Employment index {year} ({base} = 100)"),
    ("establishments", "index"): N_("Establishments index {year} ({base} = 100)"),
    ("tax", "index"): N_("Trade tax index {year} ({base} = 100)"),
    ("employment", "contribution"): N_("Contribution to employment growth {period}, %"),
    ("employment", "contribution_pp"): N_(
        "Contribution to employment growth {period}, percentage points"),
    ("tax", "share_change"): N_("Change in trade-tax share {period}, percentage points"),
    ("tax", "per_employee"): N_("Trade tax per employee {year}, €"),
    ("tax", "per_establishment"): N_("Trade tax per establishment {year}, €"),
    ("tax", "intensity"): N_("Trade-tax intensity {year} (tax share ÷ employment share)"),
    ("lq", ""): N_("Employment location quotient {year} (1 = reference)"),
    ("lq", "start"): N_("Employment location quotient {year} (1 = reference)"),
    ("lq", "change"): N_("Change in employment location quotient {period}"),
}
#: Columns held as fractions of one and drawn ×100.
_FRACTIONS = ("share", "contribution", "share_change")
#: Columns whose values are in percent (for reference-line texts).
PERCENT_SUFFIXES = ("growth_pct", "cagr_pct", "share", "contribution")


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
    """``n`` colours of seaborn's ``"colorblind"`` palette, grey left out.

    Grey is reserved for reference lines; beyond 9 clusters colours repeat.

    >>> cluster_palette(2)
    ['#0173b2', '#de8f05']
    """
    return [COLORBLIND[i % len(COLORBLIND)] for i in range(n)]


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


def fill(template: str, **values) -> str:
    """Fill a translated template; an empty placeholder takes its space with it.

    >>> fill("Employment growth {period}, %", period="")
    'Employment growth, %'
    """
    text = template.format(**{k: "" if v is None else v for k, v in values.items()})
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    for gap, close in ((" ,", ","), ("( ", "("), (" )", ")"), ("()", "")):
        text = text.replace(gap, close)
    return text.strip()


def describe_column(column: str, start=None, end=None, language: str = "en"
                    ) -> tuple[str, float]:
    """Axis label (with unit and period, in *language*) and display factor of a column.

    Fractions (shares, contribution, tax-share change) are shown ×100.

    >>> describe_column("employment_growth_pct", 2015, 2020)
    ('Employment growth 2015–2020, %', 1.0)
    >>> describe_column("tax_share", 2015, 2020)
    ('Trade tax share of the local economy 2020, %', 100.0)
    >>> describe_column("employment_growth_pct", 2015, 2020, language="de")[0]
    'Beschäftigungswachstum 2015–2020, %'
    """
    _ = gettext_for(language)
    measure, _sep, suffix = column.partition("_")
    key = (measure, "start" if suffix == "end" else suffix)
    if key not in _LABELS:
        return column, 1.0
    span = f"{start}\u2013{end}" if start is not None and end is not None else None
    year = start if suffix == "start" else end
    factor = 100.0 if suffix in _FRACTIONS else 1.0
    return fill(_(_LABELS[key]), period=span, year=year, base=start), factor


def is_percent(column: str) -> bool:
    """True for columns drawn in percent (growth, CAGR, shares, contribution)."""
    return column.partition("_")[2] in PERCENT_SUFFIXES


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


def format_amount(value: float, measure: str, language: str = "en") -> str:
    """A legend text in real units: ``"10,000 employees"``, ``"€50M"``.

    >>> format_amount(2_500_000, "tax"), format_amount(500, "establishments")
    ('€2.5M', '500 establishments')
    >>> format_amount(20_000, "employment", "de")
    '20.000 Beschäftigte'
    """
    fmt = Formatter(language)
    if measure == "tax":
        return fmt.currency(value)
    ngettext = ngettext_for(language)
    n = fmt.integer(value)
    if measure == "employment":
        return ngettext("{n} employee", "{n} employees", int(round(value))).format(n=n)
    if measure == "establishments":
        return ngettext("{n} establishment", "{n} establishments",
                        int(round(value))).format(n=n)
    return n


def row_height(labels, minimum: float) -> float:
    """Inches per row of a horizontal bar chart whose tick labels are *labels*.

    Enough for the label with the most lines in the ``"small"`` font (with a
    gap to the next one), and at least *minimum*.

    >>> row_height(["one", "two\\nlines"], 0.25), row_height(["a\\nb\\nc\\nd\\ne"], 0.25)
    (0.49, 0.91)
    """
    lines = max((str(t).count("\n") + 1 for t in labels), default=1)
    return max(minimum, round(0.14 * lines + 0.21, 2))


def wrap(text, width: int = 22) -> str:
    """Wrap a (German, often long) cluster label onto several lines."""
    lines = textwrap.wrap(str(text), width, break_long_words=False)
    return "\n".join(lines) or str(text)


#: at most this many names in an "n/a" note; more are counted ("... and 11 others")
NOTE_NAMES = 4


def add_note(ax, labels, *, language: str = "en"):
    """Add ``"n/a: <labels>"`` under the x-axis label for rows that were left out.

    The note becomes the last line(s) of the x label, wrapped to the figure's
    width, so the layout makes room for it and it never covers bars, bubbles
    or quadrant names. Up to :data:`NOTE_NAMES` rows are named; of more, the
    first ``NOTE_NAMES - 1`` are named and the rest counted, so that a chart
    of sparse data (US counties: a dozen suppressed clusters) is not pushed
    off its figure by a paragraph. Call it after ``set_xlabel``; returns the
    label Text.
    """
    if not len(labels):
        return None
    labels = [str(label) for label in labels]
    if len(labels) <= NOTE_NAMES:
        text = gettext_for(language)("n/a: {labels}").format(labels=", ".join(labels))
    else:
        shown, rest = labels[:NOTE_NAMES - 1], len(labels) - NOTE_NAMES + 1
        ngettext = ngettext_for(language)
        text = ngettext("n/a: {labels} and {n} other", "n/a: {labels} and {n} others",
                        rest).format(labels=", ".join(shown), n=Formatter(language).integer(rest))
    # about half the figure's width in characters: the label is centred on the
    # axes, which sit right of the tick labels
    width = max(40, int(ax.figure.get_figwidth() * 72 / 7 * 0.55))
    ax.set_xlabel("\n".join([ax.get_xlabel(), *textwrap.wrap(text, width)]).strip("\n"))
    return ax.xaxis.label


def tick_formatter(language: str = "en"):
    """A matplotlib tick formatter writing numbers in *language* (Babel).

    The number of decimals is the fewest that tell the ticks apart (``0.25``
    steps get two); a tick that is zero up to float noise prints as ``0``.
    """
    from matplotlib.ticker import Formatter as TickFormatter

    fmt = Formatter(language)

    class LocaleTicks(TickFormatter):
        digits = 0
        step = 1.0

        def set_locs(self, locs):
            super().set_locs(locs)
            locs = np.asarray([v for v in locs if np.isfinite(v)], dtype=float)
            diffs = np.diff(np.sort(locs))
            self.step = float(diffs[diffs > 0].min()) if (diffs > 0).any() else 1.0
            for digits in range(7):
                if np.allclose(np.round(locs, digits), locs, rtol=0,
                               atol=self.step * 1e-6):
                    break
            self.digits = digits

        def __call__(self, x, pos=None):
            if abs(x) < self.step * 1e-6:
                x = 0.0
            return fmt.decimal(x, self.digits)

    return LocaleTicks()


def locale_ticks(ax, language: str = "en", axis: str = "both") -> None:
    """Format the numeric tick labels of ``ax`` (``"x"``, ``"y"`` or both) in *language*."""
    if axis in ("x", "both"):
        ax.xaxis.set_major_formatter(tick_formatter(language))
    if axis in ("y", "both"):
        ax.yaxis.set_major_formatter(tick_formatter(language))
