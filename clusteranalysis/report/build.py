"""Compute everything a cluster report or a city comparison shows (tables in, nothing drawn).

:func:`cluster_report_data` and :func:`comparison_data` take the template's
parameters and return a plain object of tables plus a :class:`ReportMeta`; the
section functions (:mod:`.front`, :mod:`.profile_sections`, ...) turn them
into display objects.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from clusteranalysis.i18n import gettext_for

from .map_sections import regional_lqs
from clusteranalysis.metrics.strong import cluster_reference

from .us_view import US_REFERENCE, bls_reference, partial_reference, strong_view
from .context import (CI_LEVEL, MIN_REGIONS, ReportMeta, is_sample_file, load_inputs,
                      peers_of, profile_region, region_names, translate_rows)

MEASURES = ("employment", "establishments", "tax")


@dataclass
class ReportData:
    """Tables of one report (attributes missing for a comparison stay ``None``)."""

    meta: ReportMeta
    panel: pd.DataFrame
    definition: object
    files: list
    is_sample: bool
    measures: list
    profile: pd.DataFrame | None = None
    profiles: pd.DataFrame | None = None
    clusters_by_year: pd.DataFrame | None = None
    index_table: pd.DataFrame | None = None
    shift: pd.DataFrame | None = None
    lq_ci: pd.DataFrame | None = None
    classes: pd.DataFrame | None = None
    norms: dict = field(default_factory=dict)
    n_norm_regions: int = 0
    n_ranked: int = 0
    lq_map: pd.DataFrame | None = None
    data_format: str = "tidy"
    partial_reference: list = field(default_factory=list)  # clusters whose LQ is an upper bound
    strong: object = None  # us_view.StrongView for definitions with linkages


def _quiet(func, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kw)


def _meta(language, start, end, title, definition, reference, names, **kw):
    _ = gettext_for(language)
    ref_name = _("all regions in the data") if reference is None else names.get(reference,
                                                                                 reference)
    return ReportMeta(language=language, start=start, end=end, title=title or "",
                      definition=definition.name, reference=reference,
                      reference_name=ref_name, **kw)


def cluster_report_data(*, region, start_year, end_year, definition="leipzig", reference=None,
                        data_path, data_format="tidy", data_columns="", title="",
                        region_name="", language="en", shared_size_norm=True) -> ReportData:
    """Read the data and compute the tables of the cluster report of one region.

    Parameters are those of the ``cluster_report`` template (see
    :class:`clusteranalysis.runner.params.ClusterReportParams`); ``reference``
    ``""`` or ``None`` means all regions in the data; ``region_name`` names
    the region where the data have no name for it (e.g. QCEW county files)
    or another name is wanted (``""``: the name in the data, else the code).
    """
    import clusteranalysis as ca
    from clusteranalysis import plotting

    reference = reference or None
    panel, cdef, files = load_inputs(data_path, data_format, data_columns, definition)
    sample = is_sample_file(files[0]) if len(files) == 1 else False
    names, levels = region_names(panel, sample, language)
    if region_name and region_name.strip():
        names = {**names, region: region_name.strip()}
    meta = _meta(language, start_year, end_year, title, cdef, reference, names,
                 region=region, region_name=names.get(region, region))
    measures = [m for m in MEASURES if m in panel.columns]
    # QCEW county files without a national file: LQs against the US shares implied by
    # BLS's published LQs (shift-share and intervals need reference counts: left out)
    us_shares = bls_reference(panel, reference)
    if us_shares is not None:
        meta.reference_name = gettext_for(language)(US_REFERENCE)
    profile = profile_region(panel, cdef, region=region, start=start_year, end=end_year,
                             reference=reference if us_shares is None else us_shares,
                             language=language)
    data = ReportData(meta, panel, cdef, files, sample, measures, profile=profile,
                      data_format=data_format)

    in_period = panel[(panel["region"] == region)
                      & panel["year"].between(start_year, end_year)]
    data.clusters_by_year = translate_rows(
        _quiet(ca.aggregate_clusters, in_period, cdef, language=language), language)
    if data.clusters_by_year["year"].nunique() >= 2:
        data.index_table = ca.growth_index(data.clusters_by_year, base_year=start_year,
                                           by="cluster").join(data.clusters_by_year["label"])
    two_years = panel[panel["year"].isin([start_year, end_year])]
    all_clusters = _quiet(ca.aggregate_clusters, two_years, cdef)
    codes = set(panel.loc[panel["year"] == start_year, "region"]) & set(
        panel.loc[panel["year"] == end_year, "region"])
    peers = peers_of(region, levels, codes)

    # One bubble-size norm per measure over the end-year clusters of the peers (same level,
    # without the reference: a national row would dwarf every city's bubbles).
    sizes = [m for m in MEASURES if m in measures]
    if shared_size_norm:
        ends = all_clusters[(all_clusters["year"] == end_year)
                            & all_clusters["region"].isin(peers - {reference})]
        ends = ends[~ends["cluster"].isin(["other", "total"])]
        data.norms = {m: plotting.size_norm_for(ends.rename(columns={m: f"{m}_end"}), m)
                      for m in sizes}
        data.n_norm_regions = len(peers - {reference})
    else:
        data.norms = dict.fromkeys(sizes)

    keep = profile[["cluster", "label"]]
    args = dict(start=start_year, end=end_year, reference=reference, by="cluster",
                total_code="total")
    shift = None if us_shares is not None else pd.concat([_quiet(ca.shift_share, all_clusters, **args),
                       _quiet(ca.shift_share, all_clusters, summed=True, **args)
                       .assign(cluster="total")], ignore_index=True)
    if shift is not None:
        shift = keep.merge(shift[shift["region"] == region], on="cluster")
        shift["reference_rate"] = shift["reference_rate"].where(
            shift["cluster"] != "total", shift["reference_total_rate"])
    data.shift = shift

    if us_shares is not None:
        data.lq_ci = pd.DataFrame(columns=["cluster", "employment"])
        data.lq_ci.attrs["reference_shares"] = True
        cluster_ref = cluster_reference(us_shares, cdef)
        data.partial_reference = partial_reference(cluster_ref, cdef, profile)
        cluster_ref = cluster_ref[["year", "cluster", "employment"]]
    else:
        cluster_ref = reference
        ci = _quiet(ca.location_quotient_ci, all_clusters[all_clusters["year"] == end_year],
                    reference=reference, level=CI_LEVEL, by="cluster", total_code="total")
        ci = keep.merge(ci[ci["region"] == region], on="cluster")
        data.lq_ci = ci[ci["cluster"] != "total"]

    ranked = all_clusters if reference is None else all_clusters[
        all_clusters["region"].isin(peers | {reference})]
    classes = _quiet(ca.classify_clusters, ranked, start=start_year, end=end_year,
                     reference=cluster_ref, min_regions=MIN_REGIONS)
    data.n_ranked = int(classes["region"].nunique())
    data.classes = keep.merge(classes[classes["region"] == region].drop(columns="label"),
                              on="cluster")
    data.lq_map = regional_lqs(all_clusters, year=end_year, regions=peers - {reference},
                               reference=reference)
    data.strong = strong_view(all_clusters, cdef, region=region, end=end_year, peers=peers,
                              reference=reference, cluster_reference=cluster_ref,
                              min_regions=MIN_REGIONS, language=language,
                              bls=us_shares is not None)
    return data


def comparison_data(*, regions, start_year, end_year, definition="leipzig", reference=None,
                    data_path, data_format="tidy", data_columns="", title="",
                    language="en") -> ReportData:
    """Read the data and compute the cluster profiles of several regions."""
    reference = reference or None
    panel, cdef, files = load_inputs(data_path, data_format, data_columns, definition)
    sample = is_sample_file(files[0]) if len(files) == 1 else False
    names, _levels = region_names(panel, sample, language)
    meta = _meta(language, start_year, end_year, title, cdef, reference, names,
                 regions=list(regions))
    profiles = profile_region(panel, cdef, region=list(regions), start=start_year,
                              end=end_year, reference=reference, language=language)
    profiles["name"] = [names.get(code, code) for code in profiles["region"]]
    measures = [m for m in MEASURES if m in panel.columns]
    data = ReportData(meta, panel, cdef, files, sample, measures, profiles=profiles,
                      data_format=data_format)
    import clusteranalysis as ca

    end = _quiet(ca.aggregate_clusters, panel[panel["year"] == end_year], cdef)
    peers = set().union(*(peers_of(r, _levels, set(end["region"])) for r in regions))
    data.lq_map = regional_lqs(end, year=end_year, regions=peers - {reference},
                               reference=reference)
    return data
