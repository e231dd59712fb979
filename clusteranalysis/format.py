"""Plain-text rendering of result tables for the terminal (no computation)."""

from __future__ import annotations

import pandas as pd

#: column -> (heading, format) for the readable profile table
PROFILE_COLUMNS = {
    "label": ("Cluster", "{}"),
    "employment_end": ("Employees", "{:,.0f}"),
    "employment_share": ("Empl. share", "{:.1%}"),
    "employment_growth_pct": ("Empl. growth", "{:+.1f} %"),
    "establishments_end": ("Estab.", "{:,.0f}"),
    "establishments_growth_pct": ("Estab. growth", "{:+.1f} %"),
    "lq": ("LQ", "{:.2f}"),
    "employment_contribution": ("Growth contrib.", "{:.1%}"),
    "tax_share": ("Tax share", "{:.1%}"),
}


def _fmt(value, pattern: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "n/a"
    return pattern.format(value)


def profile_text(profile: pd.DataFrame, title: str | None = None) -> str:
    """The cluster profile as an aligned text table; missing values show as ``n/a``.

    Examples
    --------
    >>> p = pd.DataFrame({"label": ["Logistik", "Total economy"],
    ...                   "employment_end": [12000.0, 250000.0],
    ...                   "employment_share": [0.048, 1.0]})
    >>> print(profile_text(p))
    Cluster        Employees  Empl. share
    Logistik          12,000         4.8%
    Total economy    250,000       100.0%
    """
    cols = [c for c in PROFILE_COLUMNS if c in profile.columns]
    head = [PROFILE_COLUMNS[c][0] for c in cols]
    body = [[_fmt(v, PROFILE_COLUMNS[c][1]) for c, v in zip(cols, row)]
            for row in profile[cols].itertuples(index=False)]
    widths = [max(len(h), *(len(r[k]) for r in body)) for k, h in enumerate(head)]
    lines = [] if title is None else [title, "=" * len(title)]
    align = [str.ljust] + [str.rjust] * (len(cols) - 1)
    for row in [head, *body]:
        lines.append("  ".join(a(v, w) for a, v, w in zip(align, row, widths)).rstrip())
    return "\n".join(lines)
