"""Tests for clusteranalysis.plotting: assertions on the drawn artists.

Profiles are built by hand with the column names of docs/conventions.md
("Cluster profile"); plotting never computes metrics, so the values only need
to be plausible, not consistent.
"""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from clusteranalysis.errors import DataError  # noqa: E402
from clusteranalysis import plotting  # noqa: E402
from clusteranalysis.plotting import (  # noqa: E402
    SizeNorm, bubble_chart, contribution_chart, index_chart, lq_heatmap, portfolio_chart,
    shares_chart, size_norm_for,
)

IDS = ["auto", "energy", "health", "logistics", "media"]
LABELS = ["Automobil- und Zulieferindustrie", "Energie- und Umwelttechnik",
          "Gesundheitswirtschaft und Biotechnologie", "Logistik",
          "Medien- und Kreativwirtschaft"]


def _profile(region="14713", establishments_end=(300.0, 450.0, 1600.0, 800.0, 2400.0)):
    """A cluster profile: five clusters, other, total (all documented columns)."""
    rng = np.random.default_rng(20240611)
    n = len(IDS) + 2
    data = {
        "region": region,
        "cluster": IDS + ["other", "total"],
        "label": LABELS + ["Other", "Total economy"],
        "start_year": 2015,
        "end_year": 2020,
        "employment_growth_pct": [14.0, 3.0, 9.5, 21.0, -2.5, 6.0, 8.0],
        "establishments_growth_pct": [2.0, -4.5, 6.0, 11.0, -1.0, 1.0, 2.5],
        "tax_growth_pct": rng.normal(5, 10, n),
        "employment_end": [18000.0, 6500.0, 42000.0, 31000.0, 15000.0, 220000.0, 332500.0],
        "establishments_end": [*establishments_end, 18000.0, 23550.0],
        "tax_end": [60e6, 12e6, 25e6, 30e6, 14e6, 170e6, 311e6],
        "employment_share": [0.054, 0.020, 0.126, 0.093, 0.045, 0.662, 1.0],
        "establishments_share": [0.013, 0.019, 0.068, 0.034, 0.102, 0.764, 1.0],
        "tax_share": [0.193, 0.039, 0.080, 0.096, 0.045, 0.547, 1.0],
        "lq_start": [1.20, 0.67, 1.20, 1.58, 1.07, 1.0, 1.0],
        "lq": [1.35, 0.62, 1.12, 1.80, 0.95, 1.0, 1.0],
        "lq_change": [0.15, -0.05, -0.08, 0.22, -0.12, 0.0, 0.0],
        "employment_contribution": rng.uniform(0, 0.3, n),
        "tax_per_employee": rng.uniform(500, 3000, n),
        "tax_per_establishment": rng.uniform(1e4, 1e5, n),
        "tax_intensity": rng.uniform(0.5, 2, n),
        "tax_share_change": rng.normal(0, 0.01, n),
    }
    for m in ("employment", "establishments", "tax"):
        data[f"{m}_start"] = np.asarray(data[f"{m}_end"]) / 1.05
        data[f"{m}_change"] = np.asarray(data[f"{m}_end"]) - data[f"{m}_start"]
        data[f"{m}_cagr_pct"] = rng.normal(1, 2, n)
    data["tax_growth_pct"] = rng.normal(5, 10, n)
    return pd.DataFrame(data)


@pytest.fixture
def profile():
    return _profile()


@pytest.fixture
def index_table():
    growth = {"auto": 3.0, "energy": -1.0, "health": 2.0, "other": 1.0, "total": 1.5}
    rows = [
        {"region": "14713", "cluster": c, "label": c.title(), "year": y,
         "index": 100 * (1 + g / 100) ** (y - 2015)}
        for c, g in growth.items() for y in range(2015, 2021)
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def lq_table():
    regions = [("14713", "Leipzig"), ("14612", "Dresden"), ("14511", "Chemnitz")]
    lqs = [[2.0, 0.5, 1.0, 1.234, 0.95], [0.8, np.nan, 1.5, 0.25, 1.3],
           [1.1, 0.9, 4.0, 1.0, 0.7]]
    return pd.DataFrame([
        {"region": r, "name": n, "cluster": c, "label": lab, "year": 2020, "lq": v}
        for (r, n), row in zip(regions, lqs)
        for c, lab, v in zip(IDS, LABELS, row)
    ])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax, gid=None):
    return [t.get_text().replace("\n", " ") for t in ax.texts
            if gid is None or t.get_gid() == gid]


