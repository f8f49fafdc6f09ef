"""A month judged by its data, not by the calendar (spec section 3, "Data as of").

The data reach `data_as_of` (data_access.coverage): the latest day, at most today, on which
a share, lead or story is recorded. A month whose last day comes after that day is *in
progress*, whatever today is (a weekly export lags), and covers the days from its 1st to
that day. Rules built on this (docs/alerts.md, "Months in progress"):

- progress = days covered / days in the month (1 for a complete month);
- counts and sums (PRO_RATED) are held against targets x progress;
- the month-over-month change of a month in progress compares the same days of the previous
  month (1st .. the same day number, at most its last day); figures that are not counts
  (rates, per-capita figures of people who took part) are compared the same way, over
  those days;
- reach_drop and the phase verdicts compare with the previous month's figure x progress,
  i.e. the month's daily rate against last month's: a month holding the same daily rate as
  a complete one fires no alert that the complete one would not.

A complete month (data reach its last day or beyond) is judged exactly as before: whole
figures, whole targets, the whole previous month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data_access.coverage import DataAsOf
from data_access.months import first_day, last_day, month_of, previous

# Counts and sums that grow through a month: their targets are pro-rated mid-month.
PRO_RATED = ("shares", "shares_per_capita", "reach", "clicks", "leads", "won", "revenue",
             "stories")


@dataclass(frozen=True)
class MonthCoverage:
    month: str
    as_of: DataAsOf | None          # how far the data reach (per table)
    days: int                       # days of the month covered (0: the data end before it)

    @property
    def data_as_of(self) -> dt.date | None:
        return self.as_of.day if self.as_of else None

    @property
    def days_in_month(self) -> int:
        return last_day(self.month).day

    @property
    def complete(self) -> bool:
        return self.days >= self.days_in_month

    @property
    def started(self) -> bool:
        """The data reach into the month at all."""
        return self.days > 0

    @property
    def progress(self) -> float:
        return self.days / self.days_in_month

    @property
    def through(self) -> dt.date | None:
        """The last day of the month the data cover (None: none of it)."""
        if not self.days:
            return None
        return first_day(self.month) + dt.timedelta(days=self.days - 1)

    def previous_through(self) -> dt.date | None:
        """The last of the same days in the previous month (None for a complete month:
        compare with the whole of it)."""
        if self.complete or not self.days:
            return None
        prev = previous(self.month)
        return min(first_day(prev) + dt.timedelta(days=self.days - 1), last_day(prev))

    def as_dict(self) -> dict:
        day = self.data_as_of
        return {"data_as_of": day.isoformat() if day else None,
                "month_complete": self.complete,
                "days_covered": self.days, "days_in_month": self.days_in_month,
                "progress": self.progress,
                "data_as_of_by_table": {k: v.isoformat() if v else None
                                        for k, v in (self.as_of.per_table().items()
                                                     if self.as_of else [])}}


def month_coverage(month: str, as_of: DataAsOf | None) -> MonthCoverage:
    """The part of `month` the data cover."""
    day = as_of.day if as_of else None
    if day is None or day < first_day(month):
        days = 0
    elif day >= last_day(month):
        days = last_day(month).day
    else:
        days = day.day
    return MonthCoverage(month, as_of, days)


def latest_month(as_of: DataAsOf | None) -> str | None:
    day = as_of.day if as_of else None
    return month_of(day) if day else None
