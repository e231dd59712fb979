"""Benchmark: ``clusteranalysis run`` versus sequential papermill + nbconvert calls.

Times two ways of producing the same HTML reports (no code cells) from the
same parameter files on the same machine:

(a) sequential command-line calls, one pair per report, as a shell script
    would do it::

        papermill notebooks/cluster_report.ipynb out/<name>.ipynb -f <params>.yaml \\
            -k python3 --cwd <project>
        jupyter nbconvert --to html --no-input out/<name>.ipynb

(b) one ``clusteranalysis run <files> --jobs 2 --force`` call.

Why (b) can be 2.5× faster or more on 2 cores: the reports run in parallel
(up to 2×), and each command-line call in (a) starts a new Python process that
imports papermill or nbconvert (jupyter_client, zmq, Jinja templates…) before
doing any work. The runner's worker processes start once, are forked from a
server that has already imported papermill, nbconvert and jupyter_client, keep
a ready HTML exporter and export in the worker right after execution; per
report only the kernel start-up and the notebook's own work remain.

Run from the project folder::

    python benchmarks/bench_runner.py                 # all parameters/*.yaml of cluster_report
    python benchmarks/bench_runner.py --limit 6       # a quick run
    python benchmarks/bench_runner.py --folder other/ --template city_comparison
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


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


def run_runner(files: list[Path], project: Path, out: Path, jobs: int) -> tuple:
    """(b): one ``clusteranalysis run --jobs N --force``; return (seconds, exit code)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "clusteranalysis.cli", "run",
                           *map(str, files), "--out", str(out), "--jobs", str(jobs),
                           "--force", "--quiet", "--project", str(project)],
                          env=_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        print(proc.stdout + proc.stderr, file=sys.stderr)
    return seconds, proc.returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default=".", help="project folder (default: .)")
    parser.add_argument("--folder", default=None,
                        help="folder of parameter files (default: <project>/parameters)")
    parser.add_argument("--template", default="cluster_report")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from clusteranalysis.runner.registry import TEMPLATES

    project = Path(args.project).resolve()
    folder = Path(args.folder) if args.folder else project / "parameters"
    files = parameter_files(folder, args.template, args.limit)
    if not files:
        print(f"no parameter files of template {args.template!r} in {folder}", file=sys.stderr)
        return 2
    notebook = TEMPLATES[args.template].notebook_path(project)
    print(f"{len(files)} reports of {args.template} ({notebook}), "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as tmp:
        seq_out, run_out = Path(tmp, "sequential"), Path(tmp, "runner")
        seq_out.mkdir()
        t_run, code = run_runner(files, project, run_out, args.jobs)
        print(f"(b) clusteranalysis run --jobs {args.jobs} --force: {t_run:7.1f} s "
              f"({t_run / len(files):.2f} s/report, exit code {code})")
        t_seq, failures = run_sequential(files, notebook, project, seq_out)
        print(f"(a) sequential papermill + nbconvert CLI:  {t_seq:7.1f} s "
              f"({t_seq / len(files):.2f} s/report, {failures} failed)")
    print(f"speed-up (a)/(b): {t_seq / t_run:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
