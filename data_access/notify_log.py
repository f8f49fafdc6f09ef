"""The send log (table notify_sends): intent before a message leaves, outcome after.

notify.run decides what to send from `latest`: the newest attempt of each (recipient,
channel, period, part). The unique index on (recipient, channel, period, part, attempt)
makes two runs racing for the same part collide: the loser's `begin` returns None and it
sends nothing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from .models import NotifySend

T = NotifySend.__table__
STATUSES = ("pending", "sent", "failed")


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def latest(engine: Engine, recipient: str, channel: str, period: str,
           part: int) -> dict | None:
    """The newest attempt of one part, or None when it was never tried."""
    query = (select(T).where(T.c.recipient == recipient, T.c.channel == channel,
                             T.c.period == period, T.c.part == part)
             .order_by(T.c.attempt.desc()).limit(1))
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def begin(engine: Engine, *, run_id: str, recipient: str, channel: str, period: str,
          kind: str, part: int, parts: int, attempt: int, digest_hash: str,
          address: str | None) -> int | None:
    """Record the intent to send (status pending); None when another run took this attempt."""
    values = dict(run_id=run_id, recipient=recipient[:200], channel=channel, period=period,
                  kind=kind, part=part, parts=parts, attempt=attempt, digest_hash=digest_hash,
                  address=(address or "")[:300] or None, status="pending", detail=None,
                  created_at=now(), finished_at=None)
    try:
        with engine.begin() as conn:
            return conn.execute(T.insert().values(**values)).inserted_primary_key[0]
    except IntegrityError:
        return None


def finish(engine: Engine, send_id: int, status: str, detail: str = "") -> None:
    """Record the outcome: sent (detail = the platform's message id) or failed (why)."""
    if status not in ("sent", "failed"):
        raise ValueError(f"unknown outcome {status!r}")
    with engine.begin() as conn:
        conn.execute(update(T).where(T.c.id == send_id)
                     .values(status=status, detail=detail[:2000], finished_at=now()))


def note(engine: Engine, send_id: int, detail: str) -> None:
    """An error beside a pending row whose outcome is unknown (it stays pending)."""
    with engine.begin() as conn:
        conn.execute(update(T).where(T.c.id == send_id).values(detail=detail[:2000]))


def entries(engine: Engine, limit: int = 200, period: str | None = None) -> list[dict]:
    """Newest first."""
    query = select(T).order_by(T.c.created_at.desc(), T.c.id.desc()).limit(limit)
    if period:
        query = query.where(T.c.period == period)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def counts(engine: Engine, period: str) -> dict[str, int]:
    """{status: rows} of a period (every attempt)."""
    query = select(T.c.status, func.count()).where(T.c.period == period).group_by(T.c.status)
    with engine.connect() as conn:
        return {status: n for status, n in conn.execute(query)}
