"""Every reader-facing string of the maps, through the gettext catalog (see docs/i18n.md).

Numbers go through :class:`clusteranalysis.i18n.Formatter`; LQ class bounds
always with two decimals.
"""

from __future__ import annotations

from clusteranalysis.i18n import Formatter, N_, gettext_for

#: Attributions of the bundled layers that are not fixed legal text (translated
#: where shown). The BKG notice "© GeoBasis-DE / BKG 2021 (Daten verändert)" is
#: prescribed by the licence and printed verbatim.
ATTRIBUTIONS = (
    N_("Fictional boundaries (synthetic sample; Musterland does not exist)"),
    N_("Source: U.S. Census Bureau, cartographic boundary file 2018 (simplified)"),
)
#: LISA categories (values of ``local_moran(...)["category"]``) -> legend labels.
LISA_LABELS = {
    "high-high": N_("High-high (strong region among strong neighbours)"),
    "low-low": N_("Low-low (weak region among weak neighbours)"),
    "high-low": N_("High-low (strong region, weak neighbours)"),
    "low-high": N_("Low-high (weak region, strong neighbours)"),
    "not significant": N_("Not significant"),
}
MAX_NAMES = 4


def attribution(text: str, language: str) -> str:
    """The layer's notice, translated when it is one of :data:`ATTRIBUTIONS`."""
    return gettext_for(language)(text) if text in ATTRIBUTIONS else text


def names_list(names, language: str) -> str:
    """Up to four names, then "and N more"."""
    _ = gettext_for(language)
    names = list(names)
    if len(names) <= MAX_NAMES:
        return ", ".join(names)
    return _("{names} and {n} more").format(names=", ".join(names[:MAX_NAMES]),
                                             n=len(names) - MAX_NAMES)


def status_label(status: str, names, language: str) -> str:
    """Legend label of a hatched category, naming its regions."""
    _ = gettext_for(language)
    text = {"missing": _("No data: {names}"), "suppressed": _("Suppressed: {names}"),
            "changed": _("Territorial change: {names}")}[status]
    return text.format(names=names_list(names, language))


def class_labels(bounds, language: str, *, lq: bool) -> list[str]:
    """Labels of classes (lower, upper] given their upper bounds (the last is open)."""
    _ = gettext_for(language)
    f = Formatter(language)
    fmt = f.lq if lq else (lambda x: f.decimal(x, 2))
    n = len(bounds)
    if n == 1:
        return [_("all regions")]
    labels = [_("≤ {upper}").format(upper=fmt(bounds[0]))]
    labels += [_("{lower} – {upper}").format(lower=fmt(bounds[i - 1]), upper=fmt(bounds[i]))
               for i in range(1, n - 1)]
    labels.append(_("> {lower}").format(lower=fmt(bounds[n - 2])))
    return labels


def legend_title(kind: str, column: str, language: str) -> str:
    _ = gettext_for(language)
    if kind == "lq":
        return _("Location quotient")
    if kind == "lisa":
        return _("Local Moran's I (LISA)")
    return column


def highlight_label(name: str, language: str) -> str:
    _ = gettext_for(language)
    return _("{name} (report region)").format(name=name)


def moran_title(i_value: float, p_value: float, language: str) -> str:
    """Title of a LISA map: the global Moran's I and its pseudo p-value."""
    _ = gettext_for(language)
    f = Formatter(language)
    return _("Spatial clustering: Moran's I = {value} (p = {p})").format(
        value=f.decimal(i_value, 2), p=f.decimal(p_value, 3))


def lisa_label(category: str, language: str) -> str:
    return gettext_for(language)(LISA_LABELS[category])


def join_notes(join, language: str = "en") -> list[str]:
    """Sentences on what did not join (see :class:`~clusteranalysis.spatial.join.BoundaryJoin`)."""
    _ = gettext_for(language)
    frame = join.frame
    names = dict(zip(frame["region"].astype(str), frame["name"].astype(str)))
    valid = frame.attrs.get("valid_on", "")
    notes = []
    moved = set()
    for successor, part in join.changes.groupby("successor", sort=True):
        codes = sorted(part["region"])
        moved |= set(codes)
        notes.append(_("{codes}: merged into {name} ({successor}), whose code the data use "
                       "from {year}; the map shows the boundaries of {date}, so that area is "
                       "hatched.").format(
            codes=", ".join(codes), name=names.get(successor, successor), successor=successor,
            year=int(part["year"].min()), date=_date(valid, language)))
    rest = [c for c in join.unmatched_data if c not in moved]
    if rest:
        notes.append(_("No boundary for {n} code(s) of the data, not on the map: {codes}.")
                     .format(n=len(rest), codes=names_list(rest, language)))
    # an alias is worth a note when it is the exception (Berlin, Hamburg in a district
    # table), not when the data use the alternative codes throughout (QCEW states)
    systematic = len(join.aliases) == int((frame["join"] != "no data").sum())
    for poly, code in ([] if systematic else sorted(join.aliases.items())):
        notes.append(_("{name} ({poly}) shows the value of code {code}.").format(
            name=names.get(poly, poly), poly=poly, code=code))
    return notes


def _date(iso: str, language: str) -> str:
    import datetime

    if not iso:
        return Formatter(language).missing
    return Formatter(language).date(datetime.date.fromisoformat(iso))


def no_geometry_sentence(language: str) -> str:
    _ = gettext_for(language)
    return _("No map: boundaries of the regions in the data are not available.")

