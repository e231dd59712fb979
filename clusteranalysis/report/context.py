"""Inputs of a report: read the data, compute the tables the sections show.

This is the only part of the report layer that reads files and calls the
metrics; the section functions only format what it computed. The
computation's warnings (English, for developers) are not shown as such: the
readers' notes are derived from the data in :func:`clusteranalysis.report.notes.data_notes`.

May import :mod:`clusteranalysis.inputs`, :mod:`clusteranalysis.metrics`,
:mod:`clusteranalysis.plotting` and :mod:`clusteranalysis.i18n`.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clusteranalysis.i18n import gettext_for

#: Rankings of strong clusters and stars need at least this many regions with data.
MIN_REGIONS = 4
#: Confidence level of the LQ intervals.
CI_LEVEL = 0.95


@dataclass
class ReportMeta:
    """What every section needs to know besides its table: language, names, period."""

    language: str
    start: int
    end: int
    region: str = ""
    region_name: str = ""
    reference: str | None = None
    reference_name: str = ""
    title: str = ""
    definition: str = ""
    regions: list = field(default_factory=list)
    generated: _dt.date = field(default_factory=_dt.date.today)

    @property
    def period(self) -> str:
        return f"{self.start}\u2013{self.end}"


def resolve(path: str) -> Path:
    """A path relative to the project root (the runner's working directory) or its parent."""
    p = Path(path)
    if not p.is_absolute() and not p.exists() and (Path.cwd().parent / path).exists():
        p = Path.cwd().parent / path
    return p.resolve()


def load_inputs(data_path, data_format="tidy", data_columns="", definition="leipzig"):
    """Panel, cluster definition and data files; a clear error when the data are missing."""
    import clusteranalysis as ca
    from clusteranalysis.inputs.io import read_data

    data_file = resolve(data_path)
    if not data_file.exists():
        raise FileNotFoundError(
            f"data not found: {data_file}. Download the export(s) into this place (see "
            "README, 'Real data: any German district') or change data_path.")
    if str(definition).endswith((".yaml", ".yml")):
        definition = str(resolve(definition))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # readers' notes come from data_notes()
        panel = read_data(data_file, format=data_format, columns=data_columns)
    files = sorted(data_file.glob("*.csv")) if data_file.is_dir() else [data_file]
    return panel, ca.load_definition(definition), files


def region_names(panel, is_sample: bool, language: str) -> tuple[dict, dict]:
    """Names and levels (country, state, district, city) of the regions, by code."""
    from clusteranalysis.inputs.sample import load_sample_regions

    if is_sample:
        table = load_sample_regions().set_index("region")
        _ = gettext_for(language)
        country = table["level"] == "country"
        table.loc[country, "name"] = [
            _("{name} (national reference, synthetic)").format(name=n.split(" (")[0])
            for n in table.loc[country, "name"]]
    elif "name" in panel.columns:
        cols = [c for c in ("name", "level") if c in panel.columns]
        table = panel.drop_duplicates("region", keep="last").set_index("region")[cols]
    else:
        return {}, {}
    levels = table["level"].dropna().to_dict() if "level" in table else {}
    return {k: str(v).strip() for k, v in table["name"].dropna().items()}, levels


def translate_rows(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The labels of the rows the library adds (``other``, ``total``) in *language*."""
    if "label" not in table.columns:
        return table
    _ = gettext_for(language)
    names = {"other": _("Other"), "total": _("Total economy")}
    label = table["cluster"].map(names).fillna(table["label"]).astype("string")
    return table.assign(label=label)


def is_sample_file(path: Path) -> bool:
    from clusteranalysis.inputs.sample import PANEL_FILE, data_dir

    return path == (data_dir() / PANEL_FILE).resolve()


def peers_of(region, levels: dict, codes) -> set:
    """Regions at the level of *region* (all districts, all cities); all when levels are unknown."""
    level = levels.get(region)
    if level is None:
        return set(codes)
    return {c for c in codes if levels.get(c) == level}


def profile_region(panel, definition, *, region, start, end, reference, language):
    """Cluster profile of one region with translated row labels (warnings dropped)."""
    import clusteranalysis as ca

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        profile = ca.cluster_profile(panel, definition, region=region, start_year=start,
                                     end_year=end, reference=reference, language=language)
    return translate_rows(profile, language)
