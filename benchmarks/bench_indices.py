"""Benchmark: all specialisation indices on a large synthetic panel.

Times :func:`clusteranalysis.indices.specialisation_indices` (Hoover, Krugman
against the aggregate and the rest, specialisation Gini, HHI raw and
normalised, Theil T, Theil L, entropy — one row per region × year) on the
panel of ``benchmarks/bench_metrics.py`` (default 3,000 regions × 1,000
industries × 20 years = 60 million rows), and for comparison
:func:`~clusteranalysis.indices.concentration_indices` (per industry × year).

Run::

    python benchmarks/bench_indices.py                 # the full 60-million-row panel
    python benchmarks/bench_indices.py --regions 300   # a quick smaller run
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_metrics import build_panel, timed  # noqa: E402

from clusteranalysis.indices import concentration_indices, specialisation_indices  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--industries", type=int, default=1000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--no-concentration", action="store_true",
                    help="time only the specialisation batch")
    args = ap.parse_args(argv)

    tracemalloc.start()
    t0 = time.perf_counter()
    panel = build_panel(args.regions, args.industries, args.years)
    panel_bytes = int(panel.memory_usage(deep=True).sum())
    print(f"panel: {len(panel):,} rows, {panel_bytes / 2**30:.2f} GiB, built in "
          f"{time.perf_counter() - t0:.1f} s")
    jobs = [("specialisation_indices", lambda: specialisation_indices(panel))]
    if not args.no_concentration:
        jobs.append(("concentration_indices", lambda: concentration_indices(panel)))
    for label, func in jobs:
        timed(label, func, panel_bytes)
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"process peak RSS {rss / 2**30:.2f} GiB = {rss / panel_bytes:.2f} x panel")


if __name__ == "__main__":
    main()
