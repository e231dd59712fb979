"""Cell-level rules of GENESIS table exports (internal).

Value symbols, quality marks, German numbers, WZ labels, AGS levels, dates
and measure names. :mod:`clusteranalysis.inputs.readers.genesis` applies them to a
whole file.
"""

from __future__ import annotations

import math
import re
import unicodedata

#: GENESIS value symbols (Zeichenerklärung) → (value, flag). ``.`` and ``/``
#: are withheld values (``suppressed``); ``-`` is exactly zero; ``x`` (cell
#: locked, not sensible) and ``...`` (not yet available) are missing without
#: a flag: they are not withheld and must not be imputed.
SYMBOLS = {
    ".": (math.nan, "suppressed"),
    "-": (0.0, "zero"),
    "/": (math.nan, "suppressed"),
    "x": (math.nan, None),
    "...": (math.nan, None),
}
#: Quality marks after a number (``1234 p``) → flag. ``p``/``v`` provisional
#: (vorläufig), ``s``/``g`` estimated (geschätzt), ``r`` revised (berichtigt)
#: and ``e`` final (endgültig) carry no flag. A number in parentheses
#: (``(123)``, limited informative value) becomes ``estimated``.
QUALITY_MARKS = {"p": "provisional", "v": "provisional", "s": "estimated",
                 "g": "estimated", "r": None, "e": None}

_DASHES = {"\u2013": "-", "\u2012": "-", "\u2014": "-", "\u2212": "-", "\u2026": "..."}
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
_MARKED = re.compile(r"^(?P<num>-?[\d.,]+)\s*(?P<mark>[A-Za-z])$")
_PAREN = re.compile(r"^\((?P<num>-?[\d.,]+)\)$")


def parse_number(text: str) -> float:
    """German number: ``1.234.567,8`` → 1234567.8; raises ValueError."""
    if not _NUMBER.match(text):
        raise ValueError
    return float(text.replace(".", "").replace(",", "."))


def parse_value(cell: str, symbols=SYMBOLS, marks=QUALITY_MARKS):
    """(value, flag, symbol) of one cell; raises ValueError with a message.

    Examples
    --------
    >>> parse_value("1.234,5")
    (1234.5, None, None)
    >>> parse_value(".")
    (nan, 'suppressed', '.')
    >>> parse_value("-")
    (0.0, 'zero', '-')
    >>> parse_value("17 p")
    (17.0, 'provisional', 'p')
    """
    text = cell.strip()
    for a, b in _DASHES.items():
        text = text.replace(a, b)
    key = text.lower() if text.lower() == "x" else text
    if key in symbols:
        value, flag = symbols[key]
        return value, flag, key
    if text == "":
        raise ValueError("empty value cell (GENESIS writes a symbol for every missing value; "
                         "the line may be truncated)")
    try:
        return parse_number(text), None, None
    except ValueError:
        pass
    m = _PAREN.match(text)
    if m:
        try:
            return parse_number(m.group("num")), "estimated", "()"
        except ValueError:
            pass
    m = _MARKED.match(text)
    if m:
        mark = m.group("mark").lower()
        if mark not in marks:
            raise ValueError(f"unknown quality mark {m.group('mark')!r} in {cell.strip()!r} "
                             f"(known: {', '.join(sorted(marks))})")
        try:
            return parse_number(m.group("num")), marks[mark], mark
        except ValueError:
            pass
    if re.fullmatch(r"-?[\d.,]+", text):
        raise ValueError(f"not a German number: {cell.strip()!r} (expected e.g. 1234, "
                         "1.234 or 1.234,5)")
    if re.search(r"\d", text):
        raise ValueError(f"non-numeric value {cell.strip()!r}")
    raise ValueError(f"unknown symbol {cell.strip()!r} (GENESIS symbols: "
                     + ", ".join(repr(s) for s in symbols) + ")")


# ---------------------------------------------------------------- years
_YEAR = re.compile(r"^(?:(?:\d{1,2}\.){2})?(\d{4})$")
_TITLE_YEAR = re.compile(
    r"^\s*(Stichtag|Jahr|Berichtsjahr|Berichtszeitraum|Zeit|Zeitraum|Erhebungsjahr)"
    r"\s*:\s*(?:(?:\d{1,2}\.){2})?(\d{4})\s*$", re.IGNORECASE)


def year_of(cell: str):
    """The year of ``2020``, ``30.06.2020`` (or None).

    >>> year_of("30.06.2020"), year_of("2019"), year_of("Insgesamt")
    (2020, 2019, None)
    """
    m = _YEAR.match(cell.strip())
    return int(m.group(1)) if m else None


def title_year(line: str):
    """The year of a title line such as ``Stichtag: 30.06.2020`` (or None)."""
    m = _TITLE_YEAR.match(line)
    return int(m.group(2)) if m else None


