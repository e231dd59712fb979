"""Class breaks (mapclassify) and class colours of the choropleth maps (private).

Classes are intervals (lower, upper], as in mapclassify: a value equal to a
bound belongs to the class below it. LQ colours are diverging, centred on 1
and symmetric in log terms: a class around 0.5 is as intense a blue as a class
around 2 is a red.
"""

from __future__ import annotations

import numpy as np

SCHEMES = ("fixed", "quantiles", "natural_breaks", "equal_interval", "continuous")
KINDS = ("lq", "diverging", "sequential")
#: Fixed LQ classes: ≤ 0.8 (under-represented), 0.8–1.25, > 1.25 (specialised).
LQ_BINS = (0.8, 1.25)
DIVERGING = "RdBu_r"
SEQUENTIAL = "Blues"


def breaks(values: np.ndarray, *, scheme: str, k: int, bins=None, kind: str = "lq"):
    """Upper bounds of the classes (the last may be ``inf``) and the class of each value.

    ``values`` are the finite values only. Returns ``(bounds, yb)``.
    """
    import mapclassify

    if scheme not in SCHEMES or scheme == "continuous":
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES[:-1])} for classes")
    if scheme == "fixed":
        fixed = list(bins if bins is not None else (LQ_BINS if kind == "lq" else ()))
        if not fixed or sorted(fixed) != fixed:
            raise ValueError("scheme='fixed' needs increasing bins=[...] (default for LQs: "
                             "0.8, 1.25)")
        bounds = np.array(fixed + [np.inf], dtype=float)
        yb = np.searchsorted(bounds, values, side="left")
        return bounds, yb
    n_unique = len(np.unique(values))
    k = max(1, min(k, n_unique))
    if scheme == "quantiles":
        c = mapclassify.Quantiles(values, k=k)
    elif scheme == "natural_breaks":
        bounds = fisher_jenks(values, k)
        yb = np.searchsorted(bounds, values, side="left")
        bounds[-1] = np.inf
        return bounds, yb
    else:
        c = mapclassify.EqualInterval(values, k=k)
    bounds = np.asarray(c.bins, dtype=float).copy()
    bounds[-1] = np.inf  # the top class is open: "> previous bound"
    return bounds, np.asarray(c.yb, dtype=int)


def fisher_jenks(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of the optimal ("natural breaks") classes, Fisher (1958).

    Minimises the within-class sum of squared deviations exactly, by dynamic
    programming over the sorted values; each step is one vectorised numpy
    operation, so 400 districts take milliseconds where
    :class:`mapclassify.FisherJenks` without numba takes seconds. Gives the
    same breaks as mapclassify (tested).

    Examples
    --------
    >>> fisher_jenks(np.array([1.0, 1.1, 1.2, 5.0, 5.2, 9.0]), 3).tolist()
    [1.2, 5.2, 9.0]
    """
    y = np.sort(np.asarray(values, dtype=float))
    n = len(y)
    k = min(k, n)
    s1 = np.concatenate([[0.0], np.cumsum(y)])
    s2 = np.concatenate([[0.0], np.cumsum(y * y)])
    a = np.arange(n + 1)[:, None]          # class starts at a (inclusive) ...
    b = np.arange(n + 1)[None, :]          # ... and ends before b
    with np.errstate(divide="ignore", invalid="ignore"):
        ssd = s2[b] - s2[a] - (s1[b] - s1[a]) ** 2 / (b - a)
    ssd = np.where(b > a, np.maximum(ssd, 0.0), np.inf)
    cost = ssd[0].copy()                   # one class over y[:i]
    back = []
    for _ in range(1, k):                  # loop over classes only
        total = cost[:, None] + ssd
        back.append(np.argmin(total, axis=0))
        cost = total[back[-1], np.arange(n + 1)]
    ends = [n]
    for arg in reversed(back):
        ends.append(int(arg[ends[-1]]))
    ends = ends[::-1]
    return np.array([y[e - 1] for e in ends], dtype=float)


def _position(rep: np.ndarray, kind: str, spread: float) -> np.ndarray:
    if kind == "lq":
        return 0.5 + 0.45 * np.log(rep) / spread
    return 0.5 + 0.45 * rep / spread


def class_colours(bounds: np.ndarray, values, kind: str, cmap=None) -> list:
    """One RGBA colour per class.

    With ``values=None`` (fixed classes) the colours depend on the bounds only,
    so that maps of different clusters or years with the same classes compare:
    the open end classes are taken as wide (in log terms for LQs) as the
    bounds' whole range.
    """
    import matplotlib

    n = len(bounds)
    if values is None:
        finite = bounds[np.isfinite(bounds)]
        if kind == "lq":
            ratio = finite[-1] / finite[0] if len(finite) > 1 else 1.25
            values = np.array([finite[0] / ratio, finite[-1] * ratio])
        else:
            width = finite[-1] - finite[0] if len(finite) > 1 else 1.0
            values = np.array([finite[0] - width, finite[-1] + width])
    if kind == "sequential":
        cm = matplotlib.colormaps[cmap or SEQUENTIAL]
        return [cm(x) for x in np.linspace(0.2, 0.95, n)]
    lo = float(np.min(values)) if len(values) else 1.0
    hi = float(np.max(values)) if len(values) else 1.0
    lower = np.concatenate([[min(lo, bounds[0])], bounds[:-1]])
    upper = bounds.copy()
    upper[-1] = max(hi, lower[-1])
    if kind == "lq":
        lower = np.maximum(lower, 1e-3)
        # a class without data beyond a bound: one LQ step (×1.25) wide
        upper = np.where(upper > lower, upper, lower * 1.25)
        lower = np.where(lower < upper, lower, upper / 1.25)
        rep = np.sqrt(lower * upper)
        spread = max(float(np.max(np.abs(np.log(rep)))), np.log(1.25))
    else:
        rep = (lower + upper) / 2
        spread = max(float(np.max(np.abs(rep))), 1e-12)
    cm = matplotlib.colormaps[cmap or DIVERGING]
    return [cm(float(x)) for x in _position(rep, kind, spread)]


def continuous_colours(values: np.ndarray, kind: str, cmap=None):
    """Colours of each value and the (norm, colormap, spread) for a colour bar."""
    import matplotlib
    from matplotlib.colors import Normalize

    finite = values[np.isfinite(values)]
    if kind == "sequential":
        cm = matplotlib.colormaps[cmap or SEQUENTIAL]
        norm = Normalize(float(finite.min()), float(finite.max()))
        return cm(norm(values)), norm, cm
    cm = matplotlib.colormaps[cmap or DIVERGING]
    if kind == "lq":
        spread = max(float(np.max(np.abs(np.log(finite)))), np.log(1.25))
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.log(values)
    else:
        spread = max(float(np.max(np.abs(finite))), 1e-12)
        x = values
    norm = Normalize(-spread, spread)
    return cm(norm(x)), norm, cm
