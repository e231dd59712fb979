"""Benchmark: wall time of every chart of the cluster report, per chart and language.

Draws each chart of the report (shares, contribution, portfolio, shift-share,
index, the three bubble charts) for sample cities in English and German, and
saves it to PNG as the report does (``savefig`` at 100 dpi into memory). The
first chart of a process also pays for importing matplotlib; it is drawn once
before timing (``--cold`` times it too). Prints the median and maximum seconds
per chart over the cities, and whether label placement ever needed adjustText.

Run::

    python benchmarks/bench_charts.py               # 4 sample cities, en and de
    python benchmarks/bench_charts.py --cities 14   # every sample city
    python benchmarks/bench_charts.py --cold        # include the first-import cost

Target (issue #9): well under 0.5 s per chart (it was ~2 s for the shares chart
and ~1 s per bubble chart) on a 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import warnings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=4, help="sample cities (default 4)")
    parser.add_argument("--cold", action="store_true", help="time the first chart cold")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import clusteranalysis as ca
    from clusteranalysis import plotting
    from clusteranalysis.inputs.sample import load_sample_regions

    panel = ca.load_sample()
    regions = load_sample_regions()
    cities = regions.loc[regions["level"] == "city", "region"].tolist()[: args.cities]
    national = regions.loc[regions["level"] == "country", "region"].iloc[0]
    start, end = 2015, 2020
    inputs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for language in ("en", "de"):
            clusters = ca.aggregate_clusters(panel[panel["year"].between(start, end)],
                                             "leipzig", language=language)
            for city in cities:
                profile = ca.cluster_profile(panel, "leipzig", region=city, start_year=start,
                                             end_year=end, reference=national,
                                             language=language)
                two = clusters[clusters["year"].isin([start, end])]
                shift = profile[["cluster", "label"]].merge(ca.shift_share(
                    two, start=start, end=end, reference=national, by="cluster",
                    total_code="total").query("region == @city"), on="cluster")
                mine = clusters[clusters["region"] == city]
                index = ca.growth_index(mine, base_year=start, by="cluster").merge(
                    mine[["cluster", "year", "label"]], on=["cluster", "year"])
                inputs[language, city] = profile, shift, index
    print(f"setup (imports, profiles): {time.perf_counter() - t0:.2f} s")

    charts = {
        "shares": lambda p, s, i, lang: plotting.shares_chart(
            p, value_labels=True, language=lang),
        "contribution": lambda p, s, i, lang: plotting.contribution_chart(p, language=lang),
        "portfolio": lambda p, s, i, lang: plotting.portfolio_chart(p, language=lang),
        "shift_share": lambda p, s, i, lang: plotting.shift_share_chart(
            s, value_labels=True, language=lang),
        "index": lambda p, s, i, lang: plotting.index_chart(i, language=lang),
        **{f"bubble_{size}": (lambda size: lambda p, s, i, lang: plotting.bubble_chart(
            p, size=size, language=lang))(size)
           for size in ("establishments", "employment", "tax")},
    }

    def draw(name, key):
        """Seconds to draw the chart, and to draw it and save it as PNG."""
        t = time.perf_counter()
        ax = charts[name](*inputs[key], key[0])
        drawn = time.perf_counter() - t
        ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
        plt.close(ax.figure)
        return drawn, time.perf_counter() - t

    first = next(iter(inputs))
    cold = draw("shares", first)[1]
    if args.cold:
        print(f"first chart (cold, imports matplotlib): {cold:.2f} s")

    print(f"{'chart':<24}{'draw median':>12}{'max':>8}{'+PNG median':>13}{'max':>8}"
          f"  (n = {len(inputs)}, seconds)")
    worst = 0.0
    for name in charts:
        times = [draw(name, key) for key in inputs]
        drawn, saved = [t[0] for t in times], [t[1] for t in times]
        worst = max(worst, max(saved))
        print(f"{name:<24}{statistics.median(drawn):>12.3f}{max(drawn):>8.3f}"
              f"{statistics.median(saved):>13.3f}{max(saved):>8.3f}")
    print(f"slowest chart incl. PNG: {worst:.3f} s (target < 0.5 s); adjustText needed: "
          f"{'yes' if 'adjustText' in sys.modules else 'never'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
