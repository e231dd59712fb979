"""A process that forks ready kernels: import once per worker, not once per report.

Booting a kernel costs about 0.4 s of CPU for ipykernel and IPython and
2–3 s for what a report template imports (pandas, matplotlib, scipy,
clusteranalysis). The zygote, one per worker (and kernel environment), pays
that once: it imports ipykernel and the template's modules
(:mod:`clusteranalysis.runner._preload`), then forks a child per kernel,
which sets its own environment, working folder and output, starts a new
session and runs ``IPKernelApp`` exactly as ``python -m ipykernel_launcher``
would. Every report still runs in a fresh process with an empty namespace;
the child re-seeds NumPy's global random state, which a fork would share.

The zygote is used only for kernels started ahead of need (see
:mod:`clusteranalysis.runner.kernels`); when it cannot be used (another
kernel command, a platform without ``fork``, a zygote that died) the
kernel starts the ordinary way. It exits when its worker closes the pipe
or dies; its kernels notice an orphaned parent and exit too.

Protocol: one JSON line per request on stdin (``argv``, ``cwd``, ``env``,
``log``), one JSON line per answer on stdout (``pid`` or ``error``).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time

_zygotes: dict[tuple, "Zygote"] = {}
_lock = threading.Lock()


class ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client uses, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            try:
                state = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = None
                try:
                    os.kill(self.pid, 0)
                    state = "R"
                except ProcessLookupError:
                    pass
                except PermissionError:
                    state = "R"
            if state is None or state in ("Z", "X"):
                self.returncode = -1  # exited; the zygote collected its status
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


class Zygote:
    """The worker's handle on one zygote process."""

    def __init__(self, env: dict):
        # its own session: a Ctrl-C in the terminal is the main process's business (it
        # stops the workers; a zygote exits when its worker is gone) and must not break
        # the zygote's imports half-way
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "clusteranalysis.runner.zygote"], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, start_new_session=True)
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, argv: list[str], cwd: str, env: dict, log: str) -> int:
        """Start a kernel with these arguments; return its process id."""
        with self._lock:
            self.proc.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env,
                                              "log": log}) + "\n")
            self.proc.stdin.flush()
            answer = json.loads(self.proc.stdout.readline() or "{}")
        if "pid" not in answer:
            raise OSError(f"the kernel zygote could not fork: {answer.get('error', 'it exited')}")
        return int(answer["pid"])

    def stop(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


#: Variables a kernel reads only when it runs (each fork request brings its own values):
#: zygotes are not told apart by them. A request's preload list is imported by the
#: zygote before it forks (once; later forks inherit the modules).
RUN_VARIABLES = ("CLUSTERANALYSIS_DATA_CACHE", "CLUSTERANALYSIS_PRELOAD")


def zygote_for(env: dict) -> Zygote | None:
    """This worker's zygote for a kernel environment (started on first use).

    Environments that differ only in :data:`RUN_VARIABLES` share a zygote:
    what a zygote imports depends on the rest (thread limits are read when
    NumPy is imported).
    """
    if not hasattr(os, "fork") or sys.platform == "win32":
        return None
    key = tuple(sorted((k, v) for k, v in env.items() if k not in RUN_VARIABLES))
    with _lock:
        z = _zygotes.get(key)
        if z is None or not z.alive():
            z = _zygotes[key] = Zygote(env)
    return z


def stop_zygotes() -> None:
    """Stop this process's zygotes (worker exit, end of a Dask batch)."""
    with _lock:
        zygotes = list(_zygotes.values())
        _zygotes.clear()
    for z in zygotes:
        z.stop()


def _child(request: dict) -> None:
    """In the forked child: become the kernel (never returns)."""
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # the kernel exits when its parent, the zygote, is gone (ipykernel polls it)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sys.stdout = os.fdopen(1, "w", buffering=1)
        sys.stderr = os.fdopen(2, "w", buffering=1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if "numpy" in sys.modules:  # a fork copies the global random state
            sys.modules["numpy"].random.seed()
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    finally:
        os._exit(0)


#: What every kernel imports while it starts or runs its first cell, beyond
#: ``ipykernel.kernelapp``: the kernel class and its debugger support (which
#: imports debugpy, about 0.2 s per kernel) and the inline plotting backend.
KERNEL_MODULES = ("ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                  "IPython.core.pylabtools", "matplotlib_inline.backend_inline")


def _import_kernel() -> None:
    """Import :data:`KERNEL_MODULES` (each kernel would; a failure is the kernel's to show)."""
    import contextlib
    import importlib

    for name in KERNEL_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def main() -> None:
    """The zygote: import, then fork a kernel per request until stdin closes."""
    import select

    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import ipykernel.kernelapp  # noqa: F401

    _import_kernel()

    from clusteranalysis.runner import _preload  # imports the template's modules

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are collected automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's business
    parent = os.getppid()
    while os.getppid() == parent:
        ready, _, _ = select.select([sys.stdin], [], [], 1.0)
        if not ready:
            continue
        line = sys.stdin.readline()
        if not line:
            break
        try:
            request = json.loads(line)
            _preload.load(str(request.get("env", {}).get("CLUSTERANALYSIS_PRELOAD", "")))
            # what is imported stays alive: the kernel's garbage collector need not scan it
            # again and again (a quarter of a second per report), nor touch (copy) its pages
            gc.freeze()
            pid = os.fork()
        except (ValueError, OSError) as exc:
            print(json.dumps({"error": str(exc)}), flush=True)
            continue
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
    # nothing to tidy: its kernels live on their own; tearing down an interpreter with
    # pandas, matplotlib and geopandas imported took 0.8 s at the end of every batch
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
