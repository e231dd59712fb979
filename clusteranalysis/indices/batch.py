"""All indices of specialisation (per region) or concentration (per industry)
in one tidy table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.metrics._dense import dense, region_totals, resolve_total, values
from clusteranalysis.display import result_frame
from ._core import Distributions, distributions
from .ellison_glaeser import ellison_glaeser
from .entropy import _entropy
from .gini import _gini, _lorenz_inputs
from .herfindahl import _hhi, _hhi_normalised
from .hoover import _hoover
from .krugman import _krugman_rest
from .theil import _theil_l, _theil_t

COLUMNS = ("hoover", "krugman_aggregate", "krugman_rest", "gini", "hhi",
           "hhi_normalised", "theil_t", "theil_l", "entropy")


def _all(dist: Distributions, gini_weighting: str) -> dict:
    """Every index of one set of distributions, computing shares once."""
    s, tot = dist.shares()
    ref_share, ref_tot = dist.ref_shares()
    h = _hoover(s, ref_share)
    hhi = _hhi(s)
    n = dist.n_items()
    if gini_weighting == "reference":
        g = _gini(s, np.broadcast_to(ref_share, s.shape))
    else:
        y, w, _ = _lorenz_inputs(dist, gini_weighting)
        g = _gini(y, w)
        del y, w
    out = {
        "n_items": np.broadcast_to(n, tot.shape),
        "total": tot,
        "hoover": h,
        "krugman_aggregate": 2.0 * h,
        "krugman_rest": _krugman_rest(s, dist.x, tot, dist.ref, ref_tot),
        "gini": g,
        "hhi": hhi,
        "hhi_normalised": _hhi_normalised(hhi, np.broadcast_to(n, hhi.shape)),
        "theil_t": _theil_t(s, ref_share),
        "theil_l": _theil_l(s, ref_share),
        "entropy": _entropy(s),
    }
    return out


def specialisation_indices(
    df: pd.DataFrame,
    *,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total_code: str = "TOTAL",
    gini_weighting: str = "reference",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Every index of regional specialisation for every region and year.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel (or :func:`aggregate_clusters` output with
        ``by="cluster", total_code="total"``; its ``other`` rows complete
        the economy). Industries must partition the economy (no nested
        aggregates); ``total_code`` rows are left out.
    value, by, region, year : str
        Measure and key columns.
    reference : None, str or pandas.DataFrame
        Reference economy: all regions in the table, a region code (that
        region is not returned), or a table of reference values (columns
        ``year``, ``by``, ``value``). See :func:`hoover`.
    total_code : str
        Code of the total rows (not part of any distribution).
    gini_weighting : {"reference", "equal"}
        See :func:`gini`.
    missing : {"propagate", "omit"}
        Missing (suppressed) values make the region's indices missing, or
        are left out of both distributions; see :func:`hoover`.

    Returns
    -------
    pandas.DataFrame
        One row per region × year: ``region``, ``year``, ``n_industries``
        (industries in the table that year), ``value`` (the region's sum over
        them), ``hoover`` (Hoover coefficient of specialisation),
        ``krugman_aggregate`` and ``krugman_rest`` (Krugman index against
        the reference including / excluding the region), ``gini``
        (specialisation Gini), ``hhi``, ``hhi_normalised``, ``theil_t``,
        ``theil_l`` (relative to the reference structure) and ``entropy``
        (nats). Definitions: :func:`hoover`, :func:`krugman`, :func:`gini`,
        :func:`herfindahl`, :func:`theil_t`, :func:`theil_l`,
        :func:`entropy` and ``docs/indices.md``.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> out = specialisation_indices(df)
    >>> out[["region", "hoover", "krugman_aggregate", "krugman_rest", "hhi"]].round(4)
      region  hoover  krugman_aggregate  krugman_rest     hhi
    0      A  0.2500             0.5000        0.8333  0.6250
    1      B  0.1667             0.3333        0.8333  0.5556
    """
    dist = distributions(df, of="region", value=value, by=by, region=region, year=year,
                         reference=reference, total_code=total_code, missing=missing)
    cols = _all(dist, gini_weighting)
    return result_frame(dist.frame(_rename(cols, "n_industries", value)),
                        caption=f"Specialisation indices ({value})")


