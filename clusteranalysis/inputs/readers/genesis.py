"""GENESIS / Regionaldatenbank table exports ("Werteabruf" CSV) → tidy panel.

The format, as users download it from regionalstatistik.de or a GENESIS
database (see ``docs/readers.md``)::

    GENESIS-Tabelle: 13111-07-05-4                         <- line 1
    Sozialversicherungspflichtig Beschäftigte am ...;;;;   <- title block
    Stichtag: 30.06.2020;;;;;;;;                           <- year of the table
    ;;;Nationalität;Nationalität;...                       <- column header rows:
    ;;;Insgesamt;Insgesamt;...;Ausländer(innen);...           the first cells are
    ;;;Geschlecht;Geschlecht;...                              empty (one per row
    ;;;Insgesamt;männlich;weiblich;...                        key column)
    DG;Deutschland;Land- und Forstwirtschaft (A);253548;...  <- data rows
    01001;      Flensburg, kreisfreie Stadt;Baugewerbe (F);.;.;...
    __________                                             <- footnotes follow
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from clusteranalysis.errors import DataError, Problem
from clusteranalysis.inputs.readers import _genesis_format as fmt
from clusteranalysis.inputs.readers import _genesis_layout as lay
from ._common import Problems, decode, raise_if, read_bytes, source_name, validated

_FOOTER = re.compile(r"^_{3,}\s*;*\s*$")
_TABLE = re.compile(r"^GENESIS-Tabelle:\s*(\S+)")
#: GENESIS statistics (first five digits of the table code) whose tables count
#: persons in employment: 13111 Beschäftigtenstatistik der Bundesagentur für
#: Arbeit (employees subject to social insurance), 13311/13312
#: Erwerbstätigenrechnung (persons in employment).
EMPLOYMENT_STATISTICS = {"13111": "Beschäftigtenstatistik", "13311": "Erwerbstätigenrechnung",
                         "13312": "Erwerbstätigenrechnung"}
#: A title naming employees or persons in employment (other statistics' tables).
_EMPLOYMENT_TITLE = re.compile(r"besch(ä|ae)ftigte|erwerbst(ä|ae)tige", re.IGNORECASE)


def read_genesis(
    path,
    *,
    value: str | None = None,
    measures=None,
    year: int | None = None,
    industry_codes=None,
    symbols=None,
    quality_marks=None,
    drop_all_zero: bool = True,
    require_footer: bool = True,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a GENESIS / Regionaldatenbank table export into a tidy panel.

    Parameters
    ----------
    path : str, os.PathLike, bytes or binary file
        The CSV as downloaded ("Werteabruf", ``;``-separated).
    value : str, optional
        Name of the all-``Insgesamt`` column (e.g. all persons, all
        nationalities). By default ``"employment"``, but only for an
        employment table (see Notes); any other table (population, GDP, …)
        is refused unless its measure is named here (``value="population"``).
    measures : dict, optional
        Names for the value columns, keyed by the column's header categories
        joined with ``" / "`` (``{"Insgesamt / männlich": "men"}``); a value
        of None drops the column. Columns not named here get the default
        name (see Notes); ``df.attrs["columns"]`` lists what was used.
    year : int, optional
        Year of a table without a time dimension or ``Stichtag:`` line; when
        the file states a year too, the two must agree.
    industry_codes : dict, optional
        Further WZ labels (as written in the file) → short codes.
    symbols, quality_marks : dict, optional
        Replace :data:`~clusteranalysis.inputs.readers._genesis_format.SYMBOLS` /
        ``QUALITY_MARKS`` (symbol → (value, flag); mark → flag).
    drop_all_zero : bool
        Drop region-years whose every cell is ``-``: territorial units that
        no longer exist (old districts before a reform) but that GENESIS
        still lists. ``df.attrs["dropped"]`` names them.
    require_footer : bool
        Refuse a file without the ``__________`` footnote line (a download
        that broke off). Pass False for a file whose footnotes were removed.
    encoding : str, optional
        By default UTF-8 or, failing that, ISO-8859-1 (what GENESIS writes).

    Returns
    -------
    pandas.DataFrame
        ``region`` (AGS, ``"DG"`` for Germany), ``name``, ``level``
        (country, state, gov_region, district, municipality), ``year``,
        ``industry`` (short WZ code; ``"TOTAL"`` for *Insgesamt* and for
        tables without an industry dimension), one float column per value
        column and a ``<measure>_flag`` string column for each, validated
        with :func:`~clusteranalysis.validate_panel`. ``attrs`` holds
        ``table`` (the code from line 1), ``title`` (the title block),
        ``columns``, ``dropped`` and ``footnotes``.

    Raises
    ------
    DataError
        Naming the file and line of everything not understood: encoding, a
        header or row label that cannot be read, a non-numeric value, an
        unknown symbol, a truncated file; and naming the table when it is not
        an employment table and ``value`` is not given.

    Notes
    -----
    Symbols: ``.`` (unknown or confidential) and ``/`` (too uncertain) →
    missing, flag ``suppressed``; ``-`` (exactly zero) → 0, flag ``zero``;
    ``x`` (not sensible) and ``...`` (not yet available) → missing, no
    flag. Numbers are German (``1.234,5``). Quality marks after a number:
    ``p``/``v`` → ``provisional``, ``s``/``g`` → ``estimated``; ``(123)``
    → ``estimated``.

    Header rows come in pairs (variable name, categories) as in the
    export: ``Nationalität`` / ``Insgesamt | Ausländer(innen)``. A row of
    years or dates is the time dimension, a row of WZ labels the industry
    dimension; the other category rows name the measure: labels are
    translated (Insgesamt → total, männlich → male, weiblich → female,
    Ausländer(innen) → foreign, others snake_case), leading ``total``
    levels dropped, and a column that is total at every level is ``value``.
    For table 13111-07-05-4: ``employment``, ``male``, ``female``,
    ``foreign_total``, ``foreign_male``, ``foreign_female``.

    An employment table is one of the statistics in
    :data:`EMPLOYMENT_STATISTICS` (table code ``13111-…``, ``13311-…``,
    ``13312-…``) or one whose title names *Beschäftigte* or
    *Erwerbstätige*. Reading another table (e.g. ``12411-01-01-4``,
    population) as employment would give location quotients of the wrong
    measure without any error, so it needs ``value=``.

    Row keys: an AGS code, the (indented) region name, and optionally a WZ
    label and a year or date column. The year otherwise comes from a
    column header or a title line such as ``Stichtag: 30.06.2020``.
    """
    source = source_name(path)
    text = decode(read_bytes(path), source, encoding)
    symbols = fmt.SYMBOLS if symbols is None else symbols
    marks = fmt.QUALITY_MARKS if quality_marks is None else quality_marks
    problems = Problems()

    physical = text.split("\n")
    m = _TABLE.match(physical[0].lstrip("\ufeff"))
    if not m:
        raise DataError([Problem(
            "not a GENESIS table export: line 1 should read 'GENESIS-Tabelle: <code>' "
            f"but reads {physical[0][:60]!r}", rows=(1,), unit="line")], source)
    footer = next((i for i, ln in enumerate(physical) if _FOOTER.match(ln)), None)
    if footer is None and require_footer:
        raise DataError([Problem(
            "no '__________' line before the footnotes: the file is truncated (download "
            "it again) or its footnotes were removed (pass require_footer=False)",
            rows=(len(physical) - (physical[-1] == ""),), unit="line")], source)
    body = physical[:footer] if footer is not None else physical
    records = _records(body, source)

    titles, headers, data = _split(records, problems)
    raise_if(problems, source)
    table = m.group(1)
    title = " ".join(" ".join(c[0].split()) for line, c in titles if line > 1)
    if value is None:
        value = _employment_or_refuse(table, title, source)
    if not headers or not data:
        what = "column header rows (first cells empty)" if not headers else "data rows"
        raise DataError([Problem(f"no {what} found", rows=(records[-1][0] if records else 1,),
                                 unit="line")], source)
    k = min(_first_filled(cells) for _, cells in headers)
    width = max(len(cells) for _, cells in headers + data)
    file_year = lay.title_year(titles, year, problems)
    columns = lay.columns(headers, k, width, industry_codes, problems)
    keys = lay.key_columns(data, k, industry_codes, problems)
    raise_if(problems, source)

    names = lay.measure_names(columns, value, measures, problems)
    if keys["year"] is None and file_year is None and any(c["year"] is None for c in columns):
        problems.add("no year: the file has no time dimension and no 'Stichtag:' line; "
                     "pass year=...", line=headers[0][0])
    raise_if(problems, source)
    cells = {}  # (region, name, year, industry) -> {measure: (value, flag, symbol)}
    first_line = {}
    for line, row in data:
        if len(row) != width:
            problems.add(f"{len(row)} cells where the header has {width}"
                         + (" (the line is cut off)" if len(row) < width else ""), line=line)
            continue
        rkey = lay.row_key(row, keys, industry_codes, line, problems)
        if rkey is None:
            continue
        for j, col in enumerate(columns):
            name = names[j]
            if name is None:
                continue
            try:
                parsed = fmt.parse_value(row[k + j], symbols, marks)
            except ValueError as exc:
                problems.add(str(exc), line=line, column=name)
                continue
            yr = rkey[2] if rkey[2] is not None else col["year"] or file_year
            ind = rkey[3] if rkey[3] is not None else col["industry"] or "TOTAL"
            key = (rkey[0], rkey[1], yr, ind)
            slot = cells.setdefault(key, {})
            if name in slot:
                problems.add(f"region {rkey[0]}, year {yr}, industry {ind}: {name!r} given "
                             f"twice (first on line {first_line[key]})", line=line)
            slot[name] = parsed
            first_line.setdefault(key, line)
        if problems.full:
            break
    raise_if(problems, source)

    measure_list = list(dict.fromkeys(n for n in names if n is not None))
    df, lines, dropped = lay.frame(cells, first_line, measure_list, drop_all_zero)
    if df.empty:
        raise DataError([Problem("every region-year is '-' (nothing to read)")], source)
    out = validated(df, lines, source, measure_list)
    out.attrs.update(
        table=table, title=title, dropped=dropped,
        columns={n: " / ".join(c["categories"]) for n, c in zip(names, columns) if n},
        footnotes=_footnotes(physical[footer + 1:]) if footer is not None else "")
    return out


