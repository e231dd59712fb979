"""Short findings and headline figures in words, generated from a cluster profile.

Every number in the text comes from the profile (see ``docs/conventions.md``,
"Cluster profile"); nothing is computed beyond comparisons, sums and ratios
of its columns. Missing (suppressed) values are named as not available, never read
as 0. English (``"en"``) and German (``"de"``: decimal comma, ``12,5 %``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._findings_text import TEXT, euro, number, percent

__all__ = ["euro", "findings", "headline", "number", "percent"]

_NON_CLUSTERS = ("other", "total")
_MEASURES = ("employment", "establishments", "tax")


def _split(profile, language):
    if language not in TEXT:
        raise ValueError(f"language must be one of {sorted(TEXT)}, not {language!r}")
    if "cluster" not in profile.columns or not (profile["cluster"] == "total").any():
        raise ValueError("the profile needs a row with cluster == 'total' (see cluster_profile)")
    total = profile[profile["cluster"] == "total"].iloc[0]
    clusters = profile[~profile["cluster"].isin(_NON_CLUSTERS)]
    labels = clusters["label"] if "label" in clusters.columns else clusters["cluster"]
    return total, clusters.assign(label=labels.astype(str).to_numpy())


def _get(row, col):
    v = row.get(col, np.nan)
    return np.nan if v is None or v is pd.NA else float(v)


def _col(df, col):
    return (df[col].astype(float) if col in df.columns
            else pd.Series(np.nan, index=df.index, dtype=float))


def _rows(cl, cols, keep, order=None, ascending=False):
    """(label, value, ...) tuples of the clusters where ``keep`` holds, sorted."""
    df = pd.DataFrame({"label": cl["label"], **{c: _col(cl, c) for c in cols}})
    df = df[keep.to_numpy(bool)]
    if order is not None:
        df = df.sort_values(order, ascending=ascending, kind="stable")
    return list(df.itertuples(index=False, name=None))


def findings(profile: pd.DataFrame, *, language: str = "en") -> list[str]:
    """Findings of a cluster profile as a list of short sentences.

    Parameters
    ----------
    profile : pandas.DataFrame
        A cluster profile of one region (:func:`clusteranalysis.cluster_profile`)
        with its ``total`` row; the ``other`` row is not treated as a cluster.
    language : {"en", "de"}

    Returns
    -------
    list of str
        Sentences in this order: total employment (and establishments, trade
        tax); clusters growing faster than the total, more slowly, shrinking;
        specialisation (LQ > 1, strongest first; LQ ≤ 1); the clusters'
        combined shares; trade tax (largest share; tax share ≥ employment
        share); establishment vs. employment growth (average establishment
        size); values not available; values flagged as estimated.

    Notes
    -----
    A cluster is *faster* when its employment growth exceeds the total's
    (when the total shrank, this reads "did better"); it *shrank* when its
    growth is negative. A missing value puts a cluster into none of these
    lists but into the "not available" sentence, never counts as 0.
    Sentences without data (e.g. no tax column) are left out.

    Examples
    --------
    >>> p = pd.DataFrame({"cluster": ["a", "b", "other", "total"],
    ...     "label": ["Logistics", "Media", "Other", "Total economy"],
    ...     "start_year": 2015, "end_year": 2020,
    ...     "employment_start": [100.0, 200, 700, 1000],
    ...     "employment_end": [120.0, 190, 790, 1100],
    ...     "employment_growth_pct": [20.0, -5.0, 12.86, 10.0],
    ...     "lq": [1.5, 0.9, 0.95, 1.0]})
    >>> for s in findings(p): print(s)
    Total employment rose by 10.0% from 2015 to 2020, from 1,000 to 1,100 employees.
    Clusters that grew faster than the local economy (+10.0%): Logistics (+20.0%).
    Clusters that lost employees: Media (−5.0%).
    Specialised compared with the reference (location quotient above 1), strongest first: \
