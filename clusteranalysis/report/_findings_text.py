"""Sentence templates and labels of :mod:`clusteranalysis.report.findings` (en, de).

Placeholders are filled with numbers formatted for the language by
:func:`number`, :func:`percent` and :func:`euro`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_MINUS = "\u2212"

TEXT = {
    "en": {
        "rose": "rose", "fell": "fell", "same": "did not change",
        "total": "Total employment {verb} by {pct} from {y0} to {y1}, from {n0} to {n1} "
                 "employees.",
        "total_na": "Total employment growth {y0}–{y1} is not available.",
        "est_tax": "The number of establishments {verb} by {pct} to {n1}; trade tax {verb2} "
                   "by {pct2} to {tax}.",
        "faster": "Clusters that grew faster than the local economy ({g}): {items}.",
        "better": "Clusters that did better than the local economy ({g}): {items}.",
        "no_faster": "No cluster grew faster than the local economy ({g}).",
        "slower": "Clusters that grew, but more slowly than the local economy: {items}.",
        "shrank": "Clusters that lost employees: {items}.",
        "no_shrank": "No cluster lost employees.",
        "spec": "Specialised compared with the reference (location quotient above 1), "
                "strongest first: {items}.",
        "no_spec": "No cluster is specialised compared with the reference "
                   "(all location quotients are 1 or below).",
        "not_spec": "Not specialised (location quotient 1 or below): {items}.",
        "together": "Together the {n} clusters account for {emp} of employment, {est} of "
                    "establishments and {tax} of trade tax.",
        "tax_top": "The largest share of trade tax comes from {label} ({share}).",
        "tax_heavy": "Clusters whose share of trade tax is at least their share of employment "
                     "(tax intensity of 1 or more): {items}.",
        "tax_item": "{label} ({tax} of trade tax, {emp} of employment)",
        "no_tax_heavy": "No cluster's share of trade tax reaches its share of employment.",
        "bigger": "Employment grew faster than the number of establishments (larger "
                  "establishments on average) in: {items}.",
        "smaller": "The number of establishments grew faster than employment (smaller "
                   "establishments on average) in: {items}.",
        "size_item": "{label} (employment {e}, establishments {b})",
        "na": "Not available because of suppressed or missing data (n/a): {items}.",
        "na_item": "{what} of {labels}",
        "estimated": "Values flagged as estimated: {items}.",
        "known": ", among the clusters with data",
        "pp": " pp", "million": "€{x} million", "euro": "€{x}",
        "what": {"employment_growth_pct": "employment growth", "lq": "location quotient",
                 "tax_share": "trade-tax share", "establishments_growth_pct":
                 "establishment growth", "employment": "employment",
                 "establishments": "establishments", "tax": "trade tax"},
        "rows": {"employment": "Employees", "establishments": "Establishments",
                 "tax": "Trade tax, €", "cluster_employment": "Employees in the {n} clusters",
                 "cluster_share": "Share of employment in the {n} clusters"},
        "cols": {"figure": "Figure", "change": "Change", "growth_pct": "Growth"},
    },
    "de": {
        "rose": "stieg", "fell": "sank", "same": "blieb unverändert",
        "total": "Die Beschäftigung insgesamt {verb} von {y0} bis {y1} um {pct}, von {n0} auf "
                 "{n1} Beschäftigte.",
        "total_na": "Das Beschäftigungswachstum insgesamt {y0}–{y1} ist nicht verfügbar.",
        "est_tax": "Die Zahl der Betriebe {verb} um {pct} auf {n1}; die Gewerbesteuer {verb2} "
                   "um {pct2} auf {tax}.",
        "faster": "Cluster, die schneller wuchsen als die lokale Wirtschaft ({g}): {items}.",
        "better": "Cluster, die sich besser entwickelten als die lokale Wirtschaft ({g}): "
                  "{items}.",
        "no_faster": "Kein Cluster wuchs schneller als die lokale Wirtschaft ({g}).",
        "slower": "Cluster, die wuchsen, aber langsamer als die lokale Wirtschaft: {items}.",
        "shrank": "Cluster mit Beschäftigungsverlust: {items}.",
        "no_shrank": "Kein Cluster verlor Beschäftigte.",
        "spec": "Spezialisiert im Vergleich zur Referenz (Lokalisationsquotient über 1), "
                "stärkste zuerst: {items}.",
        "no_spec": "Kein Cluster ist im Vergleich zur Referenz spezialisiert "
                   "(alle Lokalisationsquotienten 1 oder darunter).",
        "not_spec": "Nicht spezialisiert (Lokalisationsquotient 1 oder darunter): {items}.",
        "together": "Zusammen stehen die {n} Cluster für {emp} der Beschäftigung, {est} der "
                    "Betriebe und {tax} der Gewerbesteuer.",
        "tax_top": "Den größten Anteil an der Gewerbesteuer hat {label} ({share}).",
        "tax_heavy": "Cluster, deren Anteil an der Gewerbesteuer mindestens ihrem Anteil an der "
                     "Beschäftigung entspricht (Steuerintensität 1 oder mehr): {items}.",
        "tax_item": "{label} ({tax} der Gewerbesteuer, {emp} der Beschäftigung)",
        "no_tax_heavy": "Bei keinem Cluster erreicht der Anteil an der Gewerbesteuer den "
                        "Anteil an der Beschäftigung.",
        "bigger": "Die Beschäftigung wuchs schneller als die Zahl der Betriebe (im Mittel "
                  "größere Betriebe) in: {items}.",
        "smaller": "Die Zahl der Betriebe wuchs schneller als die Beschäftigung (im Mittel "
                   "kleinere Betriebe) in: {items}.",
        "size_item": "{label} (Beschäftigung {e}, Betriebe {b})",
        "na": "Wegen gesperrter oder fehlender Daten nicht verfügbar (n/a): {items}.",
        "na_item": "{what} für {labels}",
        "estimated": "Als geschätzt gekennzeichnete Werte: {items}.",
        "known": ", unter den Clustern mit Daten",
        "pp": " Pp.", "million": "{x} Mio. €", "euro": "{x} €",
        "what": {"employment_growth_pct": "Beschäftigungswachstum", "lq":
                 "Lokalisationsquotient", "tax_share": "Gewerbesteueranteil",
                 "establishments_growth_pct": "Wachstum der Betriebe",
                 "employment": "Beschäftigung", "establishments": "Betriebe",
                 "tax": "Gewerbesteuer"},
        "rows": {"employment": "Beschäftigte", "establishments": "Betriebe",
                 "tax": "Gewerbesteuer, €", "cluster_employment": "Beschäftigte in den {n} "
                 "Clustern", "cluster_share": "Beschäftigungsanteil der {n} Cluster"},
        "cols": {"figure": "Kennzahl", "change": "Veränderung", "growth_pct": "Wachstum"},
    },
}


def number(x, decimals: int = 0, language: str = "en", *, sign: bool = False) -> str:
    """Format a number with thousands separators (``"n/a"`` when missing).

    >>> number(1234567.891, 1), number(1234567.891, 1, "de"), number(-3.25, 1, sign=True)
    ('1,234,567.9', '1.234.567,9', '−3.2')
    """
    if x is None or x is pd.NA or not np.isfinite(float(x)):
        return "n/a"
    x = float(x) if round(float(x), decimals) != 0 else 0.0  # no "-0.0"
    s = f"{x:{'+' if sign else ''},.{decimals}f}"
    if language == "de":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s.replace("-", _MINUS)


def percent(x, decimals: int = 1, language: str = "en", *, sign: bool = False) -> str:
    """Format a value that is already in percent: ``"12.5%"`` / ``"12,5 %"``.

    >>> percent(12.54), percent(12.54, language="de", sign=True), percent(float("nan"))
    ('12.5%', '+12,5 %', 'n/a')
    """
    s = number(x, decimals, language, sign=sign)
    return s if s == "n/a" else s + (" %" if language == "de" else "%")


def euro(x, language: str = "en") -> str:
    """Format euros, millions as ``€2.5 million`` / ``2,5 Mio. €``.

    >>> euro(2_512_000), euro(2_512_000, "de"), euro(950.4, "de")
    ('€2.5 million', '2,5 Mio. €', '950 €')
    """
    t = TEXT[language]
    if x is None or x is pd.NA or not np.isfinite(float(x)):
        return "n/a"
    if abs(x) >= 1e6:
        return t["million"].format(x=number(x / 1e6, 1, language))
    return t["euro"].format(x=number(x, 0, language))
