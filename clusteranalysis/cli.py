"""Command-line interface: ``clusteranalysis profile`` and ``clusteranalysis run``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError


def _profile(args) -> int:
    import pandas as pd

    from .inputs.definitions import load_definition
    from .format import profile_text
    from .metrics.profile import cluster_profile
    from .inputs.sample import load_sample, load_sample_regions
    from ._atomic import atomic_path

    from .i18n import gettext_for

    _ = gettext_for(args.language)
    panel = load_sample()
    regions = load_sample_regions()
    definition = load_definition(args.definition)
    cities = regions[regions["level"] == "city"]
    if args.region:
        unknown = sorted(set(args.region) - set(cities["region"]))
        if unknown:
            print(f"error: unknown sample region(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        cities = cities[cities["region"].isin(args.region)]
    national = regions.loc[regions["level"] == "country", "region"].iloc[0]
    frames = []
    for code, name in zip(cities["region"], cities["name"]):
        p = cluster_profile(panel, definition, region=code, start_year=args.start,
                            end_year=args.end, reference=national, language=args.language)
        p.insert(1, "name", name)
        frames.append(p)
        if not args.quiet:
            title = _("{name} ({code}), {definition}, {period} [synthetic sample data]").format(
                name=name, code=code, definition=definition.name,
                period=f"{args.start}\u2013{args.end}")
            print(profile_text(p, title=title, language=args.language))
            print()
    table = pd.concat(frames, ignore_index=True)
    out = Path(args.out)
    target = out / f"profiles_{definition.name}_{args.start}_{args.end}.csv" \
        if out.suffix.lower() != ".csv" else out
    with atomic_path(target) as tmp:
        table.to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
    print(f"wrote {len(table)} rows for {len(frames)} regions to {target}")
    return 0


def _sample(args) -> int:
    from .inputs.sample import DEFAULT_SEED, data_dir, write_sample

    out = Path(args.out) if args.out else data_dir()
    for path in write_sample(out, seed=DEFAULT_SEED if args.seed is None else args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def _run(args) -> int:
    from .runner.cli import run_command

    return run_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusteranalysis",
        description="Regional economic cluster analysis: cluster profiles and HTML reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("profile", help="cluster profile of every sample city (synthetic data)",
                       description="Compute the cluster profile of every city in the bundled "
                                   "synthetic sample data; print it and write it as CSV.")
    p.add_argument("--definition", default="leipzig", help="built-in cluster definition or YAML file")
    p.add_argument("--start", type=int, default=2015, help="start year (default 2015)")
    p.add_argument("--end", type=int, default=2020, help="end year (default 2020)")
    p.add_argument("--region", action="append", help="only this region code (repeatable)")
    p.add_argument("--out", default="output", help="output folder or .csv file (default output/)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    p.add_argument("--language", default="en",
                   help="language of the printed tables and cluster names (default en; "
                        "de for German)")
    p.set_defaults(func=_profile)

    p = sub.add_parser("sample", help="regenerate the synthetic sample data (byte for byte)",
                       description="Write sample_panel.csv and sample_regions.csv, the "
                                   "synthetic sample data, generated with a fixed seed.")
    p.add_argument("--out", default=None, help="output folder (default: the bundled data folder)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the bundled one)")
    p.set_defaults(func=_sample)

    from .runner.cli import add_run_parser  # light: imports papermill only when run

    add_run_parser(sub, _run)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``clusteranalysis`` command."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DataError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
