"""How each documented result column is shown: its heading and its number format.

One table for every place a result is printed — :class:`ResultFrame`
(``_repr_html_`` and ``summary()``), the ``clusteranalysis profile`` CLI and the
report tables — so that a column looks the same everywhere. The formats are
:class:`~clusteranalysis.i18n.Formatter` methods; headings are catalog keys.

Units (see docs/conventions.md): ``*_share`` and ``*_contribution`` are
fractions of one (shown in %), ``*_share_change`` is a change of such a
fraction (shown in percentage points), ``*_growth_pct``/``*_cagr_pct`` are in
percent, ``*_contribution_pp`` in percentage points, shift-share components in
the measure's units (employees).

Examples
--------
>>> from clusteranalysis.i18n import Formatter
>>> de = Formatter("de")
>>> format_cell(de, "tax_share_change", -0.026), format_cell(de, "lq_change", -0.001)
('-2,6 Pp.', '-0,00')
>>> format_cell(de, "employment_growth_pct", -0.02), column_heading("lq_change", "de")
('-0,0\\xa0%', 'Veränderung SQ')
>>> format_cell(de, "quadrant", "Star"), format_cell(de, "significant_above_1", False)
('Spitzenreiter', 'nein')
"""

from __future__ import annotations

from .catalog import N_, gettext_for

#: (column name or "_suffix", kind); the first match wins, so exact names first.
KINDS = (
    # shift-share components are numbers of employees, although two end in "_share"
    ("national_share", "count_signed"), ("industry_mix", "count_signed"),
    ("competitive_share", "count_signed"), ("competitive_homothetic", "count_signed"),
    ("allocation_effect", "count_signed"), ("net_total_shift", "count_signed"),
    ("observed_change", "count_signed"),
    ("_share_change", "fraction_pp"), ("_share", "share"),
    ("_contribution_pp", "pp2"), ("_contribution", "share"),
    ("_growth_pct", "percent_signed"), ("_cagr_pct", "percent_signed2"),
    ("_index", "decimal1"), ("p_value", "significant3"),
    ("hoover", "decimal3"), ("krugman_aggregate", "decimal3"), ("krugman_rest", "decimal3"),
    ("gini", "decimal3"), ("hhi", "decimal4"), ("hhi_normalised", "decimal4"),
    ("theil_t", "decimal3"), ("theil_l", "decimal3"), ("entropy", "decimal3"),
    ("ellison_glaeser", "decimal4"), ("n_industries", "integer"), ("n_regions", "integer"),
    ("lq_se_log", "decimal3"),
    ("lq_change", "lq_change"), ("lq_low", "lq"), ("lq_high", "lq"), ("lq_start", "lq"),
    ("lq", "lq"), ("tax_intensity", "decimal2"),
    ("tax_per_employee", "currency"), ("tax_per_establishment", "currency"),
    ("tax_start", "currency"), ("tax_end", "currency"), ("tax_change", "currency_signed"),
    ("_change", "count_signed"), ("_start", "integer"), ("_end", "integer"),
    # categories and yes/no flags: words from the catalog
    ("quadrant", "category"), ("significant_above_1", "yes_no"), ("strong_cluster", "yes_no"),
    ("strong_cluster_top10", "yes_no"), ("star_size", "yes_no"),
    ("star_specialisation", "yes_no"), ("star_focus", "yes_no"),
)
#: The values of "category" columns (catalog keys; classify_clusters' quadrants).
CATEGORIES = (N_("Star"), N_("Mature"), N_("Emerging"), N_("Transforming"))

#: Headings of the common columns (catalog keys); others are derived from the name.
HEADINGS = {
    "label": N_("Cluster"), "cluster": N_("Cluster id"), "region": N_("Region"),
    "name": N_("Name"), "lq": N_("LQ"), "lq_start": N_("LQ start"),
    "lq_change": N_("LQ change"), "lq_low": N_("LQ lower bound"),
    "lq_high": N_("LQ upper bound"),
    "employment_start": N_("Employees start"), "employment_end": N_("Employees"),
    "employment_change": N_("Employment change"),
    "employment_share": N_("Employment share"),
    "employment_growth_pct": N_("Employment growth"),
    "employment_cagr_pct": N_("Employment growth per year"),
    "employment_contribution": N_("Share of total change"),
    "employment_contribution_pp": N_("Contribution to growth"),
    "establishments_end": N_("Establishments"),
    "establishments_share": N_("Establishments share"),
    "establishments_growth_pct": N_("Establishments growth"),
    "tax_end": N_("Trade tax"), "tax_share": N_("Trade tax share"),
    "tax_share_change": N_("Change in trade tax share"),
    "tax_growth_pct": N_("Trade tax growth"),
    "tax_per_employee": N_("Trade tax per employee"),
    "tax_per_establishment": N_("Trade tax per establishment"),
    "tax_intensity": N_("Trade tax intensity"),
    "national_share": N_("National share"), "industry_mix": N_("Industry mix"),
    "competitive_share": N_("Competitive share"),
    "observed_change": N_("Observed change (sum)"),
}


def column_kind(name: str) -> str | None:
    """The format kind of a result column, or None for text columns.

    >>> column_kind("employment_share"), column_kind("national_share"), column_kind("label")
    ('share', 'count_signed', None)
    """
    for key, kind in KINDS:
        if name == key or (key.startswith("_") and name.endswith(key)):
            return kind
    return None


def format_value(fmt, kind: str | None, value) -> str:
    """One value of a column of *kind*, written by the Formatter *fmt*."""
    if kind is None:
        return fmt.missing if _missing(value) else str(value)
    if kind == "category":
        return fmt.missing if _missing(value) else fmt._(str(value))
    if kind == "yes_no":
        if _missing(value):
            return fmt.missing
        return fmt._("yes") if value else fmt._("no")
    if kind == "count_signed":
        return fmt.integer(value, signed=True)
    if kind == "fraction_pp":
        return fmt.missing if _missing(value) else fmt.pp(float(value) * 100, 1)
    if kind == "pp2":
        return fmt.pp(value, 2)
    if kind == "percent_signed":
        return fmt.percent(value, 1, signed=True)
    if kind == "percent_signed2":
        return fmt.percent(value, 2, signed=True)
    if kind == "currency_signed":
        return fmt.currency(value, compact=False, signed=True)
    if kind == "currency":
        return fmt.currency(value, compact=False)
    if kind == "significant3":
        return _significant(fmt, value, 3)
    if kind.startswith("decimal"):
        return fmt.decimal(value, int(kind[-1]))
    return getattr(fmt, kind)(value)  # integer, share, lq, lq_change


def format_cell(fmt, column: str, value) -> str:
    """*value* of result column *column* as text (``n/a`` where missing)."""
    return format_value(fmt, column_kind(column), value)


def column_heading(column, language: str = "en") -> str:
    """The heading of a result column in *language*."""
    text = str(column)
    if text in HEADINGS:
        return gettext_for(language)(HEADINGS[text])
    return text.replace("_pct", "").replace("_", " ").capitalize().replace("Lq", "LQ")


def _significant(fmt, value, n: int) -> str:
    """*n* significant digits, trailing zeros dropped (``0.000123``, ``0.5``)."""
    import math

    if _missing(value):
        return fmt.missing
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return fmt.decimal(value, 0)
    digits = min(12, max(0, n - 1 - math.floor(math.log10(abs(value)))))
    digits = next((d for d in range(digits + 1)
                   if round(value, d) == round(value, digits)), digits)
    return fmt.decimal(value, digits)


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value)
    except TypeError:  # pd.NA
        return True
