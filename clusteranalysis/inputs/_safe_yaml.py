"""A bounded YAML loader for untrusted files (internal): parameter files, definitions.

``yaml.SafeLoader`` builds plain data only, but it still expands aliases
without limit ("billion laughs": nine nested anchors are 10^9 values),
recurses once per nesting level (``RecursionError`` on ``[[[[…]]]]``) and
silently keeps the last of two equal keys. :class:`BoundedLoader` refuses all
three; :func:`brief` describes a value for a message without rendering it.
"""

from __future__ import annotations

import os

import yaml

from clusteranalysis.errors import DataError, Problem
from ._files import require_file

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


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects duplicate keys, deep nesting and alias bombs.

    Subclasses set other bounds in ``max_depth`` and ``max_nodes``.
    """

    max_depth = MAX_DEPTH
    max_nodes = MAX_NODES

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {self.max_depth} levels",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self):
        node = super().compose_document()
        _expanded_size(node, {}, 0, self.max_depth, self.max_nodes)
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


def _expanded_size(node, memo: dict, depth: int, max_depth: int, max_nodes: int) -> int:
    """Nodes of ``node`` with aliases expanded; raises beyond the bounds.

    Shared (aliased) nodes are counted once per use but computed once, so a
    billion-laughs document is refused after a few thousand steps; an alias
    cycle exceeds the depth bound.
    """
    if depth > max_depth:
        raise yaml.composer.ComposerError(
            None, None, f"nested deeper than {max_depth} levels (through aliases)",
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
        total += _expanded_size(child, memo, depth + 1, max_depth, max_nodes)
        if total > max_nodes:
            raise yaml.composer.ComposerError(
                None, None, f"more than {max_nodes} values (with aliases *name expanded)",
                node.start_mark)
    memo[key] = total
    return total


def load_yaml_file(path: str | os.PathLike, *, loader=BoundedLoader, max_bytes: int,
                   what: str = "file"):
    """The YAML document of a data file (a cluster definition), read with ``loader``.

    Raises
    ------
    FileNotFoundError
        Nothing exists at ``path``.
    DataError
        A folder, link loop or pipe; larger than ``max_bytes`` (checked before
        reading); not UTF-8 (naming line and byte); invalid YAML or beyond the
        loader's bounds.
    """
    path = require_file(path, what)
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError([f"file is {size:,} bytes; a {what} may have at most {max_bytes:,}"],
                        source=str(path))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(f"not UTF-8 encoded (byte 0x{data[exc.start]:02x} at offset "
                                 f"{exc.start} cannot be decoded)",
                                 rows=(data.count(b"\n", 0, exc.start) + 1,), unit="line")],
                        source=str(path)) from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as err:
        msg = " ".join(str(err).split())
        raise DataError([f"not valid YAML: {msg[:300]}"], source=str(path)) from None
    except (ValueError, RecursionError, OverflowError) as err:  # an int of 5000 digits
        raise DataError([f"not valid YAML: {' '.join(str(err).split())[:200]}"],
                        source=str(path)) from None
