"""Layout of a GENESIS export (internal): header columns, row keys, the result frame.

:func:`clusteranalysis.inputs.readers.genesis.read_genesis` splits the file into
title, header and data records; the functions here interpret them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.inputs.readers import _genesis_format as fmt

def title_year(titles, year, problems):
    found = {}
    for line, cells in titles:
        y = fmt.title_year(cells[0])
        if y is not None:
            found.setdefault(y, line)
    if len(found) > 1:
        problems.add(f"the title names several years ({', '.join(map(str, found))})",
                     line=list(found.values()))
        return None
    if year is not None and found and year not in found:
        y, line = next(iter(found.items()))
        problems.add(f"year={year} given but the file is for {y}", line=line)
    return year if year is not None else next(iter(found), None)


def columns(headers, k, width, industry_codes, problems):
    """Per value column: header categories, year, industry, label."""
    rows = []
    for line, cells in headers:
        cells = (cells + [""] * width)[:width]
        vals, last = [], ""
        for c in cells[k:]:
            last = c.strip() or last  # a label spans the empty cells after it
            vals.append(last)
        if not vals[0]:
            problems.add(f"header row does not start at column {k + 1}", line=line)
        rows.append((line, vals))
    # rows come in (variable name, categories) pairs; a name row is constant
    paired = len(rows) % 2 == 0 and all(len(set(v)) == 1 for _, v in rows[::2])
    category_rows = rows[1::2] if paired else rows
    roles = []
    for line, vals in category_rows:
        years = [fmt.year_of(v) for v in vals]
        codes = [fmt.industry_code(v, industry_codes) for v in vals]
        if all(y is not None for y in years):
            roles.append("year")
        elif any(c is not None and c != "TOTAL" for c in codes):
            bad = sorted({v for v, c in zip(vals, codes) if c is None})
            if bad:
                problems.add(f"WZ labels without a code: {', '.join(map(repr, bad))}; pass "
                             "industry_codes={label: code}", line=line)
            roles.append("industry")
        else:
            roles.append("measure")
    cols = []
    for j in range(width - k):
        col = {"year": None, "industry": None, "categories": [], "label": None}
        for (line, vals), role in zip(category_rows, roles):
            if role == "year":
                col["year"] = fmt.year_of(vals[j])
            elif role == "industry":
                col["industry"] = fmt.industry_code(vals[j], industry_codes)
            else:
                col["categories"].append(vals[j])
        col["label"] = " / ".join(col["categories"]) or None
        cols.append(col)
    return cols


def measure_names(columns, value, measures, problems):
    measures = measures or {}
    names = []
    single = len({(c["year"], c["industry"]) for c in columns}) == len(columns)
    for col in columns:
        key = " / ".join(col["categories"])
        if key in measures:
            names.append(measures[key])
        else:  # one measure only (per year / industry): it is ``value``
            names.append(value if single else fmt.measure_name(col["categories"], value))
    unknown = set(measures) - {" / ".join(c["categories"]) for c in columns}
    if unknown:
        problems.add(f"measures= names header combinations not in the file: "
                     f"{', '.join(map(repr, sorted(unknown)))}; the file has "
                     + ", ".join(repr(" / ".join(c["categories"])) for c in columns))
    seen = {}
    for col, name in zip(columns, names):
        if name is None:
            continue
        key = (name, col["year"], col["industry"])
        if key in seen:
            problems.add(f"two value columns get the name {name!r} ({seen[key]!r} and "
                         f"{col['label']!r}); name them with measures={{...}}")
        seen[key] = col["label"]
    return names


def key_columns(data, k, industry_codes, problems):
    """Roles of the k row-key columns, from the first data row."""
    line, row = data[0]
    roles = {"region": None, "name": None, "year": None, "industry": None}
    for i in range(k):
        cell = row[i].strip() if i < len(row) else ""
        if roles["region"] is None and fmt.is_ags(cell):
            roles["region"] = i
        elif roles["year"] is None and fmt.year_of(cell) is not None:
            roles["year"] = i
        elif roles["region"] == i - 1 and fmt.industry_code(cell, industry_codes) is None:
            roles["name"] = i
        elif roles["industry"] is None:
            roles["industry"] = i
        else:
            problems.add(f"row label {cell!r} (column {i + 1}) not understood: expected an "
                         "AGS code, a region name, a WZ label or a year", line=line)
    if roles["region"] is None:
        problems.add("no AGS region code in the first data row (expected 'DG', '01', "
                     "'14713', ...)", line=line)
    return roles


def row_key(row, keys, industry_codes, line, problems):
    region = row[keys["region"]].strip()
    if not fmt.is_ags(region):
        problems.add(f"{region!r} is not an AGS region code", line=line, column="region")
        return None
    name = row[keys["name"]].strip() if keys["name"] is not None else None
    yr = None
    if keys["year"] is not None:
        yr = fmt.year_of(row[keys["year"]])
        if yr is None:
            problems.add(f"{row[keys['year']].strip()!r} is not a year or date", line=line)
            return None
    ind = None
    if keys["industry"] is not None:
        label = row[keys["industry"]].strip()
        ind = fmt.industry_code(label, industry_codes)
        if ind is None:
            problems.add(f"industry label {label!r} has no WZ code; pass "
                         "industry_codes={label: code}", line=line, column="industry")
            return None
    return region, name, yr, ind


def frame(cells, first_line, measures, drop_all_zero):
    keys = list(cells)
    dropped = []
    if drop_all_zero:
        by_region_year = {}
        for key, slot in cells.items():
            zero = all(slot.get(m, (None, None, None))[2] == "-" for m in measures)
            by_region_year.setdefault((key[0], key[2]), []).append(zero)
        gone = {ry for ry, z in by_region_year.items() if all(z)}
        keys = [key for key in keys if (key[0], key[2]) not in gone]
        dropped = sorted(f"{r} {y}" for r, y in gone)
    nan = (np.nan, None, None)
    data = {
        "region": pd.array([k[0] for k in keys], dtype="string"),
        "name": pd.array([k[1] for k in keys], dtype="string"),
        "level": pd.array([fmt.level_of(k[0]) for k in keys], dtype="string"),
        "year": np.array([k[2] for k in keys], dtype="int64"),
        "industry": pd.array([k[3] for k in keys], dtype="string"),
    }
    for m in measures:
        data[m] = np.array([cells[k].get(m, nan)[0] for k in keys], dtype="float64")
    for m in measures:
        data[f"{m}_flag"] = pd.array([cells[k].get(m, nan)[1] for k in keys], dtype="string")
    return pd.DataFrame(data), [first_line[k] for k in keys], dropped
