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

from clusteranalysis.inputs._safe_yaml import (MAX_DEPTH, MAX_NODES,  # noqa: F401 (documented)
                                               BoundedLoader, brief)

#: Largest parameter file, in bytes (real ones are below 2 kB).
MAX_BYTES = 1_000_000


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
        doc = yaml.load(text, Loader=BoundedLoader)  # noqa: S506 (SafeLoader subclass)
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
