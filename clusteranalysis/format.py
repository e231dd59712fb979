"""Plain-text rendering of result tables for the terminal (no computation).

Headings and numbers come from :mod:`clusteranalysis.i18n.columns` and
:class:`clusteranalysis.i18n.Formatter`, the same as in Jupyter tables, charts
and reports.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.i18n import N_, Formatter, gettext_for
from clusteranalysis.i18n.columns import format_cell

#: Columns of the readable profile table, in this order, with short headings (catalog
#: keys) so that the table fits a terminal; the numbers are formatted as everywhere.
PROFILE_COLUMNS = {
    "label": N_("Cluster"), "employment_end": N_("Employees"),
    "employment_share": N_("Empl. share"), "employment_growth_pct": N_("Empl. growth"),
    "establishments_end": N_("Estab."), "establishments_growth_pct": N_("Estab. growth"),
    "lq": N_("LQ"), "lq_change": N_("LQ change"),
    "employment_contribution": N_("Growth contrib."), "tax_share": N_("Tax share"),
}


def profile_text(profile: pd.DataFrame, title: str | None = None,
                 language: str = "en") -> str:
    """The cluster profile as an aligned text table; missing values show as ``n/a``.

    Examples
    --------
    >>> p = pd.DataFrame({"label": ["Logistik", "Total economy"],
    ...                   "employment_end": [12000.0, 250000.0],
    ...                   "employment_share": [0.048, 1.0],
    ...                   "employment_growth_pct": [-0.04, 5.94]})
    >>> print(profile_text(p))
    Cluster        Employees  Empl. share  Empl. growth
    Logistik          12,000         4.8%         -0.0%
    Total economy    250,000       100.0%         +5.9%
    """
    fmt, _ = Formatter(language), gettext_for(language)
    cols = [c for c in PROFILE_COLUMNS if c in profile.columns]
    head = [_(PROFILE_COLUMNS[c]) for c in cols]
    body = [[format_cell(fmt, c, v) for c, v in zip(cols, row)]
            for row in profile[cols].itertuples(index=False)]
    widths = [max(len(h), *(len(r[k]) for r in body)) for k, h in enumerate(head)]
    lines = [] if title is None else [title, "=" * len(title)]
    align = [str.ljust] + [str.rjust] * (len(cols) - 1)
    for row in [head, *body]:
        lines.append("  ".join(a(v, w) for a, v, w in zip(align, row, widths)).rstrip())
    return "\n".join(lines)
