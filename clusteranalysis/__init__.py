"""clusteranalysis: regional economic cluster analysis in the tradition of Porter.

Pure metric functions on tidy pandas DataFrames (shares, location quotients,
growth, growth contribution, tax contribution, cluster profiles), cluster
definitions, validation of input panels, plotting (:mod:`clusteranalysis.plotting`)
and a papermill batch runner for HTML cluster reports.

Examples
--------
>>> import clusteranalysis as ca
>>> panel = ca.load_sample()          # synthetic sample data
>>> profile = ca.cluster_profile(panel, "leipzig", region="14700",
...                              start_year=2015, end_year=2020, reference="00")
>>> len(profile)                      # five clusters, other, total economy
7
"""

from .metrics.aggregate import aggregate_clusters
from .metrics.classify import classify_clusters
from .metrics.strong import related_clusters, strong_clusters
from .inputs.linkages import load_linkages
from .relatedness import (co_occurrence, complexity, diversity, eci, opportunities, pci,
                          proximity, rca, relatedness_density, ubiquity, variety)
from .inputs.boundaries import load_boundaries
from .inputs.definitions import ClusterDefinition, load_definition
from .errors import DataError, Problem
from .metrics.growth import growth, growth_contribution, growth_index
from .indices import concentration_indices, specialisation_indices
from .metrics.inference import growth_difference_ci, location_quotient_ci
from .metrics.location_quotient import location_quotient
from .metrics.profile import cluster_profile
from .inputs.quality import code_hierarchy, impute_suppressed, select_level, territorial_changes
from .inputs.readers import read_eurostat, read_genesis, read_qcew
from .inputs.sample import load_sample
from .metrics.shares import shares
from .metrics.shift_share import shift_share
from .metrics.shift_share_dynamic import dynamic_shift_share, shift_share_projection
from .metrics.shift_share_regression import ShiftShareRegressionResult, shift_share_regression
from .metrics.tax import tax_contribution
from .inputs.validate import validate_panel

__version__ = "0.1.0"

__all__ = [
    "ClusterDefinition",
    "DataError",
    "Problem",
    "aggregate_clusters",
    "classify_clusters",
    "co_occurrence",
    "complexity",
    "diversity",
    "eci",
    "load_linkages",
    "opportunities",
    "pci",
    "proximity",
    "rca",
    "related_clusters",
    "relatedness_density",
    "strong_clusters",
    "ubiquity",
    "variety",
    "concentration_indices",
    "growth_difference_ci",
    "location_quotient_ci",
    "specialisation_indices",
    "cluster_profile",
    "code_hierarchy",
    "impute_suppressed",
    "read_eurostat",
    "read_genesis",
    "read_qcew",
    "select_level",
    "territorial_changes",
    "growth",
    "growth_contribution",
    "growth_index",
    "load_boundaries",
    "load_definition",
    "load_sample",
    "location_quotient",
    "shares",
    "shift_share",
    "dynamic_shift_share",
    "shift_share_projection",
    "shift_share_regression",
    "ShiftShareRegressionResult",
    "tax_contribution",
    "validate_panel",
]