def _bubbles(ax):
    (scatter,) = [c for c in ax.collections if c.get_gid() == "bubbles"]
    return scatter


def _points(ax, clusters, xs):
    """The drawn bubbles as a table in cluster order (matched on x, which differ).

    Bubbles are drawn largest first, so the scatter order is not profile order.
    """
    scatter = _bubbles(ax)
    offsets = np.asarray(scatter.get_offsets())
    drawn = pd.DataFrame({"x": offsets[:, 0], "y": offsets[:, 1],
                          "size": scatter.get_sizes(),
                          "alpha": scatter.get_facecolors()[:, 3]})
    order = [int(np.flatnonzero(np.isclose(drawn["x"], x))[0]) for x in xs]
    return drawn.iloc[order].set_index(pd.Index(list(clusters)))


def _bubble_points(ax, profile, x="employment_growth_pct"):
    rows = profile[~profile["cluster"].isin(["other", "total"])].dropna(subset=[x])
    return _points(ax, rows["cluster"], rows[x])


# --- package --------------------------------------------------------------------------

def test_import_does_not_load_matplotlib():
    code = ("import sys, clusteranalysis.plotting; "
            "print(any(m in sys.modules for m in ('matplotlib', 'seaborn', 'adjustText')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=os.environ.copy(), check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("column, label, factor", [
    ("employment_growth_pct", "Employment growth 2015–2020, %", 1),
    ("tax_cagr_pct", "Trade tax growth per year (CAGR) 2015–2020, %", 1),
    ("establishments_share", "Establishments share of the local economy 2020, %", 100),
    ("employment_change", "Employment change 2015–2020, employees", 1),
    ("tax_end", "Trade tax 2020, €", 1),
    ("tax_share_change", "Change in trade-tax share 2015–2020, percentage points", 100),
    ("lq_start", "Employment location quotient 2015 (1 = reference)", 1),
])
def test_axis_label_units(column, label, factor):
    from clusteranalysis.plotting._common import describe_column

    assert describe_column(column, 2015, 2020) == (label, factor)


# --- bubble chart ---------------------------------------------------------------------

def test_bubble_one_point_per_cluster_at_growth_values(profile):
    ax = bubble_chart(profile)
    assert len(_bubbles(ax).get_offsets()) == len(IDS)
    points = _bubble_points(ax, profile)
    np.testing.assert_allclose(points["x"], profile["employment_growth_pct"][:5])
    np.testing.assert_allclose(points["y"], profile["establishments_growth_pct"][:5])
    # largest drawn first, so small bubbles stay visible on top
    assert list(_bubbles(ax).get_sizes()) == sorted(points["size"], reverse=True)


def test_bubble_areas_proportional_to_size_column(profile):
    ax = bubble_chart(profile, size="employment", max_bubble_area=2000)
    sizes = _bubble_points(ax, profile)["size"].to_numpy()
    values = profile["employment_end"].to_numpy()[:5]
    np.testing.assert_allclose(sizes / values, sizes[0] / values[0])
    assert sizes.max() == pytest.approx(2000)  # the largest cluster gets max area


def test_shared_norm_gives_equal_bubbles_for_equal_values(profile):
    other = _profile(region="14612", establishments_end=(300.0, 90.0, 100.0, 120.0, 150.0))
    norm = size_norm_for([profile, other], "establishments")
    assert norm == SizeNorm(90.0, 2400.0)
    def sizes(ax, p):
        return _bubble_points(ax, p)["size"]

    a = sizes(bubble_chart(profile, size_norm=norm), profile)
    b = sizes(bubble_chart(other, size_norm=norm), other)
    assert a["auto"] == pytest.approx(b["auto"])  # 300 establishments in both cities
    assert a["media"] == pytest.approx(3000)  # vmax of the batch gets the max area
    alone = sizes(bubble_chart(other), other)
    assert alone["auto"] == pytest.approx(3000)  # the largest bubble when alone
    assert b["auto"] == pytest.approx(3000 * 300 / 2400)
    tuple_norm = sizes(bubble_chart(other, size_norm=(0, 2400)), other)
    np.testing.assert_allclose(tuple_norm, b)


