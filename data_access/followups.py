"""Alert follow-up records (table alert_followups): acknowledge, resolve, reopen.

One row per alert identity (type, department_id, metric; "" = a company-level alert),
so the state carries over from month to month while the alert recurs; how a record
reads for a given month (carried over, reopened) is metrics.followup.

The caller's Scope is checked here, in the data layer: a department head may act only
on their own departments' alerts, and company-level alerts only with the company scope.
Every change is written to audit_events in the same transaction.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from . import audit
from .models import AlertFollowUp
from .scope import Scope

T = AlertFollowUp.__table__
NOTE_MAX = 1000
OWNER_MAX = 200


class FollowUpError(ValueError):
    """Refused: `reason` is a code (out_of_scope, note_required, too_long, not_acknowledged)."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def allowed(scope: Scope, department_id: str) -> bool:
    """Company alerts ("") need the company scope; others the department in scope."""
    return scope.is_company if department_id == "" else scope.allows(department_id)


def records(engine: Engine, scope: Scope | None = None) -> dict[tuple[str, str, str], dict]:
    """{(type, department_id, metric): record}; limited to `scope` when given."""
    query = select(T)
    if scope is not None and not scope.is_company:
        query = query.where(T.c.department_id.in_(sorted(scope.department_ids)))
    with engine.connect() as conn:
        return {(r["type"], r["department_id"], r["metric"]): dict(r)
                for r in conn.execute(query).mappings()}


def _clean(value: str | None, limit: int, field: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise FollowUpError("too_long", f"{field} > {limit}")
    return text


def _check(scope: Scope, key: tuple[str, str, str]) -> None:
    if not allowed(scope, key[1]):
        raise FollowUpError("out_of_scope", key[1] or "company")


def acknowledge(engine: Engine, scope: Scope, key: tuple[str, str, str], month: str, *,
                actor: str, actor_name: str, note: str, owner: str = "",
                at: dt.datetime | None = None) -> dict:
    """Acknowledged, with what will be done (note) and who does it (owner)."""
    _check(scope, key)
    note = _clean(note, NOTE_MAX, "note")
    owner = _clean(owner, OWNER_MAX, "owner")
    if not note:
        raise FollowUpError("note_required")
    at = at or audit.now()
    values = dict(status="acknowledged", month=month, note=note, owner=owner or None,
                  acknowledged_by=actor_name[:200], acknowledged_at=at, resolution=None,
                  resolved_by=None, resolved_at=None, updated_by=actor[:200], updated_at=at)
    return _write(engine, key, values, "alert.acknowledge", actor,
                  {"month": month, "note": note, "owner": owner})


def resolve(engine: Engine, scope: Scope, key: tuple[str, str, str], month: str, *,
            actor: str, actor_name: str, resolution: str,
            at: dt.datetime | None = None) -> dict:
    """Resolved, saying what was done; an alert not acknowledged before is acknowledged now."""
    _check(scope, key)
    resolution = _clean(resolution, NOTE_MAX, "resolution")
    if not resolution:
        raise FollowUpError("note_required")
    at = at or audit.now()
    values = dict(status="resolved", month=month, resolution=resolution,
                  resolved_by=actor_name[:200], resolved_at=at, updated_by=actor[:200],
                  updated_at=at)
    return _write(engine, key, values, "alert.resolve", actor,
                  {"month": month, "resolution": resolution})


def reopen(engine: Engine, scope: Scope, key: tuple[str, str, str], month: str, *,
           actor: str, at: dt.datetime | None = None) -> None:
    """Back to open by hand (the record is removed; its history stays in the audit log)."""
    _check(scope, key)
    with engine.begin() as conn:
        gone = conn.execute(T.delete().where(T.c.type == key[0], T.c.department_id == key[1],
                                             T.c.metric == key[2])).rowcount
        if gone:
            audit.record(conn, actor=actor, action="alert.reopen", at=at,
                         details={**_key_details(key), "month": month})


def _key_details(key) -> dict:
    return {"type": key[0], "department_id": key[1], "metric": key[2]}


def _write(engine: Engine, key, values: dict, action: str, actor: str, details: dict) -> dict:
    where = (T.c.type == key[0], T.c.department_id == key[1], T.c.metric == key[2])
    with engine.begin() as conn:
        current = conn.execute(select(T).where(*where)).mappings().first()
        if current is None:
            if values["status"] == "resolved":       # resolved without an acknowledgement
                values = dict(values, note=None, owner=None, acknowledged_by=None,
                              acknowledged_at=None)
            conn.execute(T.insert().values(type=key[0], department_id=key[1], metric=key[2],
                                           **values))
        else:
            conn.execute(T.update().where(*where).values(**values))
        audit.record(conn, actor=actor, action=action, at=values["updated_at"],
                     details={**_key_details(key), **details})
        return dict(conn.execute(select(T).where(*where)).mappings().one())
