"""Data in: panel I/O and validation, official-statistics readers, cluster definitions, data quality and the synthetic sample.

May import numpy, pandas, yaml and :mod:`clusteranalysis.errors`; never computes metrics, plots or renders reports.
"""
