"""Loading the gettext catalogs of the package (one domain, ``clusteranalysis``).

Catalogs are standard GNU gettext files: ``<lang>/LC_MESSAGES/clusteranalysis.po``
(edited by translators) and the ``.mo`` that ``pybabel compile`` makes from it
(read at run time). English is the source language and needs no catalog.
Folders listed in the environment variable ``CLUSTERANALYSIS_LOCALE_PATH``
(``os.pathsep``-separated) are searched before the bundled one, so a new language
can be tried without touching the package.

Examples
--------
>>> _ = gettext_for("de")
>>> _("Employees")
'Beschäftigte'
>>> gettext_for("en")("Employees")
'Employees'
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Callable
from pathlib import Path

DOMAIN = "clusteranalysis"
SOURCE_LANGUAGE = "en"
BUNDLED = Path(__file__).resolve().parent / "locale"
_LANG = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def N_(message: str) -> str:
    """Mark a module-level string for extraction; it is translated where it is shown."""
    return message


def _search_path() -> list[Path]:
    extra = os.environ.get("CLUSTERANALYSIS_LOCALE_PATH", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + [BUNDLED]


def available_languages() -> list[str]:
    """Languages with a compiled catalog, plus the source language ``"en"``.

    >>> available_languages()[:2]
    ['de', 'en']
    """
    found = {SOURCE_LANGUAGE}
    for root in _search_path():
        if root.is_dir():
            found |= {p.parts[-3] for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
                      if _LANG.fullmatch(p.parts[-3])}
    return sorted(found)


def _check(language: str) -> str:
    if not isinstance(language, str) or not _LANG.fullmatch(language):
        raise ValueError(f"language must be a code such as 'en' or 'de', got {language!r}")
    if language not in available_languages():
        raise ValueError(f"no catalog for language {language!r}; available: "
                         + ", ".join(available_languages()))
    return language


@functools.lru_cache(maxsize=32)
def _translation(language: str, search: tuple[str, ...]) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    for root in search:
        mo = Path(root) / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.is_file():
            with mo.open("rb") as fh:
                return gettext.GNUTranslations(fh)
    raise ValueError(f"no catalog for language {language!r}")  # pragma: no cover


def translation(language: str = "en") -> gettext.NullTranslations:
    """The :class:`gettext.GNUTranslations` of *language* (``gettext``, ``ngettext``, ``pgettext``).

    Raises ``ValueError`` for a language without a catalog: a report is never
    silently produced in another language than the one asked for.
    """
    return _translation(_check(language), tuple(str(p) for p in _search_path()))


def gettext_for(language: str = "en") -> Callable[[str], str]:
    """The ``_`` function of *language*: English source string → translation."""
    return translation(language).gettext


def ngettext_for(language: str = "en") -> Callable[[str, str, int], str]:
    """``ngettext(singular, plural, n)`` of *language* (plural rules from the catalog)."""
    return translation(language).ngettext
