"""Skip reports whose inputs have not changed since their last successful run.

The cache key of a report is the SHA-256 of

- the runner's output format version and the clusteranalysis version,
- the package's own code: every file of the installed ``clusteranalysis``
  package (so a changed text of a finding re-runs the reports),
- the template name and its canonical parameters (JSON, sorted keys, the
  values as written in the parameter file, paths not resolved),
- the bytes of every input file: the template notebook, the data file and
  the cluster definition YAML (built-in or given as a path).

The manifest ``<out>/.manifest.json`` keeps, per report name, the key, the
status and the other facts the index shows. A report is skipped when its key
equals the manifest's, its last status was ``ok`` and its HTML and notebook
still exist; ``force=True`` runs it anyway.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

from .export import write_output

#: Bump when the output (HTML export, injected parameters) changes.
FORMAT_VERSION = 2
MANIFEST = ".manifest.json"
#: The package folder whose files enter every cache key (see :func:`code_digest`).
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def package_version() -> str:
    """Installed clusteranalysis version (``"unknown"`` when not found)."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        return version("clusteranalysis")
    except PackageNotFoundError:
        import sys
        return str(getattr(sys.modules.get("clusteranalysis"), "__version__", "unknown"))


def file_digest(path: Path, _memo: dict | None = None) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    if _memo is not None and path in _memo:
        return _memo[path]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    digest = h.hexdigest()
    if _memo is not None:
        _memo[path] = digest
    return digest


def code_digest(root: str | Path | None = None) -> str:
    """SHA-256 over the names and bytes of every file of the package.

    Byte-code caches (``__pycache__``, ``*.pyc``) are left out. Default
    ``root``: :data:`PACKAGE_ROOT`.
    """
    root = Path(PACKAGE_ROOT if root is None else root)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(file_digest(path).encode())
    return h.hexdigest()


def cache_key(spec, version: str | None = None, memo: dict | None = None,
              code: str | None = None) -> str:
    """Cache key of a :class:`~clusteranalysis.runner.validate.ReportSpec`.

    ``memo`` (a dict) lets a batch hash each shared data file once; ``code``
    is :func:`code_digest` (computed when not given).
    """
    head = {
        "format": FORMAT_VERSION,
        "code": code if code is not None else code_digest(),
        "version": version if version is not None else package_version(),
        "template": spec.template.name,
        "parameters": spec.params.model_dump(mode="json"),
    }
    h = hashlib.sha256(json.dumps(head, sort_keys=True, ensure_ascii=True).encode())
    for path in spec.inputs:
        h.update(b"\0" + file_digest(Path(path), memo).encode())
    return h.hexdigest()


def load_manifest(out_dir: Path) -> dict:
    """Entries of ``<out_dir>/.manifest.json`` by report name (``{}`` if absent or unreadable)."""
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        reports = data["reports"]
        if not isinstance(reports, dict):
            raise TypeError("'reports' is not a mapping")
        return {str(k): v for k, v in reports.items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        warnings.warn(f"ignoring unreadable {path} ({exc}); every report will run",
                      stacklevel=2)
        return {}


def save_manifest(out_dir: Path, entries: dict) -> None:
    """Write the manifest atomically."""
    text = json.dumps({"format": FORMAT_VERSION, "reports": entries},
                      indent=1, sort_keys=True, ensure_ascii=False)
    write_output(Path(out_dir) / MANIFEST, text + "\n")


def is_fresh(entry: dict | None, key: str, out_dir: Path) -> bool:
    """Whether a report can be skipped: same key, last run ok, outputs present."""
    if not entry or entry.get("key") != key or entry.get("status") != "ok":
        return False
    out_dir = Path(out_dir)
    return all(isinstance(entry.get(k), str) and (out_dir / entry[k]).is_file()
               for k in ("html", "ipynb"))
