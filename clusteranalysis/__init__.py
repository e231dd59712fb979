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

# Public names and the modules that define them. They are imported on first use
# (PEP 562), so that ``import clusteranalysis`` and the command line start fast
# (pandas, scipy and statsmodels load only when a function needs them).
_EXPORTS = {
    "aggregate_clusters": "metrics.aggregate",
    "classify_clusters": "metrics.classify",
    "related_clusters": "metrics.strong",
    "strong_clusters": "metrics.strong",
    "load_linkages": "inputs.linkages",
    "co_occurrence": "relatedness",
    "complexity": "relatedness",
    "diversity": "relatedness",
    "eci": "relatedness",
    "opportunities": "relatedness",
    "pci": "relatedness",
    "proximity": "relatedness",
    "rca": "relatedness",
    "relatedness_density": "relatedness",
    "ubiquity": "relatedness",
    "variety": "relatedness",
    "ClusterDefinition": "inputs.definitions",
    "load_definition": "inputs.definitions",
    "DataError": "errors",
    "Problem": "errors",
    "growth": "metrics.growth",
    "growth_contribution": "metrics.growth",
    "growth_index": "metrics.growth",
    "concentration_indices": "indices",
    "specialisation_indices": "indices",
    "growth_difference_ci": "metrics.inference",
    "location_quotient_ci": "metrics.inference",
    "location_quotient": "metrics.location_quotient",
    "cluster_profile": "metrics.profile",
    "code_hierarchy": "inputs.quality",
    "impute_suppressed": "inputs.quality",
    "select_level": "inputs.quality",
    "territorial_changes": "inputs.quality",
    "read_eurostat": "inputs.readers",
    "read_genesis": "inputs.readers",
    "read_qcew": "inputs.readers",
    "load_sample": "inputs.sample",
    "shares": "metrics.shares",
    "shift_share": "metrics.shift_share",
    "dynamic_shift_share": "metrics.shift_share_dynamic",
    "shift_share_projection": "metrics.shift_share_dynamic",
    "ShiftShareRegressionResult": "metrics.shift_share_regression",
    "shift_share_regression": "metrics.shift_share_regression",
    "tax_contribution": "metrics.tax",
    "validate_panel": "inputs.validate",
    "load_boundaries": "inputs.boundaries",
}


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


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
