"""The import_runs record: one row per import attempt, accepted or refused."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, insert

from ..models import ImportRun


def now() -> dt.datetime:
    """Local company time, naive, like every timestamp in the tracking data."""
    return dt.datetime.now().replace(microsecond=0)


def record_run(conn: Connection, *, started_at: dt.datetime, source: str, files: list[str],
               status: str, counts: dict, error_count: int, imported_by: str | None) -> int:
    result = conn.execute(insert(ImportRun).values(
        started_at=started_at, finished_at=now(), source=source[:500],
        files=json.dumps(files, ensure_ascii=False), status=status,
        counts=json.dumps(counts, ensure_ascii=False), error_count=error_count,
        imported_by=imported_by[:200] if imported_by else None))
    return result.inserted_primary_key[0]
