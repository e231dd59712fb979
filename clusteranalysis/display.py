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

from clusteranalysis.i18n import Formatter
from clusteranalysis.i18n.columns import column_heading, column_kind
from clusteranalysis.i18n.columns import format_value as _format


def column_format(name: str) -> str | None:
    """The format kind of a result column (see :mod:`clusteranalysis.i18n.columns`).

    Examples
    --------
    >>> column_format("employment_share"), column_format("lq"), column_format("label")
    ('share', 'lq', None)
    >>> column_format("national_share")  # a shift-share component: employees, not a share
    'count_signed'
    """
    return column_kind(name)


def format_value(value, kind: str | None, language: str = "en") -> str:
    """One cell as text in *language*; missing values show as ``n/a``, never as 0."""
    return _format(Formatter(language), kind, value)


class ResultFrame(pd.DataFrame):
    """A DataFrame of results with a styled HTML display and a text summary.

    Examples
    --------
    >>> r = ResultFrame({"label": ["Logistik <H>"], "employment_share": [0.115],
    ...                  "lq_change": [-0.001]})
    >>> "11.5%" in r._repr_html_() and "Logistik &lt;H&gt;" in r._repr_html_()
    True
    >>> print(r.summary())
    Cluster       Employment share  LQ change
    Logistik <H>             11.5%      -0.00
    >>> r.summary(language="de").split()[:4]
    ['Cluster', 'Beschäftigtenanteil', 'Veränderung', 'SQ']
    """

    _metadata = ["caption", "language"]

    @property
    def _constructor(self):
        return ResultFrame

    def _language(self, language=None) -> str:
        return language or getattr(self, "language", None) or "en"

    def _cells(self, language=None, max_rows=None):
        fmt = Formatter(self._language(language))
        cols = list(self.columns)
        kinds = [column_kind(str(c)) for c in cols]
        frame = self if max_rows is None else self.head(max_rows)
        rows = [[_format(fmt, k, v) for v, k in zip(row, kinds)]
                for row in frame.itertuples(index=False)]
        return cols, kinds, rows

    def summary(self, max_rows: int = 60, language: str | None = None) -> str:
        """Aligned plain-text table of the formatted values.

        Numbers and headings are in *language* (default: the frame's
        ``language`` attribute, else English), formatted by
        :class:`clusteranalysis.i18n.Formatter`.
        """
        cols, fmts, rows = self._cells(language, max_rows)
        head = [column_heading(c, self._language(language)) for c in cols]
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
        head = "".join(f"<th>{esc(column_heading(c, self._language()))}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(
                f'<td style="text-align:{"left" if f is None else "right"}">{esc(v)}</td>'
                for v, f in zip(row, fmts)) + "</tr>"
            for row in rows)
        caption = getattr(self, "caption", None)
        cap = f"<caption>{esc(caption)}</caption>" if caption else ""
        return (f'<table class="clusteranalysis-result">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def result_frame(df: pd.DataFrame, caption: str | None = None,
                 language: str = "en") -> ResultFrame:
    """Wrap a result table for rich display in *language* (no copy of the data)."""
    out = ResultFrame(df)
    out.caption = caption
    out.language = language
    return out
