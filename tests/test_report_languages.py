"""Reports in one language only, and a third language that is a catalog file, not code.

German and English reports for a sample city and for Leipzig on the real district
table (``../shared/data``; skipped without it) are produced by ``clusteranalysis run``;
the visible text of the HTML and the text artists of every chart of every section are
scanned for words of the other language. Proper names (cities, publishers, programmes)
are on a short allow-list. A pseudo-French catalog compiled into a temporary folder and
found through ``CLUSTERANALYSIS_LOCALE_PATH`` gives a report in a language the package
does not ship.
"""

from __future__ import annotations

import html.parser
import os
import re
from pathlib import Path

import pytest
import yaml

from clusteranalysis.i18n import available_languages
from test_export_offline import external_references

REPO = Path(__file__).resolve().parent.parent
SHARED = (Path(os.environ.get("CLUSTERANALYSIS_SHARED", REPO.parent / "shared")) / "data"
          / "de-regionalstatistik-13111-07-05-4")  # as in conftest.py

#: Words that mark a language (frequent function words and the report's own vocabulary).
WORDS = {
    "de": {"und", "der", "die", "das", "des", "den", "mit", "nicht", "ist", "sind", "für",
           "beschäftigte", "beschäftigung", "beschäftigungswachstum", "wachstum", "anteil",
           "betriebe", "gewerbesteuer", "übrige", "gesamtwirtschaft", "veränderung",
           "daten", "hinweise", "zeitraum", "quelle", "stand", "eckdaten", "befunde",
           "englisch", "oder", "über", "nach"},
    "en": {"the", "and", "of", "with", "not", "is", "are", "for", "employment", "employees",
           "growth", "share", "establishments", "trade", "tax", "total", "other", "economy",
           "change", "data", "notes", "period", "source", "findings", "headline", "figures",
           "measure", "bubble", "size", "contribution", "than", "from", "above", "below"},
}
#: Proper names that may appear in either language (removed before the scan).
PROPER_NAMES = [
    "Statistische Ämter des Bundes und der Länder", "Regionaldatenbank Deutschland",
    "Leipzig, Stadt", "Deutschland", "U.S. Cluster Mapping Project",
    "European Cluster Observatory", "Musterland", "WZ 2008",
    "Shift-Share",  # the German technical term (Shift-Share-Analyse)
]


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def foreign_words(text: str, language: str) -> set[str]:
    """Words of the other language in *text* (proper names removed)."""
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    other = "en" if language == "de" else "de"
    return {w for w in re.findall(r"[^\W\d_]+", text.lower())} & WORDS[other]


def test_scanner_finds_mixed_language():
    assert foreign_words("Beschäftigte 2020 and growth", "de") == {"and", "growth"}
    assert foreign_words("Employment growth 2015–2020 (Übrige Wirtschaft)", "en") == {"übrige"}
    assert foreign_words("Leipzig, Stadt: Eckdaten", "de") == set()


def _cases(shared: bool) -> dict[str, dict]:
    sample = {"template": "cluster_report", "region": "14700", "start_year": 2015,
              "end_year": 2020, "definition": "leipzig", "reference": "00",
              "data_path": "data/sample_panel.csv"}
    cases = {f"sample_{lang}": {**sample, "language": lang} for lang in ("en", "de")}
    cases["comparison_de"] = {"template": "city_comparison", "regions": ["14700", "08290"],
                              **{k: v for k, v in sample.items()
                                 if k not in ("template", "region")}, "language": "de"}
    if shared:
        leipzig = {"template": "cluster_report", "region": "14713", "start_year": 2015,
                   "end_year": 2020, "definition": "wz_sections", "reference": "DG",
                   "data_path": str(SHARED / "svb_arbeitsort_wz_kreise_2015_2020.csv"),
                   "data_columns": "ags=region,wz_code=industry,total=employment,"
                                   "total_flag=employment_flag"}
        cases.update({f"leipzig_{lang}": {**leipzig, "language": lang} for lang in ("en", "de")})
    return cases


@pytest.fixture(scope="module")
def pseudo_catalog(tmp_path_factory):
    """A test-only language ``fr``: every message wrapped in ⟦…⟧, compiled with Babel."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="fr", domain="clusteranalysis")
    for _f, _l, msg, _c, _ctx in extract_from_dir(
            str(REPO / "clusteranalysis"), method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}):
        if isinstance(msg, tuple):
            catalog.add(msg, tuple(f"⟦{m}⟧" for m in msg))
        else:
            catalog.add(msg, f"⟦{msg}⟧")
    root = tmp_path_factory.mktemp("locale")
    target = root / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "clusteranalysis.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return root


@pytest.fixture(scope="module")
def reports(pseudo_catalog, tmp_path_factory):
    """All cases (and the pseudo-French report) in one `clusteranalysis run`."""
    from clusteranalysis.cli import main

    mp = pytest.MonkeyPatch()
    mp.setenv("CLUSTERANALYSIS_LOCALE_PATH", str(pseudo_catalog))
    tmp = tmp_path_factory.mktemp("languages")
    cases = _cases(SHARED.is_dir())
    cases["sample_fr"] = {**cases["sample_en"], "language": "fr"}
    files = []
    for name, params in cases.items():
        files.append(tmp / f"{name}.yaml")
        files[-1].write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    args = ["run", *map(str, files), "--out", str(tmp / "out"), "--project", str(REPO),
            "--jobs", "2", "--quiet"]
    if SHARED.is_dir():
        args += ["--data-root", str(SHARED)]
    try:
        assert main(args) == 0
    finally:
        mp.undo()
    return {name: (tmp / "out" / f"{name}.html").read_text(encoding="utf-8") for name in cases}


@pytest.mark.parametrize("name", ["sample_en", "sample_de", "comparison_de", "leipzig_en",
                                  "leipzig_de"])
def test_report_html_has_no_word_of_the_other_language(reports, name):
    if name not in reports:
        pytest.skip(f"real district data not found at {SHARED}")
    language = name.rsplit("_", 1)[1]
    page = reports[name]
    assert f'<html lang="{language}">' in page
    assert foreign_words(visible_text(page), language) == set()
    assert external_references(page) == ([], 0)  # offline: no CDN script, no MathJax


def test_a_language_without_a_bundled_catalog_is_a_catalog_file(reports, pseudo_catalog):
    assert "fr" not in available_languages()  # only with the locale path set
    text = visible_text(reports["sample_fr"])
    assert "⟦Headline figures⟧" in text and "⟦Notes on the data⟧" in text
    # French number format from Babel's locale data: narrow no-break space groups
    assert re.search(r"\d\u202f\d{3}", text)
    # every heading of the report came through the catalog
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", reports["sample_fr"], flags=re.S)
    assert headings and all(h.strip().startswith("⟦") for h in headings)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_chart_text_is_in_the_report_language(language):
    """Text artists of every figure of every section, drawn without a kernel."""
    from test_report_sections import cluster_sections  # noqa: PLC0415 (shared builder)

    for section in cluster_sections(language):
        assert foreign_words(section.text(), language) == set(), section.title
