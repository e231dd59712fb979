"""Eurostat TSV, SDMX-CSV and long CSV downloads."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import DataError, location_quotient
from clusteranalysis.inputs.io import read_panel, write_panel
from clusteranalysis.inputs.readers import read_eurostat

FIXTURES = Path(__file__).parent / "fixtures" / "official"
TSV = FIXTURES / "eurostat_nama_10r_3empers.tsv"
API_TSV = FIXTURES / "eurostat_nama_10r_3empers_api.tsv"
SDMX = FIXTURES / "eurostat_nama_10r_3empers_sdmx.csv"
EMP = {"wstatus": "EMP"}
KEYS = ["region", "year", "industry"]


def cell(df, geo, nace, year, col):
    return df.loc[(df["region"] == geo) & (df["industry"] == nace) & (df["year"] == year),
                  col].item()


def test_tsv_values_and_flags():
    df = read_eurostat(TSV, select=EMP)
    assert len(df) == 4 * 7 * 4
    assert list(df.columns) == ["region", "year", "industry", "employment", "employment_flag",
                                "obs_flag", "unit", "wstatus"]
    assert set(df["unit"]) == {"THS"} and df["region"].dtype == "string"
    assert np.isnan(cell(df, "DED51", "A", 2020, "employment"))
    assert cell(df, "DED51", "A", 2020, "employment_flag") == "suppressed"  # ': c'
    assert np.isnan(cell(df, "DED51", "A", 2019, "employment"))  # ':' alone
    assert pd.isna(cell(df, "DED51", "A", 2019, "employment_flag"))
    assert cell(df, "DED51", "C", 2020, "employment_flag") == "provisional"
    assert cell(df, "DED52", "F", 2020, "employment_flag") == "estimated"
    assert cell(df, "DE", "TOTAL", 2018, "employment_flag") == "break"
    assert cell(df, "DED", "M_N", 2020, "employment_flag") == "break"  # 'bp': break wins
    assert cell(df, "DED", "M_N", 2020, "obs_flag") == "bp"
    assert pd.isna(cell(df, "DED52", "G-I", 2017, "employment_flag"))  # 'u': no flag of ours
    assert cell(df, "DED52", "G-I", 2017, "obs_flag") == "u"
    assert cell(df, "DE", "A", 2017, "employment") == 630.0


def test_the_three_layouts_give_the_same_panel():
    a = read_eurostat(TSV, select=EMP).sort_values(KEYS, ignore_index=True)
    b = read_eurostat(API_TSV, select=EMP).sort_values(KEYS, ignore_index=True)
    c = read_eurostat(SDMX, select=EMP).sort_values(KEYS, ignore_index=True)
    cols = KEYS + ["employment", "employment_flag", "obs_flag", "unit", "wstatus"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    pd.testing.assert_frame_equal(a[cols], c[cols])
    assert set(b["freq"]) == {"A"}


def test_gzip_and_bytes(tmp_path):
    f = tmp_path / "x.tsv.gz"
    f.write_bytes(gzip.compress(TSV.read_bytes()))
    pd.testing.assert_frame_equal(read_eurostat(f, select=EMP),
                                  read_eurostat(TSV.read_bytes(), select=EMP))


def test_several_values_of_a_dimension_need_select():
    with pytest.raises(DataError, match="several values of other dimensions.*wstatus: EMP, SAL"):
        read_eurostat(TSV)
    sal = read_eurostat(TSV, select={"wstatus": ["SAL"]}, value="employees")
    assert "employees_flag" in sal and set(sal["wstatus"]) == {"SAL"}
    with pytest.raises(DataError, match="'sex', not a dimension"):
        read_eurostat(TSV, select={"sex": "T"})


def test_sdmx_conf_status_marks_confidential_cells(tmp_path):
    f = tmp_path / "conf.csv"
    f.write_text("DATAFLOW,LAST UPDATE,freq,unit,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,"
                 "CONF_STATUS\n"
                 "ESTAT:X(1.0),10/04/24 23:00:00,A,THS,TOTAL,DED51,2020,400.1,,F\n"
                 "ESTAT:X(1.0),10/04/24 23:00:00,A,THS,C,DED51,2020,,,C\n")
    df = read_eurostat(f)
    assert df["employment_flag"].tolist()[1] == "suppressed"
    assert np.isnan(df["employment"].iloc[1]) and df["employment"].iloc[0] == 400.1


def test_real_national_panel(shared_data):
    f = shared_data / "eu-eurostat-national-emp-nace-a10" / "EU28_emp_nace_a10_2007_2016.csv"
    df = read_eurostat(f)  # long CSV: the value column is the only numeric one (emp1000)
    assert len(df) == 3000 and df["region"].nunique() == 30
    assert set(df["industry"]) == {"A", "B-E", "F", "G-I", "J", "K", "L", "M_N", "O-Q", "R-U"}
    missing = df[df["employment"].isna()]
    assert len(missing) == 10 and set(missing["region"]) == {"IS"} and set(missing["year"]) == {
        2007}
    assert missing["employment_flag"].isna().all()  # missing, not suppressed, never 0
    assert set(df["unit"]) == {"THS_PER"} and set(df["na_item"]) == {"SAL_DC"}
    at = cell(df, "AT", "B-E", 2016, "employment")
    assert at == pytest.approx(669.3575)
    # a country-vs-Europe LQ straight from the reader's output
    lq = location_quotient(df.dropna(subset=["employment"]), total="sum")
    assert lq["lq"].notna().all() and (lq["lq"] > 0).all()


def test_round_trip_through_panel_csv(tmp_path):
    df = read_eurostat(TSV, select=EMP)
    write_panel(df, tmp_path / "p.csv")
    back = read_panel(tmp_path / "p.csv")
    pd.testing.assert_frame_equal(back, df, check_dtype=False)


# ------------------------------------------------------------------ broken files
def _edit(tmp_path, src, line_no, old, new, name="bad"):
    lines = src.read_text().split("\n")
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    f = tmp_path / f"{name}{src.suffix}"
    f.write_text("\n".join(lines))
    return f


def test_unknown_flag_and_non_numeric_values(tmp_path):
    f = _edit(tmp_path, TSV, 3, "29.8 ", "29.8 q")
    with pytest.raises(DataError, match=r"\[line 3\] unknown Eurostat flag 'q'"):
        read_eurostat(f, select=EMP)
    f = _edit(tmp_path, TSV, 3, "29.8 ", "2x.8 ")
    with pytest.raises(DataError, match=r"\[column '2020'; line 3\] '2x.8' is not a Eurostat"):
        read_eurostat(f, select=EMP)
    f = _edit(tmp_path, SDMX, 3, ",636.3,", ",six,")
    with pytest.raises(DataError, match=r"\[column 'OBS_VALUE'; line 3\] non-numeric value "
                                        "'six'"):
        read_eurostat(f, select=EMP)


def test_truncated_and_changed_files(tmp_path):
    lines = TSV.read_text().split("\n")
    f = tmp_path / "cut.tsv"
    f.write_text("\n".join(lines[:10] + [lines[10][:20]]))
    with pytest.raises(DataError, match=r"\[line 11\] 4 key parts and 1 values where the header "
                                        "has 4 and 4"):
        read_eurostat(f, select=EMP)
    lines = SDMX.read_text().split("\n")
    f = tmp_path / "cut.csv"
    f.write_text("\n".join(lines[:10] + [lines[10][:60]]))
    with pytest.raises(DataError, match=r"\[line 11\] 7 cells where the header has 10"):
        read_eurostat(f, select=EMP)
    f = tmp_path / "nohead.csv"
    f.write_text("\n".join(lines[1:]))
    with pytest.raises(DataError, match=r"\[line 1\] no time column"):
        read_eurostat(f)


def test_quarterly_data_is_refused_and_encoding_checked(tmp_path):
    f = _edit(tmp_path, SDMX, 2, ",2017,", ",2017-Q1,")
    with pytest.raises(DataError, match=r"\[line 2\] not annual data: time '2017-Q1'"):
        read_eurostat(f, select=EMP)
    f = tmp_path / "latin1.tsv"
    f.write_bytes(TSV.read_bytes().replace(b"DED51", b"D\xc4D51", 1))
    with pytest.raises(DataError, match=r"\[line 4\] not UTF-8 encoded"):
        read_eurostat(f)
