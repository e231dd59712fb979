"""BLS QCEW annual averages: reader, disclosure codes, and BLS's own location quotients."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import DataError, location_quotient
from clusteranalysis.inputs.io import read_panel, write_panel
from clusteranalysis.inputs.readers import read_qcew

FIXTURE = Path(__file__).parent / "fixtures" / "official" / "qcew_2020_a_area_01001.csv"
DELAWARE, FRANKLIN = "39041", "39049"


@pytest.fixture
def ohio(shared_data):
    return shared_data / "us-qcew-ohio-2020" / "qcew_2020_annual_delaware_franklin_oh.csv"


# ------------------------------------------------------------------ reading
def test_constructed_bls_file_keeps_fips_zeros_and_withholds_n_cells():
    df = read_qcew(FIXTURE)
    assert df["region"].unique().tolist() == ["01001"]
    assert df["industry"].tolist()[:5] == ["TOTAL"] * 5  # QCEW code 10
    assert df["ownership"].tolist()[:5] == ["0", "1", "2", "3", "5"]
    assert df["agglvl"].dtype == "string" and df["agglvl"].iloc[0] == "70"
    n = df["industry"] == "336"
    assert np.isnan(df.loc[n, "employment"]).all() and np.isnan(df.loc[n, "wages"]).all()
    assert (df.loc[n, "employment_flag"] == "suppressed").all()
    assert (df.loc[n, "wages_flag"] == "suppressed").all()
    # establishment counts are not confidential: kept as published, no flag
    assert df.loc[n, "establishments"].item() == 4 and df.loc[n, "establishments_flag"].isna().all()
    assert list(df.columns[:5]) == ["region", "ownership", "agglvl", "year", "industry"]


def test_real_file(ohio):
    df = read_qcew(ohio)
    raw = pd.read_csv(ohio, dtype=str, keep_default_na=False)
    assert len(df) == len(raw) == 3808
    withheld = (raw["disclosure_code"] == "N").to_numpy()
    assert withheld.sum() == 1577 == (df["employment_flag"] == "suppressed").sum()
    assert df.loc[withheld, "employment"].isna().all()  # 0 in the file, missing here
    assert (df.loc[~withheld, "employment"] == raw.loc[~withheld, "annual_avg_emplvl"]
            .astype(float)).all()
    assert (df["establishments"] == raw["annual_avg_estabs"].astype(float)).all()
    assert set(df["region"]) == {DELAWARE, FRANKLIN}
    private = read_qcew(ohio, ownership="5")
    assert set(private["ownership"]) == {"5"} and not private.duplicated(
        ["region", "year", "industry"]).any()


def test_one_ownership_round_trips_through_panel_csv(tmp_path):
    df = read_qcew(FIXTURE, ownership="5")
    write_panel(df, tmp_path / "p.csv")
    measures = ["employment", "establishments", "wages"]
    back = read_panel(tmp_path / "p.csv", measures=measures)
    panel = ["region", "year", "industry", *measures, *(f"{m}_flag" for m in measures)]
    pd.testing.assert_frame_equal(back[panel], df[panel], check_dtype=False)
    # read_panel reads only region, industry and flags as text: ownership "5" and
    # agglvl "75" come back as numbers (their codes have no leading zeros to lose)
    assert back["agglvl"].astype(str).tolist() == df["agglvl"].tolist()


def test_broken_files_name_the_line(tmp_path):
    lines = FIXTURE.read_bytes().decode().split("\r\n")  # BLS writes CRLF

    def write(name, lines_):
        f = tmp_path / name
        f.write_bytes("\r\n".join(lines_).encode())
        return f

    bad = lines.copy()
    bad[3] = bad[3].replace(',"",', ',"X",', 1)
    with pytest.raises(DataError, match=r"\[column 'disclosure_code'; line 4\] unknown "
                                        "disclosure code"):
        read_qcew(write("disc.csv", bad))
    bad = lines.copy()
    bad[5] = bad[5].replace(",263,", ",2x3,")
    bad[2] = bad[2].replace(",263,", ",2x3,")
    with pytest.raises(DataError, match=r"\[column 'annual_avg_emplvl'; line 3\] non-numeric"):
        read_qcew(write("num.csv", bad))
    with pytest.raises(DataError, match=r"\[line 15\] 17 fields where the header has 38"):
        read_qcew(write("cut.csv", lines[:14] + [lines[14][:60]]))  # truncated last line
    quarterly = [lines[0].replace("annual_avg_emplvl", "month1_emplvl")] + lines[1:]
    with pytest.raises(DataError, match="quarterly file"):
        read_qcew(write("q.csv", quarterly))
    q = [lines[0]] + [ln.replace('"A"', '"1"') for ln in lines[1:]]
    with pytest.raises(DataError, match=r"\[column 'qtr'; lines 2, 3, 4.*not an annual"):
        read_qcew(write("qtr.csv", q))
    f = tmp_path / "latin1.csv"
    f.write_bytes(FIXTURE.read_bytes().replace(b'"0","10"', b'"0","1\xe40"', 1))
    with pytest.raises(DataError, match=r"\[line 2\] not utf-8 encoded"):
        read_qcew(f, encoding="utf-8")


# ------------------------------------------------------------------ BLS location quotients
def _bls_lqs(path) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["bls_lq"] = pd.to_numeric(raw["lq_annual_avg_emplvl"])
    raw["ok"] = (raw["disclosure_code"] != "N") & (raw["lq_disclosure_code"] != "N")
    # the total of one ownership (agglvl 71) is "OWN_TOTAL" in the panels below
    raw["industry"] = raw["industry_code"].replace("10", "TOTAL").where(
        (raw["industry_code"] != "10") | (raw["own_code"] == "0"), "OWN_TOTAL")
    return raw.rename(columns={"area_fips": "region", "own_code": "ownership"})[
        ["region", "ownership", "industry", "agglvl_code", "bls_lq", "ok"]]


def _panel(df, county, own, denominator):
    """One ownership's industries of a county with the county total of ``denominator``."""
    rows = df[(df["region"] == county) & (df["ownership"] == own)].copy()
    rows["industry"] = rows["industry"].replace("TOTAL", "OWN_TOTAL")  # the ownership total
    total = df[(df["region"] == county) & (df["ownership"] == denominator[0])
               & (df["industry"] == "TOTAL")]
    return pd.concat([rows, total.assign(ownership=own)], ignore_index=True)


