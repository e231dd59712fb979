"""Cluster definitions: hierarchical code matching, YAML schema, built-ins."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from clusteranalysis.inputs._industry_codes import KeyIndex, code_keys
from clusteranalysis.inputs.definitions import (
    BUILTIN_DIR, Cluster, ClusterDefinition, available_definitions, load_definition,
)
from clusteranalysis.errors import DataError


def one(code: str, classification: str = "WZ 2008") -> ClusterDefinition:
    return ClusterDefinition("t", classification, (Cluster("c", "C", (code,)),))


def matches(definition_code, industry_code, classification="WZ 2008") -> bool:
    out = one(definition_code, classification).match([industry_code])
    return bool(out["cluster"].notna().iloc[0])


# --- the matching rule -------------------------------------------------------

@pytest.mark.parametrize("code, industry, expected", [
    ("29", "29", True), ("29", "29.1", True), ("29", "29.10", True),
    ("29", "29.32", True), ("29", "29.10.1", True), ("29.1", "29.10", True),
    ("29.1", "29.1", True), ("29.1", "29", False), ("29.10", "29.1", False),
    ("29.1", "29.20", False), ("29", "2", False), ("29", "290", False),
    ("29", "2910", False), ("32.5", "32.50", True), ("32.5", "32.1", False),
    ("32.5", "32.12", False), ("32.5", "32", False), ("01", "01.11", True),
    ("01", "1", False), ("01", "011", False), ("10-12", "11.07", True),
    ("10-12", "13", False),
])
def test_wz_prefix_matching_on_code_segments(code, industry, expected):
    assert matches(code, industry) is expected


def test_one_digit_never_covers_a_division():
    # "2" is no WZ code (it is rejected in definitions); even as raw keys it
    # does not reach into division 29, unlike a naive string prefix would.
    assert KeyIndex([code_keys("2", "dotted")]).covering(code_keys("29", "dotted")) == set()
    assert KeyIndex([code_keys("29", "dotted")]).covering(code_keys("29.1", "dotted")) == {0}
    with pytest.raises(DataError, match="codes\\[0\\]"):
        one("2")


@pytest.mark.parametrize("code, industry, expected", [
    ("3361", "336111", True), ("3361", "33611", True), ("33611", "336111", True),
    ("336111", "336111", True), ("336111", "3361", False), ("33611", "3361", False),
    ("3361", "336211", False), ("31-33", "336111", True), ("31-33", "311", True),
    ("31-33", "34", False), ("33", "3361", True),
])
def test_naics_plain_digit_prefix(code, industry, expected):
    assert matches(code, industry, "NAICS 2012") is expected


@pytest.mark.parametrize("code, industry, expected", [
    ("C", "C", True), ("B-E", "B-E", True), ("B-E", "C", True), ("B-E", "29", True),
    ("B-E", "29.10", True), ("B-E", "05", True), ("B-E", "39.00", True),
    ("B-E", "F", False), ("B-E", "B-F", False), ("C", "B-E", False), ("C", "35", False),
    ("M-N", "M_N", True), ("G-I", "G-U", False), ("L", "68", True), ("A", "TOTAL", False),
])
def test_sections_cover_their_subsections_and_divisions(code, industry, expected):
    assert matches(code, industry) is expected


def test_section_code_inside_one_cluster_made_of_divisions():
    d = load_definition("leipzig")
    out = d.match(["H", "49-50", "G-I"])
    assert out["cluster"].tolist()[:2] == ["logistics", "logistics"]
    assert out["code"].iloc[0] == "49, 50, 51, 52, 53"
    assert pd.isna(out["cluster"].iloc[2])  # G-I reaches beyond logistics
    assert d.unmatched(["G-I"])["partial"].item() == "logistics (49, 50, 51, 52, 53), " \
        "health_biotech (46.46, 47.73, 47.74)"


def test_code_straddling_two_clusters_is_not_assigned():
    d = load_definition("wz_sections")
    assert d.match(["B-F"])["cluster"].isna().all()
    assert d.unmatched(["B-F"])["partial"].item() == "industry (B-E), construction (F)"


def test_total_never_matches():
    d = ClusterDefinition("t", "WZ 2008", (Cluster("all", "All", ("A-U",)),))
    assert d.match(["TOTAL", "A", "99"])["cluster"].isna().tolist() == [True, False, False]
    assert d.unmatched(["TOTAL", "A"]).empty


def test_match_returns_one_row_per_input_in_order_with_missing_codes():
    d = one("29")
    out = d.match(pd.Series(["47", "29.1", None, "29.1"], index=[7, 8, 9, 10]))
    assert out.columns.tolist() == ["industry", "cluster", "label", "code"]
    assert out.index.tolist() == [0, 1, 2, 3]
    assert out["cluster"].isna().tolist() == [True, False, True, False]
    assert out["code"].iloc[1] == "29"
    assert isinstance(out["cluster"].dtype, pd.StringDtype)


def test_match_looks_each_distinct_code_up_once(monkeypatch):
    calls = []
    orig = ClusterDefinition._lookup
    monkeypatch.setattr(ClusterDefinition, "_lookup",
                        lambda self, code: calls.append(code) or orig(self, code))
    one("29").match(["29.1", "47"] * 50_000)
    assert sorted(calls) == ["29.1", "47"]


# --- overlaps ----------------------------------------------------------------

def test_most_specific_code_wins_and_overlap_is_warned():
    d = ClusterDefinition("t", "WZ 2008", (Cluster("broad", "Broad", ("29",)),
                                           Cluster("narrow", "Narrow", ("29.3",))))
    with pytest.warns(UserWarning, match=r"'29.32' → narrow \(29.3\), also broad \(29\)"):
        out = d.match(["29.32", "29.10", "29"])
    assert out["cluster"].tolist() == ["narrow", "broad", "broad"]


def test_ties_go_to_the_first_cluster():
    d = ClusterDefinition("t", "WZ 2008", (Cluster("first", "F", ("68",)),
                                           Cluster("second", "S", ("68",))))
    with pytest.warns(UserWarning, match="first"):
        assert d.match(["68.1"])["cluster"].tolist() == ["first"]


def test_no_warning_without_overlap():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one("29").match(["29.1", "47"])


# --- unmatched and to_frame --------------------------------------------------

def test_unmatched_reports_codes_outside_all_clusters_and_too_coarse_codes():
    d = ClusterDefinition("t", "WZ 2008", (Cluster("cars", "Cars", ("29", "22.11")),))
    out = d.unmatched(["29.1", "22", "47", "22", "TOTAL", "22.19"])
    assert out["industry"].tolist() == ["22", "47", "22.19"]
    assert out["partial"].tolist()[0] == "cars (22.11)"
    assert out["partial"].isna().tolist() == [False, True, True]


def test_to_frame_lists_every_code():
    d = load_definition("leipzig")
    f = d.to_frame()
    assert f.columns.tolist() == ["cluster", "label", "kind", "code", "note"]
    assert len(f) == sum(len(c.codes) for c in d.clusters)
    assert f.loc[f["code"] == "29", "cluster"].item() == "automotive"


# --- built-in definitions ----------------------------------------------------

def test_leipzig_loads_with_the_five_city_cluster_fields():
    d = load_definition("leipzig")
    assert d.classification == "WZ 2008" and d.scheme == "dotted"
    assert d.labels_in("de") == {
        "automotive": "Automobil- und Zulieferindustrie",
        "logistics": "Logistik",
        "health_biotech": "Gesundheitswirtschaft und Biotechnologie",
        "energy_environment": "Energie und Umwelttechnik",
        "media_creative": "Medien und Kreativwirtschaft",
    }
    assert d.labels == d.labels_in("en") == {
        "automotive": "Automotive and suppliers", "logistics": "Logistics",
        "health_biotech": "Healthcare and biotechnology",
        "energy_environment": "Energy and environmental technology",
        "media_creative": "Media and creative industries"}
    assert "not an official list" in d.source.lower()
    assert len(d.references) >= 3


def test_leipzig_has_a_note_for_every_code_and_covers_its_own_codes():
    d = load_definition("leipzig")
    for c in d.clusters:
        assert len(c.notes) == len(c.codes) and all(n and len(n) > 20 for n in c.notes), c.id
    frame = d.to_frame()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no code is claimed by two clusters
        got = d.match(frame["code"])
    assert got["cluster"].tolist() == frame["cluster"].tolist()


def test_leipzig_core_assignments():
    d = load_definition("leipzig")
    got = dict(zip(["29.10", "53.20", "86.10", "35.11", "60.20", "32.50", "88.91", "45.20"],
                   d.match(["29.10", "53.20", "86.10", "35.11", "60.20", "32.50", "88.91",
                            "45.20"])["cluster"].tolist()))
    assert got["29.10"] == "automotive" and got["53.20"] == "logistics"
    assert got["86.10"] == got["32.50"] == "health_biotech"
    assert got["35.11"] == "energy_environment" and got["60.20"] == "media_creative"
    assert pd.isna(got["88.91"]) and pd.isna(got["45.20"])  # day care, car repair: not in


GENESIS = {"A": "agriculture", "B-E": "industry", "C": "industry", "F": "construction",
           "G-I": "trade_transport_hospitality", "J": "information_communication",
           "K": "finance_insurance", "L": "real_estate", "M-N": "business_services",
           "O-Q": "public_education_health", "R-U": "other_services"}


def test_wz_sections_maps_genesis_codes_and_divisions():
    d = load_definition("wz_sections")
    codes = list(GENESIS) + ["B-F", "G-U", "TOTAL"]
    got = d.match(codes)["cluster"].tolist()
    assert got[:len(GENESIS)] == list(GENESIS.values())
    assert all(pd.isna(g) for g in got[len(GENESIS):])  # aggregates of several clusters
    divisions = {"01": "agriculture", "29": "industry", "35": "industry",
                 "43": "construction", "53": "trade_transport_hospitality",
                 "68": "real_estate", "99": "other_services", "29.10": "industry"}
    assert d.match(list(divisions))["cluster"].tolist() == list(divisions.values())


def test_wz_sections_assigns_every_division_exactly_once():
    d = load_definition("wz_sections")
    divisions = [f"{k:02d}" for k in range(1, 100)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = d.match(divisions)
    unmatched = out.loc[out["cluster"].isna(), "industry"].tolist()
    assert unmatched == ["04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"]


def test_available_definitions_and_lookup_errors():
    assert {"leipzig", "wz_sections"} <= set(available_definitions())
    with pytest.raises(DataError, match="built-in: .*leipzig"):
        load_definition("berlin")
    with pytest.raises(DataError, match="not a built-in"):
        load_definition("Leipzig!")
    with pytest.raises(FileNotFoundError):
        load_definition("../nowhere/leipzig")
    d = load_definition(BUILTIN_DIR / "leipzig.yaml")
    assert load_definition(d) is d and d == load_definition("leipzig")


# --- schema validation -------------------------------------------------------

GOOD = """\
name: mine
classification: WZ 2008
clusters:
  - id: cars
    label: Cars
    codes: ["29", {code: "22.11", note: tyres}]