def test_bubble_reference_lines_at_total_economy(profile):
    ax = bubble_chart(profile)
    lines = {line.get_gid(): line for line in ax.lines}
    assert lines["reference-x"].get_xdata()[0] == pytest.approx(8.0)
    assert lines["reference-y"].get_ydata()[0] == pytest.approx(2.5)
    assert lines["reference-x"].get_linestyle() == "--"
    assert sorted(_texts(ax, "reference-label")) == ["Total economy: +2.5%",
                                                      "Total economy: +8.0%"]
    assert not [ln for ln in bubble_chart(profile, reference=False).lines
                if ln.get_gid() and ln.get_gid().startswith("reference")]


def test_bubble_labels_every_cluster(profile):
    ax = bubble_chart(profile)
    assert sorted(_texts(ax, "cluster-label")) == sorted(LABELS)


def test_bubble_label_top_labels_largest(profile):
    ax = bubble_chart(profile, label_top=2)  # establishments: media 2400, health 1600
    assert sorted(_texts(ax, "cluster-label")) == sorted([LABELS[2], LABELS[4]])


@pytest.mark.parametrize("size, expected", [
    ("establishments",
     ["100 establishments", "500 establishments", "2,000 establishments"]),
    ("employment", ["1,000 employees", "5,000 employees", "20,000 employees"]),
    ("tax", ["€2M", "€10M", "€50M"]),
])
def test_bubble_size_legend_in_real_units(profile, size, expected):
    ax = bubble_chart(profile, size=size)
    legend = ax.get_legend()
    assert legend.get_gid() == "size-legend"
    assert [t.get_text() for t in legend.get_texts()] == expected
    title = {"establishments": "Establishments 2020", "employment": "Employment 2020",
             "tax": "Trade tax 2020"}[size]
    assert legend.get_title().get_text() == title
    # legend circles use the chart's areas: markersize (diameter) = sqrt(area)
    vmax = profile[f"{size}_end"].to_numpy()[:5].max()
    values = [float(t.replace("€", "").replace("M", "e6").split()[0].replace(",", ""))
              for t in expected]
    diameters = [h.get_markersize() for h in legend.legend_handles]
    np.testing.assert_allclose(diameters, np.sqrt(3000 * np.array(values) / vmax))


def test_bubble_axis_labels_have_units_and_period(profile):
    ax = bubble_chart(profile)
    assert ax.get_xlabel() == "Employment growth 2015–2020, %"
    assert ax.get_ylabel() == "Establishments growth 2015–2020, %"


def test_bubble_missing_growth_is_omitted_with_note(profile):
    profile.loc[1, "employment_growth_pct"] = np.nan  # energy suppressed
    ax = bubble_chart(profile)
    offsets = np.asarray(_bubbles(ax).get_offsets())
    assert len(offsets) == len(IDS) - 1
    assert not np.any(offsets[:, 1] == -4.5)  # energy's y: not drawn at x = 0
    assert ax.get_xlabel().splitlines()[-1] == "n/a: Energie- und Umwelttechnik"
    assert LABELS[1] not in _texts(ax, "cluster-label")


@pytest.mark.parametrize("language, expected", [
    ("en", ["n/a: c1, c2, c3, c4", "n/a: c1, c2, c3 and 2 others",
            "n/a: c1, c2, c3 and 11 others"]),
    ("de", ["k. A.: c1, c2, c3, c4", "k. A.: c1, c2, c3 und 2 weitere",
            "k. A.: c1, c2, c3 und 11 weitere"])])
def test_long_na_note_names_a_few_and_counts_the_rest(language, expected):
    """Sparse data (a US county: 14 suppressed clusters) must not push the chart off its
    figure with a paragraph of names: four are named, of more three and a count."""
    from clusteranalysis.plotting._common import add_note

    notes = []
    for n in (4, 5, 14):
        fig, ax = plt.subplots(figsize=(9, 6))
        ax.set_xlabel("x")
        add_note(ax, [f"c{i}" for i in range(1, n + 1)], language=language)
        notes.append(" ".join(ax.get_xlabel().splitlines()[1:]))
        plt.close(fig)
    assert notes == expected


