"""Benchmark: ``clusteranalysis run`` versus sequential papermill + nbconvert calls.

Times several ways of producing the same HTML reports (no code cells) from
the same parameter files, in one run on the same machine:

(a) sequential command-line calls, one pair per report, as a shell script
    would do it::

        papermill notebooks/cluster_report.ipynb out/<name>.ipynb -f <params>.yaml \\
            -k python3 --cwd <project>
        jupyter nbconvert --to html --no-input out/<name>.ipynb

(b) one ``clusteranalysis run <files> --jobs N --force`` call (default N = 2),
    before and again after (a), so that a change of the machine's load shows;
(c) the same on a Dask ``LocalCluster`` of 1 and of 2 worker processes
    (``--dask local:1``, ``--dask local:2``; the cluster's start-up is
    included), unless ``--no-dask`` or ``distributed`` is missing.

For (b) it prints the mean seconds per report by stage, read from the
runner's manifest: ``start`` (kernel start and papermill's set-up),
``imports``, ``cells``, ``charts`` (cells that draw a figure) and ``export``
(notebook + HTML). In (b) a report's stages overlap with other reports
(2 kernels run at once) and with the next kernel's start, so they add up to
more than the wall time per report.

Where (b) gains: reports run in parallel (up to N×); each command-line call
in (a) starts Python processes that import papermill or nbconvert (and
jsonschema's format checkers) before doing any work, while the runner's
workers start once from a forkserver that has imported them; each worker
starts the kernel of its next report ahead of need, forked from a process
that has imported what the template imports once per worker; the data file
is read and validated once per batch (cache shared with the kernels); the
HTML is exported in the worker right after execution.

Run from the project folder::

    python benchmarks/bench_runner.py                 # all parameters/*.yaml of cluster_report
    python benchmarks/bench_runner.py --limit 6       # a quick run
    python benchmarks/bench_runner.py --folder other/ --template city_comparison
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
STAGES = ("start", "imports", "cells", "charts", "export")


def parameter_files(folder: Path, template: str, limit: int | None) -> list[Path]:
    """Parameter files in ``folder`` whose ``template`` is ``template`` (sorted)."""
    files = []
    for f in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("template") == template:
            files.append(f)
    return files[:limit] if limit else files


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def run_sequential(files: list[Path], notebook: Path, project: Path, out: Path) -> tuple:
    """(a): papermill CLI + nbconvert CLI per report; return (seconds, failures)."""
    failures, env = 0, _env()
    start = time.perf_counter()
    for f in files:
        params = yaml.safe_load(f.read_text(encoding="utf-8"))
        params.pop("template", None)  # papermill would inject it as a variable
        pfile = out / f"{f.stem}.params.yaml"
        pfile.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
        ipynb = out / f"{f.stem}.ipynb"
        run = subprocess.run([sys.executable, "-m", "papermill", str(notebook), str(ipynb),
                              "-f", str(pfile), "-k", "python3", "--cwd", str(project),
                              "--no-progress-bar"], env=env, capture_output=True)
        conv = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--no-input",
                               str(ipynb)], env=env, capture_output=True)
        failures += run.returncode != 0 or conv.returncode != 0
    return time.perf_counter() - start, failures


def run_runner(files: list[Path], project: Path, out: Path, *options: str) -> tuple:
    """One ``clusteranalysis run ... --force``; return (seconds, exit code, manifest entries)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "clusteranalysis.cli", "run",
                           *map(str, files), "--out", str(out), "--force", "--quiet",
                           "--project", str(project), *options],
                          env=_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        print(proc.stdout + proc.stderr, file=sys.stderr)
    try:
        entries = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))["reports"]
    except (OSError, ValueError, KeyError):
        entries = {}
    return seconds, proc.returncode, entries


def breakdown(entries: dict) -> str:
    """Mean seconds per report by stage."""
    rows = [e.get("timings") or {} for e in entries.values() if e.get("status") == "ok"]
    if not rows:
        return "    (no timings)"
    mean = {k: sum(r.get(k, 0.0) for r in rows) / len(rows) for k in STAGES}
    total = sum(e.get("duration") or 0 for e in entries.values()) / len(entries)
    return ("    per report (mean of %d, s): " % len(rows)
            + ", ".join(f"{k} {mean[k]:.2f}" for k in STAGES)
            + f"; whole report in its worker {total:.2f}")


def _has_distributed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default=".", help="project folder (default: .)")
    parser.add_argument("--folder", default=None,
                        help="folder of parameter files (default: <project>/parameters)")
    parser.add_argument("--template", default="cluster_report")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask lines")
    parser.add_argument("--no-sequential", action="store_true",
                        help="skip (a), the slow sequential loop (no speed-up then)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from clusteranalysis.runner.registry import TEMPLATES

    project = Path(args.project).resolve()
    folder = Path(args.folder) if args.folder else project / "parameters"
    files = parameter_files(folder, args.template, args.limit)
    if not files:
        print(f"no parameter files of template {args.template!r} in {folder}", file=sys.stderr)
        return 2
    n = len(files)
    notebook = TEMPLATES[args.template].notebook_path(project)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{n} reports of {args.template} ({notebook}), {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, load average {load:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as tmp:
        t_run, code, entries = run_runner(files, project, Path(tmp, "runner"),
                                          "--jobs", str(args.jobs))
        print(f"(b) clusteranalysis run --jobs {args.jobs}: {t_run:7.1f} s "
              f"({t_run / n:.2f} s/report, exit code {code})")
        print(breakdown(entries))
        if not args.no_dask and _has_distributed():
            for workers in (1, 2):
                t, code, _ = run_runner(files, project, Path(tmp, f"dask{workers}"),
                                        "--dask", f"local:{workers}")
                print(f"(c) clusteranalysis run --dask local:{workers}: {t:7.1f} s "
                      f"({t / n:.2f} s/report, exit code {code}; cluster start included)")
        if not args.no_sequential:
            seq_out = Path(tmp, "sequential")
            seq_out.mkdir()
            t_seq, failures = run_sequential(files, notebook, project, seq_out)
            print(f"(a) sequential papermill + nbconvert CLI:  {t_seq:7.1f} s "
                  f"({t_seq / n:.2f} s/report, {failures} failed)")
            # (b) again, so that a change of the machine's load shows
            t_again, code, _ = run_runner(files, project, Path(tmp, "runner2"),
                                          "--jobs", str(args.jobs))
            print(f"(b) again after (a):                        {t_again:7.1f} s "
                  f"({t_again / n:.2f} s/report, exit code {code})")
            t_mean = (t_run + t_again) / 2
            print(f"speed-up (a)/(b), (b) the mean of both runs: {t_seq / t_mean:.2f}×")
    if hasattr(os, "getloadavg"):
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
