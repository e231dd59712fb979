"""Tests for clusteranalysis.plotting.shift_share_chart: assertions on the drawn artists.

The tables are built by hand with the columns of :func:`clusteranalysis.metrics.shift_share`;
plotting never computes metrics, so the values need not add up (one test relies on it).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from clusteranalysis import shift_share  # noqa: E402
from clusteranalysis.errors import DataError  # noqa: E402
from clusteranalysis.plotting import shift_share_chart  # noqa: E402

COMPONENTS = ["national_share", "industry_mix", "competitive_share"]
LEGEND = ["National share", "Industry mix", "Competitive share", "Observed change (sum)"]
IDS = ["auto", "logistics", "media"]


@pytest.fixture
def table():
    """shift_share(..., by="cluster") output of one region, with labels and ``other``."""
    return pd.DataFrame({
        "region": "14700",
        "cluster": IDS + ["other"],
        "label": ["Automobil- und Zulieferindustrie", "Logistik",
                  "Medien- und Kreativwirtschaft", "Other"],
        "start_year": 2015, "end_year": 2020,
        "employment_start": [7044.0, 22252.0, 8803.0, 154914.0],
        "employment_end": [8189.0, 29276.0, 8468.0, 170873.0],
        "national_share": [407.0, 1286.0, 509.0, 8950.0],
        "industry_mix": [-324.0, 881.0, -1337.0, -1037.0],
        "competitive_share": [1062.0, 4857.0, 493.0, 8046.0],
        "observed_change": [1145.0, 7024.0, -335.0, 15959.0],
    })


def _bars(ax, column):
    return [p for p in ax.patches if p.get_gid() == f"bars-{column}"]


def _bar_centre(patch):
    return patch.get_y() + patch.get_height() / 2


def test_one_bar_per_component_per_cluster_at_table_values(table):
    ax = shift_share_chart(table)
    # three components + the observed change per cluster; "other" left out by default
    assert len(ax.patches) == len(IDS) * (len(COMPONENTS) + 1)
    for column in COMPONENTS:
        bars = _bars(ax, column)
        assert [p.get_width() for p in bars] == table[column].iloc[:3].tolist()
    assert [p.get_width() for p in _bars(ax, "observed")] == [1145.0, 7024.0, -335.0]
    # the bars of one cluster sit around its tick in legend order, first cluster on top
    ticks = ax.get_yticks()
    for k, tick in enumerate(ticks):
        centres = [_bar_centre(_bars(ax, c)[k]) for c in [*COMPONENTS, "observed"]]
        assert np.mean(centres) == pytest.approx(tick)
        assert centres == sorted(centres)
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # inverted: row 0 at the top
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels == table["label"].iloc[:3].tolist()


def test_legend_entries_and_colours(table):
    ax = shift_share_chart(table)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == LEGEND
    assert legend.get_title().get_text() == "Shift-share component"
    colours = {tuple(_bars(ax, c)[0].get_facecolor()) for c in [*COMPONENTS, "observed"]}
    assert len(colours) == 4


def test_draws_the_table_as_given_never_recomputes(table):
    odd = table.assign(observed_change=[1.0, 2.0, 3.0, 4.0])  # not the components' sum
    ax = shift_share_chart(odd)
    assert [p.get_width() for p in _bars(ax, "observed")] == [1.0, 2.0, 3.0]


def test_axis_label_has_measure_units_and_period(table):
    ax = shift_share_chart(table)
    assert ax.get_xlabel() == "Employment change 2015–2020, employees"
    est = table.rename(columns={"employment_start": "establishments_start",
                                "employment_end": "establishments_end"})
    ax = shift_share_chart(est, value="establishments")
    assert ax.get_xlabel() == "Establishments change 2015–2020, establishments"


def test_zero_reference_line(table):
    ax = shift_share_chart(table)
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "reference-x"]
    assert list(line.get_xdata()) == [0.0, 0.0]
    assert line.get_linestyle() == "--"


def test_other_only_on_request_total_never(table):
    total = pd.DataFrame({"region": "14700", "cluster": ["total"], "label": ["Total economy"],
                          "start_year": 2015, "end_year": 2020, "national_share": [11152.0],
                          "industry_mix": [-97.0], "competitive_share": [15773.0],
                          "observed_change": [26828.0]})
    with_total = pd.concat([table, total], ignore_index=True)
    ax = shift_share_chart(with_total, include_other=True, observed=None)
    assert len(ax.patches) == 4 * len(COMPONENTS)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Other"
    assert 15773.0 not in [p.get_width() for p in ax.patches]


def test_missing_component_has_no_bar_and_is_noted(table):
    table.loc[1, "competitive_share"] = np.nan  # suppressed
    ax = shift_share_chart(table)
    assert len(_bars(ax, "competitive_share")) == 2
    assert 0.0 not in [p.get_width() for p in _bars(ax, "competitive_share")]
    assert ax.get_xlabel().splitlines()[-1] == "n/a: Logistik"  # under the axis label


def test_value_labels_signed_with_thousands_separator(table):
    ax = shift_share_chart(table, value_labels=True)
    texts = [t.get_text() for t in ax.texts]
    assert {"+1,286", "-324", "+4,857", "+7,024"} <= set(texts)


def test_other_components_named_in_legend(table):
    em = table.assign(competitive_homothetic=[500.0, 3000.0, 200.0, 7000.0],
                      allocation_effect=[562.0, 1857.0, 293.0, 1046.0])
    ax = shift_share_chart(em, components=["competitive_homothetic", "allocation_effect"],
                           observed=None, label="cluster")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Competitive share (homothetic)", "Allocation effect"]
    assert not _bars(ax, "observed")
    assert [t.get_text() for t in ax.get_yticklabels()] == IDS


def test_rejects_several_regions_and_missing_columns(table):
    with pytest.raises(DataError, match="one region"):
        shift_share_chart(pd.concat([table, table.assign(region="08290")]))
    with pytest.raises(DataError, match="industry_mix"):
        shift_share_chart(table.drop(columns="industry_mix"))


def test_accepts_shift_share_output_directly():
    years = [2015] * 4 + [2020] * 4
    rows = pd.DataFrame({
        "region": ["A"] * 8 + ["N"] * 8,
        "year": years * 2,
        "cluster": ["cars", "media", "other", "total"] * 4,
        "employment": [30.0, 10.0, 60.0, 100.0, 45.0, 10.0, 65.0, 120.0,
                       300.0, 200.0, 1500.0, 2000.0, 310.0, 260.0, 1530.0, 2100.0]})
    out = shift_share(rows, start=2015, end=2020, reference="N", by="cluster",
                      total_code="total")
    ax = shift_share_chart(out, include_other=True)
    assert len(ax.patches) == 3 * (len(COMPONENTS) + 1)
    national = [p.get_width() for p in _bars(ax, "national_share")]
    assert national == pytest.approx(out["national_share"].tolist())
    assert ax.get_xlabel() == "Employment change 2015–2020, employees"


def test_ax_passthrough(table):
    fig, (_, ax) = plt.subplots(1, 2, figsize=(12, 5))
    assert shift_share_chart(table, ax=ax) is ax
    assert len(plt.get_fignums()) == 1  # drew into the given figure, made no new one


def test_smoke_png(table, tmp_path):
    ax = shift_share_chart(table, value_labels=True, title="Shift-share 2015–2020")
    path = tmp_path / "shift_share.png"
    ax.get_figure().savefig(path, dpi=60)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
