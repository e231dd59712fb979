"""Does a panel speak the language of a cluster definition? (checks, no metrics)

A region whose industry codes match no code of the definition (another
classification, codes of another level, a table without an industry
dimension) gives a profile in which every cluster is empty. That is not an
error of the data, but a report must say so instead of showing a page of
"n/a": :func:`definition_notes` returns the note, the profile carries it in
``attrs["notes"]`` and the runner's validation warns before running.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.errors import Problem


def _short(code, width: int = 20) -> str:
    text = str(code)
    return repr(text if len(text) <= width else text[:width] + "…")


def definition_notes(panel: pd.DataFrame, definition, *, regions=None,
                     region: str = "region", industry: str = "industry",
                     total_code: str = "TOTAL") -> list[Problem]:
    """One note per region that has no industry of the definition.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy panel (industry codes as text).
    definition : ClusterDefinition or str
        Definition or built-in name.
    regions : list of str, optional
        Regions to check (default: every region in the panel).
    region, industry, total_code : str
        Column names and the code of the region-total rows.

    Returns
    -------
    list of Problem
        Empty when every checked region has at least one industry that
        belongs to a cluster of the definition; otherwise one
        :class:`~clusteranalysis.Problem` per such region (``column`` is
        ``industry``) saying that every cluster of that region is empty.
        Regions not in the panel are not checked.

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                       "industry": ["29", "TOTAL", "X1", "TOTAL"],
    ...                       "employment": [1.0, 2.0, 1.0, 2.0]})
    >>> [str(p) for p in definition_notes(panel, "leipzig")]  # doctest: +ELLIPSIS
    ["[column 'industry'] region 'B' has no industry of the cluster definition 'leipzig' ..."]
    """
    from .definitions import load_definition

    definition = load_definition(definition)
    pairs = panel[[region, industry]].astype("string").drop_duplicates()
    if regions is not None:
        pairs = pairs[pairs[region].isin([str(r) for r in regions])]
    pairs = pairs[pairs[industry].notna() & (pairs[industry] != total_code)]
    codes = pd.unique(pairs[industry].to_numpy())
    matched, coarse = set(), set()
    if len(codes):
        table = definition._table(codes)  # no overlap warnings: only a check
        matched = set(table.index[table["cluster"].notna()])
        coarse = set(table.index[table["partial"].str.len() > 0])
    has = pairs[industry].isin(matched).groupby(pairs[region], sort=False).any()
    present = list(dict.fromkeys(panel[region].astype("string").dropna()))
    if regions is not None:
        present = [r for r in present if r in {str(x) for x in regions}]
    notes = []
    example = ", ".join(_short(c) for c in definition.clusters[0].codes[:3]) \
        if definition.clusters else ""
    for r in present:
        if bool(has.get(r, False)):
            continue
        own = pairs.loc[pairs[region] == r, industry].head(5).tolist()
        seen = (f"its industry codes are {', '.join(_short(c) for c in own)}" if own
                else f"it has only region totals ({total_code!r})")
        if own and coarse.intersection(own):
            seen += " (coarser than the definition's codes: they are not split)"
        notes.append(Problem(
            f"region {_short(r)} has no industry of the cluster definition "
            f"{definition.name!r} ({definition.classification}; codes such as {example}); "
            f"{seen}: every cluster of this region is empty", column=industry))
    return notes
