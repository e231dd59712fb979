"""Local Moran's I (LISA) of a cluster's LQ across regions: where is the cluster's spatial core?

One row per region × cluster with the local statistic, its conditional
permutation z-score and pseudo p-value, the Moran scatterplot quadrant and a
significance flag (optionally controlling the false discovery rate). This is
how the spatial extent of an industry cluster is delimited in the literature
(Feser, Sweeney and Renski 2005).
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd

from . import _prepare

__all__ = ["QUADRANTS", "local_moran"]

#: esda's quadrant numbers (``Moran_Local.q``) and their names.
QUADRANTS = {1: "high-high", 2: "low-high", 3: "low-low", 4: "high-low"}
NOT_SIGNIFICANT = "not significant"
_DIRECTED: dict = {}  # filled on first use: alternative="directed" where esda has it


def local_moran(table: pd.DataFrame, w, *, value: str = "lq", region: str = "region",
                cluster: str | None = "cluster", log: bool = True, transform: str = "r",
                permutations: int = 999, seed: int = 20240601, alpha: float = 0.05,
                fdr: bool = False) -> pd.DataFrame:
    """Local Moran's I of ``value`` for every region and cluster.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy table, one row per region (× cluster).
    w : libpysal.weights.W
        From :func:`clusteranalysis.spatial.spatial_weights`; ids = region codes.
    value, region, cluster : str
        Column names; ``cluster=None`` for a table of one variable.
    log : bool, default True
        Analyse ``log(value)`` (LQs are ratios); regions with a value ≤ 0 are
        then left out with a note.
    transform : {"r", "b"}
        Row-standardised (default) or binary weights.
    permutations : int
        Conditional permutations per region (default 999).
    seed : int
        Seed of the permutations; cluster ``k`` (0-based, in table order) uses
        ``seed + k``. The same seed gives the same p-values.
    alpha : float
        Significance level.
    fdr : bool
        Control the false discovery rate (Benjamini–Hochberg, via
        :func:`esda.fdr`) over the regions of each cluster instead of testing
        each region at ``alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per region of the weights × cluster: ``cluster`` (if given),
        ``region``, ``value``, ``I`` (local I_i), ``z`` (z-score against the
        permutation distribution), ``p`` (one-sided pseudo p-value),
        ``quadrant`` (``high-high``, ``low-low``, ``high-low``, ``low-high``),
        ``significant`` (bool), ``category`` (the quadrant if significant,
        else ``"not significant"``) and ``note`` (why a region was left
        out: no value, value ≤ 0, no neighbour, code not in the weights — e.g.
        a district before a merger; its statistics are missing).

    Notes
    -----
    With :math:`z_i = y_i - \\bar y` and :math:`m_2 = \\sum_k z_k^2 / (n - 1)`:

    .. math:: I_i = \\frac{z_i}{m_2} \\sum_j w_{ij} z_j

    (esda's convention). The pseudo p-value holds y_i fixed and permutes the
    other values over i's neighbours (conditional randomisation):
    p = (M + 1)/(R + 1), M = permutations at least as extreme in the
    direction of the observed I_i; a region whose value equals the mean
    (I_i = 0 in every permutation) gets p = 1. High-high: y_i and its
    spatial lag above the mean.

    References
    ----------
    Anselin, L. (1995). Local indicators of spatial association — LISA.
    Geographical Analysis 27(2), 93–115. Feser, E., Sweeney, S., Renski, H.
    (2005). A descriptive analysis of discrete U.S. industrial complexes.
    Journal of Regional Science 45(2), 395–419. Benjamini, Y., Hochberg, Y.
    (1995). Controlling the false discovery rate. JRSS B 57(1), 289–300.

    Examples
    --------
    >>> import pandas as pd, libpysal
    >>> w = libpysal.weights.lat2W(3, 3, rook=True, id_type="string")
    >>> t = pd.DataFrame({"region": w.id_order, "y": range(1, 10)})
    >>> r = local_moran(t, w, value="y", cluster=None, log=False, permutations=99)
    >>> r.loc[0, ["region", "quadrant"]].tolist(), round(float(r.loc[0, "I"]), 4)
    (['id0', 'low-low'], 1.0667)
    """
    import esda

    if "alternative" in inspect.signature(esda.Moran_Local).parameters:
        _DIRECTED["alternative"] = "directed"
    parts = []
    for k, (cid, values) in enumerate(_prepare.groups(table, value=value, region=region,
                                                      cluster=cluster)):
        ids, y, w_sub, excluded = _prepare.subset(values, w, log=log, transform=transform)
        with warnings.catch_warnings():
            # esda announces a change of the default alternative; this function keeps
            # the directed (folded, one-sided) pseudo p-value documented above
            warnings.filterwarnings("ignore", "The alternative hypothesis",
                                    DeprecationWarning)
            m = esda.Moran_Local(y, w_sub, transformation=transform, permutations=permutations,
                                 seed=seed + k, keep_simulations=False, **_DIRECTED)
        p = np.asarray(m.p_sim, dtype=float)
        # y_i at the mean: every permutation ties with I_i = 0; esda folds the
        # count to 0 and reports the smallest p-value, but nothing is extreme.
        p = np.where(np.abs(y - y.mean()) <= 1e-12 * max(1.0, abs(y.mean())), 1.0, p)
        if fdr:
            threshold = esda.fdr(p, alpha)
        else:
            threshold = alpha
        quadrant = pd.Series(np.asarray(m.q)).map(QUADRANTS).to_numpy()
        part = pd.DataFrame({"region": ids, "I": np.asarray(m.Is, dtype=float),
                             "z": np.asarray(m.z_sim, dtype=float), "p": p,
                             "quadrant": quadrant})
        all_ids = pd.DataFrame({"region": [str(i) for i in w.id_order]})
        part = all_ids.merge(part, on="region", how="left")
        part.insert(1, "value", values.reindex(part["region"]).to_numpy(dtype=float))
        part["significant"] = (part["p"] <= threshold).to_numpy(dtype=bool)  # NaN: False
        part["category"] = np.where(part["significant"], part["quadrant"], NOT_SIGNIFICANT)
        part.loc[part["I"].isna(), "category"] = None
        extra = sorted(set(values.index) - set(part["region"]))
        if extra:  # codes of the table that the weights do not know: reported, not dropped
            part = pd.concat([part, pd.DataFrame({
                "region": extra, "value": values.reindex(extra).to_numpy(dtype=float)})],
                ignore_index=True)
            excluded.update(dict.fromkeys(extra, "unknown"))
        part["note"] = part["region"].map(lambda c: _prepare.REASONS.get(excluded.get(c)))
        if cluster:
            part.insert(0, cluster, cid)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    for col in ("region", "quadrant", "category", "note"):
        out[col] = out[col].astype("string")
    if cluster:
        out = out.rename(columns={"region": region}) if region != "region" else out
    elif region != "region":
        out = out.rename(columns={"region": region})
    return out
