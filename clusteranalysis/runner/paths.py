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

import os
import re
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
        path, symbolic link pointing out) or the file does not exist.
    """
    if "\x00" in value:
        raise ValueError("path contains a NUL character")
    real = (project_root / Path(value).expanduser()).resolve()
    if not any(real.is_relative_to(root) for root in roots):
        shown = ", ".join(str(r) for r in roots)
        raise ValueError(f"{value!r} resolves to {real}, outside the allowed data folders "
                         f"({shown}); allow a folder with --data-root DIR or "
                         f"{ENV_DATA_ROOTS}")
    if folder and real.is_dir():
        return real
    if real.is_dir():
        raise ValueError(f"{value!r} is a folder: only data_format \"genesis\" reads a folder "
                         "of exports; give a file")
    if not real.is_file():
        raise ValueError(f"file not found: {value!r} (resolved to {real})")
    return real


def expand_inputs(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Parameter files from files and folders (``*.yaml``/``*.yml``, sorted).

    Hidden files in folders are skipped. Returns the files and the problems
    as ``(path, message)`` (paths that do not exist, folders without
    parameter files).
    """
    files, problems = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in PARAMETER_SUFFIXES
                           and not f.name.startswith(".") and f.is_file())
            if not found:
                problems.append((p, "folder contains no *.yaml parameter files"))
            files += found
        elif p.is_file():
            files.append(p)
        else:
            problems.append((p, "no such file or folder"))
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
