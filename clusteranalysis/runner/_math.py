"""LaTeX in Markdown → MathML at export time, so reports show formulas without internet.

nbconvert's HTML loads MathJax from a CDN; browsers render MathML natively.
Display math ``$$…$$`` becomes a block, ``$…$`` inline math; an escaped ``\\$``
and dollar signs inside code spans are left alone. A formula the converter
cannot read is kept as its LaTeX text (escaped), never dropped.

Examples
--------
>>> out = latex_to_mathml("costs \\\\$5; ratio $a/b$; code `$x$`")
>>> out.startswith("costs \\\\$5; ratio <math"), out.endswith("code `$x$`")
(True, True)
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?!\$)")


def _convert(tex: str, display: str) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(tex.strip(), display=display)
    except Exception:  # noqa: BLE001 - an unreadable formula stays visible as text
        return html.escape(f"${tex}$")


def latex_to_mathml(markdown: str) -> str:
    """*markdown* with every ``$…$`` / ``$$…$$`` formula replaced by MathML."""
    parts = _CODE.split(markdown)
    for k in range(0, len(parts), 2):  # even parts are outside code
        text = _DISPLAY.sub(lambda m: "\n\n" + _convert(m.group(1), "block") + "\n\n", parts[k])
        parts[k] = _INLINE.sub(lambda m: _convert(m.group(1), "inline"), text)
    return "".join(parts)


def notebook_math_to_mathml(nb) -> None:
    """Convert the math of every Markdown cell and Markdown output of *nb* in place."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = latex_to_mathml(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                data["text/markdown"] = latex_to_mathml(
                    "".join(text) if isinstance(text, list) else text)
