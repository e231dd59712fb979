"""Issue 13: bad data never passes silently (one regression test per reported case)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis import DataError, validate_panel
from clusteranalysis.inputs.io import read_panel
from clusteranalysis.inputs.readers import read_genesis, read_qcew

FIXTURES = Path(__file__).parent / "fixtures" / "official"
QCEW = FIXTURES / "qcew_2020_a_area_01001.csv"
HEADER = "region,year,industry,employment,establishments,tax\n"


def csv(tmp_path, text, name="p.csv") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def panel(**cols) -> pd.DataFrame:
    base = {"region": ["14700", "14700"], "year": [2020, 2020], "industry": ["29", "TOTAL"],
            "employment": [8.0, 100.0]}
    df = pd.DataFrame({**base, **cols})
    return df.astype({c: "string" for c in ("region", "industry") if df[c].dtype == object})


# ------------------------------------------------------------------ truncated rows
@pytest.mark.parametrize("cut, fields", [("14700,2020,29,8", 4), ("14700,2020,29,8,1", 5)])
def test_cut_off_line_is_named_not_padded_with_nan(tmp_path, cut, fields):
    f = csv(tmp_path, HEADER + "14700,2020,TOTAL,100,10,5000\n" + cut + "\n")
    with pytest.raises(DataError) as e:
        read_panel(f)
    assert f"[line 3] {fields} fields where the header has 6: the line is cut off" in str(e.value)
    assert str(e.value).startswith(str(f))


def test_empty_cells_written_out_are_still_missing_values(tmp_path):
    f = csv(tmp_path, HEADER + "14700,2020,TOTAL,100,10,5000\n14700,2020,29,8,,\n")
    df = read_panel(f)
    assert df["employment"].tolist() == [100.0, 8.0] and df["tax"].isna().tolist() == [False, True]


def test_line_with_a_field_too_many_is_named(tmp_path):
    f = csv(tmp_path, "region,year,industry,employment\n14700,2020,TOTAL,100,1\n"
                      "14700,2020,29,8,2\n")
    with pytest.raises(DataError, match=r"\[lines 2, 3\] 5 fields where the header has 4"):
        read_panel(f)


# ------------------------------------------------------------------ inf and huge values
@pytest.mark.parametrize("cell", ["inf", "-inf", "Infinity"])
def test_infinite_values_are_refused(tmp_path, cell):
    f = csv(tmp_path, HEADER + f"14700,2020,TOTAL,100,10,{cell}\n")
    with pytest.raises(DataError, match=r"\[column 'tax'; line 2\] infinite values"):
        read_panel(f)


def test_infinite_value_in_a_dataframe_is_refused():
    with pytest.raises(DataError, match=r"\[column 'employment'; row 1\] infinite"):
        validate_panel(panel(employment=[8.0, np.inf]))


@pytest.mark.parametrize("column, cell", [("tax", "1e308"), ("employment", "2e10"),
                                          ("tax", "-1e16")])
def test_implausibly_large_values_are_refused(tmp_path, column, cell):
    values = {"employment": "100", "establishments": "10", "tax": "5000"} | {column: cell}
    f = csv(tmp_path, HEADER + "14700,2020,TOTAL," + ",".join(values.values()) + "\n")
    with pytest.raises(DataError, match=rf"\[column '{column}'; line 2\] implausibly large"):
        read_panel(f)


def test_values_up_to_the_bounds_pass():
    from clusteranalysis.inputs.validate import MAX_AMOUNT, MAX_COUNT

    out = validate_panel(panel(employment=[1.0, MAX_COUNT], tax=[-MAX_AMOUNT, MAX_AMOUNT]))
    assert out["employment"].max() == MAX_COUNT


# ------------------------------------------------------------------ years
@pytest.mark.parametrize("year", ["1e20", "99999", "-1", "1799"])
def test_implausible_years_are_refused(tmp_path, year):
    f = csv(tmp_path, HEADER + f"14700,{year},TOTAL,100,10,5000\n")
    with pytest.raises(DataError, match=r"\[column 'year'; line 2\] implausible years"):
        read_panel(f)


def test_fractional_year_is_refused(tmp_path):
    f = csv(tmp_path, HEADER + "14700,2020.5,TOTAL,100,10,5000\n")
    with pytest.raises(DataError, match=r"\[column 'year'; line 2\] years must be whole"):
        read_panel(f)


def test_float_dtype_year_that_is_whole_is_an_integer_year():
    out = validate_panel(panel(year=[2020.0, 2020.0]))
    assert out["year"].dtype == "int64" and out["year"].tolist() == [2020, 2020]


def test_datetime_year_column_is_refused_not_nanoseconds():
    with pytest.raises(DataError, match=r"\[column 'year'\] years must be year numbers, not "
                                        r"dates.*\.dt\.year"):
        validate_panel(panel(year=pd.to_datetime(["2020-06-30", "2020-06-30"])))


# ------------------------------------------------------------------ codes with spaces
@pytest.mark.parametrize("code", ["14700 ", " 14700", "\t14700"])
def test_region_code_with_surrounding_space_is_refused(tmp_path, code):
    f = csv(tmp_path, HEADER + f"14700,2020,TOTAL,100,10,5000\n\"{code}\",2020,TOTAL,90,9,1\n")
    with pytest.raises(DataError) as e:
        read_panel(f)
    assert "[column 'region'; line 3] codes with leading or trailing spaces" in str(e.value)


def test_industry_code_with_surrounding_space_is_refused():
    with pytest.raises(DataError, match=r"\[column 'industry'; row 0\] codes with leading"):
        validate_panel(panel(industry=["29 ", "TOTAL"]))


# ------------------------------------------------------------------ duplicated columns
def test_duplicated_column_name_in_file_is_refused(tmp_path):
    f = csv(tmp_path, "region,year,industry,employment,employment\n14700,2020,TOTAL,1,2\n")
    with pytest.raises(DataError, match=r"\[line 1\] column name\(s\) occur more than once: "
                                        "'employment'"):
        read_panel(f)


def test_duplicated_column_name_in_frame_is_refused():
    df = pd.concat([panel(), panel()[["employment"]]], axis=1)
    with pytest.raises(DataError, match="occur more than once: 'employment'"):
        validate_panel(df)


# ------------------------------------------------------------------ files that are not files
def test_folder_and_link_loop_are_not_reported_as_missing(tmp_path):
    loop = tmp_path / "loop.csv"
    os.symlink(loop, loop)
    for reader in (read_panel, read_qcew, read_genesis):
        with pytest.raises(DataError, match="is a folder, not a file"):
            reader(tmp_path)
        with pytest.raises(DataError, match="symbolic link loop"):
            reader(loop)
    with pytest.raises(FileNotFoundError):
        read_qcew(tmp_path / "nope.csv")


def test_non_utf8_panel_names_the_byte_and_line(tmp_path):
    f = tmp_path / "latin1.csv"
    body = "region,year,industry,employment\n14700,2020,TOTAL,100\n" + \
        "14700,2020,29,1\n" * 20000 + "14700,2020,Ä,1\n"
    f.write_bytes(body.encode("latin-1"))
    with pytest.raises(DataError, match=r"\[line 20003\] not UTF-8 encoded \(byte 0xc4 at offset"):
        read_panel(f)


# ------------------------------------------------------------------ QCEW
def test_qcew_header_only_file(tmp_path):
    f = tmp_path / "header.csv"
    f.write_text(QCEW.read_text().splitlines()[0] + "\n")
    with pytest.raises(DataError, match=r"(?s)header.csv: .*\[line 1\] no data rows"):
        read_qcew(f)


def test_qcew_bom_then_latin1_names_the_right_byte_and_line(tmp_path):
    lines = QCEW.read_text().splitlines()
    lines[0] += ',"area_title"'
    lines[1:] = [ln + ',"Autauga County"' for ln in lines[1:]]
    lines[6] = lines[6].replace("Autauga", "Autaugä")
    f = tmp_path / "mixed.csv"
    f.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("latin-1") + b"\n")
    with pytest.raises(DataError, match=r"\[line 7\] .*not UTF-8.*byte 0xe4"):
        read_qcew(f)
    f.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    assert read_qcew(f)["name"].iloc[5] == "Autaugä County"


# ------------------------------------------------------------------ GENESIS: which table
POPULATION = FIXTURES / "genesis_12411-01-01-4_years_in_rows.csv"


def test_genesis_population_table_is_not_read_as_employment():
    with pytest.raises(DataError) as e:
        read_genesis(POPULATION)
    msg = str(e.value)
    assert "table 12411-01-01-4 (Bevölkerungsstand" in msg and "not an employment table" in msg
    assert "value='population'" in msg and "[line 1]" in msg


def test_genesis_named_measure_reads_any_table_and_keeps_table_and_title():
    df = read_genesis(POPULATION, value="population")
    assert "population" in df.columns and "employment" not in df.columns
    assert df.attrs["table"] == "12411-01-01-4"
    assert df.attrs["title"].startswith("Bevölkerungsstand")


def test_genesis_employment_table_reads_as_employment():
    df = read_genesis(FIXTURES / "genesis_13111-07-05-4_2020.csv")
    assert "employment" in df.columns and df.attrs["table"] == "13111-07-05-4"
    assert "Beschäftigte" in df.attrs["title"]


def test_read_data_refuses_population_table_as_employment(tmp_path):
    from clusteranalysis.inputs.io import read_data

    with pytest.raises(DataError, match="12411-01-01-4.*not an employment table"):
        read_data(POPULATION, format="genesis")


# ------------------------------------------------------------------ metrics on odd panels
def total_only():
    return pd.DataFrame({"region": ["A"], "year": [2020], "industry": ["TOTAL"],
                         "employment": [5.0]}).astype({"region": "string",
                                                       "industry": "string"})


def test_shares_of_total_only_panel_summed_total_is_missing():
    out = ca.shares(total_only(), total="sum")
    assert len(out) == 1 and np.isnan(out["employment_share"].item())
    assert ca.shares(total_only(), total="row")["employment_share"].item() == 1.0


def test_location_quotient_of_total_only_panel_summed_total_is_missing():
    out = ca.location_quotient(total_only(), total="sum")
    assert len(out) == 1 and np.isnan(out["lq"].item())


def test_aggregate_clusters_of_total_only_panel():
    with pytest.warns(UserWarning, match="clusters without any industry"):
        out = ca.aggregate_clusters(total_only(), "leipzig")
    assert out["cluster"].tolist() == ["other", "total"]
    assert out["employment"].tolist() == [5.0, 5.0]


def zero_panel(values=0.0):
    return pd.DataFrame({"region": ["A"] * 4, "year": [2015, 2015, 2020, 2020],
                         "industry": ["29", "TOTAL"] * 2, "employment": values}
                        ).astype({"region": "string", "industry": "string"})


@pytest.mark.parametrize("values", [0.0, [1.0, 2.0, 1.0, 2.0]])
def test_profile_with_itself_as_reference_is_a_clear_error(values):
    with pytest.raises(DataError, match="reference region 'A' is the analysed region itself"):
        ca.cluster_profile(zero_panel(values), "leipzig", region="A", start_year=2015,
                           end_year=2020, reference="A")


def test_profile_of_all_zero_region_gives_missing_shares_and_lq():
    p = pd.concat([zero_panel(), zero_panel([1.0, 2.0, 1.0, 2.0]).assign(region="B")])
    with pytest.warns(UserWarning):
        out = ca.cluster_profile(p, "leipzig", region="A", start_year=2015, end_year=2020,
                                 reference="B")
    assert out["lq"].isna().all() and out["employment_share"].isna().all()


# ------------------------------------------------------------------ no industry of the definition
def test_profile_of_region_without_any_cluster_industry_carries_a_note():
    p = zero_panel([1.0, 2.0, 1.0, 2.0]).assign(industry=["99.9", "TOTAL"] * 2)
    with pytest.warns(UserWarning, match="region 'A' has no industry of the cluster definition"):
        out = ca.cluster_profile(p, "leipzig", region="A", start_year=2015, end_year=2020)
    notes = out.attrs["notes"]
    assert len(notes) == 1 and isinstance(notes[0], ca.Problem)
    assert "'99.9'" in notes[0].message and "every cluster of this region is empty" in str(notes[0])


def test_profile_of_a_normal_region_has_no_note():
    out = ca.cluster_profile(ca.load_sample(), "leipzig", region="14700", start_year=2015,
                             end_year=2020, reference="00")
    assert out.attrs["notes"] == []


def test_shift_share_projection_without_year_column_is_a_data_error():
    obs = pd.concat([zero_panel([1.0, 2.0, 1.5, 3.0]),
                     zero_panel([4.0, 9.0, 5.0, 10.0]).assign(region="N")], ignore_index=True)
    proj = pd.DataFrame({"industry": ["29", "TOTAL"], "employment": [6.0, 11.0]})
    with pytest.raises(DataError, match="projection table lacks column.*year"):
        ca.shift_share_projection(obs, start=2015, end=2020, projection=proj, reference="N")


def test_shift_share_projection_of_a_total_only_projection_gives_missing_values():
    obs = pd.concat([zero_panel([1.0, 2.0, 1.5, 3.0]),
                     zero_panel([4.0, 9.0, 5.0, 10.0]).assign(region="N")], ignore_index=True)
    proj = pd.DataFrame({"industry": ["TOTAL"], "employment": [11.0], "year": [2025]})
    out = ca.shift_share_projection(obs, start=2015, end=2020, projection=proj, reference="N")
    assert out["reference_projected"].isna().all() and len(out) == 1


def test_shift_share_projection_factor_is_missing_not_infinite_when_region_starts_at_zero():
    obs = pd.concat([zero_panel([0.0, 2.0, 1.5, 3.0]),
                     zero_panel([4.0, 9.0, 5.0, 10.0]).assign(region="N")], ignore_index=True)
    proj = pd.DataFrame({"industry": ["29", "TOTAL"], "employment": [6.0, 11.0],
                         "year": [2025, 2025]})
    out = ca.shift_share_projection(obs, start=2015, end=2020, projection=proj, reference="N")
    assert out["competitive_factor"].isna().all() and out["employment_projected"].isna().all()


def test_growth_from_a_near_zero_start_is_missing_not_infinite():
    p = zero_panel([2.2e-308, 3.0, 1.0, 3.0])
    g = ca.growth_contribution(p, start=2015, end=2020)
    row = g[g["industry"] == "29"]
    assert row["employment_growth_pct"].isna().all() and row["employment_index"].isna().all()
    assert row["employment_change"].item() == pytest.approx(1.0)
    assert np.isnan(ca.growth_index(p, base_year=2015)["index"].iloc[2])


def test_tax_ratios_that_overflow_are_missing_not_infinite():
    p = zero_panel([1.0, 2.0, 1.0, 2.0]).assign(
        establishments=[1e-300, 1.0, 1e-300, 1.0], tax=[1e10, 2e10, 1e10, 2e10])
    out = ca.tax_contribution(p, start=2015, end=2020)
    row = out[out["industry"] == "29"]
    assert row["tax_per_establishment"].isna().all()
    assert row["tax_per_employee"].item() == pytest.approx(1e10)


def test_relatedness_of_a_total_only_panel_is_a_data_error():
    with pytest.raises(DataError, match="no industry rows"):
        ca.opportunities(total_only(), "A")
