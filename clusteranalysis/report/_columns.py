"""Headings and number formats of the report tables, one entry per result column.

Headings are English catalog keys (translated where shown) with the
placeholders ``{start}``, ``{end}`` and ``{period}``; every number goes through
:class:`clusteranalysis.i18n.Formatter` (sign from the value, LQs with two
decimals, percentage points labelled).
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.i18n import Formatter, N_, gettext_for

from ._html import table_html

#: column -> (heading, kind); kinds are formatted by :func:`format_cell`.
COLUMNS = {
    "label": (N_("Cluster"), "text"),
    "name": (N_("Region"), "text"),
    "employment_start": (N_("Employees {start}"), "int"),
    "employment_end": (N_("Employees {end}"), "int"),
    "employment": (N_("Employees {end}"), "int"),
    "employment_share": (N_("Share of employment {end}"), "share"),
    "employment_change": (N_("Change {period}"), "int_signed"),
    "employment_growth_pct": (N_("Employment growth {period}"), "pct_signed"),
    "employment_cagr_pct": (N_("Growth per year (CAGR)"), "pct2_signed"),
    "employment_contribution": (N_("Share of the total change"), "share"),
    "employment_contribution_pp": (N_("Contribution to growth"), "pp2"),
    "establishments_end": (N_("Establishments {end}"), "int"),
    "establishments_growth_pct": (N_("Establishment growth {period}"), "pct_signed"),
    "tax_end": (N_("Trade tax {end}"), "eur"),
    "tax_growth_pct": (N_("Trade tax growth {period}"), "pct_signed"),
    "tax_share": (N_("Share of trade tax {end}"), "share"),
    "tax_share_change": (N_("Change of the tax share {period}"), "share_pp"),
    "tax_per_employee": (N_("Trade tax per employee"), "eur_exact"),
    "tax_per_establishment": (N_("Trade tax per establishment"), "eur_exact"),
    "tax_intensity": (N_("Tax intensity (tax share ÷ employment share)"), "ratio"),
    "lq_start": (N_("LQ {start}"), "lq"),
    "lq": (N_("LQ {end}"), "lq"),
    "lq_change": (N_("Change of the LQ {period}"), "lq_change"),
    "lq_low": (N_("Lower bound"), "lq"),
    "lq_high": (N_("Upper bound"), "lq"),
    "significant_above_1": (N_("Above 1 (significant)"), "yesno"),
    "reference_rate": (N_("Growth in the reference {period}"), "share_signed"),
    "national_share": (N_("National share"), "int_signed"),
    "industry_mix": (N_("Industry mix"), "int_signed"),
    "competitive_share": (N_("Competitive share"), "int_signed"),
    "observed_change": (N_("Observed change"), "int_signed"),
    "quadrant": (N_("Quadrant"), "quadrant"),
    "strong_cluster": (N_("Strong cluster"), "yesno"),
    "strong_cluster_top10": (N_("Strong cluster (top 10 %)"), "yesno"),
    "star_size": (N_("Star: size"), "yesno"),
    "star_specialisation": (N_("Star: specialisation"), "yesno"),
    "star_focus": (N_("Star: focus"), "yesno"),
    "stars": (N_("Stars"), "int"),
    "lq_rank": (N_("Rank by LQ"), "int"),
    "growth_rank": (N_("Rank by growth"), "int"),
    "size_rank": (N_("Rank by employees"), "int"),
    "cluster_share": (N_("Employment share of the clusters {end}"), "share"),
    "kind_text": (N_("Type"), "text"),
    "linked_label": (N_("Linked cluster"), "text"),
    "strength_text": (N_("Linkage"), "text"),
    "linked_lq": (N_("LQ of the linked cluster {end}"), "lq"),
}

#: Quadrant names of :func:`clusteranalysis.classify_clusters`, for the catalog.
QUADRANT_NAMES = {"Star": N_("Star"), "Mature": N_("Mature"), "Emerging": N_("Emerging"),
                  "Transforming": N_("Transforming")}


def format_cell(value, kind: str, f: Formatter) -> str:
    """One value as text in the formatter's language (missing → "n/a", never 0)."""
    _ = f._
    if kind == "text":
        return f.missing if value is None or value is pd.NA or value != value else str(value)
    if kind in ("yesno", "quadrant"):
        if value is None or value is pd.NA or value != value:
            return f.missing
        if kind == "quadrant":
            return _(QUADRANT_NAMES.get(str(value), str(value)))
        return _("yes") if bool(value) else _("no")
    return {
        "int": lambda v: f.integer(v),
        "int_signed": lambda v: f.integer(v, signed=True),
        "share": lambda v: f.share(v),
        "share_signed": lambda v: f.share(v, signed=True),
        "pct_signed": lambda v: f.percent(v, signed=True),
        "pct2_signed": lambda v: f.percent(v, 2, signed=True),
        "pp2": lambda v: f.pp(v, 2),
        "share_pp": lambda v: f.pp(None if v is None else 100 * v, 2),
        "eur": lambda v: f.currency(v),
        "eur_exact": lambda v: f.currency(v, compact=False),
        "ratio": lambda v: f.decimal(v, 2),
        "lq": f.lq,
        "lq_change": f.lq_change,
    }[kind](value)


def heading(column: str, language: str, start=None, end=None) -> str:
    """The translated heading of a result column."""
    text, _kind = COLUMNS[column]
    return gettext_for(language)(text).format(start=start, end=end,
                                              period=f"{start}\u2013{end}")


def table(df: pd.DataFrame, columns, meta, *, caption: str | None = None,
          bold_total: bool = True) -> str:
    """HTML table of *columns* of *df* (escaped, formatted); the ``total`` row in bold."""
    f = Formatter(meta.language)
    columns = [c for c in columns if c in df.columns]
    heads = [heading(c, meta.language, meta.start, meta.end) for c in columns]
    kinds = [COLUMNS[c][1] for c in columns]
    rows = [[format_cell(v, k, f) for v, k in zip(row, kinds)]
            for row in df[columns].itertuples(index=False, name=None)]
    bold = set()
    if bold_total and "cluster" in df.columns:
        bold = {k for k, c in enumerate(df["cluster"]) if c == "total"}
    align = ["left" if k in ("text", "quadrant") else "right" for k in kinds]
    return table_html(heads, rows, align=align, bold_rows=bold, caption=caption)


def drop_empty_other(profile: pd.DataFrame, value: str = "employment_end") -> pd.DataFrame:
    """The profile without an ``other`` row that has no employees (all industries in clusters)."""
    if "cluster" not in profile.columns or value not in profile.columns:
        return profile
    empty = (profile["cluster"] == "other") & (profile[value].fillna(-1) == 0)
    return profile[~empty.to_numpy(bool)]
