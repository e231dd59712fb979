"""Stored HTML/JS injection: strings from parameter files, data files and definitions.

Reports are rendered through the batch runner with a title (parameter file),
region names (a ``name`` column of the data file) and cluster labels (a
definition file) that carry ``<script>`` and event-handler payloads. The
exported HTML of the cluster report, the city comparison and ``index.html``
is parsed with :mod:`html.parser`: no ``<script>`` element at all (the export
loads no scripts), no ``on*`` attribute, no image but inline PNGs, no
``javascript:`` link — and the payload text is visible as text.
"""

from __future__ import annotations

import html.parser
from pathlib import Path

import pandas as pd
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
NAME = "<img src=x onerror=alert(2)><script>alert(3)</script> $\\foo$"  # $: no mathtext
LABEL = '<script>alert(4)</script><b onmouseover="alert(5)">Auto</b>[x](javascript:alert(6))'
PARAM_NAME = '<svg onload=alert(7)>Kreis "X" & $\\bar$'  # region_name of a parameter file
REGIONS = ["00", "14700", "08290", "01090", "14790", "16090"]


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def live_markup(page: str) -> list:
    """Tags or attributes in *page* that would run code or load something."""
    parser = _Tags()
    parser.feed(page)
    bad = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "object", "embed"):
            bad.append((tag, attrs))
        bad += [(tag, k) for k in attrs if k.lower().startswith("on")]
        if tag == "img" and not str(attrs.get("src", "")).startswith("data:image/png;base64,"):
            bad.append((tag, attrs))
        if any(str(v).strip().lower().startswith("javascript:") for v in attrs.values()):
            bad.append((tag, attrs))
    return bad


def visible_text(page: str) -> str:
    parser = _Tags()
    parser.feed(page)
    return "".join(parser.text)


def test_checker_finds_live_payloads():
    assert live_markup(f"<p>{NAME}</p>") and live_markup(f"<h1>{TITLE}</h1>")
    assert live_markup(LABEL)
    assert live_markup('<a href=" JavaScript:alert(1)">x</a>')
    assert not live_markup('<img src="data:image/png;base64,AAAA" alt="&lt;script&gt;">')


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    from clusteranalysis.runner import run_batch

    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    data.mkdir()
    panel = pd.read_csv(REPO / "data" / "sample_panel.csv", dtype={"region": str,
                                                                    "industry": str})
    panel = panel[panel["region"].isin(REGIONS) & panel["year"].isin([2015, 2020])]
    panel = panel.assign(name=panel["region"].map({"00": "Nation", "14700": NAME})
                         .fillna("Stadt " + panel["region"]))
    panel.to_csv(data / "hostile_panel.csv", index=False)
    definition = yaml.safe_load((REPO / "data" / "definitions" / "leipzig.yaml")
                                .read_text(encoding="utf-8"))
    definition["name"] = "hostile"
    definition["clusters"][0]["label"] = LABEL
    (data / "hostile.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True),
                                       encoding="utf-8")
    common = {"start_year": 2015, "end_year": 2020, "definition": str(data / "hostile.yaml"),
              "reference": "00", "data_path": str(data / "hostile_panel.csv"), "title": TITLE}
    files = {"report": {"template": "cluster_report", "region": "14700", **common},
             "named": {"template": "cluster_report", "region": "08290",
                       "region_name": PARAM_NAME, **common},
             "comparison": {"template": "city_comparison", "regions": ["14700", "08290"],
                            **common}}
    params = []
    for name, content in files.items():
        params.append(tmp / f"{name}.yaml")
        params[-1].write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    result = run_batch(params, tmp / "out", data_roots=[data], project_root=REPO, quiet=True,
                       jobs=2)
    assert result.exit_code == 0, [r.error for r in result.reports]
    return {p.stem: p.read_text(encoding="utf-8") for p in (tmp / "out").glob("*.html")}


@pytest.mark.parametrize("page", ["report", "named", "comparison", "index"])
def test_no_live_tag_or_attribute_from_untrusted_strings(hostile_batch, page):
    html_text = hostile_batch[page]
    assert live_markup(html_text) == []
    text = visible_text(html_text)
    assert TITLE in text  # shown as text, not dropped
    if page != "index":
        assert (PARAM_NAME if page == "named" else NAME) in text and LABEL in text
