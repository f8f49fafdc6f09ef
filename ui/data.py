"""Cached reads for the pages. Keys are (month, scope) and the data version (ui.versioned),
never the user, so nothing per-user sits in the shared cache. `clear()` runs after every
import in this process; other processes see the new data version on their next run."""
from __future__ import annotations

import datetime as dt

from data_access import coverage, reference
from metrics.review import MonthReview, monthly_review
from metrics.settings import file_defaults

from .session import engine, settings
from .versioned import after_write, cached

TTL = int(file_defaults().get("app.cache_ttl_seconds", 600))


@cached(ttl=TTL)
def review(month: str) -> MonthReview:
    return monthly_review(engine(), month, settings())


@cached(ttl=TTL)
def data_span() -> tuple[str, str] | None:
    return reference.data_span(engine())


@cached(ttl=TTL)
def data_months() -> list[str]:
    return reference.data_months(engine())


@cached(ttl=TTL)
def departments() -> list[reference.DepartmentRow]:
    return reference.departments(engine())


@cached(ttl=TTL)
def phases() -> list[reference.PhaseRow]:
    return reference.phases(engine())


@cached(ttl=TTL)
def data_as_of(today: dt.date) -> coverage.DataAsOf:
    """How far the tracking data reach (per table), as of `today`."""
    return coverage.data_as_of(engine(), today)


def clear() -> None:
    after_write()