def test_bubble_missing_size_drawn_hollow_and_noted(profile):
    profile.loc[0, "establishments_end"] = np.nan
    ax = bubble_chart(profile)
    points = _bubble_points(ax, profile)
    assert len(points) == len(IDS)
    assert points.loc["auto", "alpha"] == 0  # transparent face
    assert (points.drop(index="auto")["alpha"] > 0).all()
    note = ax.get_xlabel().split("\n", 1)[1].replace("\n", " ")  # under the axis label
    assert note == "n/a: Automobil- und Zulieferindustrie (size unknown)"


def test_bubble_missing_column_raises(profile):
    with pytest.raises(DataError, match="establishments_end"):
        bubble_chart(profile.drop(columns="establishments_end"))


def test_bubble_rejects_mixed_periods(profile):
    profile.loc[0, "start_year"] = 2016
    with pytest.raises(DataError, match="start_year"):
        bubble_chart(profile)


# --- shares chart ---------------------------------------------------------------------

def test_shares_bars_heights_in_percent(profile):
    ax = shares_chart(profile)
    assert len(ax.patches) == len(IDS) * 3
    for m in ("employment", "establishments", "tax"):
        bars = [p for p in ax.patches if p.get_gid() == f"bars-{m}"]
        np.testing.assert_allclose([b.get_height() for b in bars],
                                   profile[f"{m}_share"].to_numpy()[:5] * 100)
    assert ax.get_ylabel() == "Share of the local economy 2020, %"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Employment", "Establishments", "Trade tax"]
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert ticks == LABELS


def test_shares_other_only_on_request_and_value_labels(profile):
    ax = shares_chart(profile, measures=("tax",), include_other=True, value_labels=True)
    assert len(ax.patches) == len(IDS) + 1
    assert ax.patches[-1].get_height() == pytest.approx(54.7)
    assert "19.3%" in _texts(ax)


def test_shares_missing_value_has_no_bar(profile):
    profile.loc[2, "tax_share"] = np.nan
    ax = shares_chart(profile)
    assert len(ax.patches) == len(IDS) * 3 - 1
    assert _texts(ax, "na-note") == ["n/a"]


# --- portfolio chart ------------------------------------------------------------------

def test_portfolio_quadrants_and_reference_lines(profile):
    ax = portfolio_chart(profile)
    assert len(_bubbles(ax).get_offsets()) == len(IDS)
    lines = {line.get_gid(): line for line in ax.lines}
    assert lines["reference-y"].get_ydata()[0] == 1
    assert lines["reference-x"].get_xdata()[0] == 0
    corners = {t.get_text().split("\n")[0]: t.get_position() for t in ax.texts
               if t.get_gid() == "quadrant"}
    assert corners["Star"][0] > 0.5 and corners["Star"][1] > 0.5
    assert corners["Mature"][0] < 0.5 and corners["Mature"][1] > 0.5
    assert corners["Emerging"][0] > 0.5 and corners["Emerging"][1] < 0.5
    assert corners["Transforming"][0] < 0.5 and corners["Transforming"][1] < 0.5
    # the reference cross sits in the middle, so each quadrant owns its corner
    assert np.mean(ax.get_xlim()) == pytest.approx(0)
    low, high = ax.get_ylim()
    assert low < 1 < high
    assert ax.get_ylabel() == "Employment location quotient 2020 (1 = reference)"
    assert ax.get_xlabel() == "Change in employment location quotient 2015–2020"
    assert sorted(_texts(ax, "cluster-label")) == sorted(LABELS)
    assert ax.get_legend().get_title().get_text() == "Employment 2020"


def test_portfolio_growth_on_x_and_no_quadrant_labels(profile):
    ax = portfolio_chart(profile, x="employment_growth_pct", quadrant_labels=False)
    assert ax.get_xlabel() == "Employment growth 2015–2020, %"
    assert not _texts(ax, "quadrant")
    sizes = _bubble_points(ax, profile)["size"]
    np.testing.assert_allclose(sizes / profile["employment_end"][:5].to_numpy(),
                               sizes["auto"] / 18000)


def test_portfolio_missing_lq_noted(profile):
    profile.loc[3, "lq"] = np.nan
    ax = portfolio_chart(profile)
    assert len(_bubbles(ax).get_offsets()) == len(IDS) - 1
    assert ax.get_xlabel().splitlines()[-1] == "n/a: Logistik"


