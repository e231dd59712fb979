"""Locational and specialisation Gini coefficients and their Lorenz curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import Distributions, distributions, doc, lorenz_order

WEIGHTINGS = ("reference", "equal")


def _lorenz_inputs(dist: Distributions, weighting: str):
    """Vertical shares ``y`` (units, years, items), horizontal weights ``w``
    (years, items) and the LQs."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be 'reference' or 'equal', not {weighting!r}")
    s, _ = dist.shares()
    ref, _ = dist.ref_shares()
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = s / ref
    if weighting == "reference":
        return s, ref, lq
    # REAT's gini.spec / gini.conc: every item with a reference weight counts once
    has_ref = (ref > 0) & dist.item_present
    n = has_ref.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = has_ref / n[..., None]
        y = np.where(has_ref, lq, 0.0)
        y /= y.sum(axis=-1, keepdims=True)
    return y, w, lq


def _gini(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Gini coefficient of the Lorenz curve of ``y`` over weights ``w``.

    Both sum to 1 over the last axis; items are ordered by ``y / w``.
    """
    _, ys, ws = lorenz_order(y, w)
    cy = np.cumsum(ys, axis=-1)
    cy *= 2.0
    cy -= ys  # Y_k + Y_{k-1}
    cy *= ws
    return 1.0 - cy.sum(axis=-1)


@doc
def gini(
    df: pd.DataFrame,
    *,
    of: str = "region",
    weighting: str = "reference",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Specialisation Gini of a region or locational Gini of an industry.

    Parameters
    ----------
{params}
    weighting : {"reference", "equal"}
        ``"reference"`` (default): the Lorenz curve of the unit's shares
        against the reference shares, items ordered by LQ (Krugman's
        locational Gini). ``"equal"``: the Gini of the items' LQs with every
        item counted once (REAT's ``gini.spec`` and ``gini.conc``).

    Returns
    -------
{returns} ``gini`` in [0, 1).

    Notes
    -----
    Order the items by their location quotient :math:`LQ_k = s_k/S_k`
    ascending; with :math:`X_k` the cumulative weights (the reference shares
    :math:`S_k`, or :math:`1/n` for ``weighting="equal"``) and :math:`Y_k` the
    cumulative shares (:math:`s_k`, or :math:`LQ_k/\\sum LQ` for
    ``"equal"``), :math:`X_0 = Y_0 = 0`:

    .. math:: G = 1 - \\sum_k (X_k - X_{k-1})(Y_k + Y_{k-1})

    — twice the area between the Lorenz curve and the diagonal. 0 when the
    unit's distribution equals the reference; it approaches 1 when all of
    the unit sits in an item with a tiny reference weight. With ``"equal"``
    this is the usual Gini of the :math:`n` LQs, at most :math:`(n-1)/n`,
    and equals REAT's :math:`\\frac{2}{n^2\\bar R}\\sum_\\lambda \\lambda
    (R_\\lambda - \\bar R)`. EconGeo's ``locational_gini`` returns the area
    itself, i.e. **half** this value ("theoretical limit 0.5").

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. MIT Press, pp. 55–57 and app. D.
    Farhauer, O. & Kröll, A. (2013). *Standorttheorien*. Springer.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> gini(df)["gini"].round(4).tolist()
    [0.25, 0.1667]
    >>> gini(df, of="industry")["gini"].round(4).tolist()
    [0.2, 0.2]
    """
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    y, w, _ = _lorenz_inputs(dist, weighting)
    return dist.frame({"gini": _gini(y, w)})


@doc
def lorenz_curve(
    df: pd.DataFrame,
    *,
    of: str = "region",
    weighting: str = "reference",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Points of the Lorenz curves behind :func:`gini`.

    Parameters
    ----------
{params}
    weighting : {"reference", "equal"}
        As in :func:`gini`.

    Returns
    -------
    pandas.DataFrame
        One row per unit × year × point: the unit column, ``year``,
        ``rank`` (0 for the origin, then 1… in LQ order), the item column
        (missing at the origin), ``lq``, ``weight`` (the item's reference
        share, or 1/n), ``share`` (the unit's share, or LQ/ΣLQ),
        ``cum_weight`` (horizontal axis) and ``cum_share`` (vertical axis).
        The Gini coefficient is twice the area between the diagonal and the
        curve.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A"], "year": 2020,
    ...                    "industry": ["x", "y"], "employment": [30.0, 10.0]})
    >>> nation = pd.DataFrame({"year": 2020, "industry": ["x", "y"],
    ...                        "employment": [500.0, 500.0]})
    >>> lorenz_curve(df, reference=nation)[["rank", "industry", "cum_weight", "cum_share"]]
       rank industry  cum_weight  cum_share
    0     0     <NA>         0.0       0.00
    1     1        y         0.5       0.25
    2     2        x         1.0       1.00
    """
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    y, w, lq = _lorenz_inputs(dist, weighting)
    order, ys, ws = lorenz_order(y, w)
    lqs = np.take_along_axis(lq, order, -1)
    cy, cw = np.cumsum(ys, axis=-1), np.cumsum(ws, axis=-1)
    keep = dist.present[..., None] & ((ws > 0) | (ys > 0))
    u, t, k = np.nonzero(keep)
    rank = np.cumsum(keep, axis=-1)[u, t, k]
    points = pd.DataFrame({
        dist.unit_col: dist.units.take(u), dist.year_col: dist.years.take(t),
        "rank": rank, dist.item_col: dist.items.take(order[u, t, k]),
        "lq": lqs[u, t, k], "weight": ws[u, t, k], "share": ys[u, t, k],
        "cum_weight": cw[u, t, k], "cum_share": cy[u, t, k]})
    uo, to = np.nonzero(dist.present)
    origin = pd.DataFrame({
        dist.unit_col: dist.units.take(uo), dist.year_col: dist.years.take(to),
        "rank": 0, dist.item_col: pd.Series(pd.NA, index=range(len(uo)),
                                            dtype=points[dist.item_col].dtype),
        "lq": np.nan, "weight": 0.0, "share": 0.0, "cum_weight": 0.0, "cum_share": 0.0})
    out = pd.concat([origin, points], ignore_index=True)
    pos = np.lexsort((out["rank"].to_numpy(), np.r_[to, t], np.r_[uo, u]))
    return out.iloc[pos].reset_index(drop=True)
