"""The fixed registry of report templates and the check of their parameters.

A parameter file names its template with the key ``template``; only names in
the registry are accepted, so a parameter file can never point the runner at
an arbitrary notebook. Each entry pairs a notebook (relative to the project
root) with the pydantic model of its parameters. Before anything runs, the
model's fields are compared with the parameters the notebook declares in its
cell tagged ``parameters``: papermill would otherwise inject an unknown name
silently and leave a missing one at its default. The cell is read with
:mod:`json` and :mod:`ast` (the names papermill's Python translator finds:
every top-level assignment), not with ``papermill.inspect_notebook``, whose
import of nbformat and jsonschema costs seconds.
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .params import CityComparisonParams, ClusterReportParams, ReportParams


@dataclass(frozen=True)
class Template:
    """One report template.

    Attributes
    ----------
    name : str
        The value of ``template:`` in parameter files.
    notebook : pathlib.Path
        The notebook, relative to the project root (or absolute).
    model : type of ReportParams
        pydantic model of the notebook's parameters; its fields must equal
        the names in the notebook's ``parameters`` cell.
    description : str
        One line for listings.
    """

    name: str
    notebook: Path
    model: type[ReportParams]
    description: str = ""

    def notebook_path(self, project_root: str | os.PathLike) -> Path:
        """Absolute path of the notebook for a project root."""
        return (Path(project_root) / self.notebook).resolve()


#: The templates the runner accepts, by name (read-only).
TEMPLATES: Mapping[str, Template] = MappingProxyType({
    "cluster_report": Template(
        "cluster_report", Path("notebooks/cluster_report.ipynb"), ClusterReportParams,
        "cluster profile of one region"),
    "city_comparison": Template(
        "city_comparison", Path("notebooks/city_comparison.ipynb"), CityComparisonParams,
        "comparison of 2 to 30 regions"),
})


def _declared_names(source: str) -> list[str]:
    """Names assigned at the top level of Python source, in order."""
    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
    return names


def notebook_parameters(path: Path) -> list[str]:
    """Names of the parameters declared in a notebook's ``parameters`` cell.

    Raises
    ------
    ValueError
        The notebook is missing, unreadable or has no ``parameters`` cell.

    Examples
    --------
    >>> _declared_names('region: str = "14700"  # code\\nstart_year = 2015\\n')
    ['region', 'start_year']
    """
    if not path.is_file():
        raise ValueError(f"template notebook {path} not found")
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        found = [c for c in cells if c.get("cell_type") == "code"
                 and "parameters" in (c.get("metadata", {}).get("tags") or [])]
        source = found[0]["source"] if found else None
        names = _declared_names("".join(source) if isinstance(source, list) else
                                source) if found else []
    except (OSError, ValueError, KeyError, TypeError, AttributeError, SyntaxError) as exc:
        raise ValueError(f"cannot read template notebook {path}: "
                         f"{type(exc).__name__}: {exc}") from None
    if not names:
        raise ValueError(f"template notebook {path} has no cell tagged 'parameters' "
                         "(or it declares no parameters)")
    return names


def check_template(template: Template, project_root: str | os.PathLike) -> str | None:
    """Compare a template's model with its notebook; return a problem or ``None``.

    Examples
    --------
    >>> t = Template("x", Path("missing.ipynb"), ClusterReportParams)
    >>> check_template(t, "/nonexistent")
    'template notebook /nonexistent/missing.ipynb not found'
    """
    path = template.notebook_path(project_root)
    try:
        declared = set(notebook_parameters(path))
    except ValueError as exc:
        return str(exc)
    expected = set(template.model.model_fields)
    if declared == expected:
        return None
    parts = []
    if expected - declared:
        parts.append("not declared in the notebook: " + ", ".join(sorted(expected - declared)))
    if declared - expected:
        parts.append("not known to the runner's model: " + ", ".join(sorted(declared - expected)))
    return (f"parameters of template {template.name!r} ({path}) do not match the "
            f"runner's model {template.model.__name__}: " + "; ".join(parts))