# --- index chart ----------------------------------------------------------------------

def test_index_chart_lines(index_table):
    ax = index_chart(index_table)
    gids = [line.get_gid() for line in ax.lines]
    assert gids == ["reference", "cluster-auto", "cluster-energy", "cluster-health",
                    "total"]
    lines = dict(zip(gids, ax.lines))
    assert lines["reference"].get_ydata()[0] == 100
    total = lines["total"]
    assert total.get_linewidth() > max(ln.get_linewidth() for ln in ax.lines
                                       if ln is not total)
    assert matplotlib.colors.to_hex(total.get_color()) == "#222222"
    np.testing.assert_allclose(total.get_ydata(),
                               index_table.query("cluster == 'total'")["index"])
    assert ax.get_ylabel() == "Employment index (2015 = 100)"
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "Total"


def test_index_chart_other_base_year_and_gaps(index_table):
    table = index_table.copy()
    table["index"] = table["index"] / table.groupby("cluster")["index"].transform(
        lambda s: s.iloc[2]) * 100  # rebase to 2017
    table.loc[(table["cluster"] == "auto") & (table["year"] == 2019), "index"] = np.nan
    ax = index_chart(table, include_other=True)
    assert ax.get_ylabel() == "Employment index (2017 = 100)"
    assert len(ax.lines) == 1 + 4 + 1
    auto = [ln for ln in ax.lines if ln.get_gid() == "cluster-auto"][0]
    assert np.isnan(auto.get_ydata()[4])  # a gap, never 0


def test_index_chart_one_region_only(index_table):
    two = pd.concat([index_table, index_table.assign(region="14612")])
    with pytest.raises(DataError, match="one region"):
        index_chart(two)


# --- LQ heatmap -----------------------------------------------------------------------

def test_heatmap_cells_annotations_and_names(lq_table):
    ax = lq_heatmap(lq_table)
    mesh = ax.collections[0]
    assert mesh.get_array().size == 3 * len(IDS)
    texts = _texts(ax)
    assert len(texts) == 3 * len(IDS)
    assert texts[:5] == ["2.00", "0.50", "1.00", "1.23", "0.95"]
    assert "n/a" in texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Leipzig", "Dresden",
                                                            "Chemnitz"]
    xticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert xticks == LABELS


def test_heatmap_log_scale_symmetric_around_one(lq_table):
    ax = lq_heatmap(lq_table)
    mesh = ax.collections[0]
    vmin, vmax = mesh.get_clim()
    assert vmin == pytest.approx(-vmax)
    values = np.ma.filled(mesh.get_array().astype(float), np.nan).ravel()
    assert values[0] == pytest.approx(1.0)  # LQ 2 → log2 = +1
    assert values[1] == pytest.approx(-1.0)  # LQ 0.5 → −1: same distance from white
    assert mesh.norm(values[2]) == pytest.approx(0.5)  # LQ 1 in the centre
    cbar = mesh.colorbar
    assert "1" in [t.get_text() for t in cbar.ax.get_yticklabels()]
    assert "(log scale, 1 = reference)" in cbar.ax.get_ylabel()


def test_heatmap_without_names_and_without_annotations(lq_table):
    ax = lq_heatmap(lq_table.drop(columns="name"), annot=False)
    assert not ax.texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["14713", "14612", "14511"]


def test_heatmap_rejects_several_years(lq_table):
    with pytest.raises(DataError, match="one year"):
        lq_heatmap(pd.concat([lq_table, lq_table.assign(year=2019)]))


# --- all charts -----------------------------------------------------------------------

CHARTS = {
    "bubble": lambda d, ax=None: bubble_chart(d["profile"], size="employment", ax=ax),
    "shares": lambda d, ax=None: shares_chart(d["profile"], ax=ax),
    "portfolio": lambda d, ax=None: portfolio_chart(d["profile"], ax=ax),
    "index": lambda d, ax=None: index_chart(d["index_table"], ax=ax),
    "heatmap": lambda d, ax=None: lq_heatmap(d["lq_table"], ax=ax),
}


@pytest.fixture
def inputs(profile, index_table, lq_table):
    return {"profile": profile, "index_table": index_table, "lq_table": lq_table}


