"""Maps: asserted on the drawn artists (collections, paths, hatches, legend, outline, notes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import load_boundaries
from clusteranalysis.plotting import cluster_map, lisa_map
from clusteranalysis.plotting import _map_classes as mc

pytest.importorskip("geopandas")
pytest.importorskip("mapclassify")

CITIES = load_boundaries("sample").query("level == 'city'")


def collections(ax):
    return {c.get_gid(): c for c in ax.collections if c.get_gid()}


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def sample_table():
    codes = CITIES["region"].tolist()
    lq = np.array([0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 2.0, 3.0, 0.85, 1.2, np.nan, np.nan, 0.6, 1.6])
    flag = [None] * 14
    flag[10] = "suppressed"
    return pd.DataFrame({"region": codes, "lq": lq, "employment_flag": flag}).iloc[:-1]


def test_fixed_lq_classes_patches_hatches_legend_and_outline():
    t = sample_table()
    ax = cluster_map(t, "sample", highlight="14700")
    coll = collections(ax)
    assert len(coll["value"].get_paths()) == 11          # 13 rows, 2 without a value
    assert len(coll["suppressed"].get_paths()) == 1
    assert len(coll["missing"].get_paths()) == 2         # one NaN without flag, one absent
    assert coll["missing"].get_hatch() == "////" and coll["suppressed"].get_hatch() == "xxxx"
    outline = coll["highlight"]
    assert len(outline.get_paths()) == 1 and outline.get_linewidths()[0] == 2.2
    names = dict(zip(CITIES["region"], CITIES["name"]))
    missing = sorted([names[t["region"].iloc[11]], names[CITIES["region"].iloc[13]]])
    assert legend_texts(ax) == ["≤ 0.80", "0.80 – 1.25", "> 1.25",
                                "No data: " + ", ".join(missing),
                                f"Suppressed: {names[t['region'].iloc[10]]}",
                                "Auenstadt (report region)"]
    assert ax.get_legend().get_title().get_text() == "Location quotient"
    assert any("Musterland does not exist" in x.get_text() for x in ax.texts)


def test_lq_colours_are_centred_on_one_and_symmetric_in_logs():
    t = pd.DataFrame({"region": CITIES["region"].iloc[:3], "lq": [0.5, 1.0, 2.0]})
    ax = cluster_map(t, "sample", scheme="continuous")
    faces = collections(ax)["value"].get_facecolors()
    import matplotlib

    cm = matplotlib.colormaps[mc.DIVERGING]
    np.testing.assert_allclose(faces[1], cm(0.5), atol=1e-6)        # LQ 1 at the centre
    np.testing.assert_allclose(faces[0], cm(0.0), atol=1e-6)        # 0.5 and 2 mirrored
    np.testing.assert_allclose(faces[2], cm(1.0), atol=1e-6)
    assert len(ax.figure.axes) == 2                                 # the colour bar
    labels = [x.get_text() for x in ax.figure.axes[1].get_yticklabels()]
    assert labels == ["0.50", "0.80", "1.00", "1.25", "2.00"]


def test_fixed_class_colours_do_not_depend_on_the_data():
    a = cluster_map(pd.DataFrame({"region": ["01090", "14700"], "lq": [0.7, 1.4]}), "sample")
    b = cluster_map(pd.DataFrame({"region": ["01090", "14700"], "lq": [0.2, 5.0]}), "sample")
    np.testing.assert_allclose(collections(a)["value"].get_facecolors(),
                               collections(b)["value"].get_facecolors())
    first, middle, last = mc.class_colours(np.array([0.8, 1.25, np.inf]), None, "lq")
    import matplotlib

    cm = matplotlib.colormaps[mc.DIVERGING]
    # classes ≤ 0.8 and > 1.25 lie equally far from 1 in log terms: mirrored colours
    assert first == cm(0.05) and last == cm(0.95) and middle == cm(0.5)


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_data_driven_schemes_give_k_classes(scheme):
    rng = np.random.default_rng(3)
    t = pd.DataFrame({"region": CITIES["region"], "growth": rng.normal(0, 2, 14)})
    ax = cluster_map(t, "sample", column="growth", kind="diverging", scheme=scheme, k=4)
    labels = legend_texts(ax)
    assert len(labels) == 4 and labels[0].startswith("≤ ") and labels[-1].startswith("> ")
    assert ax.get_legend().get_title().get_text() == "growth"


def test_german_districts_have_land_borders_and_the_bkg_notice():
    d = load_boundaries("de-districts")
    t = pd.DataFrame({"region": d["region"], "lq": np.linspace(0.4, 2.5, len(d))})
    ax = cluster_map(t, d, highlight="14713")
    coll = collections(ax)
    assert len(coll["value"].get_paths()) == 401
    assert len(coll["borders"].get_paths()) == 16
    assert coll["borders"].get_zorder() < coll["highlight"].get_zorder()
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in [x.get_text() for x in ax.texts]
    assert legend_texts(ax)[-1] == "Leipzig (report region)"


def test_goettingen_2015_is_hatched_as_a_territorial_change_with_a_note():
    from clusteranalysis import territorial_changes

    panel = pd.DataFrame({"region": ["03152", "03156", "03159"], "year": [2015, 2015, 2017],
                          "industry": "TOTAL", "employment": 1.0})
    t = pd.DataFrame({"region": ["03152", "03156", "14713"], "lq": [1.1, 0.9, 1.0]})
    ax = cluster_map(t, "de-districts", changes=territorial_changes(panel))
    assert len(collections(ax)["changed"].get_paths()) == 1
    assert "Territorial change: Göttingen" in legend_texts(ax)
    assert any("03152, 03156: merged into Göttingen (03159)" in x.get_text() for x in ax.texts)


def test_us_map_draws_alaska_hawaii_puerto_rico_as_equal_area_insets():
    u = load_boundaries("us-states")
    t = pd.DataFrame({"region": u["region"] + "000", "lq": np.linspace(0.5, 2, len(u))})
    ax = cluster_map(t, u, highlight="39")
    assert len(ax.child_axes) == 3
    assert len(collections(ax)["value"].get_paths()) == 49        # 48 states + DC
    assert [len(collections(a)["value"].get_paths()) for a in ax.child_axes] == [1, 1, 1]
    # Alaska in Alaska Albers (metres), not in degrees
    x0, x1 = ax.child_axes[0].get_xlim()
    assert x1 - x0 > 1e6
    assert not any("shows the value of code" in x.get_text() for x in ax.texts)


def test_lisa_map_colours_categories_and_names_them():
    lisa = pd.DataFrame({"region": ["01090", "03490", "14700", "16090"],
                         "category": ["high-high", "low-low", "not significant", None]})
    ax = lisa_map(lisa, "sample", highlight="14700")
    texts = legend_texts(ax)
    assert texts[:2] == ["High-high (strong region among\nstrong neighbours)",
                         "Low-low (weak region among weak\nneighbours)"]
    assert texts[2] == "Not significant" and texts[3].startswith("No data: ")
    assert ax.get_legend().get_title().get_text() == "Local Moran's I (LISA)"
    faces = collections(ax)["value"].get_facecolors()
    assert len(faces) == 3
    with pytest.raises(Exception, match="cluster_id"):
        lisa_map(pd.concat([lisa.assign(cluster="a"), lisa.assign(cluster="b")]), "sample")


def test_maps_speak_german():
    t = sample_table()
    ax = cluster_map(t, "sample", highlight="14700", language="de")
    texts = legend_texts(ax)
    assert texts[:3] == ["≤ 0,80", "0,80 – 1,25", "> 1,25"]
    assert texts[3].startswith("Keine Daten: ") and texts[4].startswith("Geheimgehalten: ")
    assert texts[-1] == "Auenstadt (Berichtsregion)"
    assert ax.get_legend().get_title().get_text() == "Standortquotient"
    assert any("Musterland gibt es nicht" in x.get_text() for x in ax.texts)


def test_bad_input_is_a_clear_error():
    from clusteranalysis import DataError

    with pytest.raises(DataError, match="value column 'lq'"):
        cluster_map(pd.DataFrame({"region": ["01090"]}), "sample")
    with pytest.raises(ValueError, match="scheme must be one of"):
        cluster_map(pd.DataFrame({"region": ["01090"], "lq": [1.0]}), "sample", scheme="jenks")


def test_map_is_saved_to_png(tmp_path):
    ax = cluster_map(sample_table(), "sample", highlight="14700", title="Automotive")
    path = tmp_path / "map.png"
    ax.figure.savefig(path, dpi=60)
    assert path.stat().st_size > 5000


@pytest.mark.parametrize("seed", range(4))
def test_natural_breaks_equal_mapclassify_fisher_jenks(seed):
    import warnings

    import mapclassify

    v = np.random.default_rng(seed).lognormal(0, 0.5, 40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed"
        expected = mapclassify.FisherJenks(v, k=4).bins
    np.testing.assert_allclose(mc.fisher_jenks(v, 4), expected)
    bounds, yb = mc.breaks(v, scheme="natural_breaks", k=4)
    assert np.isinf(bounds[-1]) and set(yb) == {0, 1, 2, 3}


def test_holes_stay_open():
    import geopandas as gpd
    from shapely.geometry import Polygon

    ring = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(4, 4), (4, 6), (6, 6), (6, 4)]])
    layer = gpd.GeoDataFrame({"region": ["ring"], "name": ["Ring"]}, geometry=[ring])
    ax = cluster_map(pd.DataFrame({"region": ["ring"], "lq": [2.0]}), layer)
    fig = ax.figure
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())

    def colour_at(x, y):
        px, py = ax.transData.transform((x, y))
        return pixels[int(pixels.shape[0] - py), int(px), :3]

    assert (colour_at(5, 5) == 255).all()            # the hole is not painted over
    assert not (colour_at(1, 1) == 255).all()        # the ring is


def test_hidden_map_axes_draw_the_same_picture_without_tick_layout():
    """The axes are hidden (no tick layout on every draw); showing them again changes no pixel."""
    import io

    import matplotlib.pyplot as plt

    def png(ax):
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=60)
        buf.seek(0)
        return plt.imread(buf)

    ax = cluster_map(sample_table(), "sample", highlight="14700", title="Logistik")
    assert not ax.xaxis.get_visible() and not ax.yaxis.get_visible() and not ax.axison
    hidden = png(ax)
    ax.xaxis.set_visible(True)
    ax.yaxis.set_visible(True)
    np.testing.assert_array_equal(hidden, png(ax))
    plt.close(ax.figure)
