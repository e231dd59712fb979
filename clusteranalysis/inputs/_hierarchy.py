"""Hierarchical code lists: which codes contain which (internal).

Used by :mod:`clusteranalysis.inputs.quality` (``code_hierarchy``, ``select_level``)
and by the imputation of suppressed cells. Industry codes reuse the key
logic of :mod:`clusteranalysis.inputs._industry_codes`; region codes nest by prefix.
"""

from __future__ import annotations

import re

import pandas as pd

from ._industry_codes import KeyIndex, code_keys, is_section

SCHEMES = ("wz", "nace", "naics", "ags", "nuts", "fips")
ROOT = ("",)  # the key of a total / national code: it covers every other key

#: QCEW aggregate codes above NAICS sectors → the 2-digit sectors they contain.
QCEW_SUPERSECTORS = {
    "1011": ("11", "21"), "1012": ("23",), "1013": ("31", "32", "33"),
    "1021": ("22", "42", "44", "45", "48", "49"), "1022": ("51",), "1023": ("52", "53"),
    "1024": ("54", "55", "56"), "1025": ("61", "62"), "1026": ("71", "72"), "1027": ("81",),
    "1028": ("92",), "1029": ("99",),
}
QCEW_DOMAINS = {"101": ("1011", "1012", "1013"),
                "102": tuple(f"10{d}" for d in range(21, 30))}

_EUROSTAT_DIV = re.compile(r"^[A-U](\d{2})(?:-[A-U](\d{2}))?$")  # C10, C10-C12
_NAICS_LEVELS = {2: "sector", 3: "subsector", 4: "industry_group", 5: "naics_industry",
                 6: "national_industry"}