Logistics (1.50).
    Not specialised (location quotient 1 or below): Media (0.90).
    >>> findings(p, language="de")[1]
    'Cluster, die schneller wuchsen als die lokale Wirtschaft (+10,0 %): Logistics (+20,0 %).'
    """
    (total, cl), t, lang = _split(profile, language), TEXT[language], language
    y0, y1 = int(total["start_year"]), int(total["end_year"])
    pct = lambda x, s=True: percent(x, 1, lang, sign=s)  # noqa: E731
    verb = lambda x: t["rose"] if x > 0 else t["fell"] if x < 0 else t["same"]  # noqa: E731
    join = lambda rows, fmt: "; ".join(fmt(*r) for r in rows)  # noqa: E731
    # "no cluster ..." and "the largest ..." hold only among the clusters with data
    known = lambda s, gaps: s[:-1] + t["known"] + "." if len(gaps) else s  # noqa: E731
    out, na = [], {}

    g_tot = _get(total, "employment_growth_pct")
    if np.isfinite(g_tot):
        out.append(t["total"].format(verb=verb(g_tot), pct=pct(abs(g_tot), False), y0=y0, y1=y1,
                                     n0=number(_get(total, "employment_start"), 0, lang),
                                     n1=number(_get(total, "employment_end"), 0, lang)))
    else:
        out.append(t["total_na"].format(y0=y0, y1=y1))
    gb, gt = _get(total, "establishments_growth_pct"), _get(total, "tax_growth_pct")
    if np.isfinite(gb) and np.isfinite(gt):
        out.append(t["est_tax"].format(
            verb=verb(gb), pct=pct(abs(gb), False), verb2=verb(gt), pct2=pct(abs(gt), False),
            n1=number(_get(total, "establishments_end"), 0, lang),
            tax=euro(_get(total, "tax_end"), lang)))

    eg = "employment_growth_pct"
    g = _col(cl, eg)
    na[eg] = cl.loc[g.isna(), "label"].tolist()
    item = lambda label, x: f"{label} ({pct(x)})"  # noqa: E731
    if np.isfinite(g_tot):
        faster = _rows(cl, [eg], g > g_tot, eg)
        out.append(t["faster" if g_tot >= 0 else "better"].format(
            g=pct(g_tot), items=join(faster, item)) if faster
            else known(t["no_faster"].format(g=pct(g_tot)), na[eg]))
        slower = _rows(cl, [eg], (g <= g_tot) & (g >= 0), eg)
        if slower:
            out.append(t["slower"].format(items=join(slower, item)))
    if g.notna().any():
        shrank = _rows(cl, [eg], g < 0, eg, ascending=True)
        out.append(t["shrank"].format(items=join(shrank, item)) if shrank
                   else known(t["no_shrank"], na[eg]))

    if "lq" in cl.columns:
        lq = _col(cl, "lq")
        na["lq"] = cl.loc[lq.isna(), "label"].tolist()
        item = lambda label, x: f"{label} ({number(x, 2, lang)})"  # noqa: E731
        spec, rest = (_rows(cl, ["lq"], keep, "lq") for keep in (lq > 1, lq <= 1))
        out.append(t["spec"].format(items=join(spec, item)) if spec
                   else known(t["no_spec"], na["lq"]))
        if spec and rest:
            out.append(t["not_spec"].format(items=join(rest, item)))

    if len(cl) and all(f"{m}_share" in cl.columns for m in _MEASURES):
        out.append(t["together"].format(n=len(cl), **{m[:3]: pct(100 * _col(
            cl, f"{m}_share").sum(min_count=len(cl)), False) for m in _MEASURES}))
    if {"tax_share", "employment_share"} <= set(cl.columns):
        ts, es = _col(cl, "tax_share"), _col(cl, "employment_share")
        na["tax_share"] = cl.loc[ts.isna(), "label"].tolist()
        if ts.notna().any():
            top = cl["label"].loc[ts.idxmax()]
            out.append(known(t["tax_top"].format(label=top, share=pct(100 * ts.max(), False)),
                             na["tax_share"]))
            heavy = _rows(cl, ["tax_share", "employment_share"], ts >= es, "tax_share")
            item = lambda label, x, e: t["tax_item"].format(  # noqa: E731
                label=label, tax=pct(100 * x, False), emp=pct(100 * e, False))
            out.append(t["tax_heavy"].format(items=join(heavy, item)) if heavy
                       else known(t["no_tax_heavy"], na["tax_share"]))

    bg = "establishments_growth_pct"
    if bg in cl.columns:
        b = _col(cl, bg)
        na[bg] = cl.loc[b.isna(), "label"].tolist()
        item = lambda label, x, y: t["size_item"].format(label=label, e=pct(x), b=pct(y))  # noqa
        for key, keep in (("bigger", g > b), ("smaller", g < b)):
            if rows := _rows(cl, [eg, bg], keep):
                out.append(t[key].format(items=join(rows, item)))

    if missing := [t["na_item"].format(what=t["what"][w], labels=", ".join(v))
                   for w, v in na.items() if v]:
        out.append(t["na"].format(items="; ".join(missing)))
    est = [f"{t['what'][m]} ({', '.join(cl.loc[flag, 'label'])})" for m in _MEASURES
           if (flag := (cl.get(f"{m}_flag", pd.Series(pd.NA, index=cl.index))
                        == "estimated").fillna(False).to_numpy(bool)).any()]
    if est:
        out.append(t["estimated"].format(items="; ".join(est)))
    return out


def headline(profile: pd.DataFrame, *, language: str = "en",
             formatted: bool = False) -> pd.DataFrame:
    """Headline figures of the local economy from a cluster profile.

    Parameters
    ----------
    profile : pandas.DataFrame
        A cluster profile of one region with its ``total`` row.
    language : {"en", "de"}
        Language of the row names (and of the number format when ``formatted``).
    formatted : bool
        Return text (thousands separators, percent) with translated column
        headings instead of numbers.

    Returns
    -------
    pandas.DataFrame
        Indexed by figure: employees, establishments, trade tax (those in the
        profile), employees in the clusters and the clusters' share of
        employment (a fraction; its change in percentage points / 100).
        Columns: the start year, the end year, ``change`` and ``growth_pct``
        (percent; missing for the share).

    Examples
    --------
    >>> p = pd.DataFrame({"cluster": ["a", "other", "total"], "label": ["A", "O", "T"],
    ...     "start_year": 2015, "end_year": 2020, "employment_start": [100.0, 900, 1000],
    ...     "employment_end": [150.0, 950, 1100]})
    >>> h = headline(p)
    >>> h.loc["Employees in the 1 clusters"].tolist()
    [100.0, 150.0, 50.0, 50.0]
    >>> round(float(h.loc["Share of employment in the 1 clusters", 2020]), 4)
    0.1364
    >>> headline(p, language="de", formatted=True).iloc[0].tolist()
    ['Beschäftigte', '1.000', '1.100', '+100', '+10,0 %']
    """
    (total, cl), t = _split(profile, language), TEXT[language]
    y0, y1 = int(total["start_year"]), int(total["end_year"])
    rows = {t["rows"][m]: (_get(total, f"{m}_start"), _get(total, f"{m}_end"))
            for m in _MEASURES if f"{m}_start" in profile.columns}
    n = len(cl)
    has_share = bool(n) and "employment_start" in profile.columns
    if has_share:
        e = [_col(cl, f"employment_{s}") for s in ("start", "end")]
        e = [s.sum() if s.notna().all() else np.nan for s in e]
        rows[t["rows"]["cluster_employment"].format(n=n)] = tuple(e)
        rows[t["rows"]["cluster_share"].format(n=n)] = (
            e[0] / _get(total, "employment_start"), e[1] / _get(total, "employment_end"))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=[y0, y1], dtype=float)
    out["change"] = out[y1] - out[y0]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth_pct"] = np.where(out[y0] > 0, 100 * (out[y1] / out[y0] - 1), np.nan)
    if has_share:
        out.iloc[-1, -1] = np.nan
    if not formatted:
        return out
    text = pd.DataFrame({str(c): [number(v, 0, language, sign=c == "change") for v in out[c]]
                         for c in (y0, y1, "change")}, index=out.index)
    text["growth_pct"] = [percent(v, 1, language, sign=True) for v in out["growth_pct"]]
    if has_share:
        s = 100 * out.iloc[-1]
        text.iloc[-1] = [percent(s[y0], 1, language), percent(s[y1], 1, language),
                         number(s["change"], 1, language, sign=True) + t["pp"], ""]
    text = text.rename(columns=t["cols"])
    return text.rename_axis(t["cols"]["figure"]).reset_index()
