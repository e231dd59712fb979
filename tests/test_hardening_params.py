"""Issue 13: hostile parameter files are parameter problems (exit 2), quickly and briefly."""

from __future__ import annotations

import os
import time
import warnings

import pytest

from clusteranalysis.runner.paramfile import MAX_BYTES, MAX_DEPTH, brief, load_parameter_file
from test_runner_validation import GOOD, check, problems, write  # noqa: F401 (fixtures)
from test_runner_validation import project  # noqa: F401 (fixture)

BOMB = "\n".join([
    "template: fx",
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *[f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
      for i in range(8)],
    "regions: *i",
]) + "\n"


def test_alias_bomb_is_refused_quickly(project):
    f = project / "parameters" / "bomb.yaml"
    f.write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    found = problems(project, f)
    assert time.perf_counter() - start < 5  # was minutes and gigabytes
    assert any("more than 10000 values (with aliases *name expanded)" in p for p in found.values())


def test_alias_cycle_is_refused(tmp_path):
    f = tmp_path / "cycle.yaml"
    f.write_text("template: fx\nregions: &r [*r]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nested deeper"):
        load_parameter_file(f)


def test_a_few_aliases_are_fine(tmp_path):
    f = tmp_path / "ok.yaml"
    f.write_text("template: fx\nx: &y [\"01\", \"02\"]\nregions: *y\n", encoding="utf-8")
    assert load_parameter_file(f)["regions"] == ["01", "02"]


def test_unknown_key_holding_a_huge_value_is_not_rendered(project):
    f = write(project, "huge", extra="[" + ",".join(['"x"'] * 4000) + "]",
              region="[" + ",".join(["1"] * 4000) + "]", title='"' + "t" * 100_000 + '"')
    found = problems(project, f)
    assert all(len(p) < 600 for p in found.values())
    assert any("a list of 4000 items" in p for p in found.values())
    assert ("huge", "title") in found


def test_file_above_the_size_limit_is_refused_before_parsing(project):
    f = project / "parameters" / "big.yaml"
    with open(f, "wb") as fh:  # 200 MB, sparse: nothing needs to be written
        fh.truncate(200 * 1024 * 1024)
    start = time.perf_counter()
    found = problems(project, f)
    assert time.perf_counter() - start < 5
    assert any(f"at most {MAX_BYTES:,} bytes" in p for p in found.values())


def test_deep_nesting_is_a_parameter_problem_not_recursion_error(project):
    f = project / "parameters" / "deep.yaml"
    f.write_text("template: fx\nregions: " + "[" * 100_000 + "]" * 100_000 + "\n")
    found = problems(project, f)
    assert any(f"nested deeper than {MAX_DEPTH} levels" in p for p in found.values())


def test_symlink_loop_in_data_path_is_a_problem_and_other_files_are_still_checked(project):
    loop = project / "data" / "loop.csv"
    os.symlink(loop, loop)
    bad = write(project, "loopy", data_path="data/loop.csv")
    good = write(project, "good")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        valid, invalid = check(project, bad, good)
    assert [s.name for s in valid] == ["good"]
    msgs = [str(p) for b in invalid for p in b.problems]
    assert len(msgs) == 1 and "data_path" in msgs[0] and "loop" in msgs[0]


def test_symlink_loop_in_data_path_exits_2_from_the_command_line(project, capsys):
    from clusteranalysis.cli import main

    loop = project / "data" / "loop.csv"
    os.symlink(loop, loop)
    f = write(project, "loopy", data_path="data/loop.csv", template="cluster_report")
    assert main(["run", "--check", "--project", str(project), str(f)]) == 2
    assert "loop" in capsys.readouterr().err


def test_region_without_any_industry_of_the_definition_warns_before_running(project):
    (project / "data" / "panel.csv").write_text(
        "region,year,industry,employment\n00,2015,29,1\n00,2015,TOTAL,3\n00,2020,29,1\n"
        "00,2020,TOTAL,3\n14700,2015,X9,1\n14700,2015,TOTAL,3\n14700,2020,X9,1\n"
        "14700,2020,TOTAL,3\n")
    f = write(project, "nomatch")
    with pytest.warns(UserWarning, match="region '14700' has no industry of the cluster "
                                         "definition 'leipzig'"):
        valid, invalid = check(project, f)
    assert not invalid and len(valid[0].notes) == 1


@pytest.mark.parametrize("value, shown", [
    ("x" * 10_000, "(10000 characters)"), ({"a": 1}, "a mapping of 1 item"),
    (10**5000, "an integer of 5001 digits"), ([1] * 3, "a list of 3 items")],
    ids=["text", "mapping", "integer", "list"])
def test_brief_never_renders_whole_values(value, shown):
    assert shown in brief(value) and len(brief(value)) < 100


def test_genesis_export_of_another_table_is_a_parameter_problem(project):
    from pathlib import Path

    src = (Path(__file__).parent / "fixtures" / "official"
           / "genesis_12411-01-01-4_years_in_rows.csv")
    (project / "data" / "population.csv").write_bytes(src.read_bytes())
    f = write(project, "pop", data_path="data/population.csv", data_format="genesis")
    found = problems(project, f)
    assert "12411-01-01-4" in found[("pop", "data_path")]
    assert "not an employment table" in found[("pop", "data_path")]


def test_cut_off_data_line_is_a_data_path_problem_naming_the_line(project):
    panel = project / "data" / "panel.csv"
    panel.write_text(panel.read_text() + "14700,2020,49\n")
    found = problems(project, write(project, "cut"))
    assert "[line 14] 3 fields where the header has 4" in found[("cut", "data_path")]
