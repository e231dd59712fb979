"""A cache of read panels and costly results shared by the kernels of a batch (internal).

When the environment variable ``CLUSTERANALYSIS_DATA_CACHE`` names a folder,
:func:`clusteranalysis.io.read_data` keeps each panel it reads there as a
pickle named by a content hash, and the next kernel that reads the same
data loads the pickle instead of parsing and validating the file again. The
batch runner sets the variable for its kernels (a scratch folder of the
batch, removed at the end) and fills the cache while it validates the
parameter files, which reads every data source once anyway; the template
notebooks call ``read_data`` as before.

The key is the SHA-256 of the bytes of every data file (all exports of a
GENESIS folder), the format, the column renames, the pandas version and the
package's own code, so changed data or a changed reader never hit an old
entry. Warnings that reading emitted (notes on the data that a report
shows) are stored with the panel and emitted again on every hit. Only the
runner and its kernels write into the folder; it is private to the batch.

:func:`memo` keeps results that every report of a batch computes alike
from the same inputs (the permutation tests behind the maps: each region's
report of one data file and year maps the same LQs), keyed by a hash of the
inputs' content (:func:`fingerprint`) and of the package's code. Without
the variable, it just computes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import warnings
from pathlib import Path

ENV = "CLUSTERANALYSIS_DATA_CACHE"


def enabled() -> Path | None:
    """The cache folder named by :data:`ENV`, or ``None``."""
    folder = os.environ.get(ENV, "").strip()
    return Path(folder) if folder else None


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


_code: list[str] = []


def _code_digest() -> str:
    if not _code:
        from clusteranalysis.runner.cache import code_digest

        _code.append(code_digest())
    return _code[0]


def key(path: Path, format: str, columns) -> str:
    """Content-hash key of a data source read with ``format`` and ``columns``."""
    import pandas as pd

    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    head = json.dumps({"format": format, "columns": columns, "pandas": pd.__version__,
                       "code": _code_digest(), "files": [_digest(f) for f in files]},
                      sort_keys=True, default=str)
    return hashlib.sha256(head.encode()).hexdigest()


def capture(read):
    """``read()`` with the warnings it emits recorded: ``(panel, warnings)``."""
    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always")
        panel = read()
    return panel, [(str(w.message), w.category, w.filename, w.lineno) for w in log]


def replay(caught) -> None:
    """Emit warnings recorded by :func:`capture` again."""
    for message, category, filename, lineno in caught:
        warnings.warn_explicit(message, category, filename, lineno)


def store(folder: Path, path: Path, format: str, columns, panel, caught=()) -> bool:
    """Put a panel read from ``path`` into the cache; ``False`` when it cannot be written."""
    try:
        name = f"panel-{key(Path(path), format, columns)}.pkl"
    except OSError:
        return False
    return _dump(folder, name, (panel, list(caught)))


def _dump(folder: Path, name: str, value) -> bool:
    """Pickle *value* to ``folder/name`` atomically; ``False`` when it cannot be written."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name.split('-')[0]}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
        return True
    except OSError:  # a full disk only costs speed
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def cached_read(folder: Path, path: Path, format: str, columns, read):
    """``read()`` through the cache in ``folder`` (see the module docstring)."""
    try:
        entry = folder / f"panel-{key(path, format, columns)}.pkl"
    except OSError:  # unreadable data: let the reader report it
        return read()
    try:
        with open(entry, "rb") as fh:
            panel, caught = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        panel, caught = capture(read)
        store(folder, path, format, columns, panel, caught)
    replay(caught)
    return panel


def fingerprint(*parts) -> str:
    """SHA-256 of the content of *parts*: data frames, spatial weights, plain values.

    A data frame counts with its columns, dtypes, index and every value
    (:func:`pandas.util.hash_pandas_object`); spatial weights (anything with
    ``neighbors`` and ``weights``) with every neighbour and weight and the
    transformation; anything else with its ``repr``.
    """
    import pandas as pd

    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, (pd.DataFrame, pd.Series)):
            frame = part.to_frame() if isinstance(part, pd.Series) else part
            h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
            h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        elif hasattr(part, "neighbors") and hasattr(part, "weights"):
            h.update(repr((getattr(part, "transform", None),
                           sorted((str(k), list(map(str, v)), list(part.weights[k]))
                                  for k, v in part.neighbors.items()))).encode())
        else:
            h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


def memo(kind: str, inputs: tuple, compute):
    """``compute()``, or its result for the same *inputs* from the batch's cache.

    *kind* names the computation; *inputs* is everything its result depends
    on (see :func:`fingerprint`). A damaged or unwritable entry only costs
    the computation.
    """
    folder = enabled()
    if folder is None:
        return compute()
    name = f"{kind}-{fingerprint(kind, _code_digest(), *inputs)}.pkl"
    try:
        with open(folder / name, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError):
        pass
    value = compute()
    _dump(folder, name, value)
    return value
