"""Batch runner: validation of parameter files, index page, cache key (no kernels)."""

from __future__ import annotations

import os
from concurrent.futures import Executor
from pathlib import Path

import pytest

from clusteranalysis.runner import (CityComparisonParams, ClusterReportParams,
                                    InvalidParameters, ReportParams, Template, run_batch)
from clusteranalysis.runner.cache import cache_key
from clusteranalysis.runner.index import render_index
from clusteranalysis.runner.params import RegionCode
from clusteranalysis.runner.paths import resolve_data_roots
from clusteranalysis.runner.validate import validate_batch

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
PANEL = """region,year,industry,employment
00,2015,29,100
00,2015,TOTAL,300
00,2020,29,120
00,2020,TOTAL,330
14700,2015,29,10
14700,2015,TOTAL,30
14700,2020,29,12
14700,2020,TOTAL,33
01001,2015,29,5
01001,2015,TOTAL,20
01001,2020,29,6
01001,2020,TOTAL,21
"""
GOOD = {"template": "fx", "region": '"14700"', "start_year": "2015", "end_year": "2020",
        "reference": '"00"', "data_path": "data/panel.csv"}


class FixtureParams(ReportParams):
    """The fixture template's parameters: one region plus two test switches."""

    region: RegionCode
    fail: bool = False
    sleep_seconds: float = 0.0

    def region_codes(self) -> list[str]:
        return [self.region]


