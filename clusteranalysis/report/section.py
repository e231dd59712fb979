"""The display object of a report section: escaped HTML blocks and figures.

A section function returns a :class:`Section`; Jupyter shows it through
``_repr_html_`` (figures inline as PNG, so an exported report needs no image
files and no network). Tests inspect :attr:`Section.blocks`,
:attr:`Section.figures` and :meth:`Section.text` without a kernel.

Adding a section to a report is one function returning a ``Section`` and one
template cell calling it (e.g. a map: ``Section(title, [figure])``).
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field

from ._html import STYLE, esc, figure_html, paragraph


@dataclass
class Section:
    """One section of a report.

    Attributes
    ----------
    title : str
        Heading (plain text; escaped when rendered). ``""`` for none.
    blocks : list
        In order: HTML fragments (``str``, built with :mod:`._html`, values
        escaped) and matplotlib figures.
    level : int
        Heading level (1 for the report title, 2 for sections).
    omitted : bool
        True when the section has no data and only says so in one sentence.
    """

    title: str
    blocks: list = field(default_factory=list)
    level: int = 2
    omitted: bool = False

    @property
    def figures(self) -> list:
        """The matplotlib figures of the section."""
        return [b for b in self.blocks if not isinstance(b, str)]

    def html(self) -> str:
        """The section as an HTML fragment (with a small inline style sheet)."""
        parts = [STYLE, '<section class="ca-section">']
        if self.title:
            parts.append(f"<h{self.level}>{esc(self.title)}</h{self.level}>")
        for block in self.blocks:
            parts.append(block if isinstance(block, str) else figure_html(block, _alt(block)))
        parts.append("</section>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def text(self) -> str:
        """Visible text of the HTML blocks and the figures' texts (for tests and search)."""
        words = [self.title]
        for block in self.blocks:
            if isinstance(block, str):
                words.append(_visible_text(block))
            else:
                words += [t.get_text() for t in block.findobj(
                    lambda a: hasattr(a, "get_text") and a.get_visible())]
        return "\n".join(w for w in words if w)

    def __repr__(self) -> str:
        kind = "omitted" if self.omitted else f"{len(self.blocks)} blocks"
        return f"<Section {self.title!r}: {kind}>"


def omitted(title: str, sentence: str, **values) -> Section:
    """A section without data: its heading and one sentence saying why."""
    return Section(title, [paragraph(sentence, css="ca-note", **values)], omitted=True)


def _alt(fig) -> str:
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return titles[0] if titles else (fig._suptitle.get_text() if fig._suptitle else "")


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script") and self._skip > 0

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _visible_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join(parser.parts)
