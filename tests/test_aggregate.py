"""aggregate_clusters: golden sums, other/total, flags, hierarchy, overlaps."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteranalysis.metrics.aggregate import aggregate_clusters
from clusteranalysis.inputs.definitions import BUILTIN_DIR, Cluster, ClusterDefinition
from clusteranalysis.errors import DataError

DEMO = ClusterDefinition("demo", "WZ 2008", (
    Cluster("cars", "Cars", ("29", "22.11")),
    Cluster("logistics", "Logistics", ("49", "52")),
    Cluster("health", "Health", ("86",)),
))


def panel(rows, flags=False) -> pd.DataFrame:
    cols = ["region", "year", "industry", "employment"] + (["employment_flag"] if flags else [])
    df = pd.DataFrame(rows, columns=cols)
    df["employment"] = df["employment"].astype(float)
    return df.astype({"region": "string", "industry": "string"}
                     | ({"employment_flag": "string"} if flags else {}))


def golden_panel() -> pd.DataFrame:
    return panel([
        ("01", 2020, "29.10", 100, None), ("01", 2020, "29.32", 40, None),
        ("01", 2020, "22.11", 10, None), ("01", 2020, "22.19", 5, None),
        ("01", 2020, "49.41", 30, None), ("01", 2020, "52.10", 20, None),
        ("01", 2020, "86.10", 60, None), ("01", 2020, "47.11", 35, None),
        ("01", 2020, "TOTAL", 310, None),
        ("01", 2021, "29.10", 110, "estimated"), ("01", 2021, "29.32", 40, None),
        ("01", 2021, "22.11", 10, None), ("01", 2021, "22.19", 5, None),
        ("01", 2021, "49.41", 30, None), ("01", 2021, "52.10", 20, None),
        ("01", 2021, "86.10", np.nan, "suppressed"), ("01", 2021, "47.11", 35, None),
        ("01", 2021, "TOTAL", 320, None),
        ("02", 2020, "29.10", 7, None), ("02", 2020, "49.41", 3, None),
        ("02", 2020, "86.10", 0, "zero"), ("02", 2020, "47.11", 10, None),
        ("02", 2020, "TOTAL", 20, None),
    ], flags=True)


def expected(values, flags) -> pd.DataFrame:
    cl = ["cars", "logistics", "health", "other", "total"]
    lab = ["Cars", "Logistics", "Health", "Other", "Total economy"]
    cells = [("01", 2020), ("01", 2021), ("02", 2020)]
    return pd.DataFrame({
        "region": pd.array([r for r, _ in cells for _ in cl], dtype="string"),
        "year": np.array([y for _, y in cells for _ in cl], dtype="int64"),
        "cluster": pd.array(cl * 3, dtype="string"),
        "label": pd.array(lab * 3, dtype="string"),
        "employment": np.array(values, dtype=float),
        "employment_flag": pd.array(flags, dtype="string"),
    })


# --- golden tables -----------------------------------------------------------

def test_golden_with_total_row():
    out = aggregate_clusters(golden_panel(), DEMO)
    s, e = "suppressed", "estimated"
    want = expected(
        [150, 50, 60, 50, 310,   160, 50, np.nan, np.nan, 320,   7, 3, 0, 10, 20],
        [None] * 5 + [e, None, s, s, None] + [None] * 5)
    pd.testing.assert_frame_equal(out, want)


def test_golden_with_total_as_sum():
    out = aggregate_clusters(golden_panel(), DEMO, total="sum")
    s, e = "suppressed", "estimated"
    want = expected(
        [150, 50, 60, 40, 300,   160, 50, np.nan, np.nan, np.nan,   7, 3, 0, 10, 20],
        [None] * 5 + [e, None, s, s, s] + [None] * 5)
    pd.testing.assert_frame_equal(out, want)


def test_without_other_rows():
    out = aggregate_clusters(golden_panel(), DEMO, other=False)
    assert "other" not in set(out["cluster"]) and len(out) == 12


def test_suppressed_component_is_missing_never_zero():
    df = panel([("A", 2020, "29.1", 10, None), ("A", 2020, "29.2", np.nan, None),
                ("A", 2020, "49", 5, "suppressed"), ("A", 2020, "86", 0, None),
                ("A", 2020, "TOTAL", 100, None)],
               flags=True)  # 49 breaks the contract (a value with a suppressed flag)
    out = aggregate_clusters(df, DEMO).set_index("cluster")
    assert np.isnan(out.loc["cars", "employment"]) and np.isnan(out.loc["logistics", "employment"])
    assert out.loc["cars", "employment_flag"] == "suppressed"
    assert out.loc["logistics", "employment_flag"] == "suppressed"
    assert np.isnan(out.loc["other", "employment"]) and out.loc["total", "employment"] == 100


def test_most_severe_flag_wins_and_zero_is_not_carried():
    df = panel([("A", 2020, "29.1", 10, "estimated"), ("A", 2020, "29.2", 1, "imputed"),
                ("A", 2020, "49", 0, "zero"), ("A", 2020, "86", 2, "estimated"),
                ("A", 2020, "TOTAL", 13, None)], flags=True)
    out = aggregate_clusters(df, DEMO).set_index("cluster")["employment_flag"].fillna("-")
    assert out.to_dict() == {"cars": "imputed", "logistics": "-", "health": "estimated",
                             "other": "imputed", "total": "-"}


# --- totals ------------------------------------------------------------------

def test_missing_total_row_for_some_region_year_is_an_error():
    df = golden_panel()
    df = df[~((df["region"] == "02") & (df["industry"] == "TOTAL"))]
    with pytest.raises(DataError, match="02/2020"):
        aggregate_clusters(df, DEMO)
    assert aggregate_clusters(df, DEMO, total="sum")["employment"].iloc[-1] == 20


def test_panel_without_total_rows_uses_the_sum():
    df = golden_panel()
    df = df[df["industry"] != "TOTAL"]
    pd.testing.assert_frame_equal(aggregate_clusters(df, DEMO),
                                  aggregate_clusters(df, DEMO, total="sum"))


def test_custom_total_code():
    df = golden_panel().replace({"industry": {"TOTAL": "insgesamt"}})
    out = aggregate_clusters(df, DEMO, total_code="insgesamt")
    assert out["employment"].iloc[4] == 310


# --- hierarchy: only the finest codes ----------------------------------------

@pytest.mark.filterwarnings("ignore:clusters without any industry")
def test_aggregate_dropped_when_parts_present():
    df = panel([("A", 2020, "29", 150), ("A", 2020, "29.1", 100), ("A", 2020, "29.3", 50),
                ("A", 2020, "49", 30), ("A", 2020, "TOTAL", 200),
                ("B", 2020, "29", 70), ("B", 2020, "49", 30), ("B", 2020, "TOTAL", 100)])
    with pytest.warns(UserWarning, match=r"'29' \(parts: 29.1, 29.3\)"):
        out = aggregate_clusters(df, DEMO)
    cars = out[out["cluster"] == "cars"].set_index("region")["employment"]
    assert cars.to_dict() == {"A": 150.0, "B": 70.0}  # B keeps its division row
    other = out[out["cluster"] == "other"].set_index("region")["employment"]
    assert other.to_dict() == {"A": 20.0, "B": 0.0}


def test_section_groups_keep_the_finest_complete_partition():
    d = ClusterDefinition("s", "WZ 2008", (Cluster("bf", "B-F", ("B-F",)),))
    df = panel([("X", 2020, "B-F", 100), ("X", 2020, "B-E", 70), ("X", 2020, "C", 50),
                ("X", 2020, "F", 30), ("X", 2020, "TOTAL", 300),
                ("Y", 2020, "B-F", 100), ("Y", 2020, "B-E", 70), ("Y", 2020, "C", 50),
                ("Y", 2020, "TOTAL", 300)])
    with pytest.warns(UserWarning, match=r"'C' \(in: B-E"):
        out = aggregate_clusters(df, d)
    # X: B-F is made of B-E + F (dropped); C only partly breaks down B-E (dropped).
    # Y: B-F lacks F, so B-F itself is used and its parts are dropped.
    assert out[out["cluster"] == "bf"]["employment"].tolist() == [100.0, 100.0]


def test_genesis_codes_with_wz_sections():
    codes = {"A": 3, "B-E": 30, "B-F": 42, "C": 25, "F": 12, "G-I": 59, "G-U": 231,
             "J": 18, "K": 7, "L": 5, "M-N": 59, "O-Q": 71, "R-U": 12, "TOTAL": 276}
    df = panel([("14713", 2020, c, v) for c, v in codes.items()])
    with pytest.warns(UserWarning, match="double counting"):
        out = aggregate_clusters(df, "wz_sections")
    got = out.set_index("cluster")["employment"]
    assert got["industry"] == 30 and got["construction"] == 12
    assert got["trade_transport_hospitality"] == 59 and got["total"] == 276
    assert got["other"] == 276 - (3 + 30 + 12 + 59 + 18 + 7 + 5 + 59 + 71 + 12)


def test_real_regionalstatistik_leipzig(shared_data):
    path = shared_data / "de-regionalstatistik-13111-07-05-4" / \
        "svb_arbeitsort_wz_kreise_2015_2020.csv"
    raw = pd.read_csv(path, dtype={"ags": str, "wz_code": str})
    raw = raw[raw["ags"].isin(["14713", "14612"])]
    with pytest.warns(UserWarning):
        out = aggregate_clusters(raw, "wz_sections", region="ags", industry="wz_code",
                                 measures=["total"])
    lz = raw[(raw["ags"] == "14713") & (raw["year"] == 2020)].set_index("wz_code")["total"]
    got = out[(out["ags"] == "14713") & (out["year"] == 2020)].set_index("cluster")["total"]
    groups = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]
    assert got.iloc[:10].tolist() == lz[groups].tolist()
    assert got["total"] == lz["TOTAL"] and got["other"] == lz["TOTAL"] - lz[groups].sum()
    assert len(out) == 2 * 6 * 12


# --- overlaps, coverage and missing clusters ---------------------------------

def test_overlap_is_counted_once_and_warned():
    d = ClusterDefinition("o", "WZ 2008", (Cluster("broad", "Broad", ("29",)),
                                           Cluster("narrow", "Narrow", ("29.3", "29"))))
    df = panel([("A", 2020, "29.1", 10), ("A", 2020, "29.31", 4), ("A", 2020, "29.32", 6),
                ("A", 2020, "TOTAL", 25)])
    with pytest.warns(UserWarning, match="narrow"):
        out = aggregate_clusters(df, d).set_index("cluster")["employment"]
    assert out.to_dict() == {"broad": 10.0, "narrow": 10.0, "other": 5.0, "total": 25.0}


@pytest.mark.filterwarnings("ignore:clusters without any industry")
def test_coarse_data_is_warned_and_counted_in_other():
    df = panel([("A", 2020, "29", 10), ("A", 2020, "22", 4), ("A", 2020, "TOTAL", 20)])
    with pytest.warns(UserWarning, match=r"'22' → other, contains automotive \(22.11\)"):
        out = aggregate_clusters(df, "leipzig")
    got = out.set_index("cluster")["employment"]
    assert got["automotive"] == 10 and got["other"] == 10


def test_cluster_without_industries_is_left_out():
    df = panel([("A", 2020, "29.1", 10), ("A", 2020, "TOTAL", 20)])
    with pytest.warns(UserWarning, match="left out: logistics, health"):
        out = aggregate_clusters(df, DEMO)
    assert out["cluster"].tolist() == ["cars", "other", "total"]


@pytest.mark.filterwarnings("ignore:clusters without any industry")
def test_cluster_without_rows_in_a_region_year_is_missing_not_zero():
    df = panel([("A", 2020, "29.1", 10), ("A", 2020, "49", 1), ("A", 2020, "TOTAL", 20),
                ("B", 2020, "49", 3), ("B", 2020, "TOTAL", 5)])
    with pytest.warns(UserWarning, match=r"cars \(1 region-years\)"):
        out = aggregate_clusters(df, DEMO)
    b = out[out["region"] == "B"].set_index("cluster")
    assert np.isnan(b.loc["cars", "employment"]) and pd.isna(b.loc["cars", "employment_flag"])
    assert np.isnan(b.loc["other", "employment"]) and b.loc["logistics", "employment"] == 3


# --- layout and input checks -------------------------------------------------

def test_layout_default_measures_and_definition_by_path():
    df = pd.DataFrame({
        "region": ["A", "A", "B", "B"], "year": [2021, 2021, 2020, 2020],
        "industry": ["29.1", "TOTAL", "29.1", "TOTAL"], "tax": [5.0, 9.0, 1.0, 2.0],
        "employment": [1.0, 2.0, 3.0, 4.0], "gdp": [1.0, 1.0, 1.0, 1.0],
        "name": ["a", "a", "b", "b"], "employment_flag": [None, None, "estimated", None]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = aggregate_clusters(df, BUILTIN_DIR / "leipzig.yaml")
    assert out.columns.tolist() == ["region", "year", "cluster", "label", "employment", "tax",
                                    "gdp", "employment_flag", "tax_flag", "gdp_flag"]
    assert out["region"].tolist() == ["A"] * 3 + ["B"] * 3
    assert out["cluster"].tolist() == ["automotive", "other", "total"] * 2
    assert isinstance(out["cluster"].dtype, pd.StringDtype)
    assert isinstance(out["label"].dtype, pd.StringDtype)
    assert out["year"].dtype == np.int64
    assert out["employment_flag"].tolist()[3:] == ["estimated", "estimated", pd.NA]


@pytest.mark.parametrize("change, match", [
    (lambda d: d.assign(industry=[29.1, 0.0]), "must be text"),
    (lambda d: pd.concat([d, d.iloc[:1]]), "more than once"),
    (lambda d: d.drop(columns="year"), "missing"),
    (lambda d: d.assign(industry=["29.1", None]), "industry code is missing"),
])
def test_bad_panels(change, match):
    df = panel([("A", 2020, "29.1", 1), ("A", 2020, "TOTAL", 2)])
    with pytest.raises(DataError, match=match):
        aggregate_clusters(change(df), DEMO)


def test_bad_arguments():
    df = panel([("A", 2020, "29.1", 1), ("A", 2020, "TOTAL", 2)])
    with pytest.raises(ValueError, match="total must be"):
        aggregate_clusters(df, DEMO, total="auto")
    with pytest.raises(DataError, match="must be numeric"):
        aggregate_clusters(df.assign(x="a"), DEMO, measures=["x"])
    with pytest.raises(DataError, match="missing"):
        aggregate_clusters(df, DEMO, measures=["tax"])


# --- property: complete data add up, each industry once ----------------------

FINEST = ["22.11", "22.19", "29.10", "29.20", "29.31", "29.32", "32.12", "32.50",
          "49.10", "49.41", "86.10", "86.21"]
DEF_CODES = ["22", "29", "32", "49", "86", "22.1", "29.1", "29.3", "32.5", "49.4",
             "86.2"] + FINEST


def covers(code: str, x: str) -> bool:
    """Reference rule, written independently: whole division, then digit prefix."""
    return x == code or x.startswith(code + ".") or ("." in code and x.startswith(code))


@settings(max_examples=60, deadline=None)
@given(
    clusters=st.lists(st.lists(st.sampled_from(DEF_CODES), min_size=1, max_size=3,
                               unique=True), min_size=1, max_size=4),
    values=st.lists(st.integers(0, 1000), min_size=len(FINEST), max_size=len(FINEST)),
    unassigned=st.integers(0, 50),
    with_divisions=st.booleans(),
)
def test_clusters_plus_other_equal_total_and_each_industry_counted_once(
        clusters, values, unassigned, with_divisions):
    d = ClusterDefinition("p", "WZ 2008", tuple(
        Cluster(f"c{k}", f"C{k}", tuple(codes)) for k, codes in enumerate(clusters)))
    rows = [("R", 2020, code, v) for code, v in zip(FINEST, values)]
    if with_divisions:  # consistent aggregates must not be counted a second time
        div = pd.Series(values, index=[c[:2] for c in FINEST]).groupby(level=0).sum()
        rows += [("R", 2020, code, v) for code, v in div.items()]
    rows.append(("R", 2020, "TOTAL", sum(values) + unassigned))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = aggregate_clusters(panel(rows), d).set_index("cluster")["employment"]
    want = {}
    for x, v in zip(FINEST, values):
        hits = [(len(code), -k) for k, codes in enumerate(clusters) for code in codes
                if covers(code, x)]
        if hits:
            k = -max(hits)[1]
            want[f"c{k}"] = want.get(f"c{k}", 0) + v
    got = out.drop(["other", "total"])
    assert got.to_dict() == pytest.approx(want)
    assert got.sum() + out["other"] == pytest.approx(out["total"])
    assert out["total"] == sum(values) + unassigned
