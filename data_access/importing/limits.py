"""Bounds that keep an import of any file - careless or hostile - finite (issue 18).

- Plausible dates: activity dates from `import.earliest_date` to `latest_days_ahead` days
  after today (employees' hire dates from `earliest_hire_date`); anything else is a
  mistyped year and refused, the range named.
- Problems: at most `max_problems_per_column` per file and column, with their lines; the
  rest are counted in one line ("and 999,412 more like this"), so a million bad rows make a
  report of a few hundred lines (`Capped`).
- Workbook rows: no sheet has more rows than Excel itself allows (EXCEL_MAX_ROWS); reading
  stops there, as the rows arrive.
- An upload's import runs in a worker process with `worker_memory_mb` of address space
  (importing.worker).

The settings live in config/settings.toml, section [import]; a settings file without them
gets the defaults below.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .report import Problem

EXCEL_MAX_ROWS = 1_048_576     # rows of a sheet in Excel 2007 and later, header included

DEFAULTS = {"import.earliest_date": "2000-01-01", "import.earliest_hire_date": "1950-01-01",
            "import.latest_days_ahead": 366, "import.max_problems_per_column": 100,
            "import.problems_shown": 200, "import.worker_memory_mb": 6144}

MORE = "import_limits.more"              # Problem.code of the "and N more like this" line


def setting(key: str):
    """A setting of [import] from the settings file (metrics.settings reads it), or its default."""
    from metrics.settings import file_defaults
    return file_defaults().get(key, DEFAULTS[key])


@dataclass(frozen=True)
class DateRange:
    earliest: dt.date
    earliest_hire: dt.date
    latest: dt.date


def date_range(today: dt.date | None = None) -> DateRange:
    today = today or dt.date.today()
    return DateRange(dt.date.fromisoformat(str(setting("import.earliest_date"))),
                     dt.date.fromisoformat(str(setting("import.earliest_hire_date"))),
                     today + dt.timedelta(days=int(setting("import.latest_days_ahead"))))


class Capped(list):
    """A list of problems keeping the first `per` of each file and column; `total` counts all,
    `finished()` adds one "and N more like this" line for each file and column cut."""

    def __init__(self, items: Iterable[Problem] = (), per: int | None = None) -> None:
        super().__init__()
        self.per = int(setting("import.max_problems_per_column")) if per is None else per
        self.seen: Counter = Counter()
        self.extend(items)

    def append(self, p: Problem) -> None:
        key = (p.file, p.column)
        n = self.seen[key] = self.seen[key] + 1
        if n <= self.per or p.code == MORE:
            super().append(p)

    def extend(self, items: Iterable[Problem]) -> None:
        for p in items:
            self.append(p)
        if isinstance(items, Capped):     # what it only counted, counted here too
            for key, n in items.seen.items():
                self.seen[key] += n - min(n, items.per)

    def __iadd__(self, items: Iterable[Problem]) -> "Capped":
        self.extend(items)
        return self

    @property
    def total(self) -> int:
        """Every problem found, listed or only counted."""
        return sum(self.seen.values())

    def finished(self) -> list[Problem]:
        out = list(self)
        for (file, column), n in self.seen.items():
            if n > self.per:
                more = n - self.per
                where = f'column "{column}"' if column else "this file"
                out.append(Problem(file, None, column, None,
                                   f"and {more:,} more problems like these in {where} (only the "
                                   f"first {self.per:,} are listed)",
                                   code=MORE, args={"more": more, "per": self.per}))
        return out