"""


def write(tmp_path: Path, text: str, name="def.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_user_file_loads(tmp_path):
    d = load_definition(str(write(tmp_path, GOOD)))
    assert d.clusters[0].codes == ("29", "22.11")
    assert d.clusters[0].notes == (None, "tyres")


@pytest.mark.parametrize("bad, key, what", [
    (GOOD.replace('"29"', "29"), "clusters[0].codes[0]", "YAML int"),
    (GOOD.replace('"29"', "29.10"), "clusters[0].codes[0]", "29.10"),
    (GOOD.replace('code: "22.11"', "code: 22.11"), "clusters[0].codes[1].code", "YAML float"),
    (GOOD.replace('"29"', "01"), "clusters[0].codes[0]", "01 as 1"),
    (GOOD + "colour: red\n", "colour", "unknown key"),
    (GOOD.replace("    label: Cars\n", "    labels: Cars\n"), "clusters[0].label", "missing"),
    (GOOD.replace("name: mine", "name: ../../etc/passwd"), "name", "a-z, 0-9"),
    (GOOD.replace("name: mine\n", ""), "name", "missing"),
    (GOOD.replace("id: cars", "id: total"), "clusters[0].id", "lower-case identifier"),
    (GOOD.replace("id: cars", "id: Cars Cluster"), "clusters[0].id", "identifier"),
    (GOOD.replace("    label: Cars\n", "    label: Cars\n    kind: global\n"),
     "clusters[0].kind", "traded, local"),
    (GOOD.replace('"29"', '"TOTAL"'), "clusters[0].codes[0]", "region total"),
    (GOOD.replace('"29"', '"2"'), "clusters[0].codes[0]", "is not a division"),
    (GOOD.replace('"29"', '"22.11"'), "clusters[0].codes", "listed twice"),
    (GOOD.replace("{code: \"22.11\", note: tyres}", "{code: \"22.11\", why: tyres}"),
     "clusters[0].codes[1]", "unknown key 'why'"),
    (GOOD.replace('codes: ["29", {code: "22.11", note: tyres}]', "codes: []"),
     "clusters[0].codes", "non-empty list"),
])
def test_bad_files_name_file_and_key(tmp_path, bad, key, what):
    path = write(tmp_path, bad, "broken_def.yaml")
    with pytest.raises(DataError) as err:
        load_definition(path)
    text = str(err.value)
    assert "broken_def.yaml" in text and f"'{key}" in text and what in text, text


def test_every_problem_is_reported_at_once(tmp_path):
    bad = (GOOD.replace('"29"', "29.10").replace("id: cars", "id: other")
           .replace("name: mine", "name: My Def") + "extra: 1\n")
    with pytest.raises(DataError) as err:
        load_definition(write(tmp_path, bad))
    assert len(err.value.problems) == 4


def test_not_yaml_or_not_a_mapping(tmp_path):
    with pytest.raises(DataError, match="not valid YAML"):
        load_definition(write(tmp_path, "name: [unclosed\n"))
    with pytest.raises(DataError, match="mapping"):
        load_definition(write(tmp_path, "- just\n- a list\n"))


def test_duplicate_ids_and_constructor_validation():
    with pytest.raises(DataError, match="also the id"):
        ClusterDefinition("t", "WZ 2008", (Cluster("a", "A", ("29",)), Cluster("a", "B", ("30",))))
    with pytest.raises(DataError, match="'other'|other"):
        ClusterDefinition("t", "WZ 2008", (Cluster("other", "O", ("29",)),))
    with pytest.raises(DataError, match="is not 2 to 6 digits"):
        ClusterDefinition("t", "NAICS 2012", (Cluster("a", "A", ("33.61",)),))


def test_labels_per_language_and_single_labels_both_load(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "name: two\nclassification: WZ 2008\nclusters:\n"
        "  - id: log\n    label: {de: Logistik, en: Logistics}\n    codes: ['49']\n"
        "  - id: med\n    label: Medien\n    codes: ['58']\n", encoding="utf-8")
    d = load_definition(path)
    assert d.labels_in("de") == {"log": "Logistik", "med": "Medien"}
    assert d.labels_in("en") == {"log": "Logistics", "med": "Medien"}
    assert d.labels_in("fr") == {"log": "Logistics", "med": "Medien"}  # English, else the one


@pytest.mark.parametrize("label, message", [
    ("{de: Logistik, english: Logistics}", "'english' is not a language code"),
    ("{de: ''}", "label.de' must be a non-empty text"),
    ("{}", "must be a text or a mapping"),
    ("{de: [a, b]}", "label.de' must be a non-empty text"),
])
def test_bad_label_mappings_are_named(tmp_path, label, message):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nclassification: WZ 2008\nclusters:\n"
                    f"  - id: log\n    label: {label}\n    codes: ['49']\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        load_definition(path)


def test_aggregate_and_profile_labels_follow_the_language():
    import warnings

    import clusteranalysis as ca

    panel = ca.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        de = ca.cluster_profile(panel, "leipzig", region="14700", start_year=2015,
                                end_year=2020, language="de")
        en = ca.cluster_profile(panel, "leipzig", region="14700", start_year=2015,
                                end_year=2020)
        agg = ca.aggregate_clusters(panel[panel.year == 2020], "wz_sections", language="de")
    assert list(de["label"])[-2:] == ["Übrige Wirtschaft", "Gesamtwirtschaft"]
    assert list(en["label"])[-2:] == ["Other", "Total economy"]
    assert "Logistik" in set(de["label"]) and "Logistics" in set(en["label"])
    assert "Baugewerbe (F)" in set(agg["label"])
