"""The exported HTML works offline: math as MathML, no script or style sheet from a CDN."""

from __future__ import annotations

import html.parser

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from clusteranalysis.runner._math import latex_to_mathml
from clusteranalysis.runner.export import notebook_to_html
from clusteranalysis.runner.params import ClusterReportParams


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for key, value in attrs:
            if key in ("src", "href") and value and value.strip().lower().startswith(
                    ("http:", "https:", "//")):
                self.refs.append((tag, value))


def external_references(page: str) -> tuple[list, int]:
    """(tag, URL) of every src/href that leaves the file, and the number of <script> tags."""
    parser = _Refs()
    parser.feed(page)
    return parser.refs, parser.scripts


def test_math_becomes_mathml_and_nothing_is_loaded_from_the_internet():
    nb = new_notebook(cells=[
        new_markdown_cell("The LQ is $LQ_{ir} = \\frac{e_{ir}/e_r}{E_i/E}$.\n\n$$G = \\sum_i x_i$$"),
        new_markdown_cell("Note for whoever edits the template", metadata={"tags": ["remove-cell"]}),
        new_code_cell("x = 1", outputs=[new_output("display_data", data={
            "text/markdown": "Growth $g_i$ of a cluster", "text/plain": "md"})]),
    ], metadata={"papermill": {"parameters": {"language": "de"}}})
    page = notebook_to_html(nb, title="t")
    refs, scripts = external_references(page)
    assert refs == [] and scripts == 0
    assert page.count("<math") == 3 and 'display="block"' in page
    assert "\\frac" not in page and "$" not in page.split("<body", 1)[1]
    assert "whoever edits" not in page
    assert '<html lang="de">' in page
    assert "$LQ_{ir}" in nb.cells[0].source  # the saved notebook keeps its LaTeX


@pytest.mark.parametrize("text", ["costs \\$5 and \\$6", "code `$x$` stays", "5$ and 6 $"])
def test_text_that_is_not_math_is_left_alone(text):
    assert latex_to_mathml(text) == text


def test_unreadable_formula_stays_visible_as_text():
    out = latex_to_mathml("broken $\\frac{a$ here")
    assert "broken" in out and "here" in out


def test_language_is_any_language_with_a_catalog():
    base = {"region": "14700", "start_year": 2015, "end_year": 2020, "reference": "00",
            "data_path": "data/sample_panel.csv"}
    assert ClusterReportParams.model_validate({**base, "language": "de"}).language == "de"
    with pytest.raises(ValueError, match="no message catalog for language 'xx'"):
        ClusterReportParams.model_validate({**base, "language": "xx"})
    with pytest.raises(ValueError, match="pattern"):
        ClusterReportParams.model_validate({**base, "language": "de; import os"})


def test_kernel_gets_the_submitting_process_clusteranalysis_variables(monkeypatch):
    """Workers forked from an older forkserver pass the caller's locale path on."""
    from clusteranalysis.runner.execute import kernel_env

    monkeypatch.delenv("CLUSTERANALYSIS_LOCALE_PATH", raising=False)
    assert kernel_env(None) is None
    env = kernel_env(None, (("CLUSTERANALYSIS_LOCALE_PATH", "/tmp/locale"),))
    assert env["CLUSTERANALYSIS_LOCALE_PATH"] == "/tmp/locale"
    assert "OMP_NUM_THREADS" not in env or env["OMP_NUM_THREADS"] == __import__("os").environ.get(
        "OMP_NUM_THREADS")
    assert kernel_env(2, ())["OMP_NUM_THREADS"] in ("2", __import__("os").environ.get(
        "OMP_NUM_THREADS"))
