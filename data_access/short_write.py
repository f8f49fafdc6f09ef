"""Writes that must not queue behind a long one (sign-in during an import).

SQLite has one writer at a time: an import holds the write lock for many seconds, and
the engine's connections wait up to 30 s for it. A sign-in's write waits at most a few
seconds instead (SQLite's busy handler retries meanwhile; on PostgreSQL a lock_timeout),
then raises Busy so the caller can say "busy, try again in a moment".
"""
from __future__ import annotations

from typing import Callable, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

R = TypeVar("R")
WAIT_SECONDS = 3.0


class Busy(RuntimeError):
    """The database is busy with another write (an import); nothing was written."""


def _is_lock_wait(exc: OperationalError) -> bool:
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "55P03":          # PostgreSQL lock_not_available
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database table is locked" in text


def run(engine: Engine, work: Callable[[Connection], R], wait: float = WAIT_SECONDS) -> R:
    """work(conn) in one transaction that waits at most `wait` seconds for a lock."""
    ms = max(1, int(wait * 1000))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        before = None
        if sqlite:
            before = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {ms}")
            conn.commit()            # end the autobegun (empty) transaction of the pragmas
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{ms}ms'")
                return work(conn)
        except OperationalError as exc:
            if _is_lock_wait(exc):
                raise Busy(str(exc.orig)) from exc
            raise
        finally:
            if sqlite and before is not None:        # the pooled connection keeps its own wait
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(before)}")
                conn.commit()