def concentration_indices(
    df: pd.DataFrame,
    *,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    gini_weighting: str = "reference",
    missing: str = "propagate",
    plants: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every index of geographic concentration for every industry and year.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel; industries as in :func:`specialisation_indices`.
    value, by, region, year : str
        Measure and key columns.
    reference : None or str
        A region code (e.g. the nation's row) to leave out of the regions.
    total : {"auto", "row", "sum"}
        A region's weight (its share of all employment): its ``total_code``
        row or the sum over its industries.
    total_code : str
        Code of the total rows.
    gini_weighting : {"reference", "equal"}
        See :func:`gini`.
    missing : {"propagate", "omit"}
        See :func:`specialisation_indices`.
    plants : pandas.DataFrame, optional
        Establishments (columns ``by``, ``region``, ``value`` and ``year``
        if the panel has several years): adds the Ellison–Glaeser columns
        ``n_plants``, ``plant_hhi``, ``raw_concentration`` and
        ``ellison_glaeser``, with the regions' weights from ``df`` as the
        area employment (see :func:`ellison_glaeser`).

    Returns
    -------
    pandas.DataFrame
        One row per industry × year: ``by``, ``year``, ``n_regions``,
        ``value`` (the industry's sum over regions), ``hoover`` (Hoover
        coefficient of localisation), ``krugman_aggregate`` (dissimilarity
        from the distribution of all employment) and ``krugman_rest`` (from
        all other industries), ``gini`` (locational Gini), ``hhi`` and
        ``hhi_normalised`` (over regions), ``theil_t``, ``theil_l``
        (relative to the regions' employment) and ``entropy`` over regions;
        plus the Ellison–Glaeser columns when ``plants`` is given.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> concentration_indices(df)[["industry", "hoover", "gini", "hhi"]].round(4)
      industry  hoover  gini   hhi
    0        x     0.2   0.2  0.52
    1        y     0.2   0.2  0.68
    """
    dist = distributions(df, of="industry", value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    out = dist.frame(_rename(_all(dist, gini_weighting), "n_regions", value))
    if plants is not None:
        area = _area_employment(df, value, by, region, year, reference, total, total_code)
        plant_year = year if year in plants.columns else None
        eg = ellison_glaeser(plants, area, value=value, by=by, region=region,
                             year=plant_year).drop(columns=[value])
        eg[by] = eg[by].astype(out[by].dtype)
        keys = [by, year] if plant_year else [by]
        out = out.merge(eg, on=keys, how="left")
    return result_frame(out, caption=f"Concentration indices ({value})")


def _rename(cols: dict, n_name: str, value: str) -> dict:
    cols[n_name] = cols.pop("n_items")
    cols[value] = cols.pop("total")
    return {k: cols[k] for k in (n_name, value, *COLUMNS)}


def _area_employment(df, value, by, region, year, reference, total, total_code):
    """Region weights of ``df`` as a table (region, year, value)."""
    d = dense(df, region, year, by)
    v = values(df, value)
    total, is_total = resolve_total(d, total, total_code)
    den = region_totals(d, v, is_total, total).reshape(d.R, d.T)
    present = np.zeros(d.R * d.T, dtype=bool)
    present[d.rt()] = True
    r, t = np.nonzero(present.reshape(d.R, d.T))
    out = pd.DataFrame({region: d.regions.take(r), year: d.years.take(t),
                        value: den[r, t]})
    if reference is not None:
        out = out[out[region] != str(reference)]
    return out.reset_index(drop=True)
