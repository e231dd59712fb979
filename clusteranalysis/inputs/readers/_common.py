"""Helpers shared by the readers (internal): decoding, problems, validation."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from clusteranalysis.inputs._files import require_file
from clusteranalysis.inputs.validate import validate_panel

#: Cap on the problems one reader collects before it stops and reports.
MAX_PROBLEMS = 50

# UTF-8 text that was decoded as ISO-8859-1 and saved again ("BeschÃ¤ftigte").
_MOJIBAKE = re.compile("Ã[\x80-\xbf„–œŸ]")


class Problems(list):
    """A list of :class:`Problem` that knows when to stop collecting."""

    def add(self, message, *, line=None, column=None):
        rows = () if line is None else (tuple(line) if isinstance(line, (list, tuple)) else (line,))
        self.append(Problem(message, column=column, rows=rows, unit="line"))

    @property
    def full(self) -> bool:
        return len(self) >= MAX_PROBLEMS


def source_name(path_or_buffer) -> str:
    """Name of the input for messages: the path, or ``"<bytes>"``."""
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return str(path_or_buffer)
    return getattr(path_or_buffer, "name", None) or "<bytes>"


def read_bytes(path_or_buffer) -> bytes:
    """Raw bytes of a path, a bytes object or a binary file object."""
    if isinstance(path_or_buffer, (bytes, bytearray)):
        return bytes(path_or_buffer)
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return require_file(path_or_buffer).read_bytes()
    data = path_or_buffer.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode(data: bytes, source: str, encoding: str | None,
           fallback: str | None = "latin-1") -> str:
    """Decode ``data``; problems name the file line.

    ``encoding=None`` means: UTF-8 (with or without byte order mark), else
    ``fallback`` (ISO-8859-1 for GENESIS, None: UTF-8 only). UTF-16 files,
    files with NUL bytes and double-encoded UTF-8 are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        pos = data.find(b"\x00")
        raise DataError([Problem(
            "the file contains NUL bytes: it is UTF-16 (or binary), not a text export; "
            "save it as UTF-8 or ISO-8859-1", rows=(_line_of(data, max(pos, 0)),),
            unit="line")], source)
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if encoding is not None and encoding.lower().replace("_", "-") in ("utf-8-sig", "utf8-sig"):
        encoding = "utf-8"
    if encoding is None or (bom and encoding.lower().replace("_", "-") in ("utf-8", "utf8")):
        try:
            text = data[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = exc.start + bom  # a position in the file, not after the byte order mark
            if fallback is None or bom:
                why = ("the file starts with a UTF-8 byte order mark but is not UTF-8 "
                       "(mixed encodings)" if bom else "not UTF-8 encoded")
                raise DataError([Problem(
                    f"{why}: byte 0x{data[pos]:02x} at offset {pos} cannot be decoded",
                    rows=(_line_of(data, pos),), unit="line")], source) from None
            text = data.decode(fallback)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DataError([Problem(
                f"not {encoding} encoded (byte 0x{data[exc.start]:02x} at offset {exc.start} "
                "cannot be decoded); pass encoding=None to detect UTF-8 or ISO-8859-1",
                rows=(_line_of(data, exc.start),), unit="line")], source) from None
        except LookupError:
            raise DataError([Problem(f"unknown encoding {encoding!r}")], source) from None
        text = text.removeprefix("\ufeff")
    m = _MOJIBAKE.search(text)
    if m:
        raise DataError([Problem(
            f"the text looks double-encoded ({text[m.start():m.start() + 2]!r} where an "
            "umlaut belongs): the file was read with the wrong encoding and saved again; "
            "download it again", rows=(text.count("\n", 0, m.start()) + 1,), unit="line")],
            source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def flag_array(values) -> pd.Series:
    """A string-dtype flag column (missing where no flag)."""
    return pd.Series(pd.array(list(values), dtype="string"))


def validated(df: pd.DataFrame, lines, source: str, measures) -> pd.DataFrame:
    """:func:`validate_panel` with problems reported at file ``lines``.

    ``lines[i]`` is the file line of row ``i`` of ``df``.
    """
    lines = np.asarray(lines)
    try:
        return validate_panel(df, measures=list(measures), source=source)
    except DataError as exc:
        problems = [replace(p, rows=tuple(int(lines[r]) for r in p.rows if 0 <= r < len(lines)),
                            unit="line") for p in exc.problems]
        raise DataError(problems, source) from None


def raise_if(problems: Problems, source: str) -> None:
    if problems:
        raise DataError(list(problems), source)
