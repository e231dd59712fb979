"""Report map sections: one figure per cluster, small multiples, one sentence without geometry."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from clusteranalysis import aggregate_clusters, load_sample, location_quotient
from clusteranalysis.report.maps import cluster_map_figures, comparison_map_figure, detect_layer

pytest.importorskip("geopandas")
pytest.importorskip("esda")


@pytest.fixture(scope="module")
def sample_lq():
    panel = load_sample().query("year >= 2019")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # coarse divisions counted whole (see definitions)
        clusters = aggregate_clusters(panel, "leipzig")
    return location_quotient(clusters, by="cluster", total_code="total", reference="00")


def test_one_figure_per_cluster_with_lq_and_lisa_maps(sample_lq):
    figs = cluster_map_figures(sample_lq, region_code="14700",
                               names={"automotive": "Automotive"}, permutations=99)
    assert len(figs) == 5                            # other/total left out
    main, lisa = figs[0].axes[:2]
    assert main.get_title() == "Automotive" and figs[1].axes[0].get_title() == "logistics"
    for ax in (main, lisa):
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[-1] == "Auenstadt (report region)"
    assert lisa.get_legend().get_title().get_text() == "Local Moran's I (LISA)"
    assert lisa.get_title().startswith("Spatial clustering: Moran's I = ")
    # the latest year is mapped: 14 cities with a value each
    value = next(c for c in main.collections if c.get_gid() == "value")
    assert len(value.get_paths()) == 14


def test_year_and_language_are_honoured(sample_lq):
    figs = cluster_map_figures(sample_lq, year=2019, lisa=False, language="de")
    assert len(figs) == 5 and len(figs[0].axes) == 1
    texts = [t.get_text() for t in figs[0].axes[0].get_legend().get_texts()]
    assert texts[:3] == ["≤ 0,80", "0,80 – 1,25", "> 1,25"]


def test_small_multiples_share_classes_and_show_the_legend_once(sample_lq):
    fig = comparison_map_figure(sample_lq, regions=["14700", "14790"], ncols=3)
    axes = fig.axes
    assert len(axes) == 6                            # 5 clusters + 1 empty panel
    assert axes[0].get_legend() is not None
    assert all(ax.get_legend() is None for ax in axes[1:])
    outlines = [c for c in axes[2].collections if c.get_gid() == "highlight"]
    assert len(outlines[0].get_paths()) == 2         # both compared cities outlined
    assert not axes[5].collections


def test_without_geometry_the_section_is_one_sentence():
    t = pd.DataFrame({"region": ["X1", "X2"], "cluster": "c", "lq": [1.0, 1.2]})
    assert cluster_map_figures(t) == \
        "No map: boundaries of the regions in the data are not available."
    assert comparison_map_figure(t, language="de").startswith("Keine Karte:")


def test_the_layer_is_found_from_the_codes():
    assert detect_layer(["14713", "14612", "11", "DG"]) == "de-districts"
    assert detect_layer(["14", "09", "DG"]) == "de-states"
    assert detect_layer(["39000", "06000", "US000"]) == "us-states"
    assert detect_layer(["01090", "14700", "00"]) == "sample"
    assert detect_layer([]) is None


def test_real_district_table_gives_a_leipzig_map_for_every_section_group(shared_data):
    import matplotlib.pyplot as plt

    path = (shared_data / "de-regionalstatistik-13111-07-05-4"
            / "svb_arbeitsort_wz_kreise_2015_2020.csv")
    df = pd.read_csv(path, dtype={"ags": str}).rename(columns={
        "ags": "region", "wz_code": "industry", "total": "employment",
        "total_flag": "employment_flag"})
    sections = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]
    panel = df[((df["level"] == "district") | df["region"].isin(["02", "11", "DG"]))
               & df["industry"].isin(sections + ["TOTAL"]) & (df["year"] == 2020)]
    lq = location_quotient(panel[["region", "year", "industry", "employment",
                                  "employment_flag"]], reference="DG")
    lq = lq[lq["industry"] != "TOTAL"].rename(columns={"industry": "cluster"})
    figs = cluster_map_figures(lq, region_code="14713", permutations=99)
    assert len(figs) == 10
    for fig in figs:
        main, lisa = fig.axes[:2]
        value = next(c for c in main.collections if c.get_gid() == "value")
        assert len(value.get_paths()) >= 380                      # of 401 districts
        assert [t.get_text() for t in main.get_legend().get_texts()][-1] == \
            "Leipzig (report region)"
        notes = " ".join(t.get_text() for t in main.texts)
        assert "Berlin (11000) shows the value of code 11." in notes.replace("\n", " ")
        plt.close(fig)


def test_a_cluster_without_any_value_is_drawn_hatched():
    from clusteranalysis.plotting import cluster_map

    t = pd.DataFrame({"region": ["01090", "14700"], "lq": [float("nan")] * 2})
    ax = cluster_map(t, "sample")
    gids = {c.get_gid(): len(c.get_paths()) for c in ax.collections if c.get_gid()}
    assert gids == {"missing": 14}


def test_a_batch_computes_each_clusters_permutation_tests_once(sample_lq, tmp_path,
                                                                monkeypatch):
    """Every region's report of one data file and year maps the same LQs: with the batch's
    cache, the LISA and Moran permutations run once, and a hit draws the same maps; other
    LQs, or no cache, compute again."""
    import clusteranalysis.spatial as spatial
    from clusteranalysis.inputs import _datacache

    calls = []
    local = spatial.local_moran
    monkeypatch.setattr(spatial, "local_moran",
                        lambda *a, **k: calls.append(1) or local(*a, **k))

    def titles(figs):
        import matplotlib.pyplot as plt

        out = [[ax.get_title() for ax in f.axes] for f in figs]
        for f in figs:
            plt.close(f)
        return out

    monkeypatch.delenv(_datacache.ENV, raising=False)
    plain = titles(cluster_map_figures(sample_lq, region_code="14700", permutations=99))
    assert len(calls) == 5
    monkeypatch.setenv(_datacache.ENV, str(tmp_path))
    first = titles(cluster_map_figures(sample_lq, region_code="14700", permutations=99))
    assert len(calls) == 10
    again = titles(cluster_map_figures(sample_lq, region_code="14790", permutations=99))
    assert len(calls) == 10 and first == again == plain
    assert len(list(tmp_path.glob("lisa-*.pkl"))) == 5
    changed = sample_lq.copy()
    changed.loc[changed["cluster"] == "logistics", "lq"] *= 1.5
    titles(cluster_map_figures(changed, region_code="14700", permutations=99))
    assert len(calls) == 11  # only the changed cluster
    titles(cluster_map_figures(sample_lq, region_code="14700", permutations=199))
    assert len(calls) == 16  # other permutations: other results


def test_fingerprints_follow_content_not_identity():
    """The cache key: equal content, equal key; any changed value, weight or option, another."""
    from libpysal.weights import W

    from clusteranalysis.inputs._datacache import fingerprint

    a = pd.DataFrame({"region": ["A", "B"], "lq": [1.0, 2.0]})
    assert fingerprint(a, 1) == fingerprint(a.copy(), 1)
    assert fingerprint(a, 1) != fingerprint(a, 2)
    assert fingerprint(a) != fingerprint(a.assign(lq=[1.0, 2.5]))
    assert fingerprint(a) != fingerprint(a.rename(columns={"lq": "value"}))
    assert fingerprint(a) != fingerprint(a.astype({"lq": "float32"}))
    w1 = W({"A": ["B"], "B": ["A"], "C": []}, silence_warnings=True)
    w2 = W({"A": ["B"], "B": ["A"], "C": []}, silence_warnings=True)
    w3 = W({"A": ["C"], "B": [], "C": ["A"]}, silence_warnings=True)
    assert fingerprint(w1) == fingerprint(w2) != fingerprint(w3)
    w2.transform = "r"
    assert fingerprint(w1) != fingerprint(w2)
