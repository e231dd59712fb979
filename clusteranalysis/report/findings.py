"""Short findings and headline figures in words, generated from a cluster profile.

Every number in the text comes from the profile (see ``docs/conventions.md``,
"Cluster profile"); nothing is computed beyond comparisons, sums and ratios
of its columns. Missing (suppressed) values are named as not available, never read
as 0. Every sentence is a whole sentence with named placeholders in the gettext
catalog (:mod:`clusteranalysis.i18n`); numbers are written by
:class:`clusteranalysis.i18n.Formatter` (the sign comes from the value: a
decline that rounds to zero reads ``-0.0%``, never ``+0.0%``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.i18n import N_, Formatter, gettext_for, ngettext_for

__all__ = ["euro", "findings", "headline", "number", "percent"]

_NON_CLUSTERS = ("other", "total")
_MEASURES = ("employment", "establishments", "tax")

#: What a missing or estimated value is of (catalog keys).
_WHAT = {"employment_growth_pct": N_("employment growth"), "lq": N_("location quotient"),
         "tax_share": N_("trade-tax share"),
         "establishments_growth_pct": N_("establishment growth"),
         "employment": N_("employment"), "establishments": N_("establishments"),
         "tax": N_("trade tax")}
#: Headline rows (catalog keys).
_ROWS = {"employment": N_("Employees"), "establishments": N_("Establishments"),
         "tax": N_("Trade tax, €")}


def number(x, decimals: int = 0, language: str = "en", *, sign: bool = False) -> str:
    """A number with thousands separators (``"n/a"`` when missing); sign from the value.

    >>> number(1234567.891, 1), number(1234567.891, 1, "de"), number(-0.04, 1, sign=True)
    ('1,234,567.9', '1.234.567,9', '-0.0')
    """
    return Formatter(language).decimal(x, decimals, signed=sign)


def percent(x, decimals: int = 1, language: str = "en", *, sign: bool = False) -> str:
    """A value that is already in percent: ``"12.5%"`` / ``"12,5 %"``.

    >>> percent(12.54), percent(12.54, language="de", sign=True), percent(float("nan"))
    ('12.5%', '+12,5\\xa0%', 'n/a')
    """
    return Formatter(language).percent(x, decimals, signed=sign)


def euro(x, language: str = "en") -> str:
    """Euros, from one million on in compact form: ``€2.5M`` / ``2,5 Mio. €``.

    >>> euro(2_512_000), euro(2_512_000, "de"), euro(950.4, "de")
    ('€2.5M', '2,5\\xa0Mio.\\xa0€', '950\\xa0€')
    """
    return Formatter(language).currency(x)


def _split(profile, language):
    gettext_for(language)  # raises ValueError for a language without a catalog
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


def _change(_, x, rose, fell, same):
    """The sentence of three whose direction is the sign of *x*."""
    return _(rose) if x > 0 else _(fell) if x < 0 else _(same)


def findings(profile: pd.DataFrame, *, language: str = "en") -> list[str]:
    """Findings of a cluster profile as a list of short sentences.

    Parameters
    ----------
    profile : pandas.DataFrame
        A cluster profile of one region (:func:`clusteranalysis.cluster_profile`)
        with its ``total`` row; the ``other`` row is not treated as a cluster.
    language : str, default "en"
        Any language with a catalog (:func:`clusteranalysis.i18n.available_languages`).

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
    Clusters that lost employees: Media (-5.0%).
    Specialised compared with the reference (location quotient above 1), strongest first: \
