"""Where a sync from an outside system stopped (the sync_state table), one row per source."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, select

from .models import SyncState


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
