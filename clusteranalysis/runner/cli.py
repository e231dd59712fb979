"""The ``clusteranalysis run`` sub-command (argparse wiring only).

``clusteranalysis/cli.py`` calls :func:`add_run_parser` with its sub-parsers
and a function that calls :func:`run_command`.

Exit codes: 0 every report ok or skipped; 1 some report failed or timed out
(or, with ``--keep-going``, some parameter file was invalid), an output
could not be written (a full disk) or another run holds the output folder
(``--no-wait``); 2 invalid parameter files or arguments, nothing was run;
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DESCRIPTION = """\
Run report templates for a batch of parameter files (YAML, one per report)
and write <out>/<name>.html (no code), <out>/<name>.ipynb and <out>/index.html.

All files are validated first; if any is invalid, every problem is listed and
nothing runs (exit 2) unless --keep-going. A report that fails while running
(error in a cell, timeout) does not stop the others; it is kept with its error
and the command exits 1 at the end. Reports whose template, parameters and
data are unchanged since their last successful run are skipped (--force to
run them anyway). A failed re-run never replaces the last good report: it is
written beside it (<name>.failed.html) and the index shows both. One run at
a time writes into an output folder; a second one waits (or refuses with
--no-wait).

With --dask the reports run on a Dask cluster: "--dask local:N" starts a
LocalCluster of N worker processes on this machine, "--dask tcp://host:8786"
uses a running scheduler. The workers must see the project, the data and the
output folder under the same paths as this machine (a shared file system)
and have the same Python environment (pip install "clusteranalysis[dask]")."""

EPILOG = """\
parameter file (parameters/auenstadt_2015_2020.yaml):
  template: cluster_report        # cluster_report | city_comparison
  region: "14700"                 # region codes are QUOTED strings
  start_year: 2015
  end_year: 2020
  definition: leipzig             # built-in name or a .yaml in a data folder
  reference: "00"                 # reference region for LQs, or null
  data_path: data/sample_panel.csv
  language: en                    # en | de
  title: "Auenstadt: clusters 2015-2020"   # optional

exit codes: 0 all ok or skipped, 1 a report failed or an output could not be
written, 2 invalid parameter files, 130 interrupted (Ctrl-C)"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seconds(text: str) -> float | None:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return value or None


def add_run_parser(subparsers, func) -> argparse.ArgumentParser:
    """Add the ``run`` sub-command to ``subparsers``; ``func(args)`` runs it."""
    p = subparsers.add_parser(
        "run", help="run report templates for parameter files (HTML reports + index)",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="FILE_OR_DIR",
                   help="parameter files or folders of *.yaml (default: parameters/)")
    p.add_argument("--out", default="reports", metavar="DIR",
                   help="output folder (default: reports/)")
    p.add_argument("--jobs", "-j", type=_positive_int, default=min(4, os.cpu_count() or 1),
                   metavar="N", help="reports run in parallel (default: cores, at most 4)")
    p.add_argument("--force", action="store_true", help="also run unchanged reports")
    p.add_argument("--keep-going", action="store_true",
                   help="run the valid files even when some are invalid (listed as invalid)")
    p.add_argument("--check", action="store_true",
                   help="only validate the parameter files; run nothing")
    p.add_argument("--data-root", action="append", default=[], metavar="DIR",
                   help="also allow data in DIR (repeatable; besides <project>/data and "
                        "$CLUSTERANALYSIS_DATA_ROOTS)")
    p.add_argument("--project", default=".", metavar="DIR",
                   help="project folder with notebooks/ and data/ (default: current folder)")
    p.add_argument("--cell-timeout", type=_seconds, default=120.0, metavar="S",
                   help="seconds per notebook cell, 0 for no limit (default: 120)")
    p.add_argument("--report-timeout", type=_seconds, default=600.0, metavar="S",
                   help="wall-clock seconds per report, 0 for no limit (default: 600)")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="print only errors and the final summary")
    p.add_argument("--no-wait", action="store_true",
                   help="refuse at once when another run writes into --out (default: wait)")
    p.add_argument("--dask", metavar="ADDRESS", type=_dask_address, default=None,
                   help="run on a Dask cluster: local:N (N worker processes here) or the "
                        "scheduler's address, e.g. tcp://scheduler:8786")
    p.set_defaults(func=func)
    return p


def _dask_address(text: str) -> str:
    if text.startswith("local:"):
        _positive_int(text.removeprefix("local:"))
    elif "://" not in text and ":" not in text:
        raise argparse.ArgumentTypeError("must be local:N or a scheduler address such as "
                                         "tcp://host:8786")
    return text


def _check(args, paths) -> int:
    from .paths import resolve_data_roots
    from .registry import TEMPLATES
    from .validate import InvalidParameters, validate_batch

    project = Path(args.project).resolve()
    specs, invalid = validate_batch(paths, project_root=project, registry=TEMPLATES,
                                    data_roots=resolve_data_roots(project, args.data_root))
    if invalid:
        print(f"error: {InvalidParameters([p for b in invalid for p in b.problems])}",
              file=sys.stderr)
    print(f"{len(specs)} valid, {len(invalid)} invalid parameter files")
    return 2 if invalid or not specs else 0


def run_command(args) -> int:
    """Run ``clusteranalysis run`` for parsed arguments; return the exit code."""
    from .validate import InvalidParameters

    paths = args.paths or [Path(args.project) / "parameters"]
    if args.check:
        try:
            return _check(args, paths)
        except InvalidParameters as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    from .batch import BatchInterrupted, OutputError, run_batch
    from .dask import dask_executor
    from .lock import OutputLocked

    try:
        with dask_executor(getattr(args, "dask", None)) as executor:
            result = run_batch(paths, args.out, jobs=args.jobs, force=args.force,
                               cell_timeout=args.cell_timeout,
                               report_timeout=args.report_timeout,
                               data_roots=args.data_root, quiet=args.quiet,
                               keep_going=args.keep_going, project_root=args.project,
                               executor=executor, wait=not getattr(args, "no_wait", False),
                               warm_kernels=True if executor is not None else None)
    except InvalidParameters as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BatchInterrupted as exc:
        print(f"interrupted: {exc.result.summary()}; index: {exc.result.index}",
              file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (OutputError, OutputLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. the output folder cannot be created
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"index: {result.index}")
    print(result.summary())
    return result.exit_code
