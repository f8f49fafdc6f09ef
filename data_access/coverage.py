"""How far the tracking data reach ("data as of", spec section 3) and the facts of the first
days of a month, for comparing a month in progress with the same days of the month before.

`data_as_of` is the latest day, at most today, on which a tracking table holds an event:
a share (`shared_at`), a lead (`created_at`) or a story (`collected_on`). Events dated after
today are left out (a clock or a typo must not make the data look newer than they are).
The day is given per table too, since a weekly export may bring the tables at different
paces.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from .models import Lead, Share, Story

TABLES = ("shares", "leads", "stories")


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return value if type(value) is dt.date else dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class DataAsOf:
    """The latest day holding an event, per table (None: the table holds none up to today)."""
    shares: dt.date | None
    leads: dt.date | None
    stories: dt.date | None

    @property
    def day(self) -> dt.date | None:
        """The latest of the three: the day the data as a whole reach."""
        days = [d for d in (self.shares, self.leads, self.stories) if d is not None]
        return max(days) if days else None

    def per_table(self) -> dict[str, dt.date | None]:
        return {name: getattr(self, name) for name in TABLES}

    def differ(self) -> bool:
        """True when the tables that hold events end on different days."""
        return len({d for d in self.per_table().values() if d is not None}) > 1


def data_as_of(engine: Engine, today: dt.date | None = None) -> DataAsOf:
    """The latest day (at most `today`) each tracking table holds an event on."""
    today = today or dt.date.today()
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    with engine.connect() as conn:
        # one max() per query: answered from each table's date index
        shares = conn.scalar(select(func.max(Share.shared_at)).where(Share.shared_at < tomorrow))
        leads = conn.scalar(select(func.max(Lead.created_at)).where(Lead.created_at < tomorrow))
        stories = conn.scalar(select(func.max(Story.collected_on))
                              .where(Story.collected_on <= today))
    return DataAsOf(_day(shares), _day(leads), _day(stories))
