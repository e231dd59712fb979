"""Report: what a reader sees — findings text and the sections of the cluster report and city comparison.

Computed tables in, display objects (:class:`Section`) out.
Sections of the cluster report and of the city comparison are functions here;
the templates in ``notebooks/`` only call them. Every reader-facing string is
translated through the gettext catalog (:mod:`clusteranalysis.i18n`), every
number formatted by its ``Formatter``, and every string from a parameter file,
data file or definition escaped once where it enters HTML (:mod:`._html`).

May import everything below it (inputs, metrics, indices, plotting, display, i18n);
never executes notebooks (that is :mod:`clusteranalysis.runner`). matplotlib is
imported only when a chart is drawn.
"""

from .build import ReportData, cluster_report_data, comparison_data
from .comparison import (comparison_growth, comparison_overview, comparison_rankings,
                         comparison_specialisation, comparison_summary)
from .context import ReportMeta
from .front import front_matter
from .map_sections import comparison_map_section, map_section, regional_lqs
from .notes import appendix, data_notes
from .profile_sections import (bubble_section, growth_section, headline_figures,
                               profile_table, shares_section, tax_section)
from .section import Section, omitted
from .strong_sections import related_section, strong_section
from .specialisation import (classification_section, findings_section, index_section,
                             lq_intervals_section, portfolio_section, shift_share_section)

__all__ = [
    "ReportData", "ReportMeta", "Section", "appendix", "bubble_section",
    "classification_section", "cluster_report_data", "comparison_data", "comparison_growth",
    "comparison_overview", "comparison_rankings", "comparison_specialisation",
    "comparison_summary", "data_notes", "findings_section", "front_matter", "growth_section",
    "headline_figures", "index_section", "lq_intervals_section", "map_section",
    "comparison_map_section", "regional_lqs", "omitted",
    "portfolio_section", "profile_table", "shares_section", "shift_share_section",
    "tax_section", "strong_section", "related_section",
]
