"""Complexity and density on dense arrays (internal; numpy/BLAS only).

All functions take the binary matrix ``b`` (regions × industries, float64)
and treat all-zero rows and columns by the stated rule of
:mod:`clusteranalysis.relatedness._matrix`: left out, results NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .proximity import proximity_array


def density_array(b: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """ω_ri = Σ_j M_rj φ_ji / Σ_j φ_ji (NaN where an industry relates to nothing)."""
    den = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = b @ phi
        out /= den[None, :]
    out[:, den == 0] = np.nan
    return out


def _std(a: np.ndarray) -> float:
    return float(np.std(a)) if a.size else np.nan


#: Above this many industries the eigenvector is found by Lanczos iteration.
DENSE_LIMIT = 400


def second_eigenvector(s: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Eigenvector of the second largest eigenvalue of the symmetric ``s`` whose
    largest eigenpair is known: ``top`` (eigenvalue 1, any length).

    Small matrices: dense :func:`scipy.linalg.eigh` (two largest pairs). Large
    ones: the known pair is deflated and the largest eigenpair of the rest is
    found with ARPACK (:func:`scipy.sparse.linalg.eigsh`, full precision, a
    fixed start vector); dense again if ARPACK does not converge.
    """
    from scipy.linalg import eigh

    n = s.shape[0]
    if n > DENSE_LIMIT:
        from scipy.sparse.linalg import ArpackNoConvergence, eigsh

        w = top / np.linalg.norm(top)
        deflated = s - np.outer(w, w)
        v0 = np.random.default_rng(0).random(n)
        try:
            _, vec = eigsh(deflated, k=1, which="LA", tol=0, v0=v0)
            return vec[:, 0]
        except ArpackNoConvergence:
            pass
    _, vecs = eigh(s, subset_by_index=[n - 2, n - 1], driver="evx")
    return vecs[:, 0]


@dataclass
class Complexity:
    """Raw and standardised complexity results of one binary matrix."""

    eci: np.ndarray          # standardised (R,), NaN for left-out regions
    pci: np.ndarray          # standardised with ECI's mean and sd (I,)
    kc: np.ndarray           # signed raw region values (R,)
    kp: np.ndarray           # signed raw industry values (I,)


def eigen_complexity(b: np.ndarray) -> Complexity:
    """ECI/PCI by the eigenvector method with ecomplexity's conventions.

    ``kp`` is the eigenvector of the second largest eigenvalue of
    M̃ = U⁻¹MᵀD⁻¹M, found from the symmetric matrix U^-½MᵀD⁻¹MU^-½ (same
    eigenvalues) with :func:`scipy.linalg.eigh` (only the two largest
    eigenpairs); ``kc = D⁻¹M kp``. The sign
    makes kc correlate positively with diversity; ECI = (kc − mean kc)/sd kc,
    PCI = (kp − mean kc)/sd kc (population sd).
    """
    R, I = b.shape  # noqa: E741
    d, u = b.sum(axis=1), b.sum(axis=0)
    rows, cols = d > 0, u > 0
    eci, pci = np.full(R, np.nan), np.full(I, np.nan)
    kc_all, kp_all = np.full(R, np.nan), np.full(I, np.nan)
    if rows.sum() < 2 or cols.sum() < 2:
        return Complexity(eci, pci, kc_all, kp_all)
    B = b[np.ix_(rows, cols)]
    dv, uv = d[rows], u[cols]
    bs = B / np.sqrt(dv)[:, None]
    bs /= np.sqrt(uv)[None, :]
    kp = second_eigenvector(bs.T @ bs, np.sqrt(uv)) / np.sqrt(uv)
    kc = (B @ kp) / dv
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(dv, kc)[0, 1] if np.std(dv) > 0 and np.std(kc) > 0 else 1.0
    sign = -1.0 if r < 0 else 1.0
    kc, kp = sign * kc, sign * kp
    mean, sd = kc.mean(), _std(kc)
    eci[rows] = (kc - mean) / sd if sd > 0 else np.nan
    pci[cols] = (kp - mean) / sd if sd > 0 else np.nan
    kc_all[rows], kp_all[cols] = kc, kp
    return Complexity(eci, pci, kc_all, kp_all)


def reflections(b: np.ndarray, steps: int) -> Complexity:
    """Method of reflections: k_{r,N}, k_{i,N} (raw, not standardised)."""
    R, I = b.shape  # noqa: E741
    d, u = b.sum(axis=1), b.sum(axis=0)
    rows, cols = d > 0, u > 0
    B = b[np.ix_(rows, cols)]
    dv, uv = d[rows], u[cols]
    kc, kp = dv.copy(), uv.copy()
    for _ in range(int(steps)):
        kc, kp = (B @ kp) / dv, (B.T @ kc) / uv
    eci, pci = np.full(R, np.nan), np.full(I, np.nan)
    eci[rows], pci[cols] = kc, kp
    return Complexity(eci, pci, eci.copy(), pci.copy())


def outlook(b: np.ndarray, phi: np.ndarray, c: Complexity, gain: bool = True,
            dens: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Complexity outlook index (per region) and outlook gain (per cell).

    ecomplexity 0.5.3 conventions: density with the proximity diagonal, raw
    signed PCI inside; COI standardised over regions; COG divided by the sd
    of the raw ECI.
    """
    rows, cols = b.sum(axis=1) > 0, b.sum(axis=0) > 0
    B, P = b[np.ix_(rows, cols)], phi[np.ix_(cols, cols)]
    kp = c.kp[cols]
    # inactive industries have zero proximity and zero M: the density of the
    # active block is the same whether computed on it or on the whole matrix
    dens = density_array(B, P) if dens is None else dens[np.ix_(rows, cols)]
    absent = 1.0 - B
    coi = np.nansum(dens * absent * kp[None, :], axis=1)
    sd_coi = _std(coi)
    coi_all = np.full(b.shape[0], np.nan)
    coi_all[rows] = (coi - coi.mean()) / sd_coi if sd_coi > 0 else np.nan
    if not gain:
        return coi_all, None
    with np.errstate(divide="ignore", invalid="ignore"):
        a = P * (kp / P.sum(axis=1))[:, None]
    a[~np.isfinite(a)] = 0.0
    cog = absent * (absent @ a)
    sd_kc = _std(c.kc[rows])
    cog_all = np.full(b.shape, np.nan)
    cog_all[np.ix_(rows, cols)] = cog / sd_kc if sd_kc > 0 else np.nan
    return coi_all, cog_all


def complexity_arrays(b: np.ndarray, method: str = "eigenvector", steps: int = 2,
                      outlook_too: bool = True, gain: bool = True) -> dict:
    """Every complexity quantity of one binary matrix as arrays (``outlook_too=False``:
    ECI and PCI only; ``gain=False``: without COG)."""
    if method not in ("eigenvector", "reflections"):
        raise ValueError(f"method must be 'eigenvector' or 'reflections', not {method!r}")
    if not outlook_too:
        c = eigen_complexity(b) if method == "eigenvector" else reflections(b, steps)
        return {"eci": c.eci, "pci": c.pci}
    phi = proximity_array(b)
    dens = density_array(b, phi)
    rows = b.sum(axis=1) > 0
    dens[~rows] = np.nan
    if method == "eigenvector":
        c = eigen_complexity(b)
        coi, cog = outlook(b, phi, c, gain, dens)
        out = {"eci": c.eci, "pci": c.pci, "density": dens, "coi": coi}
        return {**out, "cog": cog} if gain else out
    c = reflections(b, steps)
    return {"eci": c.eci, "pci": c.pci, "density": dens}
