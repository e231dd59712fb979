"""Data quality of official tables: nested codes, suppressed cells, territorial changes.

- :func:`code_hierarchy` and :func:`select_level`: official tables list
  aggregates next to their parts (WZ ``B-F`` ⊃ ``B-E`` ⊃ ``C``; NAICS
  ``31-33`` ⊃ ``336`` ⊃ ``3361``; Germany ⊃ Länder ⊃ Kreise). Summing them
  together counts employees twice; select one non-overlapping level first.
- :func:`impute_suppressed`: bounds for suppressed cells, or an explicit,
  flagged imputation (see :mod:`clusteranalysis.inputs._impute`).
- :func:`territorial_changes`: region codes that appear or vanish between
  years (district reforms), so growth is not computed across a break
  unnoticed.

No function here fills a missing value with 0.
"""

from __future__ import annotations

import warnings

import pandas as pd

from clusteranalysis.inputs import _hierarchy as hi
from ._impute import impute_suppressed
from clusteranalysis.errors import DataError, Problem

__all__ = ["code_hierarchy", "impute_suppressed", "select_level", "territorial_changes"]


def code_hierarchy(codes, scheme: str = "wz", *, total_code: str = "TOTAL") -> pd.DataFrame:
    """Which codes of a list contain which.

    Parameters
    ----------
    codes : iterable of str
        Industry or region codes (duplicates are ignored).
    scheme : {"wz", "nace", "naics", "ags", "nuts", "fips"}
        ``wz``/``nace``: WZ 2008 / NACE Rev. 2 sections, section groups
        (``B-E``, ``M_N``), divisions (``29``, Eurostat ``C29``, ranges
        ``10-12``/``C10-C12``), groups and classes; ``naics``: NAICS
        sectors (``31-33``) to 6 digits and the QCEW domains (``101``) and
        supersectors (``1013``), ``10`` = all industries; ``ags``: German
        AGS by prefix (``DG`` ⊃ ``14`` ⊃ ``145`` ⊃ ``14511``); ``nuts``: NUTS
        by prefix (``EU27_2020`` ⊃ ``DE`` ⊃ ``DE1`` ⊃ ``DE11``); ``fips``:
        ``US000`` ⊃ state ``39000`` ⊃ county ``39049``.
    total_code : str
        The code of the total row (it contains every other code).

    Returns
    -------
    pandas.DataFrame
        One row per code: ``code``, ``level`` (e.g. ``section_group``,
        ``division``; ``subsector``; ``district``; missing for a code the
        scheme does not know), ``parent`` (the narrowest other code of the
        list that contains it), ``depth`` (number of codes containing it),
        ``children``, ``leaf``, ``complete`` (True/False when the code
        structure proves that the children cover the code exactly, missing
        when only the data can tell) and ``overlaps`` (codes that overlap it
        without either containing the other).

    Examples
    --------
    >>> h = code_hierarchy(["TOTAL", "B-F", "B-E", "C", "F"])
    >>> print(h[["code", "parent", "depth", "complete"]].to_string(index=False))
     code parent  depth  complete
    TOTAL   <NA>      0      <NA>
      B-F  TOTAL      1      True
      B-E    B-F      2     False
        C    B-E      3     False
        F    B-F      2     False
    """
    return hi.hierarchy(codes, scheme, total_code)


