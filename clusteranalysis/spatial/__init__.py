"""Spatial statistics of clusters: weights (libpysal), global and local Moran's I (esda).

- :func:`join_boundaries` – join a per-region table to boundaries; report what does not join
- :func:`boundary_codes` – data codes → polygon codes (Berlin ``11`` → ``11000``)
- :func:`spatial_weights` – queen/rook contiguity or k nearest neighbours; islands reported
- :func:`global_moran` – Moran's I per cluster, seeded permutation inference
- :func:`local_moran` – LISA per region × cluster: I_i, z, p, quadrant, significance (FDR option)

geopandas, libpysal and esda are imported when a function runs, not on import.
"""

from .join import BoundaryJoin, boundary_codes, join_boundaries
from .lisa import QUADRANTS, local_moran
from .moran import global_moran
from .weights import spatial_weights

__all__ = ["BoundaryJoin", "QUADRANTS", "boundary_codes", "global_moran", "join_boundaries", "local_moran",
           "spatial_weights"]
