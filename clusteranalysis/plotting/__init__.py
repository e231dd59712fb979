"""Charts for cluster reports.

Every function consumes a tidy table documented in docs/conventions.md (most
take a cluster profile), never recomputes a metric, takes ``ax=None`` (a new
figure is made when None), takes ``language="en"`` (every text and number of
the chart in that language, through the gettext catalog and Babel) and returns
the Axes. matplotlib (and adjustText) are imported only when a chart is drawn;
no chart needs seaborn; adjustText runs only when labels really collide and no
free spot is found.

- :func:`bubble_chart` – employment vs. establishment growth, bubble = size
- :func:`size_norm_for` – one bubble-size norm for a batch of reports
- :func:`shares_chart` – each cluster's share of the local economy
- :func:`portfolio_chart` – LQ against its change (Star / Mature / ...)
- :func:`index_chart` – index (base year = 100) of clusters vs. total
- :func:`lq_heatmap` – LQ heatmap, regions × clusters
- :func:`shift_share_chart` – shift-share components of each cluster's change
- :func:`contribution_chart` – each cluster's contribution to total growth
- :func:`growth_by_region_chart` – growth of each cluster in several regions
- :func:`relatedness_chart` – a region's activities by relatedness density
  against LQ or complexity
- :func:`layout_problems` – overlapping or clipped texts of a drawn figure
- :func:`cluster_map` – choropleth of a per-region value (LQ centred on 1, log-symmetric)
- :func:`lisa_map` – LISA cluster map (high-high, low-low, ...)

geopandas and mapclassify are imported only when a map is drawn.
"""

from ._bubble import bubble_chart
from ._contribution import contribution_chart
from ._growth_bars import growth_by_region_chart
from ._heatmap import lq_heatmap
from ._layout import layout_problems
from ._map import cluster_map, lisa_map
from ._portfolio import portfolio_chart
from ._relatedness import relatedness_chart
from ._shares import shares_chart
from ._shift_share import shift_share_chart
from ._sizes import SizeNorm, size_norm_for
from ._timeseries import index_chart

__all__ = [
    "SizeNorm",
    "bubble_chart",
    "contribution_chart",
    "growth_by_region_chart",
    "index_chart",
    "layout_problems",
    "cluster_map",
    "index_chart",
    "lisa_map",
    "lq_heatmap",
    "portfolio_chart",
    "relatedness_chart",
    "shares_chart",
    "shift_share_chart",
    "size_norm_for",
]
