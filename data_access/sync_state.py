"""Where a sync from an outside system stopped (the sync_state table), one row per source."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, select

from .models import SyncCheckpoint, SyncState


@dataclass
class State:
    last_end: dt.date | None = None          # last day of the last successful window
    data: dict = field(default_factory=dict)  # what the sync keeps besides (JSON)


def read_state(engine_or_conn: Engine | Connection, source: str) -> State:
    query = select(SyncState.last_end, SyncState.data).where(SyncState.source == source)
    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.connect() as conn:
            row = conn.execute(query).first()
    else:
        row = engine_or_conn.execute(query).first()
    if row is None:
        return State()
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        data = {}
    return State(row.last_end, data if isinstance(data, dict) else {})


def write_state(conn: Connection, source: str, state: State) -> None:
    """Replace the source's row (in the caller's transaction)."""
    conn.execute(delete(SyncState).where(SyncState.source == source))
    conn.execute(insert(SyncState).values(
        source=source, last_end=state.last_end,
        data=json.dumps(state.data, ensure_ascii=False, sort_keys=True),
        updated_at=dt.datetime.now().replace(microsecond=0)))


class Checkpoint:
    """Answers an unfinished run already fetched, kept per source and window.

    `get(key)` reads what a previous, interrupted run of the same window stored; `put`
    buffers and writes every `batch` answers (and on `flush`) in small transactions of their
    own. Starting a run of another window forgets the old one. `clear(conn)` runs inside
    the successful import's transaction.
    """

    def __init__(self, engine: Engine, source: str, window: str, batch: int = 200):
        self.engine, self.source, self.window, self.batch = engine, source, window, batch
        self.pending: dict[str, str] = {}
        with engine.begin() as conn:
            conn.execute(delete(SyncCheckpoint).where(SyncCheckpoint.source == source,
                                                      SyncCheckpoint.window != window))
            self.known = {k: json.loads(v) for k, v in conn.execute(
                select(SyncCheckpoint.key, SyncCheckpoint.value)
                .where(SyncCheckpoint.source == source))}
        self.resumed = len(self.known)

    def get(self, key: str, default=None):
        return self.known.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.known

    def put(self, key: str, value) -> None:
        self.known[key] = value
        self.pending[key] = json.dumps(value, ensure_ascii=False)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(SyncCheckpoint).where(SyncCheckpoint.source == self.source,
                                                      SyncCheckpoint.key.in_(list(self.pending))))
            conn.execute(insert(SyncCheckpoint), [
                {"source": self.source, "key": k, "window": self.window, "value": v}
                for k, v in self.pending.items()])
        self.pending.clear()

    def clear(self, conn: Connection) -> None:
        self.pending.clear()
        conn.execute(delete(SyncCheckpoint).where(SyncCheckpoint.source == self.source))
