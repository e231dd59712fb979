"""Where parameter files and data may live: input discovery and data folders.

A parameter file names its data (``data_path``, a ``definition`` YAML) by a
path relative to the project root. The path is resolved (symbolic links
followed) and must lie inside one of the allowed data folders: ``<project>/data``
plus any given with ``--data-root DIR`` or in the environment variable
``CLUSTERANALYSIS_DATA_ROOTS`` (folders separated by ``os.pathsep``, relative
ones taken from the project root). ``..`` may be used only when the result
still lies inside an allowed folder (e.g. ``../shared/data`` once that folder
is allowed).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

#: Environment variable with extra data folders.
ENV_DATA_ROOTS = "CLUSTERANALYSIS_DATA_ROOTS"
#: Report names (parameter file stems) allowed as output file names.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
#: Names that would collide with the runner's own output files.
RESERVED_NAMES = frozenset({"index"})
PARAMETER_SUFFIXES = (".yaml", ".yml")


def resolve_data_roots(project_root: str | os.PathLike,
                       extra: Iterable[str | os.PathLike] | None = None,
                       environ: dict | None = None) -> tuple[Path, ...]:
    """The allowed data folders, absolute and with symbolic links resolved.

    Examples
    --------
    >>> [p.name for p in resolve_data_roots("/proj", ["../shared/data"], environ={})]
    ['data', 'data']
    """
    project = Path(project_root)
    environ = os.environ if environ is None else environ
    given = [project / "data", *(extra or ())]
    given += [p for p in environ.get(ENV_DATA_ROOTS, "").split(os.pathsep) if p.strip()]
    roots = []
    for p in given:
        r = (project / Path(p).expanduser()).resolve()
        if r not in roots:
            roots.append(r)
    return tuple(roots)


def resolve_inside(value: str, project_root: Path, roots: tuple[Path, ...], *,
                   folder: bool = False) -> Path:
    """Resolve a data file named in a parameter file; it must lie inside ``roots``.

    With ``folder=True`` a folder is accepted too (a folder of GENESIS exports).

    Raises
    ------
    ValueError
        The path points outside every data folder (``..`` escape, absolute
        path, symbolic link pointing out), cannot be resolved (a symbolic
        link loop), does not exist, or is not a regular file. Every path
        problem is a ``ValueError`` (a parameter problem), never another
        exception.
    """
    from .paramfile import brief

    if "\x00" in value:
        raise ValueError("path contains a NUL character")
    shown_value = brief(value, 200)
    try:
        real = (project_root / Path(value).expanduser()).resolve()
    except RuntimeError as exc:  # a symbolic link loop (Python < 3.13), "~user" unknown
        raise ValueError(f"{shown_value} cannot be resolved: {exc}") from None
    except OSError as exc:
        raise ValueError(f"{shown_value} cannot be resolved: {exc.strerror or exc}") from None
    if not any(real.is_relative_to(root) for root in roots):
        shown = ", ".join(str(r) for r in roots)
        raise ValueError(f"{shown_value} resolves to {real}, outside the allowed data folders "
                         f"({shown}); allow a folder with --data-root DIR or "
                         f"{ENV_DATA_ROOTS}")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise ValueError(f"file not found: {shown_value} (resolved to {real})") from None
    except OSError as exc:
        why = ("symbolic link loop" if exc.errno == errno.ELOOP
               else f"cannot be read ({exc.strerror or exc})")
        raise ValueError(f"{shown_value}: {why} (resolved to {real})") from None
    if stat.S_ISDIR(st.st_mode):
        if folder:
            return real
        raise ValueError(f"{shown_value} is a folder: only data_format \"genesis\" reads a "
                         "folder of exports; give a file")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"{shown_value} is not a regular file (a pipe, device or socket)")
    return real


def expand_inputs(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Parameter files from files and folders (``*.yaml``/``*.yml``, sorted).

    Hidden files in folders are skipped. Returns the files and the problems
    as ``(path, message)`` (paths that do not exist, folders without
    parameter files).
    """
    files, problems = [], []
    for p in map(Path, paths):
        try:
            st = os.stat(p)
        except OSError as exc:
            problems.append((p, "symbolic link loop" if exc.errno == errno.ELOOP
                             else "no such file or folder"))
            continue
        if stat.S_ISDIR(st.st_mode):
            try:
                found = sorted(f for f in p.iterdir() if f.suffix in PARAMETER_SUFFIXES
                               and not f.name.startswith(".") and f.is_file())
            except OSError as exc:
                problems.append((p, f"cannot list folder: {exc.strerror or exc}"))
                continue
            if not found:
                problems.append((p, "folder contains no *.yaml parameter files"))
            files += found
        else:
            files.append(p)  # not a regular file: refused when it is read
    unique = list(dict.fromkeys(Path(os.path.abspath(f)) for f in files))
    return unique, problems


def name_problem(path: Path) -> str | None:
    """Why a parameter file's stem cannot name its report, or ``None``."""
    name = path.stem
    if not NAME_PATTERN.match(name) or name.startswith("."):
        return (f"file name {name!r} cannot name a report: use letters, digits, '_', '-' "
                "and '.' only (not first)")
    if name.lower() in RESERVED_NAMES:
        return f"file name {name!r} is reserved for the index page"
    return None
