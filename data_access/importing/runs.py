"""The import_runs record: one row per import attempt, accepted or refused."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, insert, update

from ..models import ImportRun


def now() -> dt.datetime:
    """Local company time, naive, like every timestamp in the tracking data."""
    return dt.datetime.now().replace(microsecond=0)


RUNNING = "running"     # recorded before any file is read; the outcome replaces it
FAILED = "failed"       # the import's process ended without an outcome (importing.worker)


def record_run(conn: Connection, *, started_at: dt.datetime, source: str, files: list[str],
               status: str, counts: dict, error_count: int, imported_by: str | None,
               run_id: int | None = None) -> int:
    """Insert the record of an attempt, or, given `run_id` (from `start_run`), complete it."""
    values = dict(
        started_at=started_at, finished_at=None if status == RUNNING else now(),
        source=source[:500], files=json.dumps(files, ensure_ascii=False), status=status,
        counts=json.dumps(counts, ensure_ascii=False), error_count=error_count,
        imported_by=imported_by[:200] if imported_by else None)
    if run_id is not None:
        conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(values))
        return run_id
    return conn.execute(insert(ImportRun).values(values)).inserted_primary_key[0]


def start_run(conn: Connection, *, started_at: dt.datetime, source: str, files: list[str],
              imported_by: str | None) -> int:
    """The attempt on record before parsing starts: a file that takes its process down is
    still in the import history (as running, then failed)."""
    return record_run(conn, started_at=started_at, source=source, files=files, status=RUNNING,
                      counts={}, error_count=0, imported_by=imported_by)
