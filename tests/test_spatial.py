"""Spatial weights, global and local Moran's I: hand-computed lattices, theory, real districts."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteranalysis import location_quotient, load_boundaries
from clusteranalysis.spatial import (boundary_codes, global_moran, local_moran,
                                     spatial_weights)

gpd = pytest.importorskip("geopandas")
pytest.importorskip("esda")
from shapely.geometry import box  # noqa: E402


def lattice(rows: int, cols: int, *, skip=()):
    """Unit squares, code 'r{row}c{col}', row-major order (row 0 at the top)."""
    cells = [(r, c) for r in range(rows) for c in range(cols) if (r, c) not in skip]
    return gpd.GeoDataFrame({"region": [f"r{r}c{c}" for r, c in cells],
                             "name": [f"cell {r},{c}" for r, c in cells]},
                            geometry=[box(c, -r - 1, c + 1, -r) for r, c in cells])


def table(grid, values):
    return pd.DataFrame({"region": grid["region"], "y": np.asarray(values, dtype=float)})


# 3×3 rook lattice with y = 1..9 row by row (worked out on paper):
#   z = y - 5 = -4 -3 -2 / -1 0 1 / 2 3 4, sum z² = 60, 12 rook edges (S0 = 24 binary).
#   Σ over edges of z_i z_j: rows 12 + 6 + 0 + 0 + 6 + 12 = 36, columns 4 - 2 + 0 + 0 - 2 + 4 = 4
#   binary:   I = n/S0 · 2·40 / 60 = 9/24 · 80/60 = 0.5
#   row-std:  Σ_i z_i · mean(z of neighbours) = 8 + 6 + 2 + 2/3 + 0 + 2/3 + 2 + 6 + 8 = 100/3,
#             S0 = n, so I = (100/3) / 60 = 5/9
#   local (esda, row-std): I_i = (n-1) z_i lag_i / Σz²; corner r0c0: 8 · (-4)(-2) / 60 = 16/15
GRID = lattice(3, 3)
Y = np.arange(1, 10)


def test_rook_and_queen_neighbours_of_the_lattice():
    rook, queen = spatial_weights(GRID, kind="rook"), spatial_weights(GRID)
    assert [rook.cardinalities[c] for c in ("r0c0", "r0c1", "r1c1")] == [2, 3, 4]
    assert [queen.cardinalities[c] for c in ("r0c0", "r0c1", "r1c1")] == [3, 5, 8]
    assert sorted(rook.neighbors["r0c0"]) == ["r0c1", "r1c0"]


def test_global_moran_hand_computed_on_a_3x3_rook_lattice():
    w = spatial_weights(GRID, kind="rook")
    binary = global_moran(table(GRID, Y), w, value="y", cluster=None, log=False, transform="b")
    rowstd = global_moran(table(GRID, Y), w, value="y", cluster=None, log=False)
    assert binary.loc[0, "I"] == pytest.approx(0.5, abs=1e-12)
    assert rowstd.loc[0, "I"] == pytest.approx(5 / 9, abs=1e-12)
    assert rowstd.loc[0, "expected"] == pytest.approx(-1 / 8)
    assert rowstd.loc[0, "n"] == 9 and rowstd.loc[0, "excluded"] == 0


def test_local_moran_hand_computed_on_a_3x3_rook_lattice():
    w = spatial_weights(GRID, kind="rook")
    r = local_moran(table(GRID, Y), w, value="y", cluster=None, log=False).set_index("region")
    assert r.loc["r0c0", "I"] == pytest.approx(16 / 15)   # 8 · (-4)(-2) / 60
    assert r.loc["r0c1", "I"] == pytest.approx(8 * (-3) * (-2) / 60)
    assert r.loc["r1c0", "I"] == pytest.approx(8 * (-1) * (-2 / 3) / 60)
    assert r.loc["r0c0", "quadrant"] == "low-low" and r.loc["r2c2", "quadrant"] == "high-high"
    # the centre equals the mean: I_i = 0 in every permutation, nothing is extreme
    assert r.loc["r1c1", "I"] == 0 and r.loc["r1c1", "p"] == 1.0
    assert not r.loc["r1c1", "significant"]


def test_expectation_under_randomisation_is_minus_one_over_n_minus_one():
    # mean of I over all 9! permutations of the values on the lattice
    w = spatial_weights(GRID, kind="rook")
    W = np.array([[1.0 if b in w.neighbors[a] else 0.0 for b in w.id_order] for a in w.id_order])
    z = Y - Y.mean()
    perms = np.array(list(itertools.permutations(range(9))), dtype=np.int8)
    Z = z[perms]
    I_all = 9 / W.sum() * np.einsum("pi,ij,pj->p", Z, W, Z) / (z @ z)
    assert I_all.mean() == pytest.approx(-1 / 8, abs=1e-12)
    r = global_moran(table(GRID, Y), w, value="y", cluster=None, log=False, transform="b")
    assert r.loc[0, "expected"] == pytest.approx(I_all.mean())
    # the pseudo p-value is the share of permutations at least as extreme (one-sided)
    exact_p = (I_all >= 0.5 - 1e-12).mean()
    assert r.loc[0, "p_sim"] == pytest.approx(exact_p, abs=0.01)


def test_checkerboard_gives_negative_autocorrelation():
    grid = lattice(8, 8)
    colour = np.array([(int(c[1]) + int(c[3])) % 2 for c in grid["region"]], dtype=float)
    rook = global_moran(table(grid, colour), spatial_weights(grid, kind="rook"), value="y",
                        cluster=None, log=False, transform="b")
    queen = global_moran(table(grid, colour), spatial_weights(grid), value="y",
                         cluster=None, log=False)
    assert rook.loc[0, "I"] == pytest.approx(-1.0)        # every rook pair differs
    assert queen.loc[0, "I"] < 0 and rook.loc[0, "p_norm"] < 0.001


def _random_table(seed, n_clusters=2):
    grid = lattice(6, 6)
    rng = np.random.default_rng(seed)
    rows = [pd.DataFrame({"region": grid["region"], "cluster": f"c{k}",
                          "lq": np.exp(rng.normal(0, 0.5, len(grid)))})
            for k in range(n_clusters)]
    return grid, pd.concat(rows, ignore_index=True)


def test_p_values_are_reproducible_for_a_fixed_seed():
    grid, t = _random_table(1)
    w = spatial_weights(grid)
    a = local_moran(t, w, seed=7)
    b = local_moran(t, w, seed=7)
    c = local_moran(t, w, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.array_equal(a["p"].to_numpy(), c["p"].to_numpy())
    g1, g2 = global_moran(t, w, seed=7), global_moran(t, w, seed=7)
    pd.testing.assert_frame_equal(g1, g2)
    state = np.random.get_state()[1].copy()
    global_moran(t, w, seed=3)
    assert np.array_equal(np.random.get_state()[1], state)   # global state restored


def test_fdr_flags_no_more_regions_than_per_region_tests():
    grid, t = _random_table(2, n_clusters=1)
    t.loc[t["region"].str.startswith(("r0", "r1")), "lq"] *= 20   # a strong north
    w = spatial_weights(grid)
    plain = local_moran(t, w, alpha=0.05)
    fdr = local_moran(t, w, alpha=0.05, fdr=True)
    assert fdr["significant"].sum() <= plain["significant"].sum()
    assert plain["significant"].sum() > 0
    assert set(plain["category"].dropna()) <= {"high-high", "low-low", "high-low", "low-high",
                                               "not significant"}
    north = plain[plain["region"].str.startswith("r0")]
    assert (north["quadrant"] == "high-high").all()


def test_left_out_regions_are_reported_not_dropped():
    grid = lattice(3, 4, skip=())
    island = gpd.GeoDataFrame({"region": ["far"], "name": ["Far Island"]},
                              geometry=[box(10, 10, 11, 11)])
    layer = pd.concat([grid, island], ignore_index=True)
    with pytest.warns(UserWarning, match=r"far \(Far Island\)"):
        w = spatial_weights(layer, kind="rook")
    assert w.islands == ["far"]
    t = pd.DataFrame({"region": list(layer["region"]) + ["gone"],
                      "lq": [1.0, 2.0, 0.5, 1.5, 0.0, np.nan, 1.2, 0.8, 1.1, 0.9, 1.3, 0.7, 1.0,
                             1.0]})
    r = local_moran(t, w, cluster=None).set_index("region")
    assert len(r) == 14
    assert r.loc["far", "note"] == "no neighbour in the weights"
    assert r.loc["r1c0", "note"] == "value ≤ 0: its logarithm is undefined"
    assert r.loc["r1c1", "note"] == "no value (missing or suppressed)"
    assert r.loc["gone", "note"] == "code not in the weights (no boundary)"
    assert r.loc[["far", "r1c0", "r1c1", "gone"], "I"].isna().all()
    g = global_moran(t, w, cluster=None)
    assert (g.loc[0, "n"], g.loc[0, "excluded"]) == (10, 3)


def test_knn_weights_give_every_region_k_neighbours():
    w = spatial_weights(load_boundaries("sample").query("level == 'city'"), kind="knn", k=3)
    assert set(w.cardinalities.values()) == {3}
    with pytest.raises(ValueError, match="kind must be"):
        spatial_weights(GRID, kind="bishop")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.05, 20, allow_nan=False), min_size=9, max_size=9).filter(
    lambda v: np.ptp(np.log(v)) > 1e-3))
def test_local_statistics_sum_to_n_minus_one_times_global_i(values):
    w = spatial_weights(GRID, kind="rook")
    t = table(GRID, values).rename(columns={"y": "lq"})
    local = local_moran(t, w, cluster=None, permutations=9)
    glob = global_moran(t, w, cluster=None, permutations=0)
    assert local["I"].sum() == pytest.approx(8 * glob.loc[0, "I"], rel=1e-9, abs=1e-9)
    # log LQ: LQ 2 and 0.5 are symmetric around 1 → I unchanged when all LQs are inverted
    inv = global_moran(t.assign(lq=1 / t["lq"]), w, cluster=None, permutations=0)
    assert inv.loc[0, "I"] == pytest.approx(glob.loc[0, "I"], rel=1e-9, abs=1e-12)


SECTIONS = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]


@pytest.fixture(scope="module")
def district_lq():
    from conftest import SHARED

    path = SHARED / "de-regionalstatistik-13111-07-05-4" / "svb_arbeitsort_wz_kreise_2015_2020.csv"
    if not path.is_file():
        pytest.skip(f"reference data {path} not found")
    df = pd.read_csv(path, dtype={"ags": str})
    df = df.rename(columns={"ags": "region", "wz_code": "industry", "total": "employment",
                            "total_flag": "employment_flag"})
    panel = df[((df["level"] == "district") | df["region"].isin(["02", "11", "DG"]))
               & df["industry"].isin(SECTIONS + ["TOTAL"]) & (df["year"] == 2020)]
    lq = location_quotient(panel[["region", "year", "industry", "employment",
                                  "employment_flag"]], reference="DG")
    return lq[lq["industry"] != "TOTAL"].rename(columns={"industry": "cluster"})


def test_lisa_on_the_real_district_table_for_every_section_group(district_lq):
    b = load_boundaries("de-districts")
    w = spatial_weights(b)
    t = boundary_codes(district_lq, b)
    lisa = local_moran(t, w)
    assert sorted(lisa["cluster"].unique()) == sorted(SECTIONS)
    assert len(lisa) == 10 * 401                     # Berlin, Hamburg joined through 11, 02
    used = lisa.dropna(subset=["I"])
    assert ((used["p"] > 0) & (used["p"] <= 1)).all()
    per = used.groupby("cluster")
    assert (per["significant"].sum() > 0).all()
    assert (per.size() >= 380).all()                 # few districts suppressed per section
    glob = global_moran(t, w)
    assert (glob["I"] > 0).all()                     # every section group is clustered
    # manufacturing (B-E): southern Germany is its high-high core
    be = lisa[(lisa["cluster"] == "B-E") & (lisa["category"] == "high-high")]
    assert (be["region"].str[:2].isin(["08", "09"])).mean() > 0.5
    # suppressed LQs are left out with a note, never read as 0
    missing = district_lq[district_lq["lq"].isna()]
    noted = lisa.set_index(["cluster", "region"]).loc[
        list(zip(missing["cluster"], missing["region"])), "note"]
    assert (noted == "no value (missing or suppressed)").all()
