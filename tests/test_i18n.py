"""Message catalogs (gettext/Babel) and locale-aware number formatting."""

import io
import math
import re
import subprocess
import sys
from gettext import GNUTranslations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteranalysis.i18n import Formatter, available_languages, gettext_for
from clusteranalysis.i18n.catalog import BUNDLED, DOMAIN

PACKAGE = Path(__file__).resolve().parents[1] / "clusteranalysis"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(lang):
    from babel.messages.pofile import read_po

    with (BUNDLED / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _extracted():
    from babel.messages.extract import extract_from_dir

    found = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, f"{filename}:{lineno}")
    return found


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_compiled_mo_matches_po(lang):
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, _catalog(lang))
    buf.seek(0)
    fresh = GNUTranslations(buf)
    with (BUNDLED / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
        committed = GNUTranslations(fh)
    # the header ("" entry) names the Babel version that compiled it; compare the messages
    messages = lambda tr: {k: v for k, v in tr._catalog.items() if k != ""}  # noqa: E731
    assert messages(committed) == messages(fresh), (
        "the .mo is out of date: run pybabel compile (docs/i18n.md)")


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_every_source_string_is_translated(lang):
    catalog = _catalog(lang)
    missing = [f"{where}: {msg!r}" for msg, where in _extracted().items()
               if not catalog.get(msg) or not catalog.get(msg).string
               or catalog.get(msg).fuzzy]
    assert missing == [], "untranslated or fuzzy (pybabel update, then translate):\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_translations_keep_the_placeholders(lang):
    bad = []
    for m in _catalog(lang):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        # a plural form may leave out what only the other form names ("the cluster" /
        # "the {n} clusters"), but never invent one or drop one both forms have
        found = [set(PLACEHOLDER.findall(i)) for i in ids]
        allowed, needed = set.union(*found), set.intersection(*found)
        bad += [m.id for s in strings
                if not needed <= set(PLACEHOLDER.findall(s)) <= allowed]
    assert bad == []


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="no catalog"):
        gettext_for("xx")
    with pytest.raises(ValueError, match="language must be"):
        Formatter("../../etc")


def test_a_new_language_is_a_catalog_file_not_code(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    cat = Catalog(locale="fr", domain=DOMAIN)
    cat.add("n/a", "n.d.")
    cat.add("{value} pp", "{value} pts")
    target = tmp_path / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{DOMAIN}.mo").open("wb") as fh:
        write_mo(fh, cat)
    assert "fr" not in available_languages()
    monkeypatch.setenv("CLUSTERANALYSIS_LOCALE_PATH", str(tmp_path))
    assert "fr" in available_languages()
    fr = Formatter("fr")
    assert fr.missing == "n.d."
    assert fr.pp(0.5) == "+0,5 pts"
    assert fr.decimal(1234.5, 1) == "1\u202f234,5"


@pytest.mark.parametrize("lang, expected", [
    ("en", ["1,234,567", "5.9%", "-0.0%", "+0.5 pp", "1.00", "€5.2M", "€534,000"]),
    ("de", ["1.234.567", "5,9\xa0%", "-0,0\xa0%", "+0,5 Pp.", "1,00", "5,2\xa0Mio.\xa0€",
            "534.000\xa0€"]),
])
def test_golden_formats(lang, expected):
    f = Formatter(lang)
    got = [f.integer(1234567), f.percent(5.94), f.percent(-0.04, signed=True), f.pp(0.52),
           f.lq(0.999), f.currency(5_234_000), f.currency(534_000)]
    assert got == expected


def test_dates_and_periods():
    import datetime as dt

    assert Formatter("de").date(dt.date(2026, 12, 1)) == "1. Dezember 2026"
    assert Formatter("en").date(dt.date(2026, 12, 1)) == "December 1, 2026"
    assert Formatter("en").period(2015, 2020) == "2015\u20132020"


def _parse(text, lang):
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("\xa0%", "").replace("%", "")
    if lang == "de":
        body = body.replace(".", "").replace(",", ".")
    else:
        body = body.replace(",", "")
    return sign * float(body)


@given(x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
       digits=st.integers(0, 3), lang=st.sampled_from(["en", "de"]),
       signed=st.booleans())
def test_sign_comes_from_the_value_and_rounding_is_honest(x, digits, lang, signed):
    f = Formatter(lang)
    for text, value in [(f.decimal(x, digits, signed), x), (f.percent(x, digits, signed), x)]:
        assert text.startswith("-") == (x < 0)
        assert text.startswith("+") == (signed and x > 0)
        assert math.isclose(_parse(text, lang), value, abs_tol=0.5 * 10 ** -digits + 1e-9 * abs(value))


@pytest.mark.parametrize("value", [float("nan"), None])
def test_missing_is_never_zero(value):
    f = Formatter("en")
    assert {f.decimal(value), f.percent(value), f.pp(value), f.lq(value), f.currency(value)} == {"n/a"}


def test_import_is_light():
    code = "import sys, clusteranalysis.i18n; print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sign_of_a_tiny_negative_percent_survives_the_division():
    # -5e-324 / 100 underflows to -0.0; the sign must come from the value itself
    assert Formatter("en").percent(-5e-324, 0) == "-0%"
    assert Formatter("de").percent(-5e-324, 1, signed=True) == "-0,0\xa0%"
