"""Export an executed notebook to HTML without code; write output files.

``papermill --report-mode`` only marks code cells as hidden in the notebook
metadata; nbconvert's HTML still contains the code. The exporter here drops
every code cell's input and the ``In [ ]``/``Out[ ]`` prompts
(``exclude_input=True``), keeping markdown and all outputs (tables, charts,
tracebacks of failed cells).

The page works offline and loads nothing from the internet: LaTeX in
Markdown becomes MathML (:mod:`._math`) and the template leaves out the
scripts nbconvert would load from CDNs (RequireJS, MathJax, Mermaid, widgets).
Cells tagged ``remove-cell`` (notes for whoever edits the template) are left
out, and ``<html lang>`` is the report's ``language`` parameter.
"""

from __future__ import annotations

import threading
from pathlib import Path

from clusteranalysis._atomic import write_many as _write_many
from clusteranalysis._atomic import write_text as _write_text

from ._math import notebook_math_to_mathml

_local = threading.local()

#: The lab template without any script from a CDN.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


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
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True,
                                extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                                template_file="offline.html.j2")
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={"remove-cell"}), enabled=True)
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
    import nbformat

    nb = nbformat.from_dict(nb)  # a copy: the saved notebook keeps its LaTeX
    notebook_math_to_mathml(nb)
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    exporter = html_exporter()
    exporter.language_code = str(params.get("language", "en"))
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def export_html(nb, target: str | Path, title: str | None = None) -> Path:
    """Write the notebook as HTML without code to ``target``, atomically."""
    return write_output(target, notebook_to_html(nb, title))


def write_notebook(nb, target: str | Path) -> Path:
    """Write a notebook atomically."""
    import nbformat

    return write_output(target, nbformat.writes(nb))