def select_level(
    panel: pd.DataFrame,
    level="finest",
    *,
    column: str = "industry",
    scheme: str | None = None,
    value: str = "employment",
    keep_total: bool = True,
    region: str = "region",
    industry: str = "industry",
    year: str = "year",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Keep one non-overlapping level of a hierarchical code column.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy panel.
    level : "finest", "coarsest", str or int
        ``"finest"``: the most detailed codes that do not overlap — starting
        from the top, a code is replaced by its children where they cover it
        completely (by code structure for WZ sections and divisions, else by
        the data: the children add up to the code, within rounding, in every
        region-year where all are published). For WZ 13111-07-05-4 this is
        A, B-E, F, G-I, J, K, L, M-N, O-Q, R-U (``C`` is only part of
        ``B-E``). ``"coarsest"``: the top codes. A level name (``"section"``,
        ``"division"``, ``"district"``, ``"state"``, ``"subsector"``, ...;
        see :func:`code_hierarchy`) or, for NAICS, a number of digits.
    column : str
        The code column: ``industry`` (default) or ``region``.
    scheme : str, optional
        As in :func:`code_hierarchy`; default ``"wz"`` for industries and
        ``"ags"`` for regions.
    value : str
        Measure used to check completeness in the data.
    keep_total : bool
        Also keep the total row (industry ``TOTAL``; for regions the
        national row such as ``DG``).
    region, industry, year, total_code : str
        Column names and the code of the industry total.

    Returns
    -------
    pandas.DataFrame
        The rows of the selected codes, in the original order.

    Examples
    --------
    >>> p = pd.DataFrame({"region": "01", "year": 2020,
    ...     "industry": ["TOTAL", "B-F", "B-E", "C", "F"],
    ...     "employment": [100.0, 60.0, 45.0, 40.0, 15.0]})
    >>> select_level(p)["industry"].tolist()
    ['TOTAL', 'B-E', 'F']
    """
    if scheme is None:
        scheme = "ags" if column == region else "wz"
    total = total_code if column == industry else "\x00"
    codes = panel[column].astype("string").dropna().unique().tolist()
    h = hi.hierarchy(codes, scheme, total)
    roots = set(h.loc[h["level"].isin(["total", "country", "aggregate", "national"])
                      .fillna(False).astype(bool), "code"])
    unknown = h.loc[h["level"].isna(), "code"].tolist()
    if level in ("finest", "coarsest"):
        if unknown:
            warnings.warn(f"{len(unknown)} code(s) unknown to scheme {scheme!r} are kept as "
                          f"they are: {', '.join(unknown[:8])}", stacklevel=2)
        bad = h[h["overlaps"].fillna("") != ""]
        if len(bad):
            raise DataError([Problem(f"code {c!r} overlaps {o} without either containing the "
                                     "other; no non-overlapping level exists", column=column)
                             for c, o in zip(bad["code"], bad["overlaps"])])
        if level == "coarsest":
            chosen = hi.finest(h, {})
        else:
            groups = [c for c in (region, year, "ownership") if c in panel.columns
                      and c != column]
            if column == region:
                groups = [c for c in (industry, year, "ownership") if c in panel.columns]
            data = hi.data_complete(h, panel, column, groups, value) \
                if value in panel.columns else {}
            complete = {c: (bool(s) if s is not pd.NA else data.get(c, False))
                        for c, s in zip(h["code"].tolist(), h["complete"].tolist())}
            chosen = hi.finest(h, complete)
    else:
        name = hi._NAICS_LEVELS.get(level, level) if isinstance(level, int) else level
        known = set(h["level"].dropna())
        if name not in known:
            raise ValueError(f"level {level!r} not in the codes; levels present: "
                             + ", ".join(sorted(known)))
        chosen = h.loc[h["level"] == name, "code"].tolist()
        parent = hi.parents(h)
        nested = []
        for c in chosen:
            p = parent[c]
            while p is not None:
                if p in chosen:
                    nested.append(f"{p} ⊃ {c}")
                p = parent[p]
        if nested:
            raise DataError([Problem(f"level {name!r} holds nested codes ({', '.join(nested)}); "
                                     "use level='finest' or select codes yourself",
                                     column=column)])
    keep = set(chosen) | (roots if keep_total else set())
    return panel[panel[column].astype("string").isin(keep).fillna(False).to_numpy()]


def territorial_changes(panel: pd.DataFrame, *, region: str = "region",
                        year: str = "year", name: str = "name") -> pd.DataFrame:
    """Region codes that appear or vanish between consecutive years of a panel.

    A code that vanishes while another appears in the same year usually
    marks a territorial reform (Göttingen ``03152`` and Osterode ``03156``
    → ``03159`` in 2016): values before and after are not comparable, and
    growth must not be computed across the break.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy panel (any rows; only region and year are used).
    region, year, name : str
        Column names; ``name`` is used when present.

    Returns
    -------
    pandas.DataFrame
        One row per change: ``region``, ``name`` (if available), ``change``
        (``"appears"`` or ``"vanishes"``), ``year`` (first year with /
        without the code), ``last_year_before`` (the panel year before the
        change) and ``related``: codes with the opposite change in the same
        year that share the longest common prefix (at least the Land, two
        characters) — candidates for predecessors or successors, a hint to
        check, not a proof. Empty when every code is present in every year.

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["03152", "03156", "03159"], "year": [2015, 2015, 2016],
    ...                   "industry": "TOTAL", "employment": 1.0})
    >>> print(territorial_changes(p)[["region", "change", "year", "related"]]
    ...       .to_string(index=False))
    region   change  year      related
     03152 vanishes  2016        03159
     03156 vanishes  2016        03159
     03159  appears  2016 03152, 03156
    """
    years = sorted(int(y) for y in panel[year].dropna().unique())
    present = panel.groupby(panel[region].astype("string"))[year].agg(
        lambda s: set(int(y) for y in s))
    names = {}
    if name in panel.columns:
        names = panel.drop_duplicates(region, keep="last").set_index(region)[name].to_dict()
    rows = []
    for prev, cur in zip(years, years[1:]):
        for code, ys in present.items():
            if prev in ys and cur not in ys:
                rows.append((code, "vanishes", cur, prev))
            elif cur in ys and prev not in ys:
                rows.append((code, "appears", cur, prev))
    out = pd.DataFrame(rows, columns=["region", "change", "year", "last_year_before"])
    out["related"] = [_related(r, out) for r in out.itertuples(index=False)]
    if names:
        out.insert(1, "name", pd.array([names.get(c) for c in out["region"]], dtype="string"))
    out = out.rename(columns={"region": region, "year": year})
    out[region] = out[region].astype("string")
    out["related"] = out["related"].astype("string")
    return out.sort_values([year, "change", region], ascending=[True, False, True],
                           ignore_index=True)


def _related(row, changes) -> str:
    other = changes[(changes["year"] == row.year) & (changes["change"] != row.change)]
    best, found = 1, []
    for code in other["region"]:
        n = len(_common_prefix(code, row.region))
        if n > best:
            best, found = n, [code]
        elif n == best and n >= 2:
            found.append(code)
    return ", ".join(sorted(found))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
