"""Benchmark: wall time of ``notebooks/explore.ipynb`` on the German district exports.

Runs the notebook headless with papermill, as a user would, on the two raw
GENESIS exports of table 13111-07-05-4 (all ~400 districts, the 16 Länder and
Germany; ``../shared/data/de-regionalstatistik-13111-07-05-4/raw``) with the
``wz_sections`` definition, region Leipzig (14713) against Germany, 2019–2020,
and prints the total time and the slowest cells. A second run with the default
(division-level) definition must stop early with a clear DataError.

Run::

    python benchmarks/bench_explore.py [--data ../shared/data/de-regionalstatistik-13111-07-05-4/raw]

Target (issue #9): under 30 s (it was 152 s, 83 s of them in a per-region
profile loop) on a 2-core machine, kernel start included.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "de-regionalstatistik-13111-07-05-4" / "raw"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA), help="folder of GENESIS exports")
    args = parser.parse_args(argv)
    if not Path(args.data).is_dir():
        print(f"data folder {args.data} not found", file=sys.stderr)
        return 2
    import nbformat
    import papermill

    params = dict(source=str(Path(args.data).resolve()), region="14713", reference="DG",
                  start_year=2019, end_year=2020, use_widgets=False)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "explore.ipynb"
        t = time.perf_counter()
        papermill.execute_notebook(str(REPO / "notebooks" / "explore.ipynb"), str(out),
                                   parameters={**params, "definition": "wz_sections"},
                                   cwd=str(REPO / "notebooks"), progress_bar=False,
                                   kernel_name="python3")
        total = time.perf_counter() - t
        cells = [(c.metadata.get("papermill", {}).get("duration") or 0.0, c.source)
                 for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
        print(f"explore.ipynb, wz_sections: {total:.1f} s (target < 30 s)")
        for seconds, source in sorted(cells, reverse=True)[:5]:
            print(f"  {seconds:6.2f} s  {source.splitlines()[0][:70]}")
        t = time.perf_counter()
        try:
            papermill.execute_notebook(str(REPO / "notebooks" / "explore.ipynb"), str(out),
                                       parameters=params, cwd=str(REPO / "notebooks"),
                                       progress_bar=False, kernel_name="python3")
            print("default definition: ran through (expected a DataError)")
            return 1
        except papermill.PapermillExecutionError as err:
            print(f"default definition: stopped after {time.perf_counter() - t:.1f} s with "
                  f"{err.ename}: {err.evalue.splitlines()[-1][:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
