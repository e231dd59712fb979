"""Readers for official statistics downloads (I/O only, no metrics).

Each reader returns the validated tidy panel of ``docs/conventions.md`` with
``<measure>_flag`` columns:

- :func:`read_genesis` — GENESIS / Regionaldatenbank Deutschland table exports
- :func:`read_qcew` — BLS QCEW annual-averages CSV
- :func:`read_eurostat` — Eurostat TSV, SDMX-CSV and long CSV downloads

:mod:`clusteranalysis.inputs.readers.fetch` downloads (and caches) the same files.
"""

from .eurostat import read_eurostat
from .genesis import read_genesis
from .qcew import read_qcew

__all__ = ["read_eurostat", "read_genesis", "read_qcew"]
