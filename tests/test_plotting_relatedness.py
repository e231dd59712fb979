"""Relatedness chart: tested on the drawn artists, saved once as PNG."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import relatedness as rel
from clusteranalysis.plotting import SizeNorm, relatedness_chart


@pytest.fixture
def table(rng):
    rows = [(f"R{r}", f"I{i}", float(v)) for r in range(12) for i in range(8)
            for v in [np.round(rng.lognormal(3, 1)) * (rng.random() > 0.2)]]
    df = pd.DataFrame(rows, columns=["region", "industry", "employment"])
    return rel.complexity(df)


def test_one_bubble_per_activity_at_density_and_lq(table):
    ax = relatedness_chart(table, region="R3")
    mine = table[table["region"] == "R3"].dropna(subset=["density", "rca"])
    offsets = ax.collections[0].get_offsets()
    assert len(offsets) == len(mine)
    assert sorted(map(tuple, np.asarray(offsets).round(12))) == \
        sorted(zip(mine["density"].round(12), mine["rca"].round(12)))
    assert ax.get_xlabel().startswith("Relatedness density")
    assert ax.get_ylabel() == "Location quotient (1 = reference)"
    lines = {ln.get_gid(): ln for ln in ax.get_lines()}
    assert lines["reference-y"].get_ydata()[0] == 1.0
    assert lines["reference-x"].get_xdata()[0] == pytest.approx(mine["density"].mean())


def test_specialised_filled_others_rings_and_areas_proportional(table):
    ax = relatedness_chart(table, region="R3", size_norm=SizeNorm(1.0, 1000.0),
                           max_bubble_area=1000)
    mine = table[table["region"] == "R3"].dropna(subset=["density", "rca"])
    sc = ax.collections[0]
    faces = sc.get_facecolors()
    filled = int((faces[:, 3] > 0).sum())
    expected = int((mine["specialised"].astype(bool) & (mine["employment"] > 0)).sum())
    assert filled == expected
    e = mine["employment"].to_numpy(float)
    expected_areas = np.where(e > 0, e * 1000 / 1000.0, 25.0)   # hollow marker: 25 pt²
    assert sorted(sc.get_sizes().round(9)) == sorted(expected_areas.round(9))
    legends = [c for c in ax.get_children() if getattr(c, "get_gid", lambda: None)()
               == "kind-legend"]
    assert [t.get_text() for t in legends[0].get_texts()] == \
        ["Specialised (LQ ≥ 1)", "Not specialised: an opportunity"]
    assert ax.get_legend().get_title().get_text() == "Employment"


def test_complexity_axis_labels_and_top_labels(table):
    ax = relatedness_chart(table, region="R0", y="pci", label_top=3)
    assert ax.get_ylabel().startswith("Complexity (PCI")
    assert len([t for t in ax.texts if t.get_gid() == "activity-label"]) == 3
    lines = {ln.get_gid(): ln for ln in ax.get_lines()}
    assert lines["reference-y"].get_ydata()[0] == 0.0


def test_missing_values_are_named_not_drawn(table):
    t = table[table["region"] == "R1"].copy()
    t.loc[t.index[0], "density"] = np.nan
    ax = relatedness_chart(t)
    assert len(ax.collections[0].get_offsets()) == len(t) - 1
    # the n/a note is the last line(s) of the x label (never over the bubbles)
    note = ax.xaxis.label.get_text().split("\n", 1)
    assert len(note) == 2 and t["industry"].iloc[0] in note[1] and note[1].startswith("n/a:")


def test_german_labels(table):
    ax = relatedness_chart(table, region="R3", language="de")
    assert ax.get_ylabel() == "Standortquotient (1 = Referenz)"


def test_saved_as_png(table, tmp_path):
    ax = relatedness_chart(table, region="R2", title="R2")
    out = tmp_path / "relatedness.png"
    ax.figure.savefig(out, dpi=60)
    assert out.stat().st_size > 5000


def test_clusters_of_the_sample_by_density_and_lq():
    import warnings

    import clusteranalysis as ca

    panel = ca.load_sample()
    panel = panel[panel["year"] == 2020]
    # suppressed cells are not zeros: estimate them first (flagged "imputed")
    panel = ca.impute_suppressed(panel, "proportional", reference="00")
    panel = panel[panel["region"] != "00"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        clusters = ca.aggregate_clusters(panel, "wz_sections")
    clusters = clusters[clusters["cluster"] != "other"]
    t = rel.relatedness_density(clusters, industry="cluster", total_code="total")
    t = t.merge(clusters[["region", "cluster", "label"]].drop_duplicates(),
                on=["region", "cluster"])
    ax = relatedness_chart(t, region="14700", by="cluster", label="label", label_top=None)
    n = (t["region"] == "14700").sum()
    assert len(ax.collections[0].get_offsets()) == n == 10
    labels = [x.get_text().replace("\n", " ") for x in ax.texts
              if x.get_gid() == "activity-label"]
    assert sorted(labels) == sorted(t.loc[t["region"] == "14700", "label"])
