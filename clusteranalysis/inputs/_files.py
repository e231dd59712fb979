"""Checks on an input path before it is opened (internal).

A reader must tell a missing file from a folder, a symbolic link loop or a
pipe: the first is :class:`FileNotFoundError`, the others are a
:class:`~clusteranalysis.DataError` naming the path, and none of them is ever
"not found" or a read that blocks forever.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from clusteranalysis.errors import DataError, Problem


def require_file(path: str | os.PathLike, what: str = "file") -> Path:
    """``path`` as a :class:`~pathlib.Path` if it is a readable regular file.

    ``what`` names the file in the not-found message (``"panel file"``).

    Raises
    ------
    FileNotFoundError
        Nothing exists at ``path`` (or a symbolic link points nowhere).
    DataError
        ``path`` is a folder, a symbolic link loop, a pipe/device/socket, or
        cannot be examined (permissions).

    Examples
    --------
    >>> import tempfile
    >>> require_file(tempfile.gettempdir())
    Traceback (most recent call last):
    ...
    clusteranalysis.errors.DataError: ...: 1 problem found:
      - is a folder, not a file: give the path of one file
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"{what} not found: {path}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            msg = "symbolic link loop: the link points (through others) back to itself"
        else:
            msg = f"cannot examine the file: {exc.strerror or exc}"
        raise DataError([Problem(msg)], str(path)) from None
    except ValueError as exc:  # embedded NUL character
        raise DataError([Problem(f"not a usable path: {exc}")], repr(str(path))[:200]) from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError([Problem("is a folder, not a file: give the path of one file")],
                        str(path))
    if not stat.S_ISREG(st.st_mode):
        raise DataError([Problem("not a regular file (a pipe, device or socket)")], str(path))
    return path
