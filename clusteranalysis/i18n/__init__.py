"""Languages: gettext message catalogs (Babel-compiled) and Babel number/date formatting.

Every string a reader sees goes through :func:`gettext_for`; every number through
:class:`Formatter`. Catalog keys are the English source strings. A language is a
catalog file ``locale/<lang>/LC_MESSAGES/clusteranalysis.mo`` (beside this module
or in a folder named by ``CLUSTERANALYSIS_LOCALE_PATH``), not code.

May import only the standard library and Babel; used by metrics' ``summary()``,
plotting, the report layer and the CLI.
"""

from .catalog import DOMAIN, N_, available_languages, gettext_for, ngettext_for, translation
from .format import Formatter

__all__ = ["DOMAIN", "Formatter", "N_", "available_languages", "gettext_for", "ngettext_for",
           "translation"]
