"""Failed sign-in counters (table login_throttle); the rules are in auth.sessions.

Keys are "account:<typed username>" and "client:<address>". Rows of keys whose last
failure is older than the caller's `forget_before` count from zero again, and are deleted
(unless still blocking) at the next failure anywhere, so typed unknown names do not pile up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import Connection, Engine, and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from .models import LoginThrottle

T = LoginThrottle.__table__


@dataclass(frozen=True)
class Counter:
    key: str
    failures: int = 0
    last_failure: dt.datetime | None = None
    blocked_until: dt.datetime | None = None

    def wait(self, now: dt.datetime) -> float:
        """Seconds before the key may try again (0: now)."""
        if self.blocked_until is None or self.blocked_until <= now:
            return 0.0
        return (self.blocked_until - now).total_seconds()


def _counter(row) -> Counter:
    return Counter(row.key, row.failures or 0, row.last_failure, row.blocked_until)


def get(target: Engine | Connection, keys: Iterable[str]) -> dict[str, Counter]:
    keys = list(keys)
    query = select(T).where(T.c.key.in_(keys))
    if isinstance(target, Connection):
        rows = target.execute(query).all()
    else:
        with target.connect() as conn:
            rows = conn.execute(query).all()
    found = {row.key: _counter(row) for row in rows}
    return {key: found.get(key, Counter(key)) for key in keys}


def record_failure(conn: Connection, keys: Iterable[str], *, now: dt.datetime,
                   forget_before: dt.datetime,
                   delay: Callable[[str, int], float]) -> dict[str, Counter]:
    """One more failure of each key, in the caller's transaction; each key is then blocked
    for delay(key, failures) seconds. Returns the counters after."""
    conn.execute(delete(T).where(and_(T.c.last_failure < forget_before,
                                      or_(T.c.blocked_until.is_(None), T.c.blocked_until <= now))))
    after = {}
    for key in keys:
        _ensure_row(conn, key, forget_before)
        old = _counter(conn.execute(select(T).where(T.c.key == key).with_for_update()).one())
        failures = 1 if old.last_failure < forget_before else old.failures + 1
        seconds = delay(key, failures)
        blocked = now + dt.timedelta(seconds=seconds) if seconds > 0 else None
        conn.execute(T.update().where(T.c.key == key).values(
            failures=failures, last_failure=now, blocked_until=blocked))
        after[key] = Counter(key, failures, now, blocked)
    return after


def _ensure_row(conn: Connection, key: str, forget_before: dt.datetime) -> None:
    """A row for key (a forgotten one, counting from zero) unless one exists; safe against
    a concurrent insert. Then SELECT ... FOR UPDATE serialises concurrent failures."""
    values = dict(key=key, failures=0, last_failure=forget_before - dt.timedelta(seconds=1))
    if conn.dialect.name == "postgresql":
        conn.execute(postgresql.insert(T).values(**values).on_conflict_do_nothing())
    elif conn.dialect.name == "sqlite":
        conn.execute(sqlite.insert(T).values(**values).on_conflict_do_nothing())
    elif conn.execute(select(T.c.key).where(T.c.key == key)).first() is None:
        conn.execute(T.insert().values(**values))


def clear(conn: Connection, keys: Iterable[str]) -> None:
    conn.execute(delete(T).where(T.c.key.in_(list(keys))))
