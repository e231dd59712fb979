"""Rich display of result tables in Jupyter (formatting only, no computation).

:class:`ResultFrame` is a :class:`pandas.DataFrame` that renders itself as a
styled HTML table in Jupyter (percentages, thousands separators, ``n/a`` for
missing values, all text escaped) and prints a plain-text summary with
:meth:`ResultFrame.summary`. Everything else is the plain DataFrame: the
metric functions' tests and users' pandas code see no difference.
"""

from __future__ import annotations

import html

import pandas as pd

#: column suffix or name -> format of one value
_FORMATS = (
    # shift-share components are numbers of employees, although two end in "_share"
    ("national_share", "{:+,.0f}"),
    ("industry_mix", "{:+,.0f}"),
    ("competitive_share", "{:+,.0f}"),
    ("competitive_homothetic", "{:+,.0f}"),
    ("allocation_effect", "{:+,.0f}"),
    ("net_total_shift", "{:+,.0f}"),
    ("observed_change", "{:+,.0f}"),
    ("_share_change", "{:+.1%}"),
    ("_share", "{:.1%}"),
    ("_contribution_pp", "{:+.1f} pp"),
    ("_contribution", "{:.1%}"),
    ("_growth_pct", "{:+.1f} %"),
    ("_cagr_pct", "{:+.2f} %"),
    ("_index", "{:.1f}"),
    ("_change", "{:+,.0f}"),
    ("p_value", "{:.3g}"),
    # specialisation / concentration indices
    ("hoover", "{:.3f}"), ("krugman_aggregate", "{:.3f}"), ("krugman_rest", "{:.3f}"),
    ("gini", "{:.3f}"), ("hhi", "{:.4f}"), ("hhi_normalised", "{:.4f}"),
    ("theil_t", "{:.3f}"), ("theil_l", "{:.3f}"), ("entropy", "{:.3f}"),
    ("ellison_glaeser", "{:.4f}"), ("n_industries", "{:,.0f}"), ("n_regions", "{:,.0f}"),
    ("lq_se_log", "{:.3f}"),
    ("lq_change", "{:+.2f}"),
    ("lq_low", "{:.2f}"),
    ("lq_high", "{:.2f}"),
    ("lq_start", "{:.2f}"),
    ("lq", "{:.2f}"),
    ("tax_intensity", "{:.2f}"),
    ("tax_per_employee", "€{:,.0f}"),
    ("tax_per_establishment", "€{:,.0f}"),
    ("tax_start", "€{:,.0f}"),
    ("tax_end", "€{:,.0f}"),
    ("_start", "{:,.0f}"),
    ("_end", "{:,.0f}"),
)


def column_format(name: str) -> str | None:
    """The display format of a result column, or None for plain text.

    Examples
    --------
    >>> column_format("employment_share"), column_format("lq"), column_format("label")
    ('{:.1%}', '{:.2f}', None)
    >>> column_format("national_share")  # a shift-share component: employees, not a share
    '{:+,.0f}'
    """
    for key, fmt in _FORMATS:
        if name == key or (key.startswith("_") and name.endswith(key)):
            return fmt
    return None


def format_value(value, fmt: str | None) -> str:
    """One cell as text; missing values show as ``n/a``, never as 0."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "n/a"
    if fmt is None:
        return str(value)
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


class ResultFrame(pd.DataFrame):
    """A DataFrame of results with a styled HTML display and a text summary.

    Examples
    --------
    >>> r = ResultFrame({"label": ["Logistik <H>"], "employment_share": [0.115]})
    >>> "11.5%" in r._repr_html_() and "Logistik &lt;H&gt;" in r._repr_html_()
    True
    >>> print(r.summary())
    label         Employment share
    Logistik <H>             11.5%
    """

    _metadata = ["caption"]

    @property
    def _constructor(self):
        return ResultFrame

    def _cells(self):
        cols = list(self.columns)
        fmts = [column_format(str(c)) for c in cols]
        rows = [[format_value(v, f) for v, f in zip(row, fmts)]
                for row in self.itertuples(index=False)]
        return cols, fmts, rows

    def summary(self, max_rows: int = 60) -> str:
        """Aligned plain-text table of the formatted values."""
        cols, fmts, rows = self._cells()
        head = [_heading(c) for c in cols]
        rows = rows[:max_rows]
        widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(head)]
        lines = [getattr(self, "caption", None)] if getattr(self, "caption", None) else []
        for row in [head, *rows]:
            cells = [v.ljust(w) if f is None else v.rjust(w)
                     for v, w, f in zip(row, widths, fmts)]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:  # Jupyter rich display
        cols, fmts, rows = self._cells()
        esc = html.escape
        head = "".join(f"<th>{esc(_heading(c))}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(
                f'<td style="text-align:{"left" if f is None else "right"}">{esc(v)}</td>'
                for v, f in zip(row, fmts)) + "</tr>"
            for row in rows)
        caption = getattr(self, "caption", None)
        cap = f"<caption>{esc(caption)}</caption>" if caption else ""
        return (f'<table class="clusteranalysis-result">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def _heading(col) -> str:
    text = str(col)
    if text in ("lq", "label", "cluster", "region", "name"):
        return {"lq": "LQ"}.get(text, text)
    return text.replace("_pct", "").replace("_", " ").capitalize().replace("Lq", "LQ")


def result_frame(df: pd.DataFrame, caption: str | None = None) -> ResultFrame:
    """Wrap a result table for rich display (no copy of the data)."""
    out = ResultFrame(df)
    out.caption = caption
    return out
