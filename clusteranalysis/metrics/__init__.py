"""Metrics: pure functions from tidy panels to tidy tables (shares, location quotients, growth, tax, shift-share, classification, inference, cluster profiles).

May import numpy, pandas, statsmodels, :mod:`clusteranalysis.inputs` (definitions, validation) and :mod:`clusteranalysis.display`; never reads files, plots or prints.
"""
