"""Synthetic sample data: fictional cities of the fictional country *Musterland*.

The bundled panel (``data/sample_panel.csv``) and region table
(``data/sample_regions.csv``) let every example, test and report template run
offline. They are **synthetic**: invented by :func:`generate_sample` from a
seeded random model (see :mod:`clusteranalysis.inputs._sample_model`), shaped like
German employment statistics (SvB), establishment counts and trade tax
(Gewerbesteuer), but they are not official statistics and describe no real
place.

Regenerate the bundled files from the repository root with::

    clusteranalysis sample --out data/

The output is byte-for-byte identical for the same seed (``--seed``, default
20240601).

This module only generates, writes and reads the data; it computes no metrics.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from clusteranalysis.inputs import _geojson
from clusteranalysis.inputs import _sample_geometry as _geometry
from clusteranalysis.inputs import _sample_model as _model
from clusteranalysis._paths import data_dir as _data_dir

DEFAULT_SEED = 20240601
PANEL_FILE = "sample_panel.csv"
REGIONS_FILE = "sample_regions.csv"
#: Fictional polygons of Musterland and its cities (see :mod:`._sample_geometry`).
BOUNDARIES_FILE = "sample_boundaries.geojson"
MEASURES = ("employment", "establishments", "tax")
FLAG_COLUMNS = tuple(f"{m}_flag" for m in MEASURES)
PANEL_DTYPES = {
    "region": "string", "year": "int64", "industry": "string",
    **dict.fromkeys(MEASURES, "float64"), **dict.fromkeys(FLAG_COLUMNS, "string"),
}
REGION_DTYPES = {"region": "string", "name": "string", "level": "string",
                 "population": "int64", "profile": "string"}
NATION_NAME = "Musterland (national reference, synthetic)"
NATION_POPULATION = 83_000_000


def data_dir() -> Path:
    """Folder holding the bundled data files (see :mod:`clusteranalysis._paths`)."""
    return _data_dir()


def _flags(suppressed, estimated) -> np.ndarray:
    return np.where(suppressed, "suppressed", np.where(estimated, "estimated", None))


def generate_sample(seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the synthetic panel and region table.

    Parameters
    ----------
    seed : int, default 20240601
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same
        tables.

    Returns
    -------
    panel : pandas.DataFrame
        Tidy panel (see ``docs/conventions.md``) with columns ``region, year,
        industry, employment, establishments, tax, employment_flag,
        establishments_flag, tax_flag``: the national reference ``"00"`` and
        14 cities, all 88 WZ 2008 divisions plus ``"TOTAL"``, years 2005-2020,
        sorted by region, year and industry (``TOTAL`` last).
    regions : pandas.DataFrame
        One row per region: ``region, name, level, population, profile``.

    Notes
    -----
    City cells with one or two establishments have ``employment`` and ``tax``
    withheld (NaN, flag ``"suppressed"``; establishments stay visible), as in
    primary confidentiality of official tables. The national row is never
    suppressed. ``TOTAL`` is the sum of the divisions' true values plus a small
    unclassified remainder (0.05-0.3 %), so it is at least the sum of the
    published divisions.

    Examples
    --------
    >>> panel, regions = generate_sample()
    >>> panel.columns.tolist()
    ['region', 'year', 'industry', 'employment', 'establishments', 'tax', \
'employment_flag', 'establishments_flag', 'tax_flag']
    >>> regions.loc[regions["level"] == "country", ["region", "name"]].values.tolist()
    [['00', 'Musterland (national reference, synthetic)']]
    """
    sim = _model.simulate(seed)
    cities = _model.CITIES
    codes = [_model.NATION] + [c.code for c in cities]
    industries = _model.CODES + ["TOTAL"]
    years = _model.YEARS
    n_r, n_i, n_t = len(codes), len(industries), len(years)
    withheld = sim["withheld"]

    def long(a):  # (R, I + 1, T) -> rows ordered by region, year, industry
        return a.transpose(0, 2, 1).ravel()

    columns = {
        "region": np.repeat(codes, n_t * n_i),
        "year": np.tile(np.repeat(years, n_i), n_r),
        "industry": np.tile(industries, n_r * n_t),
    }
    for m in MEASURES:
        total = sim[m].sum(axis=1) + sim[m + "_rest"]
        full = np.concatenate([sim[m], total[:, None, :]], axis=1)
        hidden = withheld if m != "establishments" else np.zeros_like(withheld)
        columns[m] = long(np.where(hidden, np.nan, full))
    for m in MEASURES:
        hidden = withheld if m != "establishments" else np.zeros_like(withheld)
        columns[f"{m}_flag"] = long(_flags(hidden, sim[f"estimated_{m}"]))
    panel = pd.DataFrame(columns).astype(PANEL_DTYPES)

    regions = pd.DataFrame({
        "region": codes,
        "name": [NATION_NAME] + [c.name for c in cities],
        "level": ["country"] + ["city"] * len(cities),
        "population": [NATION_POPULATION] + [c.population for c in cities],
        "profile": ["Fictional national reference economy; the cities deviate from its "
                    "industry structure (it is not the sum of the cities)"]
                   + [c.profile for c in cities],
    }).astype(REGION_DTYPES)
    order = regions["region"].argsort(kind="stable")
    regions = regions.iloc[order].reset_index(drop=True)
    panel = panel.sort_values(["region", "year", "industry"], kind="stable")
    return panel.reset_index(drop=True), regions


