"""One run at a time per output folder: an exclusive lock on ``<out>/.lock``.

Two runs writing into the same folder would each load the manifest at the
start and save their own copy at the end, losing the other's entries (and a
re-run would execute reports that were done). The runner therefore holds an
operating-system lock (``flock``; ``msvcrt.locking`` on Windows) on
``<out>/.lock`` from before it reads the manifest until after it has written
the index. The lock is released by the operating system when the process
dies, so a killed run never leaves a stale lock behind. The file itself
stays (removing it would race with a waiting run) and names the holder.

A second run waits for the first (``wait=True``, the default; it then reads
the manifest the first one wrote and skips what it did) or refuses at once
with :class:`OutputLocked`.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

LOCK_FILE = ".lock"


class OutputLocked(RuntimeError):
    """Another run holds the lock of the output folder."""


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:  # e.g. ENOLCK: a file system without locks
        raise _NoLocks(str(exc)) from None


class _NoLocks(Exception):
    """The file system of the output folder does not support locks."""


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return f" ({text})" if text else ""


@contextmanager
def output_lock(out_dir: str | os.PathLike, *, wait: bool = True, timeout: float | None = None,
                notify: Callable[[str], None] | None = None, poll: float = 0.2):
    """Hold the lock of ``out_dir`` for the duration of the ``with`` block.

    Parameters
    ----------
    out_dir : path
        The output folder (must exist).
    wait : bool
        Wait for another run to finish (default) or raise at once.
    timeout : float, optional
        With ``wait``, give up after this many seconds (``None``: no limit).
    notify : callable, optional
        Called once with a message when the run has to wait.

    Raises
    ------
    OutputLocked
        Another run holds the lock and ``wait`` is false or ``timeout`` passed.
    """
    path = Path(out_dir) / LOCK_FILE
    fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed in finally
    try:
        try:
            locked = _try_lock(fh)
        except _NoLocks as exc:
            if notify is not None:
                notify(f"warning: cannot lock {path} ({exc}); make sure that no other run "
                       "writes into this folder at the same time")
            yield path
            return
        if not locked:
            message = (f"another clusteranalysis run is writing to {Path(out_dir)}"
                       f"{_holder(path)}")
            if not wait:
                raise OutputLocked(f"{message}; wait for it to finish or choose another "
                                   "output folder (--out)")
            if notify is not None:
                notify(f"{message}; waiting for it to finish…")
            deadline = None if timeout is None else time.monotonic() + timeout
            while not _try_lock(fh):
                if deadline is not None and time.monotonic() > deadline:
                    raise OutputLocked(f"{message}; gave up after waiting {timeout:g} s")
                time.sleep(poll)
        try:  # who holds the lock, for the message of a waiting run (best effort)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} on {socket.gethostname()}, since "
                     f"{datetime.now().astimezone().isoformat(timespec='seconds')}\n")
            fh.flush()
        except OSError:  # e.g. a full disk: the lock itself holds
            pass
        yield path
    finally:
        fh.close()  # releases the lock
