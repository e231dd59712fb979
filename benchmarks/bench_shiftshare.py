"""Benchmark: Dunn shift-share for every region of a large synthetic panel.

Builds the panel of :mod:`bench_metrics` (default 3,000 regions × 1,000
industries × 20 years = 60 million rows, categorical keys), then times
``shift_share(method="dunn")`` for every region against the sum of all regions
for one period (first → last year), per region × industry and summed, and the
dynamic shift-share over all 20 years.

Run::

    python benchmarks/bench_shiftshare.py                 # the full panel
    python benchmarks/bench_shiftshare.py --regions 300   # a quick smaller run

Target (shift-share issue): under 20 s for the one-period Dunn shift-share.
"""

from __future__ import annotations

import argparse
import resource
import time

from bench_metrics import build_panel  # same directory

from clusteranalysis.metrics.shift_share import shift_share
from clusteranalysis.metrics.shift_share_dynamic import dynamic_shift_share


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--industries", type=int, default=1000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--no-dynamic", action="store_true", help="skip the dynamic run")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    panel = build_panel(args.regions, args.industries, args.years)
    print(f"panel: {len(panel):,} rows, built in {time.perf_counter() - t0:.1f} s")
    first, last = 2001, 2000 + args.years
    runs = [
        ("dunn, region x industry", lambda: shift_share(panel, start=first, end=last,
                                                         reference=None)),
        ("dunn, summed per region", lambda: shift_share(panel, start=first, end=last,
                                                         reference=None, summed=True)),
    ]
    if not args.no_dynamic:
        runs.append((f"dynamic, {args.years - 1} steps",
                     lambda: dynamic_shift_share(panel, reference=None)))
    for label, func in runs:
        t0 = time.perf_counter()
        result = func()
        wall = time.perf_counter() - t0
        target = "  (target < 20 s)" if label.startswith("dunn, region") else ""
        print(f"{label:<26} {wall:7.2f} s   result rows {len(result):,}{target}")
        del result
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"process peak RSS {rss / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