# ---------------------------------------------------------------- regions
_AGS = re.compile(r"^(DG|\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$")
#: Levels of AGS codes by length ("DG" is Germany).
AGS_LEVELS = {2: "state", 3: "gov_region", 5: "district", 8: "municipality",
              9: "municipal_association", 12: "municipality"}


def is_ags(cell: str) -> bool:
    return bool(_AGS.match(cell.strip()))


def level_of(ags: str) -> str:
    """``country``, ``state``, ``gov_region``, ``district``, ...

    >>> [level_of(c) for c in ("DG", "14", "145", "14713")]
    ['country', 'state', 'gov_region', 'district']
    """
    return "country" if ags == "DG" else AGS_LEVELS[len(ags)]


# ---------------------------------------------------------------- industries
_CODE_IN_LABEL = re.compile(
    r"\((?P<code>[A-U](?:\s*-\s*[A-U])?|\d{2}(?:\.\d{1,2}(?:\.\d)?)?)\)\s*$")
_WZ08 = re.compile(r"^WZ08-(?P<code>[A-U](?:-[A-U])?|\d{2}(?:-\d{1,2})*)\b")


def _norm(label: str) -> str:
    return re.sub(r"[\W_]+", "", label.casefold())


#: GENESIS labels without a code in parentheses (Regionaldatenbank abbreviations).
WZ_LABELS = {_norm(k): v for k, v in {
    "Insgesamt": "TOTAL",
    "Gesamt": "TOTAL",
    "Freiberufl,wissenschaftl. techn. Dienstl.,sonst.DL": "M-N",
    "Freiberufliche, wissenschaftliche, technische Dienstleistungen, sonstige "
    "wirtschaftliche Dienstleistungen": "M-N",
    "Unternehmensdienstleister": "M-N",
    "Öff.Verw.,Verteidig.,Sozialvers.,Erz.-u.Unterricht": "O-Q",
    "Öffentliche Verwaltung, Verteidigung, Sozialversicherung, Erziehung und "
    "Unterricht, Gesundheits- und Sozialwesen": "O-Q",
    "Öffentliche Dienstleister, Erziehung, Gesundheit": "O-Q",
    "Kunst, Unterhaltung, Erholung, Priv. Haush.,usw.": "R-U",
    "Kunst, Unterhaltung und Erholung, sonstige Dienstleistungen, private Haushalte": "R-U",
    "Sonstige Dienstleister": "R-U",
}.items()}


def industry_code(label: str, extra=None):
    """Short WZ code of a GENESIS label (or None).

    ``extra`` maps further labels (as written) to codes and wins.

    Examples
    --------
    >>> industry_code("Produzierendes Gewerbe ohne Baugewerbe (B-E)")
    'B-E'
    >>> industry_code("Öff.Verw.,Verteidig.,Sozialvers.,Erz.-u.Unterricht")
    'O-Q'
    >>> industry_code("WZ08-29 Herstellung von Kraftwagen und Kraftwagenteilen")
    '29'
    >>> industry_code("Insgesamt"), industry_code("Flensburg")
    ('TOTAL', None)
    """
    label = label.strip()
    if extra and label in extra:
        return extra[label]
    m = _CODE_IN_LABEL.search(label)
    if m:
        return re.sub(r"\s+", "", m.group("code"))
    m = _WZ08.match(label)
    if m:
        code = m.group("code")
        return code if code[0].isalpha() else code.replace("-", ".", 1).replace("-", "")
    return WZ_LABELS.get(_norm(label))


# ---------------------------------------------------------------- measure names
_TOKENS = {_norm(k): v for k, v in {
    "Insgesamt": "total", "männlich": "male", "weiblich": "female",
    "Ausländer(innen)": "foreign", "Ausländer": "foreign", "Deutsche": "german",
    "Betriebe": "establishments", "Anzahl": "",
    "Sozialversicherungspflichtig Beschäftigte": "employment",
}.items()}


def slug(label: str) -> str:
    """ASCII snake_case of a German label.

    >>> slug("Tätige Personen (Anzahl)")
    'taetige_personen_anzahl'
    """
    s = label.strip().casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def measure_name(categories, main: str) -> str:
    """Default measure name of one column's header categories.

    Labels are translated (Insgesamt → total, männlich → male, weiblich →
    female, Ausländer(innen) → foreign, ...; others become snake_case),
    leading ``total`` levels are dropped and a column that is ``total`` at
    every level is the main measure ``main``.

    >>> measure_name(("Insgesamt", "Insgesamt"), "employment")
    'employment'
    >>> measure_name(("Insgesamt", "weiblich"), "employment")
    'female'
    >>> measure_name(("Ausländer(innen)", "Insgesamt"), "employment")
    'foreign_total'
    """
    tokens = [_TOKENS.get(_norm(c), None) for c in categories]
    tokens = [slug(c) if t is None else t for c, t in zip(categories, tokens)]
    tokens = [t for t in tokens if t != ""]
    while tokens and tokens[0] == "total":
        tokens.pop(0)
    return "_".join(tokens) or main
