"""Schema of cluster definition files (internal): structure and semantic checks.

:func:`parse` turns the result of :func:`yaml.safe_load` into constructor
arguments of :class:`~clusteranalysis.inputs.definitions.ClusterDefinition` and
collects every problem, each naming its key (``clusters[0].codes[2]``).
:func:`semantic_problems` is shared with the dataclass constructor.
"""

from __future__ import annotations

import re

from ._industry_codes import code_problem, scheme_for

NAME = re.compile(r"^[a-z0-9_]+$")
_ID = re.compile(r"^[a-z_][a-z0-9_]*$")
#: Cluster ids taken by the extra rows of :func:`aggregate_clusters`.
RESERVED_IDS = ("other", "total")
_KEYS = {"name", "classification", "source", "description", "references", "clusters"}
_CLUSTER_KEYS = {"id", "label", "kind", "description", "codes", "subclusters"}


def _str(d: dict, key: str, where: str, problems: list, required=False, default=""):
    if key not in d:
        if required:
            problems.append(f"key '{where}{key}' is missing")
        return default
    value = d[key]
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"key '{where}{key}' must be a non-empty text, not {value!r}")
        return default
    return value


_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def _label(c: dict, where: str, problems: list):
    """A cluster label: one text for every language, or ``{language: text}``."""
    value = c.get("label")
    if not isinstance(value, dict):
        return _str(c, "label", where, problems, required=True)
    if not value:
        problems.append(f"key '{where}label' must be a text or a mapping language → text")
        return ""
    for lang in value:
        if not isinstance(lang, str) or not _LANGUAGE.match(lang):
            problems.append(f"key '{where}label': {lang!r} is not a language code such as "
                            "'de' or 'en'")
    labels = {str(k): _str(value, k, f"{where}label.", problems, required=True)
              for k in value}
    return labels


def parse(raw, problems: list) -> dict:
    """Constructor arguments from a loaded YAML document (clusters as dicts).

    Every problem found is appended to ``problems``; the result is complete
    only when none was found.

    Examples
    --------
    >>> problems = []
    >>> raw = {"name": "x", "classification": "WZ 2008",
    ...        "clusters": [{"id": "a", "label": "A", "codes": [29.10, "30"]}]}
    >>> parse(raw, problems)["name"]
    'x'
    >>> print(problems[0])
    key 'clusters[0].codes[0]': code 29.1 is a YAML float, not text; quote every code ...
    """
    if not isinstance(raw, dict):
        problems.append("the file must hold a mapping with the keys name, classification, "
                        f"clusters (got {type(raw).__name__})")
        return {}
    problems += [f"unknown key '{k}' (allowed: {', '.join(sorted(_KEYS))})"
                 for k in raw if k not in _KEYS]
    out = {k: _str(raw, k, "", problems, required=k in ("name", "classification"))
           for k in ("name", "classification", "source", "description")}
    refs = raw.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        problems.append("key 'references' must be a list of texts")
        refs = []
    out["references"] = tuple(refs)
    clusters = raw.get("clusters")
    if not isinstance(clusters, list) or not clusters:
        problems.append("key 'clusters' must be a non-empty list of clusters")
        clusters = []
    rows = []
    for i, c in enumerate(clusters):
        where = f"clusters[{i}]"
        if not isinstance(c, dict):
            problems.append(f"key '{where}' must be a mapping with id, label, codes")
            continue
        problems += [f"key '{where}': unknown key '{k}' (allowed: "
                     f"{', '.join(sorted(_CLUSTER_KEYS))})" for k in c if k not in _CLUSTER_KEYS]
        cid = _str(c, "id", where + ".", problems, required=True)
        label = _label(c, where + ".", problems)
        desc = _str(c, "description", where + ".", problems)
        kind = c.get("kind")
        codes, notes, subs = _parse_codes(c.get("codes"), f"{where}.codes", problems)
        subclusters = _parse_subclusters(c.get("subclusters"), subs, where, problems)
        rows.append((where, cid, label, codes, kind, notes, desc, subclusters, subs))
    problems += semantic_problems(
        out["name"], out["classification"],
        [(w, cid, _first(label), *rest) for w, cid, label, *rest in (r[:6] for r in rows)],
        skip_missing=True)
    if problems:
        return out
    out["clusters"] = [dict(id=cid, label=label, codes=codes, description=desc, kind=kind,
                            notes=notes, subclusters=subclusters,
                            code_subclusters=subs if subclusters else ())
                       for _, cid, label, codes, kind, notes, desc, subclusters, subs in rows]
    return out


def _first(label) -> str:
    """The text checked for a label: the English one of a mapping, else the first."""
    if isinstance(label, dict):
        return label.get("en", next(iter(label.values()), ""))
    return label


