"""Per-user sign-in state kept in the database (table user_sessions_state).

The rules (what counts as a valid sign-in, when to lock) are in auth.sessions; this
module only reads and writes rows. Every write is one short transaction, and the
counters are changed with UPDATE ... SET n = n + 1 so concurrent attempts add up.
Timestamps are naive local time, like every other timestamp here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import UserSessionState

T = UserSessionState.__table__


@dataclass(frozen=True)
class AccountState:
    username: str
    sessions_valid_after: dt.datetime | None = None
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    password_fingerprint: str | None = None

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _state(row) -> AccountState:
    return AccountState(row.username, row.sessions_valid_after, row.failed_logins or 0,
                        row.locked_until, row.password_fingerprint)


def _ensure_row(conn: Connection, username: str) -> None:
    """Insert an empty row for username unless one exists (safe against a concurrent insert)."""
    dialect = conn.dialect.name
    values = dict(username=username, failed_logins=0)
    if dialect == "postgresql":
        conn.execute(postgresql.insert(T).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(T).values(**values).on_conflict_do_nothing())
    elif conn.execute(select(T.c.username).where(T.c.username == username)).first() is None:
        conn.execute(T.insert().values(**values))


def _read(conn: Connection, username: str) -> AccountState:
    row = conn.execute(select(T).where(T.c.username == username)).first()
    return _state(row) if row is not None else AccountState(username)


def get_state(engine: Engine, username: str) -> AccountState:
    with engine.connect() as conn:
        return _read(conn, username)


def all_states(engine: Engine) -> dict[str, AccountState]:
    with engine.connect() as conn:
        return {row.username: _state(row) for row in conn.execute(select(T))}


def record_failure(engine: Engine, username: str, *, max_failures: int, lock_minutes: float,
                   now: dt.datetime) -> AccountState:
    """One more wrong password; at max_failures in a row the account is locked for
    lock_minutes (and the counter starts again). Returns the state after."""
    with engine.begin() as conn:
        _ensure_row(conn, username)
        conn.execute(update(T).where(T.c.username == username)
                     .values(failed_logins=T.c.failed_logins + 1, updated_at=now))
        state = _read(conn, username)
        if state.failed_logins >= max(1, max_failures):
            conn.execute(update(T).where(T.c.username == username).values(
                failed_logins=0, locked_until=now + dt.timedelta(minutes=lock_minutes),
                updated_at=now))
            state = _read(conn, username)
        return state


def record_success(engine: Engine, username: str, *, now: dt.datetime,
                   fingerprint: str | None = None) -> None:
    """A correct password: the failure counter starts again (the password's fingerprint is
    remembered so that a later change of the hash is noticed)."""
    with engine.begin() as conn:
        _ensure_row(conn, username)
        values = dict(failed_logins=0, updated_at=now)
        if fingerprint is not None:
            values["password_fingerprint"] = fingerprint
        conn.execute(update(T).where(T.c.username == username).values(**values))


def revoke_sessions(engine: Engine, usernames: list[str], *, now: dt.datetime) -> None:
    """Every sign-in of these users issued before now is refused from now on."""
    with engine.begin() as conn:
        for username in usernames:
            _ensure_row(conn, username)
            conn.execute(update(T).where(T.c.username == username)
                         .values(sessions_valid_after=now, updated_at=now))


def unlock(engine: Engine, username: str, *, now: dt.datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(T).where(T.c.username == username)
                     .values(locked_until=None, failed_logins=0, updated_at=now))


def note_password(target: Engine | Connection, username: str, fingerprint: str, *,
                  now: dt.datetime) -> bool:
    """Remember the fingerprint of the user's password hash. True when it differs from the
    one remembered before: the password was changed, so every earlier sign-in is revoked.
    (The first fingerprint seen is only remembered.) `target`: an engine (own transaction)
    or the caller's connection."""
    if isinstance(target, Connection):
        return _note_password(target, username, fingerprint, now)
    with target.begin() as conn:
        return _note_password(conn, username, fingerprint, now)


def _note_password(conn: Connection, username: str, fingerprint: str, now: dt.datetime) -> bool:
    _ensure_row(conn, username)
    known = _read(conn, username).password_fingerprint
    if known == fingerprint:
        return False
    values = dict(password_fingerprint=fingerprint, updated_at=now)
    if known is not None:
        values["sessions_valid_after"] = now
    conn.execute(update(T).where(T.c.username == username).values(**values))
    return known is not None
