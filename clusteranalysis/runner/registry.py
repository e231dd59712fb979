"""The fixed registry of report templates and the check of their parameters.

A parameter file names its template with the key ``template``; only names in
the registry are accepted, so a parameter file can never point the runner at
an arbitrary notebook. Each entry pairs a notebook (relative to the project
root) with the pydantic model of its parameters. Before anything runs, the
model's fields are compared with the parameters the notebook declares in its
cell tagged ``parameters`` (``papermill.inspect_notebook``): papermill would
otherwise inject an unknown name silently and leave a missing one at its
default.
"""

from __future__ import annotations

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


def _escape_braces(path: Path) -> str:
    # papermill formats paths with str.format (``{name}`` placeholders)
    return str(path).replace("{", "{{").replace("}", "}}")


def notebook_parameters(path: Path) -> dict:
    """Parameters declared in a notebook's ``parameters`` cell, by name.

    Raises
    ------
    ValueError
        The notebook is missing, unreadable or has no ``parameters`` cell.
    """
    import papermill

    if not path.is_file():
        raise ValueError(f"template notebook {path} not found")
    try:
        found = papermill.inspect_notebook(_escape_braces(path))
    except Exception as exc:  # noqa: BLE001 - any reader error means unusable
        raise ValueError(f"cannot read template notebook {path}: "
                         f"{type(exc).__name__}: {exc}") from None
    if not found:
        raise ValueError(f"template notebook {path} has no cell tagged 'parameters' "
                         "(or it declares no parameters)")
    return found


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
