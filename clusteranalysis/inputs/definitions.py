"""Cluster definitions: which industry codes make up each cluster.

A definition is a YAML file (built-ins in ``data/definitions/``) loaded with
:func:`load_definition` into a frozen :class:`ClusterDefinition`, whose
:meth:`~ClusterDefinition.match` maps industry codes to clusters.

Matching rule (see :mod:`clusteranalysis.inputs._industry_codes`): a definition code
covers an industry code when the industry code lies inside it in the code
hierarchy. WZ/NACE: ``29`` covers ``29``, ``29.1``, ``29.10``, ``29.10.1``;
``32.5`` covers ``32.50`` but not ``32.1``; ``2`` never covers ``29``; a
section group such as ``B-E`` covers ``B-E``, ``C``, and every division
05–39 with its subcodes. NAICS/ISIC: ``3361`` covers ``33611`` and ``336111``.
``TOTAL`` never matches. An industry code spanning several divisions belongs to
a cluster whose codes together cover it (section ``H`` to a cluster listing
``49``–``53``). An industry covered by codes of several clusters is assigned
once: to the cluster with the most specific covering code (ties: the first
cluster in the file), with a :class:`UserWarning`.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ._definition_schema import NAME as _NAME
from ._definition_schema import RESERVED_IDS, parse, semantic_problems  # noqa: F401
from ._industry_codes import Matcher, scheme_for
from clusteranalysis._paths import data_dir
from clusteranalysis.errors import DataError
from ._safe_yaml import BoundedLoader, load_yaml_file

#: Folder of the built-in definitions.
BUILTIN_DIR = data_dir() / "definitions"


@dataclass(frozen=True)
class Cluster:
    """One cluster: an id, a label and the industry codes it consists of.

    ``notes`` holds one justification per code (``None`` where absent).
    ``label`` is one text used for every language, or a mapping language →
    text (``{"de": "Logistik", "en": "Logistics"}``); then ``label`` keeps the
    English text (else the first one) and :meth:`label_in` picks a language.
    ``subclusters`` are ``(id, label)`` pairs of a second level and
    ``code_subclusters`` the subcluster id of each code (empty: none).

    Examples
    --------
    >>> c = Cluster("log", {"de": "Logistik", "en": "Logistics"}, ("49",))
    >>> c.label, c.label_in("de"), c.label_in("fr")
    ('Logistics', 'Logistik', 'Logistics')
    >>> Cluster("log", "Logistik", ("49",)).label_in("en")
    'Logistik'
    """

    id: str
    label: str
    codes: tuple[str, ...]
    description: str = ""
    kind: str | None = None  # "traded", "local" or None (mixed / not stated)
    notes: tuple[str | None, ...] = ()
    subclusters: tuple[tuple[str, str], ...] = ()
    code_subclusters: tuple[str, ...] = ()
    translations: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        for name in ("codes", "notes", "code_subclusters"):
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))
        if isinstance(self.label, Mapping):
            labels = dict(self.label)
            object.__setattr__(self, "translations", tuple(labels.items()))
            object.__setattr__(self, "label", labels.get("en", next(iter(labels.values()), "")))
        object.__setattr__(self, "translations", tuple(
            (str(k), v) for k, v in dict(self.translations).items()))
        object.__setattr__(self, "subclusters", tuple(tuple(s) for s in self.subclusters))
        ids = {s[0] for s in self.subclusters}
        if self.subclusters and (len(self.code_subclusters) != len(self.codes)
                                 or not set(self.code_subclusters) <= ids):
            raise DataError([f"cluster {self.id!r}: every code needs one of its subclusters "
                             f"({', '.join(sorted(ids))})"])

    def label_in(self, language: str = "en") -> str:
        """The label in *language* (``de_AT`` falls back to ``de``), else :attr:`label`."""
        labels = dict(self.translations)
        return labels.get(language) or labels.get(language.split("_")[0]) or self.label


@dataclass(frozen=True)
class ClusterDefinition:
    """A named set of clusters in one industry classification.

    Construction validates ids (lower-case identifiers, not ``other`` or
    ``total``, unique), kinds and codes and raises :class:`DataError`.

    Examples
    --------
    >>> d = ClusterDefinition("demo", "WZ 2008", (
    ...     Cluster("cars", "Cars", ("29", "22.11")),
    ...     Cluster("med", "Medical", ("32.5", "86"))))
    >>> d.match(["29.10", "2", "32.50", "32.1", "22.1", "TOTAL"])
      industry cluster    label   code
    0    29.10    cars     Cars     29
    1        2    <NA>     <NA>   <NA>
    2    32.50     med  Medical   32.5
    3     32.1    <NA>     <NA>   <NA>
    4     22.1    <NA>     <NA>   <NA>
    5    TOTAL    <NA>     <NA>   <NA>
    >>> d.unmatched(["29", "22.1", "47"])
      industry         partial
    0     22.1  cars (22.11)
    1       47            <NA>
    """

    name: str
    classification: str
    clusters: tuple[Cluster, ...]
    source: str = ""
    description: str = ""
    references: tuple[str, ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "clusters", tuple(self.clusters))
        object.__setattr__(self, "references", tuple(self.references))
        rows = [(f"clusters[{i}]", c.id, c.label, c.codes, c.kind, c.notes)
                for i, c in enumerate(self.clusters)]
        problems = semantic_problems(self.name, self.classification, rows)
        if problems:
            raise DataError(problems, source=f"cluster definition {self.name!r}")

    @property
    def scheme(self) -> str:
        """``"dotted"`` (WZ, NACE) or ``"digits"`` (NAICS, ISIC, SIC)."""
        return scheme_for(self.classification)

    @property
    def ids(self) -> tuple[str, ...]:
        """Cluster ids in definition order."""
        return tuple(c.id for c in self.clusters)

    @property
    def labels(self) -> dict[str, str]:
        """Cluster id → label, in definition order."""
        return {c.id: c.label for c in self.clusters}

    def labels_in(self, language: str = "en") -> dict[str, str]:
        """Cluster id → label in *language* (see :meth:`Cluster.label_in`)."""
        return {c.id: c.label_in(language) for c in self.clusters}

    @cached_property
    def _matcher(self) -> Matcher:
        return Matcher([(k, code) for k, c in enumerate(self.clusters) for code in c.codes],
                       self.scheme)

    def _lookup(self, code: str) -> tuple:
        return self._matcher.lookup(code)

    def _table(self, codes) -> pd.DataFrame:
        """One row per unique code: cluster, label, code, overlaps, partial."""
        uniq = pd.unique(pd.Series(codes, dtype="string").dropna().to_numpy())
        found = [self._lookup(str(u)) for u in uniq]
        ids, labels = [c.id for c in self.clusters], [c.label for c in self.clusters]
        return pd.DataFrame({
            "cluster": [ids[k] if k >= 0 else None for k, *_ in found],
            "label": [labels[k] if k >= 0 else None for k, *_ in found],
            "code": [f[1] for f in found],
            # object dtype even when empty (no codes), so ``.str.len()`` works
            "others": pd.Series([[(ids[j], c) for j, c in f[2]] for f in found], dtype=object,
                                index=range(len(found))).to_numpy(),
            "partial": pd.Series([[(ids[j], c) for j, c in f[3]] for f in found], dtype=object,
                                 index=range(len(found))).to_numpy(),
        }, index=pd.Index(uniq, dtype="string")).astype(
            {"cluster": "string", "label": "string", "code": "string"})

    def match(self, codes) -> pd.DataFrame:
        """Cluster of each industry code.

        Parameters
        ----------
        codes : array-like of str
            Industry codes; each distinct code is looked up once.

        Returns
        -------
        pandas.DataFrame
            One row per input code, in input order: ``industry``, ``cluster``
            (id; missing if unmatched), ``label`` and ``code`` (the definition
            code that matched; comma-separated when several codes together
            cover a section code).

        Warns
        -----
        UserWarning
            When an industry is covered by codes of several clusters; it is
            assigned to the most specific code (ties: first cluster).
        """
        s = pd.Series(codes, dtype="string").reset_index(drop=True)
        table = self._table(s)
        _warn_overlaps(table)
        out = table.drop(columns=["others", "partial"]).reindex(s)
        return pd.concat([s.rename("industry"), out.reset_index(drop=True)], axis=1)

    def unmatched(self, codes) -> pd.DataFrame:
        """Industry codes in no cluster (``TOTAL`` and missing codes left out).

        Returns
        -------
        pandas.DataFrame
            ``industry`` (distinct, in order of appearance) and ``partial``:
            clusters with codes inside this coarser code, e.g.
            ``"automotive (22.11)"`` for ``22`` — the data are not detailed
            enough to assign that part; missing otherwise.
        """
        t = self._table(codes)
        t = t[t["cluster"].isna() & (t.index.str.upper() != "TOTAL")]
        partial = [", ".join(f"{i} ({c})" for i, c in p) or None for p in t["partial"]]
        return pd.DataFrame({"industry": t.index.to_numpy(), "partial": partial}).astype("string")

    def to_frame(self) -> pd.DataFrame:
        """One row per cluster and code: ``cluster``, ``label``, ``kind``, ``code``,
        ``note`` and, for definitions with a second level, ``subcluster`` and
        ``subcluster_label``.

        Examples
        --------
        >>> load_definition("leipzig").to_frame().iloc[0][["cluster", "code"]].tolist()
        ['automotive', '29']
        """
        rows = [(c.id, c.label, c.kind, code, c.notes[j] if c.notes else None)
                for c in self.clusters for j, code in enumerate(c.codes)]
        frame = pd.DataFrame(rows, columns=["cluster", "label", "kind", "code", "note"])
        if any(c.subclusters for c in self.clusters):
            frame["subcluster"] = [c.code_subclusters[j] if c.subclusters else None
                                   for c in self.clusters for j in range(len(c.codes))]
            names = {(c.id, s): lab for c in self.clusters for s, lab in c.subclusters}
            frame["subcluster_label"] = [names.get(k) for k in
                                         zip(frame["cluster"], frame["subcluster"])]
        return frame.astype("string")

    def subcluster_definition(self) -> ClusterDefinition:
        """The second level as a definition of its own (for :func:`aggregate_clusters`).

        Each subcluster becomes a cluster with id ``{cluster}__{subcluster}``,
        label ``"{cluster label}: {subcluster label}"`` and the kind of its
        cluster; clusters without subclusters are kept as they are.

        Examples
        --------
        >>> sub = load_definition("us_benchmark").subcluster_definition()
        >>> len(sub.clusters)
        314
        >>> sub.labels["aerospace_vehicles_and_defense__aircraft"]
        'Aerospace Vehicles and Defense: Aircraft'
        """
        clusters = []
        for c in self.clusters:
            if not c.subclusters:
                clusters.append(c)
                continue
            for sid, slabel in c.subclusters:
                codes = tuple(code for code, s in zip(c.codes, c.code_subclusters) if s == sid)
                clusters.append(Cluster(f"{c.id}__{sid}", f"{c.label}: {slabel}", codes,
                                        kind=c.kind))
        return ClusterDefinition(f"{self.name}_subclusters", self.classification,
                                 tuple(clusters), source=self.source,
                                 description=f"Subclusters of {self.name}",
                                 references=self.references)


def _warn_overlaps(table: pd.DataFrame, stacklevel: int = 3) -> None:
    hits = table[table["others"].str.len() > 0]
    if len(hits):
        text = "; ".join(
            f"{ind!r} → {r.cluster} ({r.code}), also "
            + ", ".join(f"{i} ({c})" for i, c in r.others)
            for ind, r in zip(hits.index[:10], hits.head(10).itertuples()))
        text += f" and {len(hits) - 10} more" if len(hits) > 10 else ""
        warnings.warn("industry codes covered by several clusters were assigned once, to the "
                      "most specific code (ties: first cluster): " + text, UserWarning,
                      stacklevel=stacklevel)


def available_definitions() -> list[str]:
    """Names of the built-in definitions.

    >>> "leipzig" in available_definitions()
    True
    """
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml") if _NAME.match(p.stem))


def load_definition(name_or_path) -> ClusterDefinition:
    """Load a built-in cluster definition by name, or a YAML file by path.

    Parameters
    ----------
    name_or_path : str, os.PathLike or ClusterDefinition
        A built-in name (``"leipzig"``, ``"wz_sections"``; lower-case letters,
        digits, underscores), or a path to a ``.yaml``/``.yml`` file (any
        string with a path separator or that suffix). A definition passes
        through unchanged.

    Returns
    -------
    ClusterDefinition

    Raises
    ------
    DataError
        Unknown built-in name, or a file that breaks the schema; every
        problem is listed with the file and the key (``clusters[0].codes[2]``).
    FileNotFoundError
        The path does not exist (a folder or a symbolic link loop is a
        DataError).

    Notes
    -----
    Schema: ``name`` (required, ``[a-z0-9_]+``), ``classification``
    (required, e.g. ``"WZ 2008"``, ``"NAICS 2012"``), ``source``,
    ``description``, ``references`` (list of str) and ``clusters``
    (required list). Each cluster: ``id``, ``label``, ``codes`` (required),
    ``kind`` (``traded``/``local``) and ``description``. A label is one text
    for every language or a mapping per language (``label: {de: Logistik,
    en: Logistics}``; see :meth:`Cluster.label_in`). A code is a quoted
    string or a mapping ``{code: "29.10", note: "why"}``. YAML numbers are
    rejected: unquoted ``29.10`` would be read as 29.1 and ``01`` as 1.
    Unknown and duplicated keys are rejected. Files (at most 5 MB) are read
    with a ``yaml.SafeLoader`` that also bounds nesting and alias expansion.

    Examples
    --------
    >>> d = load_definition("leipzig")
    >>> d.ids
    ('automotive', 'logistics', 'health_biotech', 'energy_environment', 'media_creative')
    >>> d.classification
    'WZ 2008'
    """
    if isinstance(name_or_path, ClusterDefinition):
        return name_or_path
    text = os.fspath(name_or_path) if isinstance(name_or_path, (str, os.PathLike)) else None
    if text is None:
        raise TypeError(f"expected a name or a path, not {type(name_or_path).__name__}")
    if isinstance(name_or_path, os.PathLike) or re.search(r"[/\\]|\.ya?ml$", text):
        return _from_yaml(Path(text))
    known = available_definitions()
    if not _NAME.match(text) or text not in known:
        raise DataError([f"{text!r} is not a built-in cluster definition (built-in: "
                         f"{', '.join(known)}); pass a path to a .yaml file for your own"])
    return _from_yaml(BUILTIN_DIR / f"{text}.yaml")


#: Largest definition file, in bytes (the built-in ones have about 13 kB).
MAX_DEFINITION_BYTES = 5_000_000


class _DefinitionLoader(BoundedLoader):
    max_depth = 10
    max_nodes = 500_000  # thousands of codes with notes


def _from_yaml(path: Path) -> ClusterDefinition:
    raw = load_yaml_file(path, loader=_DefinitionLoader, max_bytes=MAX_DEFINITION_BYTES,
                         what="cluster definition file")
    problems: list[str] = []
    fields = parse(raw, problems)
    if problems:
        raise DataError(problems, source=str(path))
    clusters = tuple(Cluster(**c) for c in fields.pop("clusters"))
    return ClusterDefinition(clusters=clusters, **fields)
