"""Agreement with ecomplexity 0.5.3 and EconGeo 2.1 (see docs/relatedness.md).

* ``tests/fixtures/relatedness/``: ecomplexity outputs recorded by
  ``make_reference.py`` on a two-year panel with an all-zero region and
  industry, at thresholds 1 and 1.5 (these tests need no peer installed);
* ``../shared/data/worked-examples/relatedness-complexity/``: both peers on
  one generated panel (skipped when the folder is absent).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import relatedness as rel

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "relatedness"
KEYS = ["year", "region", "industry"]
COLUMNS = ["rca", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]


def _read(path, **kw):
    return pd.read_csv(path, dtype={"region": "string", "industry": "string",
                                    "industry_1": "string", "industry_2": "string"}, **kw)


def _agree(ours: pd.DataFrame, theirs: pd.DataFrame, keys, columns, atol=1e-9):
    """Every value ecomplexity reports equals ours (ecomplexity leaves out the
    cells of all-zero regions and industries; ours are missing there)."""
    m = theirs.merge(ours, on=keys, how="left", suffixes=("_ref", ""), validate="1:1")
    assert len(m) == len(theirs)
    for col in columns:
        got = m[col].to_numpy(dtype=float, na_value=np.nan)
        want = m[f"{col}_ref"].to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=atol, err_msg=col)
    return m


@pytest.mark.parametrize("threshold, name", [
    (1.0, "ecomplexity_0.5.3_output.csv"),
    (1.5, "ecomplexity_0.5.3_output_threshold1.5.csv")])
def test_complexity_equals_recorded_ecomplexity(threshold, name):
    panel = _read(FIXTURES / "panel.csv")
    ref = _read(FIXTURES / name)
    ours = rel.complexity(panel, threshold=threshold)
    m = _agree(ours, ref, KEYS, COLUMNS)
    assert (m["specialised"].astype(bool).to_numpy() == m["mcp"].astype(bool)).all()
    # the zero rule: region R07 has no employment in 2020, industry I13 never
    assert not ((ref["region"] == "R07") & (ref["year"] == 2020)).any()
    zero = ours[((ours["region"] == "R07") & (ours["year"] == 2020)) | (ours["industry"] == "I13")]
    assert len(zero) == 20 + 2 * 30 - 1 and zero[["eci", "rca", "density"]].isna().any(axis=1).all()


def test_proximity_equals_recorded_ecomplexity():
    panel = _read(FIXTURES / "panel.csv")
    ref = _read(FIXTURES / "ecomplexity_0.5.3_proximity.csv")
    ours = rel.proximity(panel)
    _agree(ours, ref, ["year", "industry_1", "industry_2"], ["proximity"])


def test_eci_pci_tables_match_the_cell_table():
    panel = _read(FIXTURES / "panel.csv")
    ref = _read(FIXTURES / "ecomplexity_0.5.3_output.csv")
    e = rel.eci(panel)
    _agree(e, ref.drop_duplicates(["year", "region"]), ["year", "region"], ["eci", "coi"])
    p = rel.pci(panel)
    _agree(p, ref.drop_duplicates(["year", "industry"]), ["year", "industry"], ["pci"])


# ------------------------------------------------------------ shared reference data

@pytest.fixture
def worked(shared_data):
    folder = shared_data / "worked-examples" / "relatedness-complexity"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return folder


def _econgeo(folder, name):
    return pd.read_csv(folder / name, index_col=0)


def _wide(t, index, columns, value):
    return t.pivot(index=index, columns=columns, values=value).to_numpy(dtype=float,
                                                                        na_value=np.nan)


def test_shared_ecomplexity_output_and_proximity(worked):
    panel = _read(worked / "panel.csv")
    ref = _read(worked / "ecomplexity_0.5.3_output.csv")
    # ecomplexity keeps the input rows of the all-zero industry I07 with empty results
    assert ref.loc[ref["industry"] == "I07", "eci"].isna().all()
    ours = rel.complexity(panel)
    _agree(ours, ref.dropna(subset=["eci"]), KEYS, COLUMNS)
    assert ours.loc[ours["industry"] == "I07", ["rca", "pci", "density"]].isna().all().all()
    _agree(rel.proximity(panel), _read(worked / "ecomplexity_0.5.3_proximity.csv"),
           ["year", "industry_1", "industry_2"], ["proximity"])


def test_shared_econgeo_binary_degrees_cooccurrence(worked):
    panel = _read(worked / "panel.csv")
    b = _wide(rel.rca(panel), "region", "industry", "specialised")
    assert (np.nan_to_num(b) == _econgeo(worked, "econgeo_rca_binary.csv").to_numpy()).all()
    assert rel.diversity(panel)["diversity"].tolist() == \
        _econgeo(worked, "econgeo_diversity.csv")["diversity"].tolist()
    u = rel.ubiquity(panel).dropna()
    ref = _econgeo(worked, "econgeo_ubiquity.csv")["ubiquity"]
    assert u["ubiquity"].tolist() == ref.reindex(u["industry"]).tolist()
    co = _wide(rel.co_occurrence(panel), "industry_1", "industry_2", "co_occurrence")
    np.fill_diagonal(co, 0)   # EconGeo's co_occurrence has a zero diagonal
    assert (co == _econgeo(worked, "econgeo_co_occurrence_industries.csv").to_numpy()).all()


def test_shared_econgeo_relatedness_and_density(worked):
    panel = _read(worked / "panel.csv")
    # the file named "association" holds EconGeo 2.1's default relatedness(co),
    # which is the probability index ("prob"), not association strength
    prob = _wide(rel.relatedness(panel, method="probability"), "industry_1", "industry_2",
                 "relatedness")
    np.testing.assert_allclose(
        prob, _econgeo(worked, "econgeo_relatedness_association.csv").to_numpy(), atol=1e-12)
    assoc = _wide(rel.relatedness(panel, method="association"), "industry_1", "industry_2",
                  "relatedness")
    assert not np.allclose(assoc, prob)
    cos = _wide(rel.relatedness(panel, method="cosine"), "industry_1", "industry_2",
                "relatedness")
    np.testing.assert_allclose(cos, _econgeo(worked, "econgeo_relatedness_cosine.csv")
                               .to_numpy(), atol=1e-12)
    # EconGeo: 100 × density, rounded to 2 decimals; NA for the all-zero industry
    dens = 100 * _wide(rel.relatedness_density(panel, method="probability"),
                       "region", "industry", "density")
    ref = _econgeo(worked, "econgeo_relatedness_density.csv").to_numpy(dtype=float)
    assert (np.isnan(dens) == np.isnan(ref)).all()
    np.testing.assert_allclose(dens, ref, atol=0.005 + 1e-9)


def test_shared_econgeo_complexity(worked):
    panel = _read(worked / "panel.csv")
    # method of reflections, 2 steps: identical (EconGeo does not rescale steps ≤ 2)
    mort = rel.pci(panel, method="reflections", steps=2).dropna().set_index("industry")["pci"]
    ref = _econgeo(worked, "econgeo_mort_steps2.csv")["mort2"]
    np.testing.assert_allclose(mort.reindex(ref.index).to_numpy(), ref.to_numpy(), rtol=1e-12)
    # kci/tci: EconGeo rounds the matrix to 4 decimals and scales by the sum of the
    # eigenvector; after standardising both, they agree to the rounding
    z = lambda v: (v - v.mean()) / v.std()  # noqa: E731
    k = rel.eci(panel)["eci"].to_numpy(float)
    kci = _econgeo(worked, "econgeo_kci.csv")["kci"].to_numpy(float)
    assert np.corrcoef(k, kci)[0, 1] > 0.99999
    np.testing.assert_allclose(z(k), z(kci), atol=0.01)
    t = rel.pci(panel)["pci"].dropna().to_numpy(float)
    tci = _econgeo(worked, "econgeo_tci.csv")["tci"].to_numpy(float)
    np.testing.assert_allclose(z(t), z(tci), atol=0.01)


def test_shared_econgeo_entropy(worked):
    panel = _read(worked / "panel.csv")
    # the panel's codes are not a classification; give them one so that the
    # entropy (= unrelated + related variety) can be compared
    coded = panel.assign(industry="3" + panel["industry"].str[1:] + "111")
    v = rel.variety(coded, scheme="naics", level="subsector")
    ref = _econgeo(worked, "econgeo_entropy.csv")["entropy"].to_numpy(float)
    np.testing.assert_allclose(v["entropy"].to_numpy(float), ref, atol=0.0005 + 1e-12)
