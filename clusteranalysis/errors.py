"""Exceptions raised by clusteranalysis."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input table.

    Attributes
    ----------
    message : str
        What is wrong, in words a user understands.
    column : str or None
        The column concerned, if any.
    rows : tuple of int
        Row numbers concerned: 0-based positions in the table, or file line
        numbers when ``unit="line"``.
    unit : str
        ``"row"`` or ``"line"``.
    """

    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    unit: str = "row"

    def __str__(self) -> str:
        where = []
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
            plural = "s" if len(self.rows) > 1 else ""
            where.append(f"{self.unit}{plural} {shown}{more}")
        prefix = f"[{'; '.join(where)}] " if where else ""
        return prefix + self.message


class DataError(ValueError):
    """A table that enters the library is not usable.

    All problems found are collected and reported at once.

    Parameters
    ----------
    problems : list of Problem or str
        The problems found.
    source : str, optional
        Where the table came from (a file name), named in the message.

    Examples
    --------
    >>> err = DataError([Problem("negative count", column="employment", rows=(3,))],
    ...                 source="panel.csv")
    >>> print(err)
    panel.csv: 1 problem found:
      - [column 'employment'; row 3] negative count
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(self, problems, source: str | None = None):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        self.source = source
        n = len(self.problems)
        head = f"{source}: " if source else ""
        lines = [f"{head}{n} problem{'s' if n != 1 else ''} found:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