def _scheme(scheme: str) -> str:
    s = str(scheme).lower()
    if s not in SCHEMES:
        raise ValueError(f"unknown code scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    return "wz" if s == "nace" else s


def keys_of(code: str, scheme: str, total_code: str = "TOTAL") -> tuple[str, ...]:
    """Keys of one code; :data:`ROOT` for the total / national code, () if unknown."""
    code = str(code).strip()
    if code == total_code:
        return ROOT
    if scheme == "wz":
        m = _EUROSTAT_DIV.match(code)
        if m:
            code = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        return code_keys(code, "dotted")
    if scheme == "naics":
        if code == "10":
            return ROOT
        if code in QCEW_DOMAINS:
            return tuple(k for s in QCEW_DOMAINS[code] for k in QCEW_SUPERSECTORS[s])
        if code in QCEW_SUPERSECTORS:
            return QCEW_SUPERSECTORS[code]
        return code_keys(code, "digits")
    if scheme == "ags":
        return ROOT if code == "DG" else ((code,) if code.isdigit() else ())
    if scheme == "nuts":
        if re.match(r"^(EU|EA|EEA|EFTA)\d*(_\d+)?$", code):
            return ROOT
        return (code,) if re.match(r"^[A-Z]{2}[0-9A-Z]{0,3}$", code) else ()
    # fips
    if code in ("US000", "USUSA", "US"):
        return ROOT
    if re.match(r"^\d{2}000$", code):
        return (code[:2],)
    return (code,) if code.isalnum() else ()


def level_of(code: str, scheme: str, keys) -> str | None:
    """Name of the level of one code in its scheme (None: not a code of it)."""
    if keys == ROOT:
        return {"ags": "country", "nuts": "aggregate", "fips": "national"}.get(scheme, "total")
    if not keys:
        return None
    code = str(code).strip()
    if scheme == "wz":
        m = _EUROSTAT_DIV.match(code)
        if m:
            return "division" if not m.group(2) else "division_group"
        if is_section(code):
            return "section" if len(code) == 1 else "section_group"
        if re.match(r"^\d{2}-\d{2}$", code):
            return "division_group"
        parts = code.split(".")
        if len(parts) == 1:
            return "division"
        return {1: "group", 2: "class"}.get(len(parts[1]), "subclass") if len(parts) == 2 \
            else "subclass"
    if scheme == "naics":
        if code in QCEW_DOMAINS:
            return "domain"
        if code in QCEW_SUPERSECTORS:
            return "supersector"
        return "sector" if "-" in code else _NAICS_LEVELS.get(len(code))
    if scheme == "ags":
        return {2: "state", 3: "gov_region", 5: "district", 8: "municipality",
                9: "municipal_association", 12: "municipality"}.get(len(code))
    if scheme == "nuts":
        return {2: "country", 3: "nuts1", 4: "nuts2", 5: "nuts3"}[len(code)]
    if re.match(r"^\d{2}000$", code):
        return "state"
    return "county" if code.isdigit() else ("csa" if code.startswith("CS") else "msa")


def _rank(code: str) -> tuple:
    """Tie-break for codes of equal extent (``L`` and ``68``, QCEW ``1029`` and
    ``99``): larger is coarser: groups and aggregates before plain codes."""
    code = str(code)
    group = is_section(code) or "-" in code or code in QCEW_SUPERSECTORS or code in QCEW_DOMAINS
    return (group, -len(code), code)


def hierarchy(codes, scheme: str, total_code: str = "TOTAL") -> pd.DataFrame:
    """The table behind :func:`clusteranalysis.inputs.quality.code_hierarchy`."""
    scheme = _scheme(scheme)
    codes = list(dict.fromkeys(str(c) for c in codes))
    keys = [keys_of(c, scheme, total_code) for c in codes]
    roots = {i for i, k in enumerate(keys) if k == ROOT}
    index = KeyIndex([() if k == ROOT else k for k in keys])
    ancestors = []
    for i, k in enumerate(keys):
        if k == ROOT or not k:
            ancestors.append(set())
            continue
        anc = set(roots)
        for a in index.covering(k) - {i}:
            if i not in index.covering(keys[a]) or _rank(codes[a]) > _rank(codes[i]):
                anc.add(a)
        ancestors.append(anc)
    depth = [len(a) for a in ancestors]
    parent = [max(a, key=lambda j: depth[j]) if a else None for a in ancestors]
    children = {i: [] for i in range(len(codes))}
    for i, p in enumerate(parent):
        if p is not None:
            children[p].append(i)
    overlaps = []
    for i, k in enumerate(keys):
        if k == ROOT or not k:
            overlaps.append("")
            continue
        desc = {j for j in index.overlapping(k) if i in ancestors[j]}
        partial = index.overlapping(k) - desc - ancestors[i] - {i}
        overlaps.append(", ".join(codes[j] for j in sorted(partial)))
    return pd.DataFrame({
        "code": pd.array(codes, dtype="string"),
        "level": pd.array([level_of(c, scheme, k) for c, k in zip(codes, keys)],
                          dtype="string"),
        "parent": pd.array([codes[p] if p is not None else None for p in parent],
                           dtype="string"),
        "depth": depth,
        "children": [len(children[i]) for i in range(len(codes))],
        "leaf": [not children[i] for i in range(len(codes))],
        "complete": pd.array([_structurally_complete(keys[i], [keys[j] for j in children[i]])
                              for i in range(len(codes))], dtype="boolean"),
        "overlaps": pd.array(overlaps, dtype="string"),
    })


def _structurally_complete(keys, child_keys):
    """True/False when the code structure proves whether the children cover
    the code exactly; None when only the data can tell (prefix codes)."""
    if keys == ROOT or not child_keys:
        return None if keys == ROOT else False
    flat = {k for ck in child_keys for k in ck}
    verdict = True
    for k in keys:
        if k in flat:
            continue
        if any(c.startswith(k) for c in flat):
            verdict = None  # e.g. division 29 and groups 29.1, 29.2: all groups there?
        else:
            return False
    return verdict


def data_complete(h: pd.DataFrame, panel: pd.DataFrame, column: str, groups, value: str):
    """Per parent code: do its children add up to it in the data?

    True when, in every group (e.g. region-year) where the parent and all its
    children are published, the children sum to the parent within rounding
    (half a unit per child, plus half for the parent); False when they do not
    or when no group can be checked.
    """
    parent = parents(h)
    n_children = h.set_index("code")["children"].to_dict()
    d = panel[list(groups) + [column, value]].copy()
    d["_parent"] = d[column].map(parent)
    kids = d[d["_parent"].notna()]
    agg = kids.groupby(list(groups) + ["_parent"], dropna=False)[value].agg(
        total="sum", known="count", rows="size").reset_index()
    own = d[list(groups) + [column, value]].rename(columns={column: "_parent",
                                                            value: "_own"})
    agg = agg.merge(own, on=list(groups) + ["_parent"], how="inner")
    agg = agg[(agg["known"] == agg["rows"]) & agg["_own"].notna()
              & (agg["rows"] == agg["_parent"].map(n_children))]
    tol = 0.5 * (agg["rows"] + 1) + 1e-9 * agg["_own"].abs()
    agg["_ok"] = (agg["total"] - agg["_own"]).abs() <= tol
    verdict = agg.groupby("_parent")["_ok"].all().to_dict()
    return {c: bool(verdict.get(c, False)) for c in h["code"].tolist()}


def finest(h: pd.DataFrame, complete) -> list[str]:
    """The most detailed non-overlapping codes: starting from the top codes,
    a code is replaced by its children wherever they cover it completely.

    ``complete`` maps a code to True/False (its children cover it).
    """
    children: dict = {}
    for code, par in parents(h).items():
        children.setdefault(par, []).append(code)
    roots = set(h.loc[h["depth"] == 0, "code"])
    level = h.set_index("code")["level"]
    top = [c for c in children.get(None, []) if not _is_root(level.get(c))]
    for r in roots:
        top += children.get(r, []) if _is_root(level.get(r)) else []
    out = []
    stack = list(reversed(top))
    while stack:
        c = stack.pop()
        kids = children.get(c, [])
        if kids and complete.get(c):
            stack.extend(reversed(kids))
        else:
            out.append(c)
    return out


def _is_root(level) -> bool:
    return isinstance(level, str) and level in ("total", "country", "aggregate", "national")


def parents(h: pd.DataFrame) -> dict:
    """code -> parent code (None for top codes)."""
    return {c: (None if pd.isna(p) else p) for c, p in zip(h["code"].tolist(),
                                                           h["parent"].tolist())}