REGISTRY = {
    "fx": Template("fx", FIXTURES / "report.ipynb", FixtureParams),
    "cmp": Template("cmp", FIXTURES / "comparison.ipynb", CityComparisonParams),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with data/panel.csv and an empty parameters/ folder."""
    monkeypatch.delenv("CLUSTERANALYSIS_DATA_ROOTS", raising=False)
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    (root / "parameters").mkdir()
    (root / "data" / "panel.csv").write_text(PANEL, encoding="utf-8")
    return root


def write(project: Path, name: str, drop=(), **lines) -> Path:
    """Write parameters/<name>.yaml from GOOD, with raw YAML values overridden."""
    values = {k: v for k, v in {**GOOD, **lines}.items() if k not in drop}
    path = project / "parameters" / f"{name}.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in values.items()), encoding="utf-8")
    return path


def check(project, *files, registry=REGISTRY, extra_roots=None):
    roots = resolve_data_roots(project, extra_roots)
    return validate_batch(files, project_root=project, data_roots=roots, registry=registry)


def problems(project, *files, **kw):
    _, invalid = check(project, *files, **kw)
    return {(b.name, p.key): p.message for b in invalid for p in b.problems}


def test_valid_file_gives_spec_with_absolute_data_path(project):
    specs, invalid = check(project, write(project, "ok"))
    assert not invalid
    (spec,) = specs
    assert spec.name == "ok" and spec.template.name == "fx"
    assert spec.inject["data_path"] == str((project / "data" / "panel.csv").resolve())
    assert spec.inject["region"] == "14700" and "title" not in spec.inject


def test_unknown_key_and_injecting_names_are_rejected(project):
    f = write(project, "bad", colour="red", **{
        "\"x=__import__('os').system('touch pwned')\"": "1", '"region\\nimport os"': '"1"'})
    found = problems(project, f)
    assert found[("bad", "colour")].startswith("unknown key (allowed: template, start_year")
    assert ("bad", "\"x=__import__('os').system('touch pwned')\"") in found
    assert ("bad", "'region\\nimport os'") in found


@pytest.mark.parametrize("raw, number", [("14700", "14700"), ("06037", "3103")])
def test_unquoted_region_code_is_rejected_with_a_hint(project, raw, number):
    found = problems(project, write(project, "bad", region=raw))
    msg = found[("bad", "region")]
    assert 'must be quoted strings in YAML, e.g. region: "06037"' in msg
    assert f"number {number}" in msg


@pytest.mark.parametrize("region", ['"14 700"', '"14700\\n"', '""', '"1234567890123"'])
def test_region_code_pattern(project, region):
    assert ("bad", "region") in problems(project, write(project, "bad", region=region))


@pytest.mark.parametrize("lines, key", [
    ({"start_year": '"2015"'}, "start_year"), ({"start_year": "2015.0"}, "start_year"),
    ({"end_year": "2015"}, "end_year"), ({"start_year": "1900"}, "start_year"),
    ({"end_year": "true"}, "end_year"), ({"language": "fr"}, "language"),
    ({"definition": "Leipzig"}, "definition"), ({"definition": "nosuchdef"}, "definition"),
    ({"title": "2020-01-01"}, "title"), ({"reference": "0"}, "reference"),
])
def test_strict_types_and_ranges(project, lines, key):
    assert ("bad", key) in problems(project, write(project, "bad", **lines))


def test_missing_required_key(project):
    found = problems(project, write(project, "bad", drop=("data_path",)))
    assert found[("bad", "data_path")] == "required key is missing"


def test_data_path_outside_the_data_folders_is_rejected(project, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text(PANEL, encoding="utf-8")
    (project / "data" / "link.csv").symlink_to(secret)
    files = [write(project, "dots", data_path="../../etc/passwd"),
             write(project, "absolute", data_path=str(secret)),
             write(project, "symlink", data_path="data/link.csv"),
             write(project, "missing", data_path="data/nope.csv")]
    found = problems(project, *files)
    for name in ("dots", "absolute", "symlink"):
        assert "outside the allowed data folders" in found[(name, "data_path")]
    assert "file not found" in found[("missing", "data_path")]


def test_extra_data_roots_from_argument_and_environment(project, tmp_path, monkeypatch):
    shared = tmp_path / "shared" / "data"
    shared.mkdir(parents=True)
    (shared / "panel.csv").write_text(PANEL, encoding="utf-8")
    f = write(project, "shared", data_path="../shared/data/panel.csv")
    assert problems(project, f)  # not allowed by default
    assert not problems(project, f, extra_roots=[shared])
    monkeypatch.setenv("CLUSTERANALYSIS_DATA_ROOTS", "../shared/data")
    assert not problems(project, f)


def test_regions_reference_and_years_must_be_in_the_data(project):
    files = [write(project, "region", region='"99999"'),
             write(project, "reference", reference='"DG"'),
             write(project, "years", end_year="2021"),
             write(project, "nullref", reference="null"),
             write(project, "emptyref", reference='""')]
    found = problems(project, *files)
    assert "region '99999' is not in" in found[("region", "region")]
    assert "region 'DG' is not in" in found[("reference", "reference")]
    assert "no rows for 2021" in found[("years", "region")]
    assert not any(name in ("nullref", "emptyref") for name, _ in found)


def test_comparison_regions(project):
    base = {"template": "cmp", "drop": ("region",)}
    files = [write(project, "ok", regions='["14700", "01001"]', **base),
             write(project, "one", regions='["14700"]', **base),
             write(project, "twice", regions='["14700", "14700"]', **base),
             write(project, "number", regions='["14700", 1001]', **base)]
    specs, invalid = check(project, *files)
    assert [s.name for s in specs] == ["ok"]
    found = {(b.name, p.key): p.message for b in invalid for p in b.problems}
    assert "at least 2" in found[("one", "regions")]
    assert "listed twice: 14700" in found[("twice", "regions")]
    assert "quoted" in found[("number", "regions[1]")]


def test_file_level_problems(project):
    d = project / "parameters"
    (d / "dup.yaml").write_text("template: fx\ntemplate: fx\n")
    (d / "list.yaml").write_text("- a\n- b\n")
    (d / "empty.yaml").write_text("")
    (d / "index.yaml").write_text("template: fx\n")
    (d / "bad name.yaml").write_text("template: fx\n")
    found = problems(project, d)
    assert "duplicate key 'template'" in found[("dup", None)]
    assert "not a list" in found[("list", None)]
    assert "not empty" in found[("empty", None)]
    assert "reserved" in found[("index", None)]
    assert "cannot name a report" in found[("bad name", None)]
    assert "must be one of fx, cmp" in problems(project, write(project, "t", template="nb"))[
        ("t", "template")]


def test_template_parameters_must_match_the_model(project):
    registry = {"fx": Template("fx", FIXTURES / "report.ipynb", ClusterReportParams)}
    msg = problems(project, write(project, "ok"), registry=registry)[("ok", "template")]
    assert "not declared in the notebook: region_name, shared_size_norm" in msg
    assert "not known to the runner's model: fail, sleep_seconds" in msg


def test_all_problems_are_reported_together_and_nothing_runs(project, tmp_path):
    class NeverExecutor(Executor):
        def submit(self, fn, /, *args, **kwargs):
            raise AssertionError("nothing may run")

    marker = tmp_path / "pwned"
    write(project, "good")
    write(project, "inject", **{f"\"x=__import__('os').system('touch {marker}')\"": "1"})
    write(project, "number", region="14700")
    out = tmp_path / "out"
    with pytest.raises(InvalidParameters) as err:
        run_batch([project / "parameters"], out, executor=NeverExecutor(),
                  registry=REGISTRY, project_root=project)
    assert {p.file.split(os.sep)[-1] for p in err.value.problems} == {"inject.yaml",
                                                                      "number.yaml"}
    assert "2 invalid parameter files (nothing was run)" in str(err.value)
    assert not marker.exists() and not out.exists()


def test_keep_going_lists_invalid_files_in_the_index(project, tmp_path):
    marker = tmp_path / "pwned"
    write(project, "inject", **{f"\"x=__import__('os').system('touch {marker}')\"": "1"})
    result = run_batch([project / "parameters"], tmp_path / "out", registry=REGISTRY,
                       project_root=project, keep_going=True, quiet=True)
    assert [(r.name, r.status) for r in result.reports] == [("inject", "invalid")]
    assert result.exit_code == 1 and result.summary() == "0 ok, 0 skipped, 1 failed (1 invalid)"
    page = result.index.read_text(encoding="utf-8")
    assert "unknown key" in page and "invalid" in page
    assert not marker.exists()


def test_index_escapes_text_and_quotes_links():
    page = render_index([{"name": "a b&c", "title": '<script>alert("x")</script>',
                          "status": "failed", "html": "a b&c.html", "error": "<b>boom</b>"}])
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "&lt;b&gt;boom&lt;/b&gt;" in page
    assert 'href="a%20b%26c.html"' in page


def test_cache_key_follows_parameters_and_input_bytes(project):
    (spec,) = check(project, write(project, "a"))[0]
    key = cache_key(spec, "1")
    assert cache_key(spec, "1") == key and cache_key(spec, "2") != key
    (other,) = check(project, write(project, "a", language="de"))[0]
    assert cache_key(other, "1") != key
    with open(project / "data" / "panel.csv", "a", encoding="utf-8") as fh:
        fh.write("01001,2021,29,1\n")
    assert cache_key(spec, "1") != key


def test_cli_parser_has_the_run_command():
    from clusteranalysis.cli import build_parser

    args = build_parser().parse_args(["run", "p/a.yaml", "p", "--jobs", "2", "--force",
                                      "--data-root", "x", "--data-root", "y", "-q"])
    assert args.paths == ["p/a.yaml", "p"] and args.jobs == 2 and args.force and args.quiet
    assert args.data_root == ["x", "y"] and args.out == "reports"
    assert args.cell_timeout == 120 and args.report_timeout == 600


@pytest.mark.parametrize("name", ["cluster_report", "city_comparison"])
def test_real_templates_match_the_runner_models(name):
    from clusteranalysis.runner import TEMPLATES
    from clusteranalysis.runner.registry import check_template

    repo = Path(__file__).resolve().parent.parent
    if not TEMPLATES[name].notebook_path(repo).is_file():
        pytest.skip(f"template notebooks/{name}.ipynb not written yet")
    assert check_template(TEMPLATES[name], repo) is None


@pytest.mark.parametrize("lines, key", [
    ({"data_format": "csv"}, "data_format"), ({"data_format": "GENESIS"}, "data_format"),
    ({"data_columns": '"a=b;import os"'}, "data_columns"),
    ({"data_columns": "\"a=b\\nimport os\""}, "data_columns"),
    ({"data_columns": '"a=b,c"'}, "data_columns"), ({"data_columns": "1"}, "data_columns"),
])
def test_data_format_and_column_map_are_checked(project, lines, key):
    assert ("bad", key) in problems(project, write(project, "bad", **lines))


def test_column_map_renames_a_tidy_file_before_the_data_check(project):
    text = PANEL.replace("region,year,industry,employment", "ags,year,wz,total")
    (project / "data" / "other.csv").write_text(text, encoding="utf-8")
    ok = write(project, "ok", data_path="data/other.csv",
               data_columns='"ags=region,wz=industry,total=employment"')
    missing = write(project, "missing", data_path="data/other.csv",
                    data_columns='"nosuch=region"')
    found = problems(project, ok, missing)
    assert ("ok", "data_path") not in found
    assert "column(s) to rename not in the file: nosuch" in found[("missing", "data_path")]
    (spec,) = check(project, ok)[0]
    assert spec.inject["data_columns"] == "ags=region,wz=industry,total=employment"
    assert spec.inject["data_format"] == "tidy"


def test_genesis_folder_is_a_data_path_and_each_export_enters_the_cache_key(project):
    export = Path(__file__).parent / "fixtures" / "official" / "genesis_13111-07-05-4_2020.csv"
    folder = project / "data" / "genesis"
    folder.mkdir()
    raw = export.read_bytes()
    (folder / "13111-07-05-4_2020.csv").write_bytes(raw)
    (folder / "13111-07-05-4_2015.csv").write_bytes(raw.replace(b"2020", b"2015"))
    (project / "data" / "empty").mkdir()
    good = write(project, "good", data_format="genesis", data_path="data/genesis",
                 region='"01001"', reference='"DG"')
    tidy = write(project, "tidy", data_path="data/genesis")
    empty = write(project, "empty", data_format="genesis", data_path="data/empty")
    found = problems(project, good, tidy, empty)
    assert not any(name == "good" for name, _ in found), found
    assert "only data_format \"genesis\" reads a folder" in found[("tidy", "data_path")]
    assert "contains no GENESIS export" in found[("empty", "data_path")]
    (spec,) = check(project, good)[0]
    assert spec.inject["data_path"] == str(folder.resolve())
    assert {p.name for p in spec.inputs} >= {"13111-07-05-4_2015.csv", "13111-07-05-4_2020.csv"}
    key = cache_key(spec, "1")
    (folder / "13111-07-05-4_2016.csv").write_bytes(raw.replace(b"2020", b"2016"))
    (spec,) = check(project, good)[0]
    assert cache_key(spec, "1") != key
