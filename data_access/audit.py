"""The audit trail (table audit_events): who did what, when, with which counts.

Written for every import (linked to its import_runs record), every settings change
and reset, every sign-out-everywhere, unlock, lockout and noticed password change;
shown to administrators on the Administration page.
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, Engine, select

from .models import AuditEvent

T = AuditEvent.__table__

ACTIONS = ("import", "settings.save", "settings.reset", "sessions.revoke", "account.unlock",
           "account.locked", "password.changed")


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record(target: Engine | Connection, *, actor: str | None, action: str,
           details: dict | None = None, counts: dict | None = None,
           import_run_id: int | None = None, at: dt.datetime | None = None) -> int:
    """One event; `target` is an engine (own transaction) or a connection (the caller's)."""
    values = dict(at=at or now(), actor=actor[:200] if actor else None, action=action[:50],
                  details=json.dumps(details or {}, ensure_ascii=False, default=str),
                  counts=None if counts is None else json.dumps(counts, ensure_ascii=False),
                  import_run_id=import_run_id)
    if isinstance(target, Connection):
        return target.execute(T.insert().values(**values)).inserted_primary_key[0]
    with target.begin() as conn:
        return conn.execute(T.insert().values(**values)).inserted_primary_key[0]


def record_import(engine: Engine, result, *, actor: str | None, source: str) -> int:
    """The event of one import attempt (an importing.ImportResult), accepted or refused."""
    return record(engine, actor=actor, action="import",
                  details={"source": source[:500], "files": list(result.files),
                           "status": "imported" if result.ok else "refused",
                           "problems": result.problems_found},
                  counts=result.counts, import_run_id=result.run_id)


def _json(text: str | None, default):
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def events(engine: Engine, limit: int = 200, action: str | None = None) -> list[dict]:
    """Newest first."""
    query = select(T).order_by(T.c.at.desc(), T.c.id.desc()).limit(limit)
    if action:
        query = query.where(T.c.action == action)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{"id": r["id"], "at": r["at"], "actor": r["actor"], "action": r["action"],
             "details": _json(r["details"], {}), "counts": _json(r["counts"], None),
             "import_run_id": r["import_run_id"]} for r in rows]