def _parse_subclusters(entries, subs, where: str, problems: list) -> tuple:
    """``subclusters: [{id, label}]``; every code then names one of them."""
    if entries is None:
        problems += [f"key '{where}.codes[{j}]': subcluster {s!r} but the cluster has no "
                     "'subclusters' list" for j, s in enumerate(subs) if s is not None]
        return ()
    if not isinstance(entries, list) or not entries:
        problems.append(f"key '{where}.subclusters' must be a non-empty list of {{id, label}}")
        return ()
    out, seen = [], set()
    for k, e in enumerate(entries):
        at = f"{where}.subclusters[{k}]"
        if not isinstance(e, dict) or set(e) - {"id", "label"}:
            problems.append(f"key '{at}' must be a mapping with the keys id and label")
            continue
        sid = _str(e, "id", at + ".", problems, required=True)
        label = _str(e, "label", at + ".", problems, required=True)
        if sid and not _ID.match(sid):
            problems.append(f"key '{at}.id': {sid!r} must be a lower-case identifier")
        elif sid in seen:
            problems.append(f"key '{at}.id': {sid!r} is listed twice")
        seen.add(sid)
        out.append((sid, label))
    for j, s in enumerate(subs):
        if s is None:
            problems.append(f"key '{where}.codes[{j}]': the cluster has subclusters, so "
                            "every code needs one ({code: ..., subcluster: ...})")
        elif s not in seen:
            problems.append(f"key '{where}.codes[{j}]': unknown subcluster {s!r}")
    return tuple(out)


def _parse_codes(entries, where: str, problems: list):
    if not isinstance(entries, list) or not entries:
        problems.append(f"key '{where}' must be a non-empty list of codes")
        return (), (), ()
    codes, notes, subs = [], [], []
    for j, e in enumerate(entries):
        at, note, sub = f"{where}[{j}]", None, None
        if isinstance(e, dict):
            problems += [f"key '{at}': unknown key '{k}' (allowed: code, note, subcluster)"
                         for k in e if k not in ("code", "note", "subcluster")]
            note = _str(e, "note", at + ".", problems, default=None)
            sub = _str(e, "subcluster", at + ".", problems, default=None)
            at, e = at + ".code", e.get("code")
        if isinstance(e, str):
            codes.append(e)
            notes.append(note)
            subs.append(sub)
        elif isinstance(e, (bool, int, float)):
            problems.append(
                f"key '{at}': code {e!r} is a YAML {type(e).__name__}, not text; quote every "
                "code (\"29.10\", \"01\"): unquoted 29.10 is read as 29.1 and 01 as 1")
        else:
            problems.append(f"key '{at}': a code must be a quoted text, not {e!r}")
    return (tuple(codes), (tuple(notes) if any(n is not None for n in notes) else ()),
            tuple(subs))


def semantic_problems(name, classification, rows, skip_missing=False) -> list[str]:
    """Name, ids, kinds and codes; ``rows`` are (where, id, label, codes, kind, notes)."""
    problems = []
    if isinstance(name, str) and not NAME.match(name) and (name or not skip_missing):
        problems.append(f"key 'name': {name!r} must consist of a-z, 0-9 and _ only")
    if not skip_missing and (not isinstance(classification, str) or not classification):
        problems.append("key 'classification' must be a non-empty text")
    if not rows and not skip_missing:
        problems.append("key 'clusters' must hold at least one cluster")
    scheme, seen = scheme_for(classification or ""), {}
    for where, cid, label, codes, kind, notes in rows:
        if cid and (not isinstance(cid, str) or not _ID.match(cid) or cid in RESERVED_IDS):
            problems.append(f"key '{where}.id': {cid!r} must be a lower-case identifier "
                            f"(a-z, 0-9, _; not {' or '.join(RESERVED_IDS)})")
        elif cid and cid in seen:
            problems.append(f"key '{where}.id': {cid!r} is also the id of {seen[cid]}")
        elif cid:
            seen[cid] = where
        elif not skip_missing:
            problems.append(f"key '{where}.id' must be a non-empty text")
        if not skip_missing and (not isinstance(label, str) or not label.strip()):
            problems.append(f"key '{where}.label' must be a non-empty text")
        if kind not in (None, "traded", "local"):
            problems.append(f"key '{where}.kind': {kind!r} must be traded, local or empty")
        if not codes and not skip_missing:
            problems.append(f"key '{where}.codes' must list at least one code")
        if notes and len(notes) != len(codes):
            problems.append(f"key '{where}': {len(notes)} notes for {len(codes)} codes")
        for j, code in enumerate(codes):
            msg = code_problem(code, scheme) if isinstance(code, str) else "must be a text"
            if msg:
                problems.append(f"key '{where}.codes[{j}]': {msg}")
        problems += [f"key '{where}.codes': {c!r} is listed twice"
                     for c in sorted({c for c in codes if list(codes).count(c) > 1})]
    return problems