def _to_csv_bytes(df: pd.DataFrame) -> bytes:
    text = df.to_csv(index=False, lineterminator="\n", float_format="%.0f", na_rep="")
    return text.encode("utf-8")


def sample_boundaries_bytes(seed: int = DEFAULT_SEED) -> bytes:
    """GeoJSON of the **fictional** polygons of Musterland and its 14 cities.

    Each city is a polygon in a fictional plane (metres, no real coordinate
    reference system); together they tile the outline of Musterland (code
    ``"00"``), so every city has neighbours. Every feature carries
    ``fictional: true``; the collection's ``attribution`` says so too.

    Parameters
    ----------
    seed : int, default 20240601
        Seeds the outline and the jitter of the city centres.

    Examples
    --------
    >>> b"Fictional boundaries" in sample_boundaries_bytes()[:200]
    True
    """
    names = {c.code: c.name for c in _model.CITIES}
    features = _geometry.sample_polygons(seed, names, _model.NATION, NATION_NAME)
    meta = {"name": "sample", "attribution": _geometry.ATTRIBUTION,
            "licence": "synthetic data of the clusteranalysis package (BSD-3-Clause)",
            "fictional": True}
    return _geojson.dumps(features, meta=meta)


def write_sample(directory, seed: int = DEFAULT_SEED) -> tuple[Path, Path, Path]:
    """Write ``sample_panel.csv``, ``sample_regions.csv`` and ``sample_boundaries.geojson``.

    The files are byte-for-byte reproducible: UTF-8, ``"\\n"`` line endings,
    fixed row order, measures written as whole numbers, missing values and
    empty flags as empty fields; the fictional polygons are computed in exact
    arithmetic and written with integer coordinates.

    Parameters
    ----------
    directory : str or path-like
        Target folder; created if needed. Existing files are overwritten.
    seed : int, default 20240601
        Passed to :func:`generate_sample`.

    Returns
    -------
    tuple of pathlib.Path
        Paths of the panel, the region file and the fictional boundaries.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_sample(tmp)]
    ['sample_panel.csv', 'sample_regions.csv', 'sample_boundaries.geojson']
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    panel, regions = generate_sample(seed)
    paths = (directory / PANEL_FILE, directory / REGIONS_FILE, directory / BOUNDARIES_FILE)
    contents = (_to_csv_bytes(panel), _to_csv_bytes(regions), sample_boundaries_bytes(seed))
    for path, content in zip(paths, contents):
        path.write_bytes(content)
    return paths


def _read(path: Path, dtypes: dict) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(
            f"sample data file not found: {path}; regenerate it from the repository root "
            "with `clusteranalysis sample --out data/`")
    # Only empty fields are missing: codes such as "NA" must stay text.
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""],
                     encoding="utf-8")
    if list(df.columns) != list(dtypes):
        raise ValueError(f"{path}: expected columns {list(dtypes)}, found {list(df.columns)}")
    return df


def load_sample(directory=None) -> pd.DataFrame:
    """Load the bundled synthetic panel (fictional data, not official statistics).

    Parameters
    ----------
    directory : str or path-like, optional
        Folder with ``sample_panel.csv``; default the bundled ``data/`` folder.

    Returns
    -------
    pandas.DataFrame
        The tidy panel described in :func:`generate_sample`: ``region`` and
        ``industry`` as pandas ``string`` (leading zeros kept), ``year`` int64,
        measures float64 (suppressed cells NaN), flags ``string`` (missing
        when not flagged).

    Raises
    ------
    FileNotFoundError
        If the file (or the data folder) is missing; the message names the path.

    Examples
    --------
    >>> panel = load_sample()
    >>> panel.shape
    (21360, 9)
    >>> panel["region"].iloc[0], int(panel["year"].min()), int(panel["year"].max())
    ('00', 2005, 2020)
    >>> str(panel["region"].dtype), str(panel["employment"].dtype)
    ('string', 'float64')
    """
    directory = data_dir() if directory is None else Path(directory)
    return _read(directory / PANEL_FILE, PANEL_DTYPES)


def load_sample_regions(directory=None) -> pd.DataFrame:
    """Load the region table of the synthetic sample (fictional cities).

    Parameters
    ----------
    directory : str or path-like, optional
        Folder with ``sample_regions.csv``; default the bundled ``data/`` folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` (code, string), ``name``, ``level`` (``"country"``
        or ``"city"``), ``population`` (int64) and ``profile`` (the city's
        fictional economic character).

    Examples
    --------
    >>> regions = load_sample_regions()
    >>> regions["level"].value_counts().to_dict()
    {'city': 14, 'country': 1}
    >>> regions.loc[regions["population"].between(500_000, 600_000), "region"].tolist()
    ['14700']
    """
    directory = data_dir() if directory is None else Path(directory)
    return _read(directory / REGIONS_FILE, REGION_DTYPES)


def main(argv=None) -> int:
    """Command line: ``clusteranalysis sample --out data/``."""
    parser = argparse.ArgumentParser(
        prog="python -m clusteranalysis.inputs.sample",
        description="Regenerate the synthetic sample data (fictional cities, not official "
                    "statistics).")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: the bundled data/ folder)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else data_dir()
    for path in write_sample(out, seed=args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
