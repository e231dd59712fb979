"""Write files so that a reader never sees half-written output (internal)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside ``target``; rename it over ``target`` on success.

    On an exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # mkstemp creates 0600; give the file the permissions a normal open() would
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write a (temporary) file: the one place where output bytes reach the disk."""
    with open(path, "w", encoding=encoding, newline="\n") as fh:
        fh.write(text)


def write_text(target, text: str, encoding: str = "utf-8") -> Path:
    """Atomically write ``text`` to ``target``; returns ``target`` as a Path."""
    with atomic_path(target) as tmp:
        _write(tmp, text, encoding)
    return Path(target)


def write_many(files: dict, encoding: str = "utf-8") -> list[Path]:
    """Write several files so that all or none of them are replaced.

    Every text goes to a temporary file beside its target first; only when
    all are written are they renamed into place (renames need no space). On
    an error (a full disk) the temporary files are removed, the targets are
    untouched and the error is raised.
    """
    temps: dict[Path, Path] = {}
    umask = os.umask(0)
    os.umask(umask)
    try:
        for target, text in files.items():
            target = Path(target)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                       dir=target.parent)
            os.close(fd)
            temps[target] = Path(tmp)
            os.chmod(tmp, 0o666 & ~umask)
            _write(Path(tmp), text, encoding)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    for target, tmp in temps.items():
        os.replace(tmp, target)
    return list(temps)
