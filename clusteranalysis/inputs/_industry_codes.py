"""Hierarchical industry codes (internal): parsing, containment, validity.

Every code is turned into a tuple of *keys*; code ``a`` covers code ``b`` when
every key of ``b`` starts with some key of ``a``. Two schemes:

``"dotted"`` (WZ 2008, NACE Rev. 2)
    The key of a numeric code is its two-digit division, a dot, then the
    remaining digits without dots: ``29`` → ``"29."``, ``29.1`` → ``"29.1"``,
    ``29.10.1`` → ``"29.101"``. So ``29`` covers ``29.1`` and ``29.10``,
    ``29.1`` covers ``29.10``, ``32.5`` covers ``32.50`` but not ``32.12``,
    and ``2`` never covers ``29`` (the division must match as a whole).
    Section letters and groups (``C``, ``B-E``, ``M_N``) and division ranges
    (``10-12``) have one key per division they contain (:data:`WZ_SECTIONS`),
    so ``B-E`` covers ``C``, ``29`` and ``29.10``.
``"digits"`` (NAICS, ISIC, SIC)
    The key is the code itself (``3361`` covers ``336111``); ranges such as
    ``31-33`` have one key per number.

Codes that fit neither form (and ``TOTAL``) have no keys and match nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict

#: WZ 2008 / NACE Rev. 2 sections and the divisions they contain (first, last).
WZ_SECTIONS = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39),
    "F": (41, 43), "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63),
    "K": (64, 66), "L": (68, 68), "M": (69, 75), "N": (77, 82), "O": (84, 84),
    "P": (85, 85), "Q": (86, 88), "R": (90, 93), "S": (94, 96), "T": (97, 98),
    "U": (99, 99),
}
_DIVISIONS = {f"{d:02d}" for lo, hi in WZ_SECTIONS.values() for d in range(lo, hi + 1)}

_DOTTED = re.compile(r"^(\d{2})((?:\.\d+)*)$")
_RANGE = re.compile(r"^(\d+)-(\d+)$")
_SECTION = re.compile(r"^([A-U])(?:[-_]([A-U]))?$")
# Codes allowed in definitions.
_VALID = {
    "dotted": re.compile(r"^(\d{2}(\.\d(\d(\.\d)?)?)?|\d{2}-\d{2}|[A-U](-[A-U])?)$"),
    "digits": re.compile(r"^(\d{2,6}|\d{2}-\d{2})$"),
}
_FORMS = {
    "dotted": "a division '29', group '29.1', class '29.10', subclass '29.10.1', "
              "division range '10-12' or section (group) 'C', 'B-E'",
    "digits": "2 to 6 digits ('33', '3361', '336111') or a range '31-33'",
}


def scheme_for(classification: str) -> str:
    """``"digits"`` for NAICS/ISIC/SIC classifications, else ``"dotted"``."""
    digits = re.search(r"NAICS|ISIC|\bSIC\b", str(classification), re.IGNORECASE)
    return "digits" if digits else "dotted"


def code_problem(code: str, scheme: str) -> str | None:
    """Why ``code`` cannot be used in a definition of this scheme, or None."""
    if code.strip().upper() == "TOTAL":
        return "'TOTAL' is the region total, not an industry"
    if not _VALID[scheme].match(code):
        return f"code {code!r} is not {_FORMS[scheme]}"
    m = _RANGE.match(code)
    if m and int(m.group(1)) > int(m.group(2)):
        return f"range {code!r} runs backwards"
    m = _SECTION.match(code)
    if m and m.group(2) and m.group(2) < m.group(1):
        return f"section group {code!r} runs backwards"
    return None


def code_keys(code: str, scheme: str) -> tuple[str, ...]:
    """The keys of one code (empty: matches nothing).

    Examples
    --------
    >>> code_keys("29", "dotted"), code_keys("29.10.1", "dotted"), code_keys("2", "dotted")
    (('29.',), ('29.101',), ())
    >>> code_keys("B", "dotted")
    ('05.', '06.', '07.', '08.', '09.')
    >>> code_keys("31-33", "digits"), code_keys("TOTAL", "digits")
    (('31', '32', '33'), ())
    """
    code = str(code).strip()
    if scheme == "digits":
        if code.isdigit():
            return (code,)
        m = _RANGE.match(code)
        if m and len(m.group(1)) == len(m.group(2)):
            w = len(m.group(1))
            return tuple(f"{d:0{w}d}" for d in range(int(m.group(1)), int(m.group(2)) + 1))
        return ()
    m = _DOTTED.match(code)
    if m:
        return (m.group(1) + "." + m.group(2).replace(".", ""),)
    m = _RANGE.match(code)
    if m and len(m.group(1)) == len(m.group(2)) == 2:
        lo, hi = int(m.group(1)), int(m.group(2))
        return tuple(f"{d:02d}." for d in range(lo, hi + 1))
    m = _SECTION.match(code.upper())
    if m:
        first, last = m.group(1), m.group(2) or m.group(1)
        lo, hi = WZ_SECTIONS[first][0], WZ_SECTIONS[last][1]
        return tuple(f"{d:02d}." for d in range(lo, hi + 1) if f"{d:02d}" in _DIVISIONS)
    return ()


def specificity(keys: tuple[str, ...]) -> tuple[int, int]:
    """Sort key: larger means narrower (fewer keys, then longer keys)."""
    return (-len(keys), max(map(len, keys), default=0))


def is_section(code: str) -> bool:
    """True for section letters and groups (``C``, ``B-E``)."""
    return bool(_SECTION.match(str(code).strip().upper()))


class KeyIndex:
    """Which owners (positions in a list of key tuples) cover or overlap keys."""

    def __init__(self, keysets):
        self.keysets = [tuple(k) for k in keysets]
        self._has = defaultdict(set)  # key -> owners holding exactly this key
        self._under = defaultdict(set)  # prefix -> owners with a key starting with it
        for owner, keys in enumerate(self.keysets):
            for k in keys:
                self._has[k].add(owner)
                for n in range(1, len(k) + 1):
                    self._under[k[:n]].add(owner)

    def covering(self, keys) -> set[int]:
        """Owners that cover every one of ``keys``."""
        result = None
        for k in keys:
            s = set().union(*(self._has.get(k[:n], ()) for n in range(1, len(k) + 1)))
            result = s if result is None else result & s
        return result or set()

    def overlapping(self, keys) -> set[int]:
        """Owners with at least one key inside one of ``keys``."""
        return set().union(*(self._under.get(k, ()) for k in keys))


def nesting_pairs(codes, scheme: str) -> list[tuple[str, str, str]]:
    """``(fine, coarse, coarse_key)`` for every pair of distinct codes where
    ``coarse`` strictly covers ``fine``, one row per key of ``coarse`` that a
    key of ``fine`` falls under. Codes of equal extent (``L`` and ``68``) count
    as nested: sections are coarser than numbers, else the later string.

    Examples
    --------
    >>> nesting_pairs(["29", "29.1", "C"], "dotted")
    [('29', 'C', '29.'), ('29.1', '29', '29.'), ('29.1', 'C', '29.')]
    """
    codes = list(codes)
    keys = [code_keys(c, scheme) for c in codes]
    index = KeyIndex(keys)
    rows = []
    for f, fkeys in enumerate(keys):
        for a in index.covering(fkeys) - {f}:
            if f in index.covering(keys[a]):  # equal extent: break the tie
                rank = (is_section(codes[a]), codes[a]) > (is_section(codes[f]), codes[f])
                if not rank:
                    continue
            akeys = set(keys[a])
            hit = {next(k[:n] for n in range(1, len(k) + 1) if k[:n] in akeys) for k in fkeys}
            rows += [(codes[f], codes[a], k) for k in sorted(hit)]
    return rows


class Matcher:
    """Assigns industry codes to the clusters of ``(cluster, code)`` entries.

    A cluster covers an industry code when each key of the code lies under
    one of the cluster's codes. Of several covering clusters the one whose
    covering codes are most specific wins (ties: the first cluster).
    """

    def __init__(self, entries, scheme: str):
        self.scheme = scheme
        self.entries = [(k, code, code_keys(code, scheme)) for k, code in entries]
        self.index = KeyIndex(e[2] for e in self.entries)

    def lookup(self, code: str) -> tuple:
        """(cluster or -1, covering code(s), other covering clusters, partial clusters);
        the last two as tuples of (cluster, codes)."""
        keys = code_keys(code, self.scheme)
        if not keys:
            return -1, None, (), ()
        entries = self.entries
        best = [{} for _ in keys]  # per key: cluster -> (specificity, -entry) of its best code
        for b, k in zip(best, keys):
            for o in self.index.covering((k,)):
                score = (specificity(entries[o][2]), -o)
                if entries[o][0] not in b or score > b[entries[o][0]]:
                    b[entries[o][0]] = score
        common = set.intersection(*(set(b) for b in best))
        hit = sorted(common, key=lambda c: (min(b[c] for b in best), -c), reverse=True)
        inside = sorted(self.index.overlapping(keys))

        def codes(c, owners):
            return ", ".join(dict.fromkeys(entries[o][1] for o in owners if entries[o][0] == c))

        used = {c: [-b[c][1] for b in best] for c in hit}
        partial = sorted({entries[o][0] for o in inside} - common)
        return (hit[0] if hit else -1, codes(hit[0], used[hit[0]]) if hit else None,
                tuple((c, codes(c, used[c])) for c in hit[1:]),
                tuple((c, codes(c, inside)) for c in partial))
