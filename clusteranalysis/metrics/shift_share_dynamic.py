"""Shift-share over time: dynamic shift-share and shift-share projection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem

from .shift_share import _check_method, _columns, _components, _extract, _period, _tidy


def dynamic_shift_share(
    df: pd.DataFrame,
    *,
    years=None,
    reference,
    method: str = "dunn",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total: str = "auto",
    total_code: str = "TOTAL",
    summed: bool = False,
    by_step: bool = False,
) -> pd.DataFrame:
    """Dynamic shift-share (Barff & Knight): components of each step, summed.

    Parameters
    ----------
    df, reference, value, by, region, year, total, total_code, summed :
        As in :func:`shift_share`.
    years : sequence of int, optional
        Increasing years; each step runs from one listed year to the next
        (``[2008, 2009, ..., 2017]`` gives nine yearly steps; ``[2008, 2012,
        2017]`` two). Default: every year in the table.
    method : {"dunn", "esteban-marquillas", "arcelus"}
        Additive decomposition of each step (Gerfin ratios do not add up).
    by_step : bool
        Return the components of every step (``start_year``/``end_year`` of
        the step) instead of their sums over the period.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`shift_share` for ``method`` (without the rates)
        over the whole period, ``start_year`` = first and ``end_year`` = last
        year, plus ``steps``; the components are the sums over the steps.

    Notes
    -----
    For steps :math:`t = 1..n` between the years :math:`y_0 < ... < y_n`,
    with :math:`G_t` and :math:`g_{it}` the reference's growth in step
    :math:`t`:

    .. math::

        NS_i = \\sum_t e_{i,t-1} G_t, \\quad
        IM_i = \\sum_t e_{i,t-1} (g_{it} - G_t), \\quad
        CS_i = \\sum_t [e_{it} - e_{i,t-1}(1 + g_{it})]

    Each step adds up to that step's change, so the sums add up to
    :math:`e_{i,y_n} - e_{i,y_0}` exactly (the steps telescope), also when an
    industry starts, leaves or re-enters in between. A two-year ``years``
    gives :func:`shift_share`. REAT's ``shiftd()`` help example labelled
    2008→2017 has a first step 2008→2008 and ends in 2016: it equals
    ``years=range(2008, 2017)`` here.

    References
    ----------
    Barff, R. A. & Knight, P. L. (1988). Dynamic shift-share analysis.
    *Growth and Change* 19(2), 1-10.

    Examples
    --------
    >>> region = pd.DataFrame({"region": "A", "year": [2000, 2000, 2001, 2001, 2002, 2002],
    ...     "industry": ["1", "2"] * 3, "employment": [10.0, 0, 12, 5, 13, 6]})
    >>> nation = pd.DataFrame({"year": [2000, 2000, 2001, 2001, 2002, 2002],
    ...     "industry": ["1", "2"] * 3, "employment": [100.0, 50, 110, 50, 110, 60]})
    >>> d = dynamic_shift_share(region, reference=nation, summed=True)
    >>> float(d["observed_change"].iloc[0]), int(d["steps"].iloc[0])
    (9.0, 2)
    >>> float(d[["national_share", "industry_mix", "competitive_share"]].sum(axis=1).iloc[0])
    9.0
    """
    _check_method(method, ("dunn", "esteban-marquillas", "arcelus"))
    if years is None:
        years = sorted(int(y) for y in pd.unique(df[year]))
    years = [int(y) for y in years]
    if len(years) < 2 or any(b <= a for a, b in zip(years, years[1:])):
        raise ValueError(f"years must be at least two increasing years, not {years}")
    a = _extract(df, years, reference, value, by, region, year, total, total_code)
    steps = []
    for k in range(len(years) - 1):
        comps, g, G = _components(a.e[k], a.e[k + 1], a.E[k], a.E[k + 1], a.T[k], a.T[k + 1],
                                  method)
        if by_step:
            steps.append(_tidy(a, a.e[k], a.e[k + 1], comps, g, G, method, years[k],
                               years[k + 1], value, by, region, summed))
        else:
            cols = _columns(method)
            acc = {c: comps[c] for c in cols} if k == 0 else {c: acc[c] + comps[c] for c in cols}
    if by_step:
        return pd.concat(steps, ignore_index=True)
    out = _tidy(a, a.e[0], a.e[-1], acc, np.full(a.e.shape[2], np.nan), np.nan, method,
                years[0], years[-1], value, by, region, summed)
    out = out.drop(columns=[c for c in ("reference_rate", "reference_total_rate") if c in out])
    return out.assign(steps=len(years) - 1)


def shift_share_projection(
    df: pd.DataFrame,
    *,
    start: int,
    end: int,
    projection: pd.DataFrame,
    reference,
    shift: str = "region",
    shift_per_year: bool = False,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total_code: str = "TOTAL",
    summed: bool = False,
) -> pd.DataFrame:
    """Project regional values from a projection of the reference (Gerfin type).

    Parameters
    ----------
    df, reference, value, by, region, year, total_code :
        As in :func:`shift_share`; ``start`` → ``end`` is the base period
        whose competitive shift is carried forward.
    projection : pandas.DataFrame
        Projected reference values with ``year``, ``by`` and ``value``
        columns for one or more target years after ``end``.
    shift : {"region", "industry", "none"}
        Competitive factor :math:`c`: ``"region"`` the region's Gerfin
        competitive ratio :math:`e_1 / \\sum_i e_{i0}(1+g_i)` for all its
        industries (REAT ``shiftp``, Spiekermann & Wegener 2008);
        ``"industry"`` each industry's own :math:`(1+r_i)/(1+g_i)` (missing
        for industries that start at zero); ``"none"`` :math:`c = 1`
        (constant shares of the reference).
    shift_per_year : bool
        ``False`` (as REAT) applies the base period's factor once, whatever the
        horizon; ``True`` converts it to a yearly factor and compounds it over
        the horizon, :math:`c^{(P - t_1)/(t_1 - t_0)}`.
    summed : bool
        One row per region and target year.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``by`` (not when summed), ``end_year``,
        ``projection_year``, ``{value}_end``, ``reference_end``,
        ``reference_projected``, ``competitive_factor`` (not when summed) and
        ``{value}_projected``. Where the expected end value
        :math:`\\sum_i e_{i0}(1+g_i)` (or, with ``shift="industry"``, the
        industry's) is zero or undefined, the competitive factor and the
        projection are missing, never infinite.

    Notes
    -----
    .. math::

        \\hat e_{iP} = e_{i1} \\, \\frac{E_{iP}}{E_{i1}} \\, c

    References
    ----------
    Spiekermann, K. & Wegener, M. (2008). Regionale Beschäftigungsprognose
    (shift-share). Cited after REAT 3.0.3 ``shiftp()``.

    Examples
    --------
    >>> obs = pd.DataFrame({"region": "R", "year": [2000, 2000, 2006, 2006],
    ...     "industry": ["1", "2"] * 2, "employment": [1400.0, 3600, 1000, 4400]})
    >>> nat = pd.DataFrame({"year": [2000, 2000, 2006, 2006], "industry": ["1", "2"] * 2,
    ...     "employment": [3700.0, 6300, 2900, 9100]})
    >>> proj = pd.DataFrame({"year": [2010, 2010], "industry": ["1", "2"],
    ...     "employment": [2500.0, 12500]})
    >>> p = shift_share_projection(obs, start=2000, end=2006, projection=proj, reference=nat)
    >>> p["employment_projected"].round(3).tolist()
    [739.233, 5182.757]
    """
    if shift not in ("region", "industry", "none"):
        raise ValueError(f"shift must be 'region', 'industry' or 'none', not {shift!r}")
    start, end = _period(start, end)
    a = _extract(df, [start, end], reference, value, by, region, year, "sum", total_code)
    e0, e1, E0, E1 = a.e[0], a.e[1], a.E[0], a.E[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(e0 != 0, e0 * (E1 / E0), 0.0)
        if shift == "region":
            c = np.broadcast_to((e1.sum(axis=1) / expected.sum(axis=1))[:, None], e0.shape)
        elif shift == "industry":
            c = np.where(e0 != 0, e1 / expected, np.nan)
        else:
            c = np.ones_like(e0)
    c = np.where(np.isfinite(c), c, np.nan)  # expected value 0: the factor is undefined
    lacking = [col for col in (year, by, value) if col not in projection.columns]
    if lacking:
        raise DataError([Problem(f"projection table lacks column(s): {', '.join(lacking)}")])
    targets = sorted(int(y) for y in pd.unique(projection[year]))
    if not targets or targets[0] <= end:
        raise ValueError(f"projection years {targets} must all be after the end year {end}")
    p = _extract(projection.assign(**{region: "__projection__"}), targets, None, value, by,
                 region, year, "sum", total_code)
    take = p.industries.astype("string").get_indexer(a.industries.astype("string"))
    out = []
    for k, target in enumerate(targets):
        EP = np.full(len(take), np.nan)  # industries absent from the projection: missing
        EP[take >= 0] = p.E[k][take[take >= 0]]
        factor = c ** ((target - end) / (end - start)) if shift_per_year else c
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(E1 != 0, EP / E1, np.nan)
            proj = np.where(e1 != 0, e1 * ratio * factor, 0.0)
        comps = {"reference_end": np.broadcast_to(E1, e1.shape),
                 "reference_projected": np.broadcast_to(EP, e1.shape),
                 "competitive_factor": factor, f"{value}_projected": proj}
        out.append(_projection_table(a, e1, comps, end, target, value, by, region, summed))
    return pd.concat(out, ignore_index=True)


def _projection_table(a, e1, comps, end, target, value, by, region, summed):
    keys = {"end_year": end, "projection_year": target}
    if summed:
        keep = a.present.any(axis=1)
        cols = {f"{value}_end": e1.sum(axis=1),
                **{k: v.sum(axis=1) for k, v in comps.items() if k != "competitive_factor"}}
        return pd.DataFrame({region: a.regions[keep], **keys,
                             **{k: v[keep] for k, v in cols.items()}})
    idx = np.flatnonzero(a.present.ravel())
    I = e1.shape[1]
    return pd.DataFrame({region: a.regions.take(idx // I), by: a.industries.take(idx % I),
                         **keys, f"{value}_end": e1.ravel()[idx],
                         **{k: np.asarray(v).ravel()[idx] for k, v in comps.items()}})
