"""Drawn charts on real inputs: no overlapping or clipped text, every word in one language.

Every chart of the cluster report is drawn for every city of the bundled sample
and for German districts of GENESIS table 13111-07-05-4 (``../shared/data``),
in English and German. After ``draw`` the text bounding boxes must not
overlap each other or bars and must stay inside the figure (texts in the plot
area inside the axes): :func:`clusteranalysis.plotting.layout_problems`.
The language test scans every text artist for words of the other language;
the vocabularies come from the message catalog itself (words of the English
source strings that no German translation uses, and vice versa).
"""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clusteranalysis as ca  # noqa: E402
from clusteranalysis import plotting  # noqa: E402
from clusteranalysis.plotting._layout import figure_texts, overlapping_pairs  # noqa: E402
from clusteranalysis.report._charts import keep_final_layout  # noqa: E402

LANGUAGES = ("en", "de")
FOLDER = "de-regionalstatistik-13111-07-05-4"
DISTRICTS = ("14713", "14612", "14511", "15002", "03103")  # Leipzig, Dresden, Chemnitz, Halle, Wolfsburg
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")


def _quiet(func, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # coverage notes of the definitions
        return func(*args, **kw)


def _shift(clusters, profile, region, start, end, reference):
    args = dict(start=start, end=end, reference=reference, by="cluster", total_code="total")
    shift = ca.shift_share(clusters, **args)
    return profile[["cluster", "label"]].merge(shift[shift["region"] == region], on="cluster")


def _charts(profile, shift, index_table, language, with_establishments=True):
    """(name, Axes) of every chart the cluster report draws."""
    kw = {"language": language}
    measures = [m for m in ("employment", "establishments", "tax")
                if f"{m}_share" in profile.columns]
    title = f"{profile['region'].iloc[0]}, {profile['start_year'].iloc[0]}"  # no words
    out = [("shares", plotting.shares_chart(profile, measures=measures, value_labels=True,
                                            title=title, **kw)),
           ("contribution", plotting.contribution_chart(profile, title=title, **kw)),
           ("portfolio", plotting.portfolio_chart(profile, title=title, **kw)),
           ("shift_share", plotting.shift_share_chart(shift, value_labels=True, **kw)),
           ("index", plotting.index_chart(index_table, **kw))]
    if with_establishments:
        out += [(f"bubble_{size}", plotting.bubble_chart(profile, size=size, **kw))
                for size in ("establishments", "employment", "tax")
                if f"{size}_end" in profile.columns]
    return out


def _index_table(clusters, region, start):
    by_year = clusters[clusters["region"] == region].set_index(["cluster", "year"])
    table = ca.growth_index(clusters[clusters["region"] == region], base_year=start,
                            by="cluster")
    return table.merge(by_year["label"].reset_index(), on=["cluster", "year"])


@pytest.fixture(scope="module")
def sample_inputs():
    return load_sample_inputs()


def load_sample_inputs():
    """Per language: (city, profile, shift-share table, index table) of every sample city."""
    panel = ca.load_sample()
    regions = ca.inputs.sample.load_sample_regions()
    cities = regions.loc[regions["level"] == "city", "region"].tolist()
    national = regions.loc[regions["level"] == "country", "region"].iloc[0]
    start, end = 2015, 2020
    out = {}
    for language in LANGUAGES:
        clusters = _quiet(ca.aggregate_clusters, panel[panel["year"].between(start, end)],
                          "leipzig", language=language)
        two = clusters[clusters["year"].isin([start, end])]
        rows = []
        for city in cities:
            profile = _quiet(ca.cluster_profile, panel, "leipzig", region=city,
                             start_year=start, end_year=end, reference=national,
                             language=language)
            rows.append((city, profile, _shift(two, profile, city, start, end, national),
                         _index_table(clusters, city, start)))
        out[language] = rows
    return out


@pytest.fixture(scope="module")
def district_inputs():
    from conftest import SHARED

    path = SHARED / FOLDER / "svb_arbeitsort_wz_kreise_2015_2020.csv"
    if not path.is_file():
        pytest.skip(f"real district data {path} not found (../shared/data is not beside "
                    "the clone)")
    return load_district_inputs(path)


def load_district_inputs(path):
    """Per language: (district, profile, shift, index) on the real table, WZ section groups."""
    from clusteranalysis.inputs.io import read_data

    panel = read_data(path, columns="ags=region,wz_code=industry,total=employment,"
                                   "total_flag=employment_flag")
    panel = panel[panel["region"].isin([*DISTRICTS, "DG"])][
        ["region", "year", "industry", "employment", "employment_flag"]]
    out = {}
    for language in LANGUAGES:
        clusters = _quiet(ca.aggregate_clusters, panel, "wz_sections", language=language)
        rows = []
        for code in DISTRICTS:
            profile = _quiet(ca.cluster_profile, panel, "wz_sections", region=code,
                             start_year=2015, end_year=2020, reference="DG",
                             language=language)
            rows.append((code, profile, _shift(clusters[clusters["year"].isin([2015, 2020])],
                                               profile, code, 2015, 2020, "DG"),
                         _index_table(clusters, code, 2015)))
        out[language] = rows
    return out


def _check_layout(rows, language, with_establishments=True):
    problems = []
    for region, profile, shift, index_table in rows:
        for name, ax in _charts(profile, shift, index_table, language, with_establishments):
            # as the report draws it: a layout measured by the last step is kept
            problems += [f"{region} {name} ({language}): {p}"
                         for p in plotting.layout_problems(keep_final_layout(ax.figure))]
            plt.close(ax.figure)
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_sample_charts_have_no_overlapping_or_clipped_text(sample_inputs, language):
    assert _check_layout(sample_inputs[language], language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_district_charts_have_no_overlapping_or_clipped_text(district_inputs, language):
    assert _check_layout(district_inputs[language], language, with_establishments=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_heatmap_of_all_sample_cities_has_no_overlapping_text(language):
    panel = ca.load_sample()
    clusters = _quiet(ca.aggregate_clusters, panel[panel["year"] == 2020], "leipzig",
                      language=language)
    lq = ca.location_quotient(clusters, by="cluster", total_code="total", reference="00")
    lq = lq[~lq["cluster"].isin(["other", "total", "00"]) & (lq["region"] != "00")]
    heat = lq.merge(clusters[["region", "cluster", "label"]], on=["region", "cluster"])
    ax = plotting.lq_heatmap(heat, language=language)
    assert plotting.layout_problems(ax.figure) == []


# --- one language per chart ---------------------------------------------------------------

def _vocabularies():
    """(English-only words, German-only words) of the catalog's messages."""
    from babel.messages.pofile import read_po

    from clusteranalysis.i18n.catalog import BUNDLED, DOMAIN

    with (BUNDLED / "de" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        catalog = read_po(fh, locale="de")

    def words(texts):
        return {w.lower() for t in texts for w in WORD.findall(re.sub(r"\{\w*\}", " ", t))}

    ids = [i for m in catalog if m.id for i in (m.id if isinstance(m.id, tuple) else (m.id,))]
    strings = [s for m in catalog if m.id
               for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    english, german = words(ids), words(strings)
    return english - german, german - english


def _foreign_words(ax, vocabulary):
    ax.figure.canvas.draw()
    texts = [t.get_text() for t, _owner in figure_texts(ax.figure)]
    return sorted({w for t in texts for w in WORD.findall(t) if w.lower() in vocabulary})


def _wrong_decimal_marks(ax, language):
    texts = [t.get_text() for t, _owner in figure_texts(ax.figure)]
    # a decimal mark of the other language: 1-2 digits after "." in German, after "," in English
    mark = r"\d\.\d{1,2}(?!\d)" if language == "de" else r"\d,\d{1,2}(?!\d)"
    return [t for t in texts if re.search(mark, t)]


def test_catalog_vocabularies_are_not_empty():
    english, german = _vocabularies()
    assert {"employment", "growth", "share"} <= english
    assert {"beschäftigung", "anteil"} <= german


@pytest.mark.parametrize("language", LANGUAGES)
def test_charts_contain_no_word_of_the_other_language(sample_inputs, language):
    english, german = _vocabularies()
    foreign = english if language == "de" else german
    found = {}
    for city, profile, shift, index_table in sample_inputs[language][:3]:
        for name, ax in _charts(profile, shift, index_table, language):
            words = _foreign_words(ax, foreign)
            marks = _wrong_decimal_marks(ax, language)
            if words or marks:
                found[f"{city} {name}"] = words + marks
            plt.close(ax.figure)
    assert found == {}


def test_german_district_charts_contain_no_english_word(district_inputs):
    english, _german = _vocabularies()
    found = {}
    for code, profile, shift, index_table in district_inputs["de"][:1]:
        for name, ax in _charts(profile, shift, index_table, "de", with_establishments=False):
            if words := _foreign_words(ax, english):
                found[f"{code} {name}"] = words
            plt.close(ax.figure)
    assert found == {}


def test_scan_would_catch_an_english_word(sample_inputs):
    """The language scan is not vacuous: an English chart read as German fails it."""
    english, _german = _vocabularies()
    _city, profile, shift, index_table = sample_inputs["en"][0]
    ax = plotting.bubble_chart(profile, language="en")
    assert {"Employment", "growth"} <= set(_foreign_words(ax, english))


# --- the layout checker itself ------------------------------------------------------------

def test_layout_problems_finds_overlaps_bars_and_clipping():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar([0, 1], [1, 2])
    ax.text(0, 0.5, "on a bar")
    ax.text(1.5, 1.0, "far outside the axes on the right")
    problems = plotting.layout_problems(fig)
    assert "'on a bar' overlaps a bar" in problems
    assert any("leaves the plot area" in p for p in problems)


def test_overlapping_pairs_vectorised():
    boxes = pd.DataFrame([[0, 0, 10, 10], [9, 9, 20, 20], [10.2, 0, 12, 5]]).to_numpy()
    assert overlapping_pairs([[0, 0, 10, 10], [10.3, 0, 20, 10]]) == []
    assert overlapping_pairs(boxes) == [(0, 1)]  # box 2 only touches box 0's edge
    assert overlapping_pairs(boxes, [[5, 5, 6, 6]]) == [(0, 0)]


def test_lay_out_measures_as_a_full_draw_does_without_drawing_any_artist(sample_inputs,
                                                                         monkeypatch):
    """Label placement and value-label fitting measure after ``lay_out`` (the layout only):
    every text sits where a full draw puts it, and no artist was drawn for it."""
    from matplotlib.text import Text

    from clusteranalysis.plotting._layout import boxes_of, lay_out

    _, profile, *_ = sample_inputs["de"][0]

    def chart():
        fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
        ax.scatter(profile["employment_growth_pct"], profile["establishments_growth_pct"])
        ax.set_ylabel("Wachstum der Betriebe, Prozent\nzweite Zeile")
        ax.set_title("Cluster\nmit Titel über zwei Zeilen")
        return fig, ax, [ax.text(x, y, label) for x, y, label in zip(
            profile["employment_growth_pct"], profile["establishments_growth_pct"],
            profile["label"])]

    fig, ax, texts = chart()
    before = ax.get_position().bounds
    drawn = []
    monkeypatch.setattr(Text, "draw", lambda self, renderer: drawn.append(self))
    measured = boxes_of(texts, lay_out(fig))
    monkeypatch.undo()
    assert drawn == []
    assert ax.get_position().bounds != before  # the constrained layout took effect
    full, _, full_texts = chart()
    full.draw_without_rendering()
    assert (boxes_of(full_texts, full.canvas.get_renderer()) == measured).all()
    plt.close(fig)
    plt.close(full)


def test_report_keeps_the_layout_the_labels_were_placed_for(sample_inputs, monkeypatch):
    """A chart whose last step laid it out to place or fit labels is drawn in the report
    without a second layout (the labels stay where they were measured); a figure handed to
    a library user keeps its layout engine, so what the user adds is laid out."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from clusteranalysis.report._charts import draw
    from clusteranalysis.report._html import figure_png

    city, profile, shift, index_table = sample_inputs["en"][0]
    runs = []
    execute = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute",
                        lambda self, fig: runs.append(fig) or execute(self, fig))
    for func, args, kw in [(plotting.bubble_chart, (profile,), {}),
                           (plotting.portfolio_chart, (profile,), {}),
                           (plotting.shares_chart, (profile,), {"value_labels": True}),
                           (plotting.contribution_chart, (profile,), {}),
                           (plotting.shift_share_chart, (shift,), {"value_labels": True})]:
        fig = draw(func, *args, language="en", **kw)
        assert fig.get_layout_engine() is None or not isinstance(
            fig.get_layout_engine(), ConstrainedLayoutEngine), func.__name__
        runs.clear()
        figure_png(fig, dpi=40)
        assert runs == [], func.__name__
    # the index chart has no label step: laid out when drawn, as before
    fig = draw(plotting.index_chart, index_table, language="en")
    figure_png(fig, dpi=40)
    assert runs == [fig]
    # the library: the same bubble chart keeps its engine and lays out a new title
    ax = plotting.bubble_chart(profile, language="en")
    assert isinstance(ax.figure.get_layout_engine(), ConstrainedLayoutEngine)
    ax.figure.suptitle("A title the user added\nover two lines")
    assert plotting.layout_problems(ax.figure) == []
    plt.close("all")


def test_a_layout_is_final_only_when_measured_last():
    """fit_texts settles a figure only when its last measurement found every label inside;
    a later lay_out (something changed) takes the note back."""
    from clusteranalysis.plotting._layout import fit_texts, lay_out, settled

    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.barh(["a", "b"], [1, 10])
    label = ax.text(10, 1, "  a long value label", va="center")
    fit_texts(ax, [label], axis="x", rounds=0)  # no round: nothing measured
    assert not settled(fig)
    fit_texts(ax, [label], axis="x")
    assert settled(fig)
    lay_out(fig)
    assert not settled(fig)
    plt.close(fig)