def _employment_or_refuse(table: str, title: str, source: str) -> str:
    """``"employment"`` for an employment table; otherwise a DataError naming it."""
    if table[:5] in EMPLOYMENT_STATISTICS or _EMPLOYMENT_TITLE.search(title):
        return "employment"
    shown = title if len(title) <= 120 else title[:120] + "…"
    raise DataError([Problem(
        f"table {table} ({shown or 'no title'}) is not an employment table (statistics "
        f"{', '.join(EMPLOYMENT_STATISTICS)} or a title naming Beschäftigte/Erwerbstätige); "
        "name its measure to read it anyway, e.g. read_genesis(..., value='population')",
        rows=(1,), unit="line")], source)


def _footnotes(lines) -> str:
    """Footnote text without the CSV quoting."""
    try:
        rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=";", quotechar='"')
        return "\n".join(";".join(c for c in r if c) for r in rows).strip()
    except csv.Error:
        return "\n".join(lines).strip()


def _records(lines, source):
    """(first line number, cells) of each CSV record of the body."""
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=";", quotechar='"')
    out, prev = [], 0
    try:
        for cells in reader:
            out.append((prev + 1, [c for c in cells]))
            prev = reader.line_num
    except csv.Error as exc:
        raise DataError([Problem(f"not readable as ';'-separated text: {exc}",
                                 rows=(prev + 1,), unit="line")], source) from None
    return out


def _first_filled(cells) -> int:
    return next((i for i, c in enumerate(cells) if c.strip()), len(cells))


def _split(records, problems):
    """Title, header and data records, in this order in the file."""
    titles, headers, data = [], [], []
    for line, cells in records:
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            continue
        if filled[0] > 0:  # header rows leave the row-key cells empty
            if data:
                problems.add("a header row (first cell empty) inside the data rows", line=line)
            headers.append((line, cells))
        elif len(filled) == 1 and not headers and not data:
            titles.append((line, cells))
        elif headers or len(filled) > 1:
            if not headers:
                problems.add("data before the column header: the header rows (first cells "
                             "empty) are missing or changed", line=line)
                break
            data.append((line, cells))
        else:
            problems.add(f"line not understood: {';'.join(cells)[:80]!r}", line=line)
        if problems.full:
            break
    return titles, headers, data