@pytest.mark.parametrize("name", CHARTS)
def test_ax_passthrough(name, inputs):
    fig, (_, ax) = plt.subplots(1, 2, figsize=(12, 5))
    assert CHARTS[name](inputs, ax=ax) is ax
    assert len(plt.get_fignums()) == 1  # drew into the given figure, made no new one


@pytest.mark.parametrize("name", CHARTS)
def test_smoke_png(name, inputs, tmp_path):
    ax = CHARTS[name](inputs)
    path = tmp_path / f"{name}.png"
    ax.get_figure().savefig(path, dpi=60)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- contribution chart -----------------------------------------------------------------

def _contribution_profile(other_start=600.0, other_end=700.0):
    return pd.DataFrame({
        "cluster": ["auto", "logistics", "other", "total"],
        "label": ["Automobil", "Logistik", "Übrige Wirtschaft", "Gesamtwirtschaft"],
        "start_year": 2015, "end_year": 2020,
        "employment_start": [100.0, 300.0, other_start, 1000.0],
        "employment_end": [130.0, 299.6, other_end, 1129.6],
        "employment_growth_pct": [30.0, -0.13, 16.7, 12.96],
        "employment_contribution_pp": [3.0, -0.004, 10.0, 12.96]})


def test_contribution_bars_labels_and_total_in_the_axis_label():
    ax = contribution_chart(_contribution_profile())
    assert [round(p.get_width(), 3) for p in ax.patches] == [3.0, -0.004, 10.0]
    assert [t.get_text() for t in ax.texts] == ["+3.00", "-0.00", "+10.00"]  # never "+0.00"
    assert ax.get_xlabel().splitlines() == [
        "Contribution to employment growth 2015–2020, percentage points",
        "Total economy: +12.96%"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Automobil", "Logistik",
                                                            "Übrige Wirtschaft"]


def test_contribution_leaves_out_an_empty_other_row_and_speaks_german():
    ax = contribution_chart(_contribution_profile(other_start=0.0, other_end=0.0),
                            language="de")
    assert len(ax.patches) == 2
    assert [t.get_text() for t in ax.texts] == ["+3,00", "-0,00"]
    assert ax.get_xlabel().splitlines()[0] == (
        "Beitrag zum Beschäftigungswachstum 2015–2020, Prozentpunkte")
    assert plotting.layout_problems(ax.figure) == []


def test_german_chart_texts_ticks_legends_and_quadrants(profile):
    ax = portfolio_chart(profile, language="de")
    quadrants = sorted(t.get_text().split("\n")[0] for t in ax.texts if t.get_gid() == "quadrant")
    assert quadrants == ["Aufstrebend", "Etabliert", "Im Wandel", "Spitzenreiter"]
    assert ax.get_ylabel() == "Standortquotient der Beschäftigung 2020 (1 = Referenz)"
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)  # 0,75 not 0.75
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["1.000 Beschäftigte", "5.000 Beschäftigte", "20.000 Beschäftigte"]
    tax = bubble_chart(profile, size="tax", language="de").get_legend()
    assert [t.get_text() for t in tax.get_texts()] == [
        "2\xa0Mio.\xa0€", "10\xa0Mio.\xa0€", "50\xa0Mio.\xa0€"]
    assert tax.get_title().get_text() == "Gewerbesteuer 2020"


def test_shares_chart_of_twenty_clusters_stays_page_wide_and_clean():
    """Many clusters (the US benchmark): upright names in narrow slots, no overlap or clipping."""
    import numpy as np
    import pandas as pd

    from clusteranalysis.plotting._layout import layout_problems

    n = 20
    rng = np.random.default_rng(3)
    profile = pd.DataFrame({
        "cluster": [f"c{i}" for i in range(n)],
        "label": [f"Local Real Estate, Construction, and Development {i}" for i in range(n)],
        "start_year": 2019, "end_year": 2020,
        "employment_share": np.where(np.arange(n) % 3 == 0, np.nan, rng.uniform(0, 0.12, n)),
        "establishments_share": rng.uniform(0, 0.12, n)})
    ax = plotting.shares_chart(profile, measures=("employment", "establishments"),
                               value_labels=True)
    width, _height = ax.figure.get_size_inches()
    assert width <= 16  # was 28 inches: unreadable once a page scales it down
    ax.figure.canvas.draw()
    assert layout_problems(ax.figure) == []
    plt.close(ax.figure)
