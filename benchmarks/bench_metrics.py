"""Benchmark: shares + location quotients + growth on a large synthetic panel.

Builds a panel of ``--regions`` × ``--industries`` × ``--years`` rows (default
3,000 × 1,000 × 20 = 60 million rows; region and industry as categoricals, as
a large panel should be held), then times each metric and prints wall seconds
and peak memory.

Memory is reported two ways: the peak of Python-tracked allocations during
each metric (``tracemalloc``; numpy and pandas buffers are tracked) on top of
the panel, and the process's peak resident set size.

Run::

    python benchmarks/bench_metrics.py                 # the full 60-million-row panel
    python benchmarks/bench_metrics.py --regions 300   # a quick smaller run

Targets (issue #2): under 10 s for the three together and peak memory under
3 × the panel's own size on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

import clusteranalysis as ca


def build_panel(n_regions: int, n_industries: int, n_years: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_regions * n_industries * n_years
    # row order region-major, then year, then industry (as official tables come)
    r = np.repeat(np.arange(n_regions, dtype=np.int16), n_industries * n_years)
    t = np.tile(np.repeat(np.arange(n_years, dtype=np.int64), n_industries), n_regions)
    i = np.tile(np.arange(n_industries, dtype=np.int16), n_regions * n_years)
    emp = rng.gamma(0.8, 250.0, size=n).round()
    regions = pd.Index([f"{k:05d}" for k in range(n_regions)], dtype="string")
    industries = pd.Index([f"{k:04d}" for k in range(n_industries)], dtype="string")
    return pd.DataFrame({
        "region": pd.Categorical.from_codes(r, categories=regions),
        "year": t + 2001,
        "industry": pd.Categorical.from_codes(i, categories=industries),
        "employment": emp,
    })


def timed(label, func, panel_bytes):
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    t0 = time.perf_counter()
    result = func()
    wall = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    extra = peak - before
    print(f"{label:<22} {wall:7.2f} s   peak extra {extra / 2**30:6.2f} GiB "
          f"({extra / panel_bytes:4.2f} x panel)   result rows {len(result):,}")
    return wall, extra


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--industries", type=int, default=1000)
    ap.add_argument("--years", type=int, default=20)
    args = ap.parse_args(argv)

    tracemalloc.start()
    t0 = time.perf_counter()
    panel = build_panel(args.regions, args.industries, args.years)
    panel_bytes = int(panel.memory_usage(deep=True).sum())
    print(f"panel: {len(panel):,} rows, {panel_bytes / 2**30:.2f} GiB, built in "
          f"{time.perf_counter() - t0:.1f} s")
    first, last = 2001, 2000 + args.years
    total_wall, worst = 0.0, 0
    for label, func in [
        ("shares", lambda: ca.shares(panel, total="sum")),
        ("location_quotient", lambda: ca.location_quotient(panel, total="sum")),
        ("growth", lambda: ca.growth(panel, start=first, end=last)),
    ]:
        wall, extra = timed(label, func, panel_bytes)
        total_wall += wall
        worst = max(worst, extra)
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"total {total_wall:.2f} s (target < 10 s); peak of panel + one metric "
          f"{(panel_bytes + worst) / panel_bytes:.2f} x panel (target < 3 x); "
          f"process peak RSS {rss / 2**30:.2f} GiB = {rss / panel_bytes:.2f} x panel")


if __name__ == "__main__":
    main()
