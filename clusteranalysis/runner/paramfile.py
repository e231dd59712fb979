"""Reading one parameter file safely: size, YAML, aliases, nesting, short messages.

Parameter files are untrusted input. Before YAML sees a byte the file must be
a regular file of at most :data:`MAX_BYTES`; the YAML loader is a
``yaml.SafeLoader`` (plain data only) that rejects duplicate keys, nesting
deeper than :data:`MAX_DEPTH` and documents whose aliases would expand to more
than :data:`MAX_NODES` nodes ("billion laughs"). Messages show values through
:func:`brief`, which never renders a whole large value.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import yaml

#: Largest parameter file, in bytes (real ones are below 2 kB).
MAX_BYTES = 1_000_000
#: Deepest nesting of lists and mappings (a parameter file is a flat mapping
#: whose values are scalars or a list of region codes: depth 2).
MAX_DEPTH = 20
#: Most nodes the document may have with every alias (``*name``) expanded.
MAX_NODES = 10_000


def brief(value, width: int = 60) -> str:
    """A short description of ``value`` for messages; never renders it whole.

    Examples
    --------
    >>> brief("14700")
    "'14700'"
    >>> brief("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1000 characters)"
    >>> brief([[1, 2]] * 10**6)
    'a list of 1000000 items'
    >>> brief(10**5000)
    'an integer of 5001 digits'
    """
    if isinstance(value, str):
        return repr(value) if len(value) <= width else \
            f"{value[:width]!r}"[:-1] + f"…' ({len(value)} characters)"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        if abs(value) < 10**width:
            return repr(value)
        return f"an integer of {_int_digits(value)} digits"
    if isinstance(value, (list, tuple, dict)):
        kind = "mapping" if isinstance(value, dict) else "list"
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    return f"a value of type {type(value).__name__}"


def _int_digits(value: int) -> int:
    n = abs(value)
    digits = max(1, int(n.bit_length() * 0.30102999566398120))  # log10(2)
    while n >= 10**digits:
        digits += 1
    while digits > 1 and n < 10**(digits - 1):
        digits -= 1
    return digits


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects duplicate keys, deep nesting and alias bombs."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self):
        node = super().compose_document()
        _expanded_size(node, {}, 0)
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"unhashable key ({brief(key)})", key_node.start_mark) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {brief(key)}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _expanded_size(node, memo: dict, depth: int) -> int:
    """Nodes of ``node`` with aliases expanded; raises beyond the bounds.

    Shared (aliased) nodes are counted once per use but computed once, so a
    billion-laughs document is refused after a few thousand steps; an alias
    cycle exceeds the depth bound.
    """
    if depth > MAX_DEPTH:
        raise yaml.composer.ComposerError(
            None, None, f"nested deeper than {MAX_DEPTH} levels (through aliases)",
            node.start_mark)
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, memo, depth + 1)
        if total > MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"more than {MAX_NODES} values (with aliases *name expanded)",
                node.start_mark)
    memo[key] = total
    return total


def read_limited(path: str | os.PathLike, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (checked before reading).

    Raises
    ------
    ValueError
        Not found, a folder, a symbolic link loop, not a regular file, too
        large, or unreadable.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ValueError("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ValueError("symbolic link loop: the link points back to itself") from None
        raise ValueError(f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ValueError("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file (a pipe, device or socket)")
    if st.st_size > limit:
        raise ValueError(f"file is {st.st_size:,} bytes; a parameter file may have at most "
                         f"{limit:,} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ValueError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:  # grew after the check
        raise ValueError(f"file has more than {limit:,} bytes")
    return data


def load_parameter_file(path: str | os.PathLike) -> dict:
    """Read one parameter file into a dict with string keys.

    Raises
    ------
    ValueError
        Not a regular file, larger than :data:`MAX_BYTES`, not UTF-8,
        invalid YAML, duplicate key, nesting deeper than :data:`MAX_DEPTH`,
        aliases expanding beyond :data:`MAX_NODES` values, a document that
        is not a mapping, or a non-text key. Messages never contain a whole
        value (see :func:`brief`).
    """
    data = read_limited(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"not UTF-8 encoded ({exc.reason} at byte {exc.start}, "
                         f"line {line})") from None
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 (SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise ValueError(f"invalid YAML: {what[:300]}{where}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {' '.join(str(exc).split())[:300]}") from None
    except (ValueError, RecursionError, OverflowError) as exc:  # e.g. int of 5000 digits
        raise ValueError(f"invalid YAML value: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(doc, dict):
        kind = "empty" if doc is None else brief(doc)
        raise ValueError(f"must be a YAML mapping of key: value lines, not {kind}")
    bad = [k for k in doc if not isinstance(k, str)]
    if bad:
        raise ValueError(f"keys must be text, got {', '.join(brief(k) for k in bad[:5])}")
    return doc
