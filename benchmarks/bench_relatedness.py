"""Benchmark: proximity, relatedness density and ECI/PCI on a large panel.

Builds one year of a synthetic region × industry panel (default 3,000 regions
× 1,000 industries = 3 million rows; log-normal employment, 60 % of the cells
zero, as in fine-grained county data) and times the public functions of
:mod:`clusteranalysis.relatedness` end to end (tidy table in, tidy table out):
``proximity``, ``relatedness_density``, ``eci`` + ``pci`` and the full
``complexity`` table (ECI, PCI, density, COI, COG for every cell).

Run::

    python benchmarks/bench_relatedness.py                  # the full panel
    python benchmarks/bench_relatedness.py --regions 300    # a quick smaller run
    OMP_NUM_THREADS=2 python benchmarks/bench_relatedness.py   # 2 BLAS threads

Target (relatedness issue): proximity, density and ECI/PCI together under
10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from clusteranalysis.relatedness import complexity, eci, pci, proximity, relatedness_density


def build_panel(regions: int, industries: int, zeros: float = 0.6,
                seed: int = 1) -> pd.DataFrame:
    """One year, every region × industry, codes as categoricals of text."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.lognormal(3.0, 1.5, size=(regions, industries)))
    x[rng.random(x.shape) < zeros] = 0.0
    r = pd.Categorical.from_codes(np.repeat(np.arange(regions), industries),
                                  [f"{i:05d}" for i in range(regions)])
    i = pd.Categorical.from_codes(np.tile(np.arange(industries), regions),
                                  [f"{k:06d}" for k in range(industries)])
    return pd.DataFrame({"region": r, "industry": i, "year": 2020,
                         "employment": x.reshape(-1)})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--industries", type=int, default=1000)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    panel = build_panel(args.regions, args.industries)
    print(f"panel: {len(panel):,} rows, built in {time.perf_counter() - t0:.1f} s")
    runs = [
        ("proximity", lambda: proximity(panel)),
        ("relatedness_density", lambda: relatedness_density(panel)),
        ("eci + pci", lambda: (eci(panel), pci(panel))),
        ("complexity (all cells)", lambda: complexity(panel)),
    ]
    total = 0.0
    for label, func in runs:
        t = time.perf_counter()
        func()
        dt = time.perf_counter() - t
        if label != "complexity (all cells)":
            total += dt
        print(f"{label:<26} {dt:6.2f} s")
    print(f"{'proximity + density + ECI/PCI':<26} {total:6.2f} s  (target < 10 s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
