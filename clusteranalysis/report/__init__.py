"""Report: what a reader sees — findings text and the sections of the cluster report and city comparison.

May import everything below it (inputs, metrics, indices, plotting, display); never executes notebooks (that is :mod:`clusteranalysis.runner`).
"""
