import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError
from clusteranalysis.inputs.io import read_panel, write_panel


def test_leading_zeros_and_missing_values_survive(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("region,year,industry,employment,employment_flag\n"
                 "01001,2020,01,10,\n01001,2020,TOTAL,,suppressed\n")
    df = read_panel(f)
    assert df["region"].tolist() == ["01001", "01001"]
    assert df["industry"].tolist() == ["01", "TOTAL"]
    assert np.isnan(df["employment"].iloc[1])  # suppressed stays missing, not 0
    assert df["employment_flag"].iloc[1] == "suppressed"
    assert df["employment_flag"].isna().iloc[0]


def test_errors_name_the_file_and_line(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("region,year,industry,employment\n01001,2020,29,10\n01001,2020,49,-4\n")
    with pytest.raises(DataError) as e:
        read_panel(f)
    assert str(e.value).startswith(f"{f}: 1 problem found")
    assert "[column 'employment'; line 3] negative count" in str(e.value)


def test_wrong_encoding_is_a_clear_error(tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes("region,year,industry,employment\n01001,2020,Gro\xdfhandel,10\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8 encoded"):
        read_panel(f)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="panel file not found"):
        read_panel(tmp_path / "nope.csv")


codes = st.from_regex(r"[0-9]{2}|[0-9]{3}|[0-9]{5}", fullmatch=True)  # AGS lengths


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(codes, st.integers(1990, 2030), codes,
                          st.one_of(st.none(), st.floats(0, 1e9, allow_nan=False)),
                          st.sampled_from([None, "estimated", "suppressed"])),
                min_size=1, max_size=20, unique_by=lambda r: (r[0], r[1], r[2])))
def test_property_write_read_round_trips_every_value_and_flag(tmp_path_factory, rows):
    rows = [(r, y, i, None if f == "suppressed" else v, f) for r, y, i, v, f in rows]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment", "employment_flag"])
    df = df.astype({"region": "string", "industry": "string", "employment": "float64",
                    "employment_flag": "string"})
    f = tmp_path_factory.mktemp("rt") / "panel.csv"
    write_panel(df, f)
    back = read_panel(f)
    pd.testing.assert_frame_equal(back, df.reset_index(drop=True), check_dtype=False)
    assert back["employment"].isna().tolist() == df["employment"].isna().tolist()


def test_attribute_columns_are_text_not_measures(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text("region,year,industry,ownership,agglvl,employment\n39041,2020,10,0,70,100\n")
    df = read_panel(f)
    assert df["ownership"].tolist() == ["0"] and df["agglvl"].tolist() == ["70"]
    from clusteranalysis.inputs.validate import measure_columns
    assert measure_columns(df) == ["employment"]


def test_region_year_whose_industries_are_all_suppressed_is_valid(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("region,year,industry,employment,employment_flag\n"
                 "11001001,2020,A,,suppressed\n11001001,2020,TOTAL,5,\n")
    df = read_panel(f)
    assert df["employment_flag"].iloc[0] == "suppressed" and np.isnan(df["employment"].iloc[0])


def test_read_data_renames_columns_of_other_tidy_layouts(tmp_path):
    from clusteranalysis.inputs.io import read_data

    f = tmp_path / "svb.csv"
    f.write_text("year,ags,name,level,wz_code,total,total_flag\n"
                 "2020,14713,Leipzig,district,J,25000,\n2020,14713,Leipzig,district,TOTAL,300000,\n")
    df = read_data(f, columns="ags=region,wz_code=industry,total=employment,total_flag=employment_flag")
    assert df["region"].tolist() == ["14713"] * 2 and df["employment"].tolist() == [25000.0, 300000.0]
    assert df["level"].dtype == "string"


def test_read_data_rejects_bad_format_and_column_maps(tmp_path):
    from clusteranalysis.inputs.io import read_data

    f = tmp_path / "p.csv"
    f.write_text("region,year,industry,employment\n01001,2020,29,10\n")
    with pytest.raises(ValueError, match="data format must be one of tidy, genesis"):
        read_data(f, format="excel")
    with pytest.raises(ValueError, match="not of the form old=new"):
        read_data(f, columns="region=__import__('os')")
    with pytest.raises(DataError, match="column\\(s\\) to rename not in the file: ags"):
        read_data(f, columns="ags=region")


def test_read_data_reads_a_folder_of_genesis_exports(shared_data):
    from clusteranalysis.inputs.io import read_data

    folder = shared_data / "de-regionalstatistik-13111-07-05-4" / "raw"
    df = read_data(folder, format="genesis")
    assert sorted(df["year"].unique()) == [2019, 2020]
    leipzig = df[(df.region == "14713") & (df.industry == "TOTAL")].set_index("year")["employment"]
    tidy = pd.read_csv(shared_data / "de-regionalstatistik-13111-07-05-4" /
                       "svb_arbeitsort_wz_kreise_2015_2020.csv", dtype={"ags": str})
    expected = tidy[(tidy.ags == "14713") & (tidy.wz_code == "TOTAL")].set_index("year")["total"]
    assert leipzig.to_dict() == {y: float(expected[y]) for y in (2019, 2020)}
