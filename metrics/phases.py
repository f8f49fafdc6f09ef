"""Rollout phase of a month (spec section 4)."""
from __future__ import annotations

import datetime as dt

from data_access.months import last_day, month_of
from data_access.reference import PhaseRow


def phase_day(month: str, today: dt.date | None = None) -> dt.date:
    """The day whose phase is the month's: its last day, or today for the current month."""
    today = today or dt.date.today()
    return today if month_of(today) == month else last_day(month)


def phase_of(phases: list[PhaseRow], month: str, today: dt.date | None = None) -> str | None:
    day = phase_day(month, today)
    return next((p.phase for p in phases if p.start_date <= day <= p.end_date), None)
