"""Kernels of a worker: started ahead of need, heavy libraries already imported.

Every report still gets a fresh kernel process (nothing of one report can
leak into the next), but the worker starts the kernel of its next report
while the current one runs, and that kernel imports the modules the
template imports (:func:`template_imports`: pandas, matplotlib.pyplot,
clusteranalysis…, and with clusteranalysis the libraries its charts import
lazily) while it boots. The imports run as
``from clusteranalysis.runner._preload import *`` in the kernel's start-up
(``IPKernelApp.exec_lines``), which binds no name in the user namespace and
does not count as an execution: the template sees the same empty namespace
and execution count 1 as in a cold kernel; only ``sys.modules`` is warm. A
kernel started on demand (no spare ready) imports nothing ahead. Where
``fork`` exists, kernels started ahead are forked from the worker's
:mod:`~clusteranalysis.runner.zygote`, which has done those imports once
(the preload then costs nothing per report).

Connection files (``kernel-*.json``), the kernels' own output (``*.log``)
and a ``<pid>.pid`` file per running kernel live in the batch's scratch
folder, which the runner removes at the end; kernels whose worker was
killed are found by their pid files and stopped (see :func:`kill_leftovers`).
A kernel also exits by itself within a second or so when its worker dies
(ipykernel polls its parent process).
"""

from __future__ import annotations

import ast
import json
import os
import signal
import threading
import uuid
from pathlib import Path

#: Extra arguments of every kernel: no history database (as nbclient does) ...
HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"
#: ... and the warm-up imports (see the module docstring).
PRELOAD_ARGUMENT = "--IPKernelApp.exec_lines=from clusteranalysis.runner._preload import *"

#: Imported too when a template imports clusteranalysis (its charts and maps import them lazily;
#: ``_warm`` also parses the bundled boundaries and loads the font cache).
LAZY_DEPENDENCIES = ("matplotlib.pyplot", "scipy.stats", "adjustText",
                     "clusteranalysis.report._warm")
ENV_PRELOAD = "CLUSTERANALYSIS_PRELOAD"

_lock = threading.Lock()
_spares: dict[tuple, object] = {}  # key -> started kernel manager (one per worker)


def template_imports(notebook: str | os.PathLike) -> tuple[str, ...]:
    """Modules a template notebook imports at the top level of its code cells.

    Lines starting with ``%`` or ``!`` (IPython magics) are skipped; a cell
    that does not parse is skipped.

    Examples
    --------
    >>> import tempfile, json
    >>> cell = {"cell_type": "code", "metadata": {}, "source": [
    ...     "%matplotlib inline\\n", "import pandas as pd\\n",
    ...     "from clusteranalysis.io import read_data\\n"]}
    >>> path = tempfile.mkdtemp() + "/t.ipynb"
    >>> _ = open(path, "w").write(json.dumps({"cells": [cell]}))
    >>> template_imports(path)[:3]
    ('pandas', 'clusteranalysis.io', 'matplotlib.pyplot')
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return ()
    found = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = [x for x in source.splitlines() if not x.lstrip().startswith(("%", "!"))]
        try:
            body = ast.parse("\n".join(lines)).body
        except SyntaxError:
            continue
        for node in body:
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)  # and names that may be submodules (plotting)
                found += [f"{node.module}.{a.name}" for a in node.names if a.name.islower()
                          and node.module.split(".")[0] == "clusteranalysis"
                          and "." not in node.module]
    if any(m.split(".")[0] == "clusteranalysis" for m in found):
        found += LAZY_DEPENDENCIES
    return tuple(dict.fromkeys(found))


def manager_class():
    """``AsyncKernelManager`` that remembers its clients and its log and pid files."""
    from jupyter_client import AsyncKernelManager

    class RunnerKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.clients, self.log_path, self.pid_path, self.zygote = [], None, None, None

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.clients.append(kc)
            return kc

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            """Fork the kernel from the worker's zygote when one is set (see zygote.py)."""
            argv = _launcher_arguments(kernel_cmd)
            if getattr(self, "zygote", None) is None or argv is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            from .zygote import ForkedKernel

            prov = self.provisioner
            cwd = str(kw.get("cwd") or os.getcwd())
            pid = self.zygote.fork(argv, cwd, dict(kw.get("env") or os.environ),
                                   str(self.log_path))
            prov.process, prov.pid, prov.pgid, prov.cwd = ForkedKernel(pid), pid, pid, cwd
            self._reconcile_connection_info(prov.connection_info)

    return RunnerKernelManager


