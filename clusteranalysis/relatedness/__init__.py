"""Relatedness and economic complexity on a region × industry table.

Pure functions on tidy panels (``region``, ``industry``, ``employment``, and
``year``: each year is computed on its own); see ``docs/relatedness.md`` for
the conventions and how they compare with EconGeo 2.1 and ecomplexity 0.5.3.

- :func:`rca` – revealed comparative advantage (LQ) and binary specialisation
- :func:`diversity`, :func:`ubiquity`
- :func:`co_occurrence`, :func:`proximity`, :func:`relatedness` – industry pairs
- :func:`relatedness_density`, :func:`opportunities` – region × industry
- :func:`complexity`, :func:`eci`, :func:`pci` – ECI, PCI, COI, COG
- :func:`variety`, :func:`industry_group` – related / unrelated variety
"""

from .complexity import complexity, eci, pci
from .density import opportunities, relatedness_density
from .proximity import co_occurrence, proximity, relatedness
from .specialisation import diversity, rca, ubiquity
from .variety import industry_group, variety

__all__ = [
    "co_occurrence",
    "complexity",
    "diversity",
    "eci",
    "industry_group",
    "opportunities",
    "pci",
    "proximity",
    "rca",
    "relatedness",
    "relatedness_density",
    "ubiquity",
    "variety",
]
