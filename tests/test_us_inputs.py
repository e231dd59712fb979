"""QCEW files → cluster panel, and the US reference from BLS's published LQs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis.inputs.io import read_data
from clusteranalysis.inputs.us import read_qcew_panel, reference_from_bls_lqs

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "official" / "qcew_2020_a_area_01001.csv"


def _file(tmp_path, extra_rows):
    """The official Autauga County slice plus rows given as {column: value}."""
    raw = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    base = raw.iloc[[-3]].copy()           # a private 6-digit row as template
    rows = []
    for extra in extra_rows:
        r = base.copy()
        for k, v in {"disclosure_code": "", "lq_disclosure_code": "",
                     "oty_disclosure_code": "", **extra}.items():
            r[k] = str(v)
        rows.append(r)
    out = pd.concat([raw] + rows, ignore_index=True)
    path = tmp_path / "area_01001.csv"
    out.to_csv(path, index=False)
    return path


def test_panel_totals_six_digit_rows_previous_year_and_construction(tmp_path):
    path = _file(tmp_path, [
        {"industry_code": "238111", "annual_avg_emplvl": 30, "annual_avg_estabs": 3,
         "oty_annual_avg_emplvl_chg": 5, "oty_annual_avg_estabs_chg": 1},
        {"industry_code": "238112", "annual_avg_emplvl": 20, "annual_avg_estabs": 2,
         "oty_annual_avg_emplvl_chg": -4, "oty_annual_avg_estabs_chg": 0},
        {"industry_code": "524126", "annual_avg_emplvl": 40, "annual_avg_estabs": 4,
         "lq_annual_avg_emplvl": "1.60", "oty_annual_avg_emplvl_chg": 10,
         "oty_annual_avg_estabs_chg": 1},
    ])
    panel = read_data(path, format="qcew")
    t = panel.set_index(["year", "industry"])
    # the total is all covered employment (own_code 0), as in BLS's LQs
    assert t.loc[(2020, "TOTAL"), "employment"] == 14935
    assert t.loc[(2020, "238110"), "employment"] == 50      # 238111 + 238112
    assert t.loc[(2019, "238110"), "employment"] == 49      # (30 - 5) + (20 + 4)
    assert t.loc[(2019, "524126"), "establishments"] == 3
    assert t.loc[(2020, "524126"), "lq_employment"] == 1.6
    assert np.isnan(t.loc[(2019, "524126"), "lq_employment"])
    # suppressed: missing and flagged, in both years
    assert np.isnan(t.loc[(2020, "336390"), "employment"])
    assert t.loc[(2019, "336390"), "employment_flag"] == "suppressed"
    # no aggregates (domains, sectors) and no government rows
    assert set(panel["industry"]) == {"TOTAL", "238110", "524126", "336390"}


def test_reference_from_bls_lqs_inverts_the_lq(tmp_path):
    path = _file(tmp_path, [{"industry_code": "524126", "annual_avg_emplvl": 40,
                             "annual_avg_estabs": 4, "lq_annual_avg_emplvl": "1.60"}])
    panel = read_qcew_panel(path, previous_year=False)
    ref = reference_from_bls_lqs(panel).set_index("industry")["employment"]
    # E_i / E = (e_i / e_total) / LQ
    assert ref["524126"] == pytest.approx(40 / 14935 / 1.6)
    assert ref["TOTAL"] == 1.0 and "336390" not in ref.index   # no LQ published
    lq = ca.location_quotient(panel, reference=reference_from_bls_lqs(panel))
    assert lq.set_index("industry").loc["524126", "lq"] == pytest.approx(1.6)


def test_qcew_errors(tmp_path):
    raw = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    raw[raw["own_code"] != "0"].to_csv(tmp_path / "no_total.csv", index=False)
    with pytest.raises(ca.DataError, match="own_code 0"):
        read_qcew_panel(tmp_path / "no_total.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        read_qcew_panel(tmp_path / "empty")
    with pytest.raises(ca.DataError, match="no published LQ"):
        reference_from_bls_lqs(read_qcew_panel(FIXTURE).assign(lq_employment=np.nan))
