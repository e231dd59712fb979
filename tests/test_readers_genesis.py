"""GENESIS / Regionaldatenbank exports: real files, constructed layouts, broken files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError
from clusteranalysis.inputs.io import read_panel, write_panel
from clusteranalysis.inputs.readers import read_genesis

FIXTURES = Path(__file__).parent / "fixtures" / "official"
EXCERPT = FIXTURES / "genesis_13111-07-05-4_2020.csv"
MEASURES = ["employment", "male", "female", "foreign_total", "foreign_male", "foreign_female"]
# the README's tidy CSV calls the all-persons column "total"
TIDY_NAMES = dict(zip(MEASURES, ["total", *MEASURES[1:]]))


def latin1(path: Path) -> list[str]:
    return path.read_bytes().decode("latin-1").split("\n")


def write_latin1(path: Path, lines) -> Path:
    path.write_bytes("\n".join(lines).encode("latin-1"))
    return path


def line_of(lines, start: str) -> int:
    """1-based line number of the first line starting with ``start``."""
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(start))


# ------------------------------------------------------------------ real files
@pytest.mark.parametrize("year", [2019, 2020])
def test_real_export_matches_the_tidy_csv_in_every_value_and_flag(shared_data, year):
    folder = shared_data / "de-regionalstatistik-13111-07-05-4"
    df = read_genesis(folder / "raw" / f"13111-07-05-4_{year}.csv")
    tidy = pd.read_csv(folder / "svb_arbeitsort_wz_kreise_2015_2020.csv", dtype=str,
                       keep_default_na=False)
    tidy = tidy[tidy["year"] == str(year)]
    # the tidy CSV keeps Germany, Länder, regions and Kreise, not the few
    # municipalities (Hannover, Aachen, Saarbrücken, Berlin Bezirke) GENESIS adds
    assert set(df["level"]) == {"country", "state", "gov_region", "district", "municipality"}
    df = df[df["level"] != "municipality"]
    merged = tidy.merge(df, left_on=["ags", "wz_code"], right_on=["region", "industry"],
                        how="outer", indicator=True, suffixes=("_tidy", ""))
    assert (merged["_merge"] == "both").all() and len(merged) == len(tidy) == 6230
    assert (merged["name_tidy"] == merged["name"]).all()
    assert (merged["level_tidy"] == merged["level"]).all()
    for ours, theirs in TIDY_NAMES.items():
        expected = pd.to_numeric(merged[theirs].replace("", np.nan))
        got = merged[ours]
        assert ((expected == got) | (expected.isna() & got.isna())).all(), ours
        flag = merged[f"{ours}_flag"].astype(object).where(merged[f"{ours}_flag"].notna(), "")
        assert (flag == merged[f"{theirs}_flag"]).all(), ours
    assert (df["year"] == year).all() and df["year"].dtype == "int64"
    assert df["region"].dtype == "string" and "01001" in set(df["region"])
    assert df.attrs["table"] == "13111-07-05-4"
    # the README: 466 all-'-' region-years over six years (79 units)
    assert 70 <= len(df.attrs["dropped"]) <= 80
    assert "Datenlizenz Deutschland" in df.attrs["footnotes"]


# ------------------------------------------------------------------ constructed files
def test_excerpt_symbols_flags_and_names():
    df = read_genesis(EXCERPT)
    assert list(df.columns[:5]) == ["region", "name", "level", "year", "industry"]
    assert df.attrs["columns"] == {
        "employment": "Insgesamt / Insgesamt", "male": "Insgesamt / männlich",
        "female": "Insgesamt / weiblich", "foreign_total": "Ausländer(innen) / Insgesamt",
        "foreign_male": "Ausländer(innen) / männlich",
        "foreign_female": "Ausländer(innen) / weiblich"}
    assert df.groupby("region")["level"].first().to_dict() == {
        "DG": "country", "01": "state", "01001": "district"}
    assert df.attrs["dropped"] == ["03152 2020"]  # every cell '-': a pre-reform district
    fl = df[df["region"] == "01001"].set_index("industry")
    assert fl.loc["A", "employment_flag"] == "suppressed" and np.isnan(fl.loc["A", "employment"])
    assert (fl.loc["K", ["foreign_total", "foreign_male"]] == 0).all()
    assert fl.loc["K", "foreign_total_flag"] == "zero"
    assert np.isnan(fl.loc["L", "foreign_total"]) and pd.isna(fl.loc["L", "foreign_total_flag"])
    assert fl.loc["L", "foreign_male_flag"] == "suppressed"  # '/' too uncertain
    assert np.isnan(fl.loc["L", "foreign_female"])  # '...' not yet available
    assert pd.isna(fl.loc["L", "foreign_female_flag"])
    assert fl.loc["M-N", "foreign_total"] == 1510  # '1.510': German thousands separator
    assert (fl.loc["M-N", "foreign_male"], fl.loc["M-N", "foreign_male_flag"]) == (950,
                                                                                   "provisional")
    assert (fl.loc["M-N", "foreign_female"], fl.loc["M-N", "foreign_female_flag"]) == (
        560, "estimated")
    assert fl.loc["TOTAL", "employment"] == 43762
    assert set(df["industry"]) == {"A", "B-F", "B-E", "C", "F", "G-U", "G-I", "J", "K", "L",
                                   "M-N", "O-Q", "R-U", "TOTAL"}
    assert df.loc[df["region"] == "01", "name"].iloc[0] == "Schleswig-Holstein"  # unindented


def test_measures_mapping_renames_and_drops_columns():
    df = read_genesis(EXCERPT, value="svb", measures={
        "Insgesamt / männlich": "men", "Ausländer(innen) / männlich": None,
        "Ausländer(innen) / weiblich": None})
    assert [c for c in df.columns if not c.endswith("_flag")][5:] == [
        "svb", "men", "female", "foreign_total"]
    with pytest.raises(DataError, match="not in the file"):
        read_genesis(EXCERPT, measures={"Deutsche / Insgesamt": "german"})


def test_several_years_in_rows_and_no_industry_dimension():
    df = read_genesis(FIXTURES / "genesis_12411-01-01-4_years_in_rows.csv", value="population")
    assert df["year"].tolist() == [2019] * 3 + [2020] * 3
    assert (df["industry"] == "TOTAL").all()
    assert df.loc[(df["region"] == "14713") & (df["year"] == 2020), "population"].item() \
        == 597493
    assert list(df.columns[5:8]) == ["population", "male", "female"]


def test_several_years_across_columns_utf8():
    df = read_genesis(FIXTURES / "genesis_years_in_columns_utf8.csv")
    k = df[df["industry"] == "K"].set_index("year")
    assert k.loc[2019, "employment_flag"] == "suppressed" and k.loc[2020, "employment"] == 6215
    assert sorted(df["year"].unique()) == [2019, 2020]


def test_industries_across_columns(tmp_path):
    f = write_latin1(tmp_path / "wz_cols.csv", [
        "GENESIS-Tabelle: 13111-01-03-4", "Sozialversicherungspflichtig Beschäftigte;;;;",
        "Stichtag: 30.06.2021;;;;",
        ";;WZ 2008;WZ 2008;WZ 2008",
        ";;Insgesamt;Verarbeitendes Gewerbe (C);Öff.Verw.,Verteidig.,Sozialvers.,Erz.-u.Unterricht",
        "14713;Leipzig, Stadt;281000;27000;.", "14729;Leipzig, Landkreis;70000;-;20000",
        "__________", "Stand: 01.01.2022"])
    df = read_genesis(f)
    assert df[["region", "industry"]].values.tolist() == [
        ["14713", "TOTAL"], ["14713", "C"], ["14713", "O-Q"],
        ["14729", "TOTAL"], ["14729", "C"], ["14729", "O-Q"]]
    assert (df["year"] == 2021).all()
    assert pd.isna(df["employment_flag"].iloc[1]) and df["employment_flag"].iloc[2] == "suppressed"
    assert df["employment_flag"].iloc[4] == "zero" and df["employment"].iloc[4] == 0


def test_bytes_input_and_decimal_comma(tmp_path):
    text = "\n".join(["GENESIS-Tabelle: 82111-01-05-4", "Bruttoinlandsprodukt;;",
                      "Jahr: 2019;;", ";;BIP je Erwerbstätigen", ";;EUR",
                      "14713;Leipzig, Stadt;65.432,1", "__________"])
    df = read_genesis(text.encode("latin-1"), value="gdp_per_worker")
    assert df["gdp_per_worker"].item() == pytest.approx(65432.1) and df["year"].item() == 2019


def test_windows_line_ends_and_utf8_with_bom_read_the_same():
    raw = EXCERPT.read_bytes()
    df = read_genesis(raw)
    pd.testing.assert_frame_equal(read_genesis(raw.replace(b"\n", b"\r\n")), df)
    pd.testing.assert_frame_equal(
        read_genesis(b"\xef\xbb\xbf" + raw.decode("latin-1").encode("utf-8")), df)


# ------------------------------------------------------------------ broken files
def test_wrong_encoding_names_the_line(tmp_path):
    with pytest.raises(DataError) as e:
        read_genesis(EXCERPT, encoding="utf-8")
    assert str(e.value).startswith(f"{EXCERPT}: 1 problem found")
    assert "[line 2] not utf-8 encoded" in str(e.value)
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(EXCERPT.read_bytes().decode("latin-1").encode("utf-16"))
    with pytest.raises(DataError, match="UTF-16"):
        read_genesis(utf16)
    double = tmp_path / "double.csv"  # UTF-8 read as Latin-1 and saved as UTF-8 again
    double.write_bytes(EXCERPT.read_bytes().decode("latin-1").encode("utf-8")
                       .decode("latin-1").encode("utf-8"))
    with pytest.raises(DataError, match=r"\[line 2\] the text looks double-encoded"):
        read_genesis(double)


def test_truncated_file(tmp_path):
    lines = latin1(EXCERPT)
    cut = line_of(lines, "01001;") + 3
    short = write_latin1(tmp_path / "short.csv", lines[:cut])
    with pytest.raises(DataError, match=rf"\[line {cut}\] no '__________' line.*truncated"):
        read_genesis(short)
    mid = write_latin1(tmp_path / "mid.csv", lines[:cut - 1] + [lines[cut - 1][:-12]])
    with pytest.raises(DataError, match=rf"\[line {cut}\] 6 cells where the header has 9 "
                                        r"\(the line is cut off\)"):
        read_genesis(mid, require_footer=False)


def test_changed_header(tmp_path):
    lines = latin1(EXCERPT)
    first_data = line_of(lines, "DG;")
    no_header = write_latin1(tmp_path / "noheader.csv",
                             [ln for ln in lines if not ln.startswith(";;;")])
    with pytest.raises(DataError, match=rf"\[line {first_data - 4}\] data before the column "
                                        "header"):
        read_genesis(no_header)
    wider = [ln + ";Extra" if ln.startswith(";;;") else ln for ln in lines]
    with pytest.raises(DataError) as e:
        read_genesis(write_latin1(tmp_path / "wider.csv", wider))
    assert f"line {first_data}" in str(e.value) and "9 cells where the header has 10" in str(
        e.value)
    same = [ln.replace("weiblich", "männlich") for ln in lines]
    with pytest.raises(DataError, match="two value columns get the name 'male'"):
        read_genesis(write_latin1(tmp_path / "same.csv", same))


@pytest.mark.parametrize("cell, message", [
    ("12a4", "non-numeric value '12a4'"),
    ("*", "unknown symbol '*'"),
    ("1,2,3", "not a German number: '1,2,3'"),
    ("17 q", "unknown quality mark 'q'"),
    ("", "empty value cell"),
])
def test_bad_cells_name_file_line_and_column(tmp_path, cell, message):
    lines = latin1(EXCERPT)
    n = line_of(lines, "01001;") + 7  # Flensburg, G-I
    parts = lines[n - 1].split(";")
    parts[4] = cell  # the "male" column
    lines[n - 1] = ";".join(parts)
    f = write_latin1(tmp_path / "bad.csv", lines)
    with pytest.raises(DataError) as e:
        read_genesis(f)
    assert str(e.value).startswith(f"{f}: 1 problem found")
    assert f"[column 'male'; line {n}] {message}" in str(e.value)


def test_unknown_industry_label_and_the_way_out(tmp_path):
    lines = [ln.replace("Baugewerbe (F)", "Bau") for ln in latin1(EXCERPT)]
    f = write_latin1(tmp_path / "label.csv", lines)
    n = line_of(lines, "DG;") + 4
    with pytest.raises(DataError, match=rf"\[column 'industry'; line {n}\] industry label "
                                        "'Bau' has no WZ code"):
        read_genesis(f)
    assert "F" in set(read_genesis(f, industry_codes={"Bau": "F"})["industry"])


def test_year_from_the_title_or_the_caller(tmp_path):
    lines = [ln for ln in latin1(EXCERPT) if not ln.startswith("Stichtag")]
    f = write_latin1(tmp_path / "noyear.csv", lines)
    with pytest.raises(DataError, match="no year.*pass year="):
        read_genesis(f)
    assert (read_genesis(f, year=2020)["year"] == 2020).all()
    with pytest.raises(DataError, match=r"\[line 7\] year=2019 given but the file is for 2020"):
        read_genesis(EXCERPT, year=2019)


def test_not_a_genesis_file(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("region,year\n01,2020\n")
    with pytest.raises(DataError, match=r"\[line 1\] not a GENESIS table export"):
        read_genesis(f)


# ------------------------------------------------------------------ round trips
def test_reader_output_round_trips_through_write_and_read_panel(tmp_path):
    df = read_genesis(EXCERPT)
    write_panel(df, tmp_path / "p.csv")
    back = read_panel(tmp_path / "p.csv")
    pd.testing.assert_frame_equal(back, df, check_dtype=False)


LABELS = {"A": "Land- und Forstwirtschaft, Fischerei (A)", "C": "Verarbeitendes Gewerbe (C)",
          "M-N": "Freiberufl,wissenschaftl. techn. Dienstl.,sonst.DL", "TOTAL": "Insgesamt"}
SYMBOL = {"suppressed": ".", "zero": "-"}
cell = st.one_of(
    st.tuples(st.integers(0, 10**7).map(float), st.sampled_from([None, "provisional",
                                                                 "estimated"])),
    st.sampled_from([(np.nan, "suppressed"), (0.0, "zero")]))


def genesis_text(table, year) -> str:
    """``table``: {(ags, code): ((value, flag), (value, flag))} in the 13111 layout."""
    out = ["GENESIS-Tabelle: 13111-99-99-4", "Eine Tabelle;;;;", f"Stichtag: 30.06.{year};;;;",
           ";;;Geschlecht;Geschlecht", ";;;Insgesamt;weiblich"]
    for (ags, code), cells in table.items():
        written = []
        for v, f in cells:
            if f in SYMBOL:
                written.append(SYMBOL[f])
            else:
                s = f"{int(v):,}".replace(",", ".")
                written.append({"provisional": s + " p", "estimated": f"({s})"}.get(f, s))
        out.append(f"{ags};  Region {ags};{LABELS[code]};" + ";".join(written))
    return "\n".join(out + ["__________", "© Statistische Ämter"]) + "\n"


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(
    st.tuples(st.sampled_from(["DG", "01", "145", "01001", "14713", "03241001"]),
              st.sampled_from(list(LABELS))),
    st.tuples(cell, cell), min_size=1, max_size=12),
    st.integers(1990, 2030))
def test_property_every_value_and_flag_survives_file_reader_and_panel_csv(
        tmp_path_factory, table, year):
    # a region total must hold its parts: make TOTAL a plain, large value
    table = {k: (((1e8, None), (1e8, None)) if k[1] == "TOTAL" else v) for k, v in table.items()}
    if all(f == "zero" for cells in table.values() for _, f in cells):
        table[("DG", "TOTAL")] = ((1e8, None), (1e8, None))
    f = tmp_path_factory.mktemp("g") / "t.csv"
    f.write_bytes(genesis_text(table, year).encode("latin-1"))
    df = read_genesis(f)
    got = {(r, i): ((a, fa), (b, fb)) for r, i, a, fa, b, fb in zip(
        df["region"], df["industry"], df["employment"], df["employment_flag"], df["female"],
        df["female_flag"])}
    # region-years whose every cell is '-' are dropped (former territorial units)
    empty = {r for r, _ in table if all(fl == "zero" for (rr, _), cells in table.items()
                                        if rr == r for _, fl in cells)}
    assert set(got) == {k for k in table if k[0] not in empty}
    for key, cells in got.items():
        for (v, fl), (ev, efl) in zip(cells, table[key]):
            assert (v == ev) or (np.isnan(v) and np.isnan(ev))
            assert (None if pd.isna(fl) else fl) == efl
    out = f.parent / "panel.csv"
    write_panel(df, out)
    pd.testing.assert_frame_equal(read_panel(out), df, check_dtype=False)


def test_read_panel_accepts_a_region_year_whose_industries_are_all_suppressed(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("region,year,industry,employment,employment_flag\n"
                 "11001001,2020,A,,suppressed\n11001001,2020,TOTAL,5,\n")
    assert read_panel(f)["employment_flag"].iloc[0] == "suppressed"
