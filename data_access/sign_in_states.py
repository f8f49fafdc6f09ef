"""The `state` of OAuth redirects (table sign_in_states): kept server-side, single use,
short-lived. Only a SHA-256 of each state is stored, so a copy of the table opens nothing."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, delete, update

from .models import SignInState

T = SignInState.__table__


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def issue(engine: Engine, provider: str, *, minutes: float = 10,
          now: dt.datetime | None = None) -> str:
    """A new random state (64 hex characters: WeCom allows a-zA-Z0-9, up to 128 bytes);
    expired ones are dropped on the way, so the table stays small."""
    now = now or dt.datetime.now()
    state = secrets.token_hex(32)
    with engine.begin() as conn:
        conn.execute(delete(T).where(T.c.expires_at < now - dt.timedelta(hours=1)))
        conn.execute(T.insert().values(state_hash=_hash(state), provider=provider,
                                       created_at=now,
                                       expires_at=now + dt.timedelta(minutes=minutes)))
    return state


def consume(engine: Engine, provider: str, state: str | None, *,
            now: dt.datetime | None = None) -> bool:
    """True once for a state this server issued for `provider` that has not expired; the
    one UPDATE marks it used, so two callbacks with the same state cannot both pass."""
    if not state or len(state) > 128:
        return False
    now = now or dt.datetime.now()
    with engine.begin() as conn:
        result = conn.execute(update(T).where(
            T.c.state_hash == _hash(state), T.c.provider == provider, T.c.used_at.is_(None),
            T.c.expires_at > now).values(used_at=now))
        return result.rowcount == 1
