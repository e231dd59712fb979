"""Location quotients (Balassa / Hoover specialisation ratio)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._dense import (REFERENCE, append_reference, code_of, dense, region_totals,
                     resolve_total, values, with_column)
from clusteranalysis.errors import DataError, Problem


def location_quotient(
    df: pd.DataFrame,
    *,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Location quotient of every region × industry (or cluster) × year.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel, or the output of :func:`aggregate_clusters` (then pass
        ``by="cluster", total_code="total"``).
    value : str
        Measure; ``"employment"`` gives the classic employment LQ,
        ``"establishments"`` an establishment-based LQ.
    by, region, year : str
        Key columns.
    reference : None, str or pandas.DataFrame
        What the region is compared with:

        * ``None`` — all regions in the table together: :math:`E_i` is the
          sum of :math:`e_{ir}` over regions, :math:`E` the sum of the region
          totals. Use it only when the regions tile the nation and no national
          row is in the table.
        * a region code (e.g. ``"DG"`` for Germany in GENESIS tables) — that
          region's rows are the reference; its own rows are not returned.
        * a DataFrame with columns ``year``, ``by`` and ``value`` holding the
          reference totals (e.g. national employment by industry); its total
          is its ``total_code`` row (or, with ``total="sum"``, the sum).
    total : {"auto", "row", "sum"}
        Region (and reference) total: ``"row"`` the ``total_code`` row,
        ``"sum"`` the sum over industries, ``"auto"`` the row when the table
        has total rows. Official tables count employees without an industry
        in the total row only, so the two differ slightly.
    total_code : str
        Code of the total row.

    Returns
    -------
    pandas.DataFrame
        Key columns, ``value`` and ``lq`` for every row of the analysed
        regions (total rows have LQ 1). Carries ``{value}_flag`` when present.
        Missing (suppressed) inputs give a missing LQ, never 0.

    Notes
    -----
    .. math::

        LQ_{ir} = \\frac{e_{ir} / e_r}{E_i / E}

    :math:`e_{ir}` is the value of industry *i* in region *r*, :math:`e_r`
    the region total, :math:`E_i` and :math:`E` the same for the reference.
    LQ > 1 means the region is more specialised in *i* than the reference.
    With ``reference=None`` the employment-weighted mean LQ of every industry
    over all regions is exactly 1.

    References
    ----------
    Isard, W. (1960). *Methods of Regional Analysis*. MIT Press.
    Farhauer, O. & Kröll, A. (2013). *Standorttheorien*. Springer, p. 354 ff.
    U.S. Bureau of Labor Statistics, QCEW Location Quotient Details.

    Examples
    --------
    Farhauer & Kröll (2013): 1,714 of the region's 79,006 employees work in
    an industry that has 879,213 of the nation's 15,593,224 employees.

    >>> region = pd.DataFrame({"region": ["R", "R"], "year": [2013, 2013],
    ...                        "industry": ["i", "TOTAL"],
    ...                        "employment": [1714.0, 79006.0]})
    >>> nation = pd.DataFrame({"year": [2013, 2013], "industry": ["i", "TOTAL"],
    ...                        "employment": [879213.0, 15593224.0]})
    >>> location_quotient(region, reference=nation)["lq"].round(7).tolist()
    [0.3847623, 1.0]
    """
    if isinstance(reference, pd.DataFrame):
        df = append_reference(df, reference, region=region, by=by,
                              required=(year, by, value),
                              columns=(region, year, by, value, f"{value}_flag"))
        reference = REFERENCE
    d = dense(df, region, year, by)
    v = values(df, value)
    total, is_total = resolve_total(d, total, total_code)
    rt = d.rt()
    den_r = region_totals(d, v, is_total, total, rt)  # e_r, flat R*T
    ti = d.ti()
    ref_i, ref_tot, row_mask = _reference_parts(d, v, is_total, den_r, rt, ti, reference,
                                                region)
    ref_tot_t = np.repeat(ref_tot, d.I)  # flat T*I, aligned with ref_i
    with np.errstate(divide="ignore", invalid="ignore"):
        ref_share = ref_i / ref_tot_t
        ref_share[is_total_codes(d, total_code)] = 1.0
        lq = den_r[rt]
        del rt
        np.divide(v, lq, out=lq)  # in place: e_ir / e_r
        lq /= ref_share[ti]
    lq[np.isinf(lq)] = np.nan
    cols = [region, year, by, value] + ([f"{value}_flag"] if f"{value}_flag" in df else [])
    out = with_column(df[cols], "lq", lq)
    if row_mask is not None:
        out = out[row_mask].reset_index(drop=True)
    return out


def _reference_parts(d, v, is_total, den_r, rt, ti, reference, region):
    """Reference values: ``E_i`` (flat year × industry), ``E`` (per year), and the
    mask of the rows to return (None: all rows).

    ``reference=None`` sums all regions (a missing total of a present region-year
    makes the reference total missing); a region code takes that region's rows,
    which are then not returned.
    """
    if reference is None:
        if is_total.any():
            keep = ~is_total
            ref_i = np.bincount(ti[keep], weights=v[keep], minlength=d.T * d.I)
        else:
            ref_i = np.bincount(ti, weights=v, minlength=d.T * d.I)
        present = np.zeros(d.R * d.T, dtype=bool)
        present[rt] = True
        # region-years absent from the table add nothing (np.sum keeps NaN)
        ref_tot = np.where(present, den_r, 0.0).reshape(d.R, d.T).sum(axis=0)
        return ref_i, ref_tot, None
    rc = code_of(d.regions, str(reference))
    if rc < 0:
        raise DataError([Problem(f"reference region {reference!r} is not in the table",
                                 column=region)])
    is_ref = d.r == rc
    ref_i = np.full(d.T * d.I, np.nan)
    sel = is_ref & ~is_total
    ref_i[ti[sel]] = v[sel]
    return ref_i, den_r.reshape(d.R, d.T)[rc].copy(), ~is_ref


def is_total_codes(d, total_code: str) -> np.ndarray:
    """Flat year × industry mask of the total-row industry."""
    mask = np.zeros(d.T * d.I, dtype=bool)
    tc = code_of(d.industries, total_code)
    if tc >= 0:
        mask[np.arange(d.T) * d.I + tc] = True
    return mask