Logistics (1.50).
    Not specialised (location quotient 1 or below): Media (0.90).
    >>> findings(p, language="de")[1]
    'Cluster, die schneller wuchsen als die lokale Wirtschaft (+10,0\\xa0%): Logistics (+20,0\\xa0%).'
    """
    total, cl = _split(profile, language)
    _, f = gettext_for(language), Formatter(language)
    y0, y1 = int(total["start_year"]), int(total["end_year"])
    pct = lambda x, s=True: f.percent(x, 1, signed=s)  # noqa: E731
    join = lambda rows, fmt: "; ".join(fmt(*r) for r in rows)  # noqa: E731
    # "no cluster ..." and "the largest ..." hold only among the clusters with data:
    # each such sentence has a second whole sentence that says so
    pick = lambda plain, known, gaps: _(known) if len(gaps) else _(plain)  # noqa: E731
    out, na = [], {}

    g_tot = _get(total, "employment_growth_pct")
    if np.isfinite(g_tot):
        out.append(_change(
            _, g_tot,
            N_("Total employment rose by {pct} from {y0} to {y1}, from {n0} to {n1} "
               "employees."),
            N_("Total employment fell by {pct} from {y0} to {y1}, from {n0} to {n1} "
               "employees."),
            N_("Total employment did not change from {y0} to {y1} ({n0} employees)."),
        ).format(pct=pct(abs(g_tot), False), y0=y0, y1=y1,
                 n0=f.integer(_get(total, "employment_start")),
                 n1=f.integer(_get(total, "employment_end"))))
    else:
        out.append(_("Total employment growth {period} is not available.").format(
            period=f.period(y0, y1)))
    gb, gt = _get(total, "establishments_growth_pct"), _get(total, "tax_growth_pct")
    if np.isfinite(gb) and np.isfinite(gt):
        est = _change(_, gb, N_("The number of establishments rose by {pct} to {n1}."),
                      N_("The number of establishments fell by {pct} to {n1}."),
                      N_("The number of establishments did not change ({n1})."))
        tax = _change(_, gt, N_("Trade tax rose by {pct} to {tax}."),
                      N_("Trade tax fell by {pct} to {tax}."),
                      N_("Trade tax did not change ({tax})."))
        out.append(est.format(pct=pct(abs(gb), False),
                              n1=f.integer(_get(total, "establishments_end")))
                   + " " + tax.format(pct=pct(abs(gt), False),
                                      tax=f.currency(_get(total, "tax_end"))))

    eg = "employment_growth_pct"
    g = _col(cl, eg)
    na[eg] = cl.loc[g.isna(), "label"].tolist()
    item = lambda label, x: f"{label} ({pct(x)})"  # noqa: E731
    if np.isfinite(g_tot):
        faster = _rows(cl, [eg], g > g_tot, eg)
        if faster:
            sentence = (_("Clusters that grew faster than the local economy ({g}): {items}.")
                        if g_tot >= 0 else
                        _("Clusters that did better than the local economy ({g}): {items}."))
            out.append(sentence.format(g=pct(g_tot), items=join(faster, item)))
        else:
            out.append(pick(
                N_("No cluster grew faster than the local economy ({g})."),
                N_("No cluster grew faster than the local economy ({g}), among the "
                   "clusters with data."), na[eg]).format(g=pct(g_tot)))
        slower = _rows(cl, [eg], (g <= g_tot) & (g >= 0), eg)
        if slower:
            out.append(_("Clusters that grew, but more slowly than the local economy: "
                         "{items}.").format(items=join(slower, item)))
    if g.notna().any():
        shrank = _rows(cl, [eg], g < 0, eg, ascending=True)
        out.append(_("Clusters that lost employees: {items}.").format(
            items=join(shrank, item)) if shrank else pick(
            N_("No cluster lost employees."),
            N_("No cluster lost employees, among the clusters with data."), na[eg]))

    if "lq" in cl.columns:
        lq = _col(cl, "lq")
        na["lq"] = cl.loc[lq.isna(), "label"].tolist()
        item = lambda label, x: f"{label} ({f.lq(x)})"  # noqa: E731
        spec, rest = (_rows(cl, ["lq"], keep, "lq") for keep in (lq > 1, lq <= 1))
        out.append(_("Specialised compared with the reference (location quotient above 1), "
                     "strongest first: {items}.").format(items=join(spec, item)) if spec
                   else pick(N_("No cluster is specialised compared with the reference (all "
                                "location quotients are 1 or below)."),
                             N_("No cluster is specialised compared with the reference (all "
                                "location quotients are 1 or below), among the clusters "
                                "with data."), na["lq"]))
        if spec and rest:
            out.append(_("Not specialised (location quotient 1 or below): {items}.").format(
                items=join(rest, item)))

    if len(cl) and all(f"{m}_share" in cl.columns for m in _MEASURES):
        ngettext = ngettext_for(language)
        out.append(ngettext(
            "The cluster accounts for {emp} of employment, {est} of establishments and "
            "{tax} of trade tax.",
            "Together the {n} clusters account for {emp} of employment, {est} of "
            "establishments and {tax} of trade tax.", len(cl)).format(
            n=len(cl), **{m[:3]: f.share(_col(cl, f"{m}_share").sum(min_count=len(cl)))
                          for m in _MEASURES}))
    if {"tax_share", "employment_share"} <= set(cl.columns):
        ts, es = _col(cl, "tax_share"), _col(cl, "employment_share")
        na["tax_share"] = cl.loc[ts.isna(), "label"].tolist()
        if ts.notna().any():
            top = cl["label"].loc[ts.idxmax()]
            out.append(pick(
                N_("The largest share of trade tax comes from {label} ({share})."),
                N_("The largest share of trade tax comes from {label} ({share}), among "
                   "the clusters with data."), na["tax_share"]).format(
                label=top, share=f.share(ts.max())))
            heavy = _rows(cl, ["tax_share", "employment_share"], ts >= es, "tax_share")
            item = lambda label, x, e: _(  # noqa: E731
                "{label} ({tax} of trade tax, {emp} of employment)").format(
                label=label, tax=f.share(x), emp=f.share(e))
            out.append(_("Clusters whose share of trade tax is at least their share of "
                         "employment (tax intensity of 1 or more): {items}.").format(
                items=join(heavy, item)) if heavy else pick(
                N_("No cluster's share of trade tax reaches its share of employment."),
                N_("No cluster's share of trade tax reaches its share of employment, among "
                   "the clusters with data."), na["tax_share"]))

    bg = "establishments_growth_pct"
    if bg in cl.columns:
        b = _col(cl, bg)
        na[bg] = cl.loc[b.isna(), "label"].tolist()
        item = lambda label, x, y: _(  # noqa: E731
            "{label} (employment {e}, establishments {b})").format(
            label=label, e=pct(x), b=pct(y))
        bigger = _("Employment grew faster than the number of establishments (larger "
                   "establishments on average) in: {items}.")
        smaller = _("The number of establishments grew faster than employment (smaller "
                    "establishments on average) in: {items}.")
        for sentence, keep in ((bigger, g > b), (smaller, g < b)):
            if rows := _rows(cl, [eg, bg], keep):
                out.append(sentence.format(items=join(rows, item)))

    if missing := [_("{what} of {labels}").format(what=_(_WHAT[w]), labels=", ".join(v))
                   for w, v in na.items() if v]:
        out.append(_("Not available because of suppressed or missing data (n/a): {items}.").format(
            items="; ".join(missing)))
    est = [f"{_(_WHAT[m])} ({', '.join(cl.loc[flag, 'label'])})" for m in _MEASURES
           if (flag := (cl.get(f"{m}_flag", pd.Series(pd.NA, index=cl.index))
                        == "estimated").fillna(False).to_numpy(bool)).any()]
    if est:
        out.append(_("Values flagged as estimated: {items}.").format(items="; ".join(est)))
    return out


def headline(profile: pd.DataFrame, *, language: str = "en",
             formatted: bool = False) -> pd.DataFrame:
    """Headline figures of the local economy from a cluster profile.

    Parameters
    ----------
    profile : pandas.DataFrame
        A cluster profile of one region with its ``total`` row.
    language : str, default "en"
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
    >>> h.loc["Employees in the cluster"].tolist()
    [100.0, 150.0, 50.0, 50.0]
    >>> round(float(h.loc["Share of employment in the cluster", 2020]), 4)
    0.1364
    >>> headline(p, language="de", formatted=True).iloc[0].tolist()
    ['Beschäftigte', '1.000', '1.100', '+100', '+10,0\\xa0%']
    """
    total, cl = _split(profile, language)
    _, f = gettext_for(language), Formatter(language)
    ngettext = ngettext_for(language)
    y0, y1 = int(total["start_year"]), int(total["end_year"])
    rows = {_(_ROWS[m]): (_get(total, f"{m}_start"), _get(total, f"{m}_end"))
            for m in _MEASURES if f"{m}_start" in profile.columns}
    n = len(cl)
    has_share = bool(n) and "employment_start" in profile.columns
    if has_share:
        e = [_col(cl, f"employment_{s}") for s in ("start", "end")]
        e = [s.sum() if s.notna().all() else np.nan for s in e]
        rows[ngettext("Employees in the cluster", "Employees in the {n} clusters",
                      n).format(n=n)] = tuple(e)
        rows[ngettext("Share of employment in the cluster",
                      "Share of employment in the {n} clusters", n).format(n=n)] = (
            e[0] / _get(total, "employment_start"), e[1] / _get(total, "employment_end"))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=[y0, y1], dtype=float)
    out["change"] = out[y1] - out[y0]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth_pct"] = np.where(out[y0] > 0, 100 * (out[y1] / out[y0] - 1), np.nan)
    if has_share:
        out.iloc[-1, -1] = np.nan
    if not formatted:
        return out
    text = pd.DataFrame({str(c): [f.integer(v, signed=c == "change") for v in out[c]]
                         for c in (y0, y1, "change")}, index=out.index)
    text["growth_pct"] = [f.percent(v, 1, signed=True) for v in out["growth_pct"]]
    if has_share:
        s = out.iloc[-1]
        text.iloc[-1] = [f.share(s[y0]), f.share(s[y1]), f.pp(100 * s["change"]), ""]
    text = text.rename(columns={"change": _("Change"), "growth_pct": _("Growth")})
    return text.rename_axis(_("Figure")).reset_index()
