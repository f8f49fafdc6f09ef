"""The data version: one number in the database, raised by every write the pages show.

Every app process keeps its own caches (st.cache_data). An import, a rollup rebuild or a
settings change in one process (or in `manage.py`) raises the version in the same
transaction as the write; every process reads it once per script run and makes it part of
its cache keys (ui.versioned), so the next run of any session, in any process, on any
machine, sees the new data at once instead of after the cache's TTL.

Writers that change what the pages show call `bump(conn)` inside their transaction.
No Streamlit here.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Connection, DateTime, Engine, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

ROW = 1          # the table holds exactly one row


class DataVersion(Base):
    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


_READ = text("SELECT version FROM data_version WHERE id = 1")
_BUMP = text("UPDATE data_version SET version = version + 1, changed_at = :at WHERE id = 1")


def read(engine: Engine) -> int:
    """The current version (a primary-key read)."""
    with engine.connect() as conn:
        return int(conn.scalar(_READ) or 0)


def bump(conn: Connection) -> None:
    """Raise the version, inside the caller's transaction: it commits with the write (and
    is rolled back with it), so no process sees the new version before the new data."""
    conn.execute(_BUMP, {"at": dt.datetime.now()})
