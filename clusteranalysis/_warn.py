"""Data warnings shown once per process, as Python's ``"default"`` action promises.

Python's own deduplication ("once per location") is undone whenever any code
enters ``warnings.catch_warnings()`` — pandas does so internally — so a loop
over regions repeated the same note on the data 14 times. :func:`warn_once`
keeps the texts it has shown and skips a repeat, unless the active filter for
the warning asks for every occurrence (``"always"``, ``"error"``: e.g.
``pytest.warns`` or ``warnings.simplefilter("always")``).

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as seen:
...     warnings.simplefilter("always")
...     warn_once("note A"); warn_once("note A")
>>> len(seen)
2
"""

from __future__ import annotations

import warnings

_SHOWN: set[tuple[type, str]] = set()
_MAX = 10_000


def _action(message: str, category: type) -> str:
    for action, msg, cat, _mod, _line in warnings.filters:
        if issubclass(category, cat) and (msg is None or msg.match(message)):
            return action
    return warnings.defaultaction


def warn_once(message: str, category: type = UserWarning, stacklevel: int = 2) -> None:
    """``warnings.warn`` that shows a text once per process under the default filters."""
    if _action(message, category) in ("default", "once", "module"):
        key = (category, message)
        if key in _SHOWN:
            return
        if len(_SHOWN) < _MAX:
            _SHOWN.add(key)
    warnings.warn(message, category, stacklevel=stacklevel + 1)
