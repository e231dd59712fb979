"""Join a per-region table to boundaries, reporting every code that does not join.

Nothing is dropped silently: codes of the data without a polygon, polygons
without data, alias matches (Berlin ``11000`` ← ``11``) and territorial
changes (Göttingen ``03152``/``03156`` → ``03159`` in 2016, from
:func:`clusteranalysis.territorial_changes`) are listed in the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from clusteranalysis.errors import DataError, Problem

__all__ = ["BoundaryJoin", "boundary_codes", "join_boundaries"]


@dataclass
class BoundaryJoin:
    """Result of :func:`join_boundaries`.

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
        One row per polygon: the boundary columns, the data columns (missing
        where the polygon has no data) and ``join``: ``"matched"``,
        ``"alias"`` (joined through ``alt_region``), ``"territorial change"``
        (the polygon is the successor of codes in the data) or ``"no data"``.
    unmatched_data : tuple of str
        Codes of the data with no polygon (they cannot be drawn).
    unmatched_boundaries : tuple of str
        Polygon codes with no row in the data.
    aliases : dict
        Polygon code -> data code used instead (e.g. ``{"11000": "11"}``).
    changes : pandas.DataFrame
        ``region`` (data code), ``successor`` (polygon code), ``year`` (first
        year with the successor): data codes that a territorial change merged
        into a polygon of the boundaries.
    """

    frame: object
    unmatched_data: tuple = ()
    unmatched_boundaries: tuple = ()
    aliases: dict = field(default_factory=dict)
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["region", "successor", "year"]))

    def notes(self, language: str = "en") -> list[str]:
        """Sentences for a map caption: what does not join and why."""
        from clusteranalysis.plotting._map_text import join_notes

        return join_notes(self, language)

    def __str__(self) -> str:
        lines = [f"{len(self.frame)} polygons, "
                 f"{int((self.frame['join'] != 'no data').sum())} with data"]
        return "\n".join(lines + self.notes())


def join_boundaries(table: pd.DataFrame, boundaries, *, region: str = "region",
                    changes: pd.DataFrame | None = None) -> BoundaryJoin:
    """Join a table with one row per region to a boundary layer.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per region code (e.g. one cluster's LQ in every district).
    boundaries : geopandas.GeoDataFrame
        From :func:`clusteranalysis.load_boundaries` (column ``region``,
        optional ``alt_region``).
    region : str
        Region code column of ``table``.
    changes : pandas.DataFrame, optional
        :func:`clusteranalysis.territorial_changes` of the panel the table
        comes from; used to explain codes of years before a merger.

    Returns
    -------
    BoundaryJoin

    Raises
    ------
    DataError
        ``table`` lacks the region column or repeats a code.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusteranalysis import load_boundaries
    >>> b = load_boundaries("sample")
    >>> t = pd.DataFrame({"region": ["14700", "99999"], "lq": [1.3, 0.7]})
    >>> j = join_boundaries(t, b)
    >>> j.unmatched_data, len(j.unmatched_boundaries)
    (('99999',), 14)
    """
    if region not in table.columns:
        raise DataError([Problem(f"join_boundaries() needs the region column {region!r}",
                                 column=region)])
    codes = table[region].astype("string")
    dup = codes.duplicated(keep=False)
    if dup.any():
        raise DataError([Problem("a map needs one row per region; repeated codes: "
                                 + ", ".join(sorted(set(codes[dup].dropna()))), column=region,
                                 rows=tuple(int(i) for i in dup.to_numpy().nonzero()[0]))])
    data_codes = set(codes.dropna())
    poly = boundaries["region"].astype("string")
    key = poly.copy()
    aliases = {}
    if "alt_region" in boundaries.columns:
        alt = boundaries["alt_region"].astype("string")
        use = ~poly.isin(data_codes) & alt.isin(data_codes).fillna(False).astype(bool)
        key[use] = alt[use]
        aliases = dict(zip(poly[use], alt[use]))
    data = table.assign(**{"_key": codes}).drop(columns=[region])
    clash = [c for c in data.columns if c in boundaries.columns and c != "_key"]
    data = data.rename(columns={c: f"{c}_data" for c in clash})
    frame = boundaries.assign(_key=key.to_numpy()).merge(data, on="_key", how="left",
                                                         indicator=True)
    matched = frame["_merge"].eq("both").to_numpy()
    unmatched_data = sorted(data_codes - set(key))
    moved = _successors(unmatched_data, set(poly), changes)
    status = pd.Series("no data", index=frame.index, dtype="object")
    status[matched] = "matched"
    status[matched & frame["region"].isin(list(aliases)).to_numpy()] = "alias"
    status[~matched & frame["region"].isin(moved["successor"]).to_numpy()] = "territorial change"
    frame["join"] = status.astype("string")
    frame = frame.drop(columns=["_key", "_merge"])
    frame.attrs.update(boundaries.attrs)
    return BoundaryJoin(frame=frame, unmatched_data=tuple(unmatched_data),
                        unmatched_boundaries=tuple(sorted(set(poly[~matched]))),
                        aliases=aliases, changes=moved)


def _successors(codes, polygons: set, changes) -> pd.DataFrame:
    rows = []
    if changes is not None and len(changes) and codes:
        gone = changes[(changes["change"] == "vanishes")
                       & changes["region"].astype("string").isin(codes)]
        for code, year, related in zip(gone["region"], gone["year"], gone["related"]):
            for succ in str(related or "").split(", "):
                if succ in polygons:
                    rows.append((str(code), succ, int(year)))
    return pd.DataFrame(rows, columns=["region", "successor", "year"])


def boundary_codes(table: pd.DataFrame, boundaries, *, region: str = "region") -> pd.DataFrame:
    """The table with region codes replaced by the polygon codes they stand for.

    Only the aliases of the layer's ``alt_region`` column are replaced, and only
    when the polygon's own code is absent from the table: Berlin ``11`` becomes
    ``11000``, Hamburg ``02`` becomes ``02000`` in a district table of the
    Regionaldatenbank. Use it before :func:`~clusteranalysis.spatial.local_moran`,
    whose weights are keyed by polygon codes.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusteranalysis import load_boundaries
    >>> t = pd.DataFrame({"region": ["11", "14713"], "lq": [1.1, 0.9]})
    >>> boundary_codes(t, load_boundaries("de-districts"))["region"].tolist()
    ['11000', '14713']
    """
    if "alt_region" not in boundaries.columns:
        return table
    codes = table[region].astype("string")
    alt = boundaries.dropna(subset=["alt_region"])
    mapping = {a: p for p, a in zip(alt["region"], alt["alt_region"])
               if p not in set(codes.dropna())}
    return table.assign(**{region: codes.replace(mapping)})
