"""Ellison–Glaeser agglomeration index from establishment-level data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.metrics._dense import encode, values
from clusteranalysis.errors import DataError, Problem


def _eg(g: np.ndarray, sum_x2: np.ndarray, h: np.ndarray) -> np.ndarray:
    """gamma = (G - (1 - sum x^2) H) / ((1 - sum x^2)(1 - H))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (g - (1.0 - sum_x2) * h) / ((1.0 - sum_x2) * (1.0 - h))


def ellison_glaeser(
    plants: pd.DataFrame,
    area_employment: pd.DataFrame,
    *,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str | None = "year",
) -> pd.DataFrame:
    """Ellison–Glaeser index of agglomeration of every industry (and year).

    Parameters
    ----------
    plants : pandas.DataFrame
        One row per establishment (plant) with its industry ``by``, area
        ``region``, size ``value`` (employees) and, optionally, ``year``.
    area_employment : pandas.DataFrame
        Total employment of every area (all industries): columns ``region``,
        ``value`` and, when ``plants`` has it, ``year``. Its areas define the
        map — include areas without any plant of an industry.
    value, by, region : str
        Column names.
    year : str or None
        Year column; ignored (one period) when ``plants`` lacks it.

    Returns
    -------
    pandas.DataFrame
        One row per industry (× year): ``by``, ``year``, ``n_plants``,
        ``value`` (the industry's employment), ``plant_hhi`` (H),
        ``raw_concentration`` (G) and ``ellison_glaeser`` (γ).

    Raises
    ------
    DataError
        Plants in areas missing from ``area_employment``; missing or
        negative values.

    Notes
    -----
    With :math:`s_r` the industry's share of its employment in area *r*,
    :math:`x_r` the area's share of total employment and :math:`z_j` the
    plants' shares of the industry's employment:

    .. math::

        G = \\sum_r (s_r - x_r)^2, \\qquad H = \\sum_j z_j^2, \\qquad
        \\gamma = \\frac{G - (1 - \\sum_r x_r^2) H}{(1 - \\sum_r x_r^2)(1 - H)}

    :math:`E[G] = (1-\\sum x_r^2)[\\gamma + (1-\\gamma)H]` in the
    "dartboard" model, so γ = 0 is what random location of the given plants
    produces; Ellison and Glaeser call γ > 0.05 highly and γ < 0.02 not very
    localised. γ is missing for an industry with a single plant (H = 1).
    REAT's ``ellison.a`` computes the same γ.

    References
    ----------
    Ellison, G. & Glaeser, E. L. (1997). Geographic concentration in U.S.
    manufacturing industries: a dartboard approach. *Journal of Political
    Economy* 105(5), 889–927.

    Examples
    --------
    Four equal plants, all in area a, which has half of all employment —
    as concentrated as four plants can be (γ = 1); spread 3:1 instead, they
    are as concentrated as random location makes them on average (γ = 0):

    >>> plants = pd.DataFrame({"industry": "x", "region": "a",
    ...                        "employment": [10.0, 10.0, 10.0, 10.0]})
    >>> areas = pd.DataFrame({"region": ["a", "b"], "employment": [500.0, 500.0]})
    >>> ellison_glaeser(plants, areas)[["raw_concentration", "plant_hhi",
    ...                                 "ellison_glaeser"]].round(4)
       raw_concentration  plant_hhi  ellison_glaeser
    0                0.5       0.25              1.0
    >>> plants["region"] = ["a", "a", "a", "b"]
    >>> ellison_glaeser(plants, areas)["ellison_glaeser"].round(4).tolist()
    [0.0]
    """
    has_year = year is not None and year in plants.columns
    keys = [by, region] + ([year] if has_year else [])
    missing = [c for c in keys + [value] if c not in plants.columns]
    missing += [f"area_employment.{c}" for c in [region, value] + ([year] if has_year else [])
                if c not in area_employment.columns]
    if missing:
        raise DataError([Problem(f"missing column(s): {', '.join(missing)}")])
    z = values(plants, value)
    a = values(area_employment, value)
    bad = [Problem("missing or negative values", column=f"{name}.{value}",
                   rows=tuple(np.flatnonzero(~(arr >= 0))[:20]))
           for name, arr in (("plants", z), ("area_employment", a)) if (~(arr >= 0)).any()]
    if bad:
        raise DataError(bad)
    # areas (× years) as dense codes shared by both tables
    area_keys = area_employment[[region] + ([year] if has_year else [])]
    r_a, regions = encode(area_keys[region].astype("string"))
    r_p = regions.get_indexer(plants[region].astype("string"))
    if has_year:
        t_a, years = encode(area_keys[year])
        t_p = years.get_indexer(plants[year])
    else:
        t_a = np.zeros(len(a), dtype=np.int64)
        t_p = np.zeros(len(z), dtype=np.int64)
        years = pd.Index([0])
    if (r_p < 0).any() or (t_p < 0).any():
        rows = tuple(np.flatnonzero((r_p < 0) | (t_p < 0))[:20])
        raise DataError([Problem("plants in areas (or years) that area_employment lacks",
                                 column=region, rows=rows)])
    R, T = len(regions), len(years)
    area = np.bincount(t_a.astype(np.int64) * R + r_a, weights=a, minlength=T * R)
    area = area.reshape(T, R)
    x = area / area.sum(axis=1, keepdims=True)                   # (T, R)
    sum_x2 = (x * x).sum(axis=1)                                  # (T,)
    i_p, inds = encode(plants[by].astype("string"))
    I = len(inds)
    it = t_p.astype(np.int64) * I + i_p                           # industry × year
    e_it = np.bincount(it, weights=z, minlength=T * I)
    n_it = np.bincount(it, minlength=T * I)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.bincount(it, weights=z * z, minlength=T * I) / e_it**2
        cell, cell_idx = np.unique(it * R + r_p, return_inverse=True)
        e_cell = np.bincount(cell_idx.ravel(), weights=z)
        c_it, c_r = cell // R, cell % R
        s = e_cell / e_it[c_it]
        xr = x[c_it // I, c_r]
        # G = sum_r s^2 - 2 sum_r s x + sum_r x^2 (areas without plants add x^2)
        g = (np.bincount(c_it, weights=s * s - 2.0 * s * xr, minlength=T * I)
             + sum_x2[np.arange(T * I) // I])
    gamma = _eg(g, sum_x2[np.arange(T * I) // I], h)
    gamma[n_it < 2] = np.nan
    idx = np.flatnonzero(n_it > 0)
    out = pd.DataFrame({by: inds.take(idx % I)})
    if has_year:
        out[year] = years.take(idx // I)
    out["n_plants"] = n_it[idx]
    out[value] = e_it[idx]
    out["plant_hhi"] = h[idx]
    out["raw_concentration"] = g[idx]
    out["ellison_glaeser"] = gamma[idx]
    return out
