"""Shift-share regression (Patterson 1991): WLS with industry and region effects."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .shift_share import _extract, _period

_MAX_DESIGN = 50_000_000  # cells × parameters held as a dense float64 design matrix


@dataclass
class ShiftShareRegressionResult:
    """Result of :func:`shift_share_regression`.

    Attributes
    ----------
    result : statsmodels RegressionResults
        The fitted WLS model in its identified parameterisation (the last
        industry and the last region are expressed by the others).
    effects : pandas.DataFrame
        Every effect, including the ones not estimated directly: columns
        ``term`` (``"reference"``, ``"industry"``, ``"region"``), ``level``,
        ``coef``, ``std_err``, ``t``, ``p_value``, ``ci_low``, ``ci_high``.
    cells : pandas.DataFrame
        The region × industry cells used: ``{value}_start``, ``{value}_end``,
        ``growth``, ``weight``, ``fitted`` and ``resid``.
    """

    result: object
    effects: pd.DataFrame
    cells: pd.DataFrame
    xnames: list | None = None

    @property
    def params(self) -> pd.Series:
        """All coefficients, indexed by (term, level)."""
        return self.effects.set_index(["term", "level"])["coef"]

    @property
    def bse(self) -> pd.Series:
        """Standard errors of :attr:`params`."""
        return self.effects.set_index(["term", "level"])["std_err"]

    @property
    def industry_effects(self) -> pd.DataFrame:
        return self.effects[self.effects["term"] == "industry"].reset_index(drop=True)

    @property
    def region_effects(self) -> pd.DataFrame:
        return self.effects[self.effects["term"] == "region"].reset_index(drop=True)

    @property
    def nobs(self) -> int:
        return int(self.result.nobs)

    def summary(self):
        """statsmodels summary plus the table of all effects."""
        from statsmodels.iolib.table import SimpleTable

        s = self.result.summary(yname="growth", xname=self.xnames,
                                title="Shift-share regression (Patterson 1991)")
        e = self.effects
        rows = [[f"{v:.6g}" for v in r] for r in
                e[["coef", "std_err", "t", "p_value"]].to_numpy()]
        stubs = [f"{t}[{lv}]" for t, lv in zip(e["term"], e["level"])]
        s.tables.append(SimpleTable(rows, ["coef", "std err", "t", "P>|t|"], stubs,
                                    title="All effects (weighted sums of each set are 0)"))
        s.add_extra_txt(["growth_ir = reference + industry_i + region_r + error, weighted; "
                         "industry effect ~ industry-mix rate, region effect ~ competitive "
                         "rate (Patterson 1991)."])
        return s

    def __str__(self) -> str:
        return str(self.summary())

    def _repr_html_(self) -> str:
        return self.summary().as_html()


def shift_share_regression(
    df: pd.DataFrame,
    *,
    start: int,
    end: int,
    reference=None,
    weights: str | None = "employment",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total_code: str = "TOTAL",
    cov_type: str = "nonrobust",
) -> ShiftShareRegressionResult:
    """Shift-share as a regression with industry and region effects.

    Parameters
    ----------
    df, start, end, value, by, region, year, total_code :
        As in :func:`shift_share`.
    reference : None or str
        ``None`` uses every region; a region code (the nation's row) is left
        out of the sample. The reference growth is estimated from the regions.
    weights : str or None
        Column whose start-year value weights each cell (default the start
        employment, which makes the intercept the regions' overall growth
        rate); ``None`` for unweighted OLS.
    cov_type : str
        Passed to ``statsmodels`` ``fit`` (e.g. ``"HC1"``).

    Returns
    -------
    ShiftShareRegressionResult
        ``summary()``, ``params``, ``bse``, ``effects``, ``industry_effects``,
        ``region_effects``, ``cells`` and the statsmodels ``result``.

    Notes
    -----
    For every cell with a positive start value, growth
    :math:`y_{ir} = e_{ir1}/e_{ir0} - 1` is modelled as

    .. math::

        y_{ir} = \\mu + \\alpha_i + \\beta_r + \\varepsilon_{ir}, \\qquad
        \\sum_i W_i \\alpha_i = 0, \\quad \\sum_r W_r \\beta_r = 0

    by weighted least squares with weights :math:`w_{ir}` and
    :math:`W_i = \\sum_r w_{ir}`, :math:`W_r = \\sum_i w_{ir}`. With these
    constraints :math:`\\hat\\mu` is the weighted mean growth (with start
    employment weights, the growth of all regions together, Dunn's :math:`G`),
    :math:`\\alpha_i` an industry-mix rate and :math:`\\beta_r` the region's
    competitive rate net of its industry mix, with standard errors. Cells
    starting at zero have no growth rate and are left out.

    References
    ----------
    Patterson, M. G. (1991). A note on the formulation of a full-analogue
    regression model of the shift-share method. *Journal of Regional Science*
    31(2), 211-216.
    Berzeg, K. (1978). The empirical content of shift-share analysis.
    *Journal of Regional Science* 18(3), 463-469.

    Examples
    --------
    >>> rows = [(r, y, i, 100.0 * (1 + 0.1 * (y == 2001) * (1 + (r == "B"))))
    ...         for r in "AB" for y in (2000, 2001) for i in "xyz"]
    >>> df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])
    >>> res = shift_share_regression(df, start=2000, end=2001)
    >>> round(float(res.params[("reference", "growth")]), 6)
    0.15
    >>> res.region_effects["coef"].round(6).tolist()
    [-0.05, 0.05]
    """
    start, end = _period(start, end)
    if reference is not None and not isinstance(reference, str):
        raise TypeError("reference must be None or the code of a region to leave out; the "
                        "regression estimates the reference growth from the regions")
    a = _extract(df, [start, end], reference, value, by, region, year, "sum", total_code)
    e0, e1 = a.e[0], a.e[1]
    if weights is None:
        w = np.ones_like(e0)
    elif weights == value:
        w = e0
    else:
        w = _extract(df, [start], reference, weights, by, region, year, "sum", total_code).e[0]
    ok = a.present & (e0 > 0) & np.isfinite(e1) & np.isfinite(w) & (w > 0)
    r_idx, i_idx = np.nonzero(ok)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = e1[ok] / e0[ok] - 1.0
    wc = w[ok]
    ind, ic = np.unique(i_idx, return_inverse=True)
    reg, rc = np.unique(r_idx, return_inverse=True)
    K, J, n = len(ind), len(reg), len(y)
    if K < 2 or J < 2 or n <= K + J - 1:
        raise ValueError(f"too few cells ({n}) for {K} industries and {J} regions")
    if n * (K + J - 1) > _MAX_DESIGN:
        raise ValueError(f"design matrix of {n} cells × {K + J - 1} parameters is too large; "
                         "aggregate industries (e.g. to clusters) or regions first")
    X, L = _design(ic, rc, wc, K, J)
    from statsmodels.regression.linear_model import WLS

    res = WLS(y, X, weights=wc).fit(cov_type=cov_type)
    levels = ["growth"] + list(a.industries.take(ind)) + list(a.regions.take(reg))
    terms = ["reference"] + ["industry"] * K + ["region"] * J
    effects = _effects_table(terms, levels, L, res)
    cells = pd.DataFrame({region: a.regions.take(r_idx), by: a.industries.take(i_idx),
                          f"{value}_start": e0[ok], f"{value}_end": e1[ok], "growth": y,
                          "weight": wc, "fitted": res.fittedvalues, "resid": res.resid})
    xnames = [f"{t}[{lv}]" for t, lv, k in zip(terms, levels, range(len(terms)))
              if k not in (K, K + J)]  # the last industry and region are not parameters
    return ShiftShareRegressionResult(res, effects, cells, xnames)


def _design(ic, rc, w, K, J):
    """Weighted effect coding; ``L`` maps parameters to all 1 + K + J effects."""
    n = len(ic)
    Wk = np.bincount(ic, weights=w, minlength=K)
    Wj = np.bincount(rc, weights=w, minlength=J)
    P = K + J - 1
    X = np.zeros((n, P))
    X[:, 0] = 1.0
    L = np.zeros((1 + K + J, P))
    L[0, 0] = 1.0
    # parameter columns: industries 1..K-1, regions K..K+J-2; effect rows: 1..K, K+1..K+J
    for codes, W, off, lo, m in ((ic, Wk, 1, 1, K), (rc, Wj, K, 1 + K, J)):
        rows = np.flatnonzero(codes < m - 1)
        X[rows, off + codes[rows]] = 1.0
        last = codes == m - 1
        X[np.ix_(last, np.arange(off, off + m - 1))] = -W[:-1] / W[-1]
        L[lo:lo + m - 1, off:off + m - 1] = np.eye(m - 1)
        L[lo + m - 1, off:off + m - 1] = -W[:-1] / W[-1]
    return X, L


def _effects_table(terms, levels, L, res):
    """Every effect as a linear combination of the parameters (statsmodels t_test)."""
    tt = res.t_test(L)
    ci = np.asarray(tt.conf_int())
    return pd.DataFrame({"term": terms, "level": levels,
                         "coef": np.ravel(tt.effect), "std_err": np.ravel(tt.sd),
                         "t": np.ravel(tt.tvalue), "p_value": np.ravel(tt.pvalue),
                         "ci_low": ci[:, 0], "ci_high": ci[:, 1]})
