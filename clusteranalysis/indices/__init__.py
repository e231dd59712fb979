"""Indices of specialisation, concentration and diversity.

One small module per index family (pure private function + thin public
wrapper, as in pysal/segregation) and :mod:`.batch`, which returns every index
in one tidy table:

============================  ==============================================
:func:`hoover`                Hoover coefficient of specialisation / localisation
:func:`krugman`               Krugman index against the aggregate or the rest
:func:`gini`                  specialisation / locational Gini
:func:`lorenz_curve`          the Lorenz curve points behind :func:`gini`
:func:`herfindahl`            Herfindahl–Hirschman index, raw and normalised
:func:`theil_t`               Theil T
:func:`theil_l`               Theil L (mean log deviation)
:func:`entropy`               Shannon entropy
:func:`ellison_glaeser`       Ellison–Glaeser γ from plant-level data
:func:`specialisation_indices` all of them per region × year
:func:`concentration_indices`  all of them per industry × year
============================  ==============================================

Conventions and the differences to REAT and EconGeo: ``docs/indices.md``.
"""

from .batch import concentration_indices, specialisation_indices
from .ellison_glaeser import ellison_glaeser
from .entropy import entropy
from .gini import gini, lorenz_curve
from .herfindahl import herfindahl
from .hoover import hoover
from .krugman import krugman
from .theil import theil_l, theil_t

__all__ = [
    "concentration_indices",
    "ellison_glaeser",
    "entropy",
    "gini",
    "herfindahl",
    "hoover",
    "krugman",
    "lorenz_curve",
    "specialisation_indices",
    "theil_l",
    "theil_t",
]