def _implied_us_shares(df, bls, county, own):
    """U.S. share of each industry implied by BLS's published LQs of ``county``.

    LQ = (e_i / e) / (E_i / E), so E_i / E = (e_i / e) / LQ. BLS rounds the LQ to
    two decimals: the true LQ lies in [LQ - 0.005, LQ + 0.005], which bounds the
    share. Rows with an LQ below 0.01 bound nothing and are left out.
    """
    p = _panel(df, county, own, ("0",))
    e = p.loc[p["industry"] == "TOTAL", "employment"].item()
    m = p.merge(bls[bls["ok"]], on=["region", "ownership", "industry"])
    m = m[(m["industry"] != "TOTAL") & (m["bls_lq"] >= 0.01)]
    share = m["employment"] / e
    out = {}
    # a larger LQ implies a smaller U.S. share, which gives a larger LQ elsewhere
    for name, lq in (("mid", m["bls_lq"]), ("high", m["bls_lq"] + 0.005),
                     ("low", m["bls_lq"] - 0.005)):
        ref = pd.DataFrame({"year": 2020, "industry": m["industry"], "employment": share / lq})
        out[name] = pd.concat([ref, pd.DataFrame({"year": [2020], "industry": ["TOTAL"],
                                                  "employment": [1.0]})], ignore_index=True)
    return out


def _check_county(df, bls, county, other, denominator=("0",)):
    """Our LQs of ``county`` against BLS's, with U.S. shares implied by ``other``."""
    results = []
    for own in ("1", "2", "3", "5"):
        ref = _implied_us_shares(df, bls, other, own)
        panel = _panel(df, county, own, denominator)
        lq = {k: location_quotient(panel, reference=r).set_index("industry")["lq"]
              for k, r in ref.items()}
        got = pd.DataFrame({"mid": lq["mid"], "low": lq["low"], "high": lq["high"]})
        got = got.reset_index().assign(region=county, ownership=own)
        got = got.merge(bls[bls["ok"]], on=["region", "ownership", "industry"])
        got = got[got["industry"] != "TOTAL"].dropna(subset=["mid"])
        results.append(got)
    return pd.concat(results, ignore_index=True)


@pytest.mark.parametrize("county, other", [(DELAWARE, FRANKLIN), (FRANKLIN, DELAWARE)])
def test_location_quotients_match_bls_within_its_rounding(ohio, county, other):
    """BLS: LQ = (county industry / county total covered employment, all ownerships)
    ÷ (U.S. industry / U.S. total covered employment). The U.S. totals are not in
    the file, so the reader cannot know them. The test takes BLS's published LQs
    of ONE county to reconstruct the U.S. shares (as intervals, because BLS rounds
    to two decimals) and checks the OTHER county: our LQ with the interval's ends
    must bracket BLS's value (± its rounding), and where both ends round to the
    same two decimals, the rounded LQ must equal BLS's exactly."""
    df = read_qcew(ohio)
    bls = _bls_lqs(ohio)
    got = _check_county(df, bls, county, other)
    # every disclosed row of the county whose industry is disclosed in the other county
    assert len(got) == 708
    assert set(got["agglvl_code"]) == {"71", "72", "73", "74", "75", "76", "77", "78"}
    inside = (got["bls_lq"] >= got["low"].round(2) - 1e-9) & (
        got["bls_lq"] <= got["high"].round(2) + 1e-9)
    assert inside.all(), got[~inside]
    determined = got["low"].round(2) == got["high"].round(2)
    assert determined.sum() >= 160
    assert (got.loc[determined, "mid"].round(2) == got.loc[determined, "bls_lq"]).all()
    # the midpoint estimate mostly lands on BLS's value already
    assert (got["mid"].round(2) == got["bls_lq"]).mean() > 0.65


def test_bls_denominator_is_total_covered_not_the_private_total(ohio):
    """Negative control: with the private-sector total as the county total the
    same check fails for most private rows, so the test above can tell the
    reference apart."""
    df = read_qcew(ohio)
    bls = _bls_lqs(ohio)
    got = _check_county(df, bls, DELAWARE, FRANKLIN, denominator=("5",))
    got = got[got["ownership"] == "5"]
    inside = (got["bls_lq"] >= got["low"].round(2) - 1e-9) & (
        got["bls_lq"] <= got["high"].round(2) + 1e-9)
    assert inside.mean() < 0.05