def _launcher_arguments(cmd) -> list[str] | None:
    """The arguments of ``python -m ipykernel_launcher ARGS`` run by this Python, else None."""
    import sys

    cmd = list(cmd)
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"] and \
            os.path.realpath(cmd[0]) == os.path.realpath(sys.executable):
        return cmd[3:]
    return None


def _run(coro):
    from jupyter_core.utils import run_sync

    async def wrapper():
        return await coro

    return run_sync(wrapper)()


def kernel_pid(km) -> int | None:
    """Process id of a kernel manager's kernel (``None`` when not started)."""
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    return getattr(proc, "pid", None)


def start_kernel(kernel_name: str, cwd: str, env: dict | None, runtime_dir: Path,
                 preload: tuple[str, ...] = ()):
    """Start a kernel whose files live in ``runtime_dir``; return its manager.

    The kernel boots in the background and imports the modules ``preload``
    (see the module docstring); nbclient waits for it to be ready.
    """
    runtime_dir.mkdir(exist_ok=True)  # never recreates an ended batch's folder
    km = manager_class()(kernel_name=kernel_name)
    tag = uuid.uuid4().hex[:12]
    km.connection_file = str(runtime_dir / f"kernel-{tag}.json")
    km.log_path = runtime_dir / f"kernel-{tag}.log"
    args = [HISTORY_ARGUMENT]
    if preload:
        env = {**(os.environ if env is None else env), ENV_PRELOAD: ",".join(preload)}
        try:
            from .zygote import zygote_for

            km.zygote = zygote_for(env)  # imports once, forks a kernel per report
        except OSError:
            km.zygote = None
        if km.zygote is None:
            args.append(PRELOAD_ARGUMENT)
    with open(km.log_path, "ab") as log:  # the kernel keeps its own copy of the handle
        kw = {"env": env} if env is not None else {}
        _run(km.start_kernel(extra_arguments=args, cwd=cwd, stdout=log, stderr=log, **kw))
    pid = kernel_pid(km)
    if pid is not None:
        km.pid_path = runtime_dir / f"{pid}.pid"
        km.pid_path.write_text(km.connection_file, encoding="utf-8")
    return km


def stop_kernel(km) -> None:
    """Stop a kernel at once and remove its connection file; never raises."""
    for kc in getattr(km, "clients", ()):
        try:
            kc.stop_channels()
        except Exception:  # noqa: BLE001, S110 - best effort
            pass
    try:
        _run(km.shutdown_kernel(now=True))
    except Exception:  # noqa: BLE001 - e.g. already dead
        try:
            _run(km.cleanup_resources())
        except Exception:  # noqa: BLE001, S110
            pass
    for path in (getattr(km, "pid_path", None), getattr(km, "log_path", None)):
        if path is not None:
            Path(path).unlink(missing_ok=True)
    Path(km.connection_file).unlink(missing_ok=True)


def take_kernel(key: tuple, start) -> object:
    """The worker's spare kernel for ``key`` if it is alive, else ``start()``."""
    with _lock:
        km = _spares.pop(key, None)
    if km is not None:
        if _run(km.is_alive()):
            return km
        stop_kernel(km)
    return start()


def start_spare(key: tuple, start) -> None:
    """Start the kernel of this worker's next report (replaces another spare)."""
    km = start()
    with _lock:
        old, _spares[key] = _spares.get(key), km
    if old is not None:
        stop_kernel(old)


def stop_spares() -> int:
    """Stop this process's spare kernels and kernel zygotes (end of a batch); return how many."""
    from .zygote import stop_zygotes

    with _lock:
        spares = list(_spares.values())
        _spares.clear()
    for km in spares:
        stop_kernel(km)
    stop_zygotes()
    return len(spares)


def kill_leftovers(runtime_dir: Path) -> int:
    """Kill kernels whose pid file is still in ``runtime_dir``; return how many.

    A pid file is left when its worker died before stopping the kernel. The
    process is killed only while its command line still names the kernel's
    connection file, or is that of a kernel forked by a zygote (Linux;
    elsewhere the kernel stops itself when it notices that its parent is
    gone).
    """
    killed = 0
    for pid_file in Path(runtime_dir).glob("*.pid"):
        try:
            pid, conn = int(pid_file.stem), pid_file.read_text(encoding="utf-8").strip()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        if conn and (Path(conn).name in cmdline or "clusteranalysis.runner.zygote" in cmdline):
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    return killed
