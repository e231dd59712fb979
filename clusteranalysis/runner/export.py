"""Export an executed notebook to HTML without code; write output files.

``papermill --report-mode`` only marks code cells as hidden in the notebook
metadata; nbconvert's HTML still contains the code. The exporter here drops
every code cell's input and the ``In [ ]``/``Out[ ]`` prompts
(``exclude_input=True``), keeping markdown and all outputs (tables, charts,
tracebacks of failed cells).
"""

from __future__ import annotations

import threading
from pathlib import Path

from clusteranalysis._atomic import write_many as _write_many
from clusteranalysis._atomic import write_text as _write_text

_local = threading.local()


def write_output(target: str | Path, text: str) -> Path:
    """Write an output file atomically (temp file + rename), readable as the umask allows."""
    return _write_text(target, text)


def write_outputs(files: dict) -> list[Path]:
    """Write several output files so that all or none of them are replaced."""
    return _write_many(files)


def html_exporter():
    """An ``HTMLExporter`` that hides code; one per thread, created once.

    Creating the exporter loads its Jinja templates, so worker processes
    create it in their initializer and reuse it for every report.
    """
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
        _local.exporter = exporter
    return exporter


def notebook_to_html(nb, title: str | None = None) -> str:
    """HTML text of a notebook without code inputs and prompts.

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell, new_output
    >>> nb = new_notebook(cells=[new_code_cell("secret = 6 * 7", outputs=[
    ...     new_output("stream", name="stdout", text="forty-two")])])
    >>> html = notebook_to_html(nb, title="demo")
    >>> "secret" in html, "forty-two" in html
    (False, True)
    """
    resources = {"metadata": {"name": title}} if title else {}
    body, _ = html_exporter().from_notebook_node(nb, resources=resources)
    return body


def export_html(nb, target: str | Path, title: str | None = None) -> Path:
    """Write the notebook as HTML without code to ``target``, atomically."""
    return write_output(target, notebook_to_html(nb, title))


def write_notebook(nb, target: str | Path) -> Path:
    """Write a notebook atomically."""
    import nbformat

    return write_output(target, nbformat.writes(nb))
