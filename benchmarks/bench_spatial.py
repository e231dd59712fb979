"""Benchmark: LISA for all German districts × 10 clusters, and one district choropleth.

Targets (issue 11): local Moran's I with 999 conditional permutations for the
401 districts × 10 clusters in under 5 s; one district choropleth (401
polygons, Länder borders, own region outlined, legend, notes) drawn in under
1 s. Runs offline on the bundled boundaries with seeded synthetic LQs
(log-normal with a smooth north-south trend, a few suppressed), so nothing
from ``../shared`` is needed.

Run::

    python benchmarks/bench_spatial.py
    python benchmarks/bench_spatial.py --permutations 9999 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def lq_table(boundaries, n_clusters: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    north = boundaries.geometry.centroid.y.to_numpy()
    trend = (north - north.mean()) / north.std()
    parts = []
    for k in range(n_clusters):
        lq = np.exp(0.3 * trend * rng.choice([-1, 1]) + rng.normal(0, 0.4, len(boundaries)))
        lq[rng.random(len(lq)) < 0.01] = np.nan
        parts.append(pd.DataFrame({"region": boundaries["region"].astype(str),
                                   "cluster": f"cluster {k + 1}", "lq": lq}))
    return pd.concat(parts, ignore_index=True)


def best_of(repeat: int, func):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusters", type=int, default=10)
    ap.add_argument("--permutations", type=int, default=999)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    import matplotlib.pyplot as plt

    from clusteranalysis import load_boundaries
    from clusteranalysis.plotting import cluster_map
    from clusteranalysis.spatial import global_moran, local_moran, spatial_weights

    start = time.perf_counter()
    import esda  # noqa: F401
    import geopandas  # noqa: F401
    import libpysal  # noqa: F401

    print(f"import geopandas, libpysal, esda (first use only): "
          f"{time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    b = load_boundaries("de-districts")
    w = spatial_weights(b)
    print(f"load boundaries + queen weights (401 districts): {time.perf_counter() - start:.2f} s")
    table = lq_table(b, args.clusters)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_lisa, lisa = best_of(args.repeat, lambda: local_moran(
            table, w, permutations=args.permutations))
        t_glob, _ = best_of(args.repeat, lambda: global_moran(
            table, w, permutations=args.permutations))
    print(f"LISA, {len(b)} districts × {args.clusters} clusters, {args.permutations} "
          f"permutations: {t_lisa:.2f} s (target < 5 s); "
          f"{int(lisa['significant'].sum())} significant region-clusters")
    print(f"global Moran's I, same table: {t_glob:.2f} s")

    one = table[table["cluster"] == "cluster 1"]
    cluster_map(one, b, highlight="14713")  # warm-up: imports, state layer cache
    plt.close("all")

    def draw():
        ax = cluster_map(one, b, highlight="14713", title="cluster 1")
        ax.figure.canvas.draw()
        plt.close(ax.figure)

    t_map, _ = best_of(args.repeat, draw)
    print(f"district choropleth (401 polygons, Länder borders, outline, legend), drawn and "
          f"rendered: {t_map:.2f} s (target < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
