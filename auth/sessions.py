"""Sign-in rules the server enforces, beside streamlit-authenticator's signed cookie.

The authenticator's cookie is a JWT ({username, exp_date}) that the server cannot
revoke by itself. Here every sign-in — a password entered, or a cookie presented by
a new browser session — gets an issue time, and it is refused when

- the user's sessions were ended after it was issued (logout, "sign out everywhere"
  on the Administration page, or a changed password hash in the users file);
- the account is locked (too many wrong passwords in a row);
- it is older than the cookie expiry (users file `cookie.expiry_days`, 1 day by default),
  whatever the cookie itself says.

The same check runs on every script run of a signed-in session (ui.session.current_user),
so an open browser tab is signed out too. The per-user state lives in the database
(data_access.auth_state); nothing about a user is kept in a process-wide cache.
No Streamlit here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import jwt
from sqlalchemy import Engine

from data_access import audit, auth_state

DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_LOCKOUT_MINUTES = 15
# a bcrypt hash of a random string: checked for unknown usernames (equal timing)
_TIMING_HASH = "$2b$12$14ZCi6frKoO5XAKVADtZsu17oIOASaXqpgwBkFx6ICIsYhKicUHoe"


@dataclass(frozen=True)
class Policy:
    max_failed_logins: int = DEFAULT_MAX_FAILED_LOGINS
    lockout_minutes: float = DEFAULT_LOCKOUT_MINUTES
    max_age_days: float = 1.0         # a sign-in lasts at most this long

    @classmethod
    def from_settings(cls, values: dict, cookie_expiry_days: float) -> "Policy":
        def positive(key, default, kind):
            try:
                value = kind(values.get(key, default))
            except (TypeError, ValueError):
                return default
            return value if value > 0 else default
        return cls(positive("auth.max_failed_logins", DEFAULT_MAX_FAILED_LOGINS, int),
                   positive("auth.lockout_minutes", DEFAULT_LOCKOUT_MINUTES, float),
                   float(cookie_expiry_days) if float(cookie_expiry_days) > 0 else 1.0)


@dataclass(frozen=True)
class LoginOutcome:
    ok: bool
    username: str
    reason: str | None = None              # "wrong" | "locked"
    locked_until: dt.datetime | None = None
    issued_at: dt.datetime | None = None   # of the new sign-in, when ok


def now() -> dt.datetime:
    return dt.datetime.now()


def normalise(username: str | None) -> str:
    """As streamlit-authenticator compares usernames: stripped, lower case."""
    return (username or "").strip().lower()


def fingerprint(password_hash: str) -> str:
    """What is remembered of a password hash: enough to notice that it changed."""
    return hashlib.sha256(str(password_hash).encode("utf-8")).hexdigest()


def check_password(password: str, password_hash: str) -> bool:
    import bcrypt
    try:
        return bcrypt.checkpw(password.encode("utf-8"), str(password_hash).encode("utf-8"))
    except (ValueError, TypeError):      # not a bcrypt hash: refuse, never compare plain text
        return False


def _entry(config: dict, username: str) -> dict | None:
    return ((config.get("credentials") or {}).get("usernames") or {}).get(username)


def _note_password(engine: Engine, username: str, entry: dict, state, at: dt.datetime):
    """Revoke earlier sign-ins when the users file holds a new hash for the user."""
    fp = fingerprint(entry.get("password", ""))
    if state.password_fingerprint == fp:
        return state
    if auth_state.note_password(engine, username, fp, now=at):
        audit.record(engine, actor=username, action="password.changed",
                     details={"username": username, "sessions_ended": True})
    return auth_state.get_state(engine, username)


def attempt_login(engine: Engine, config: dict, username: str | None, password: str | None,
                  policy: Policy, at: dt.datetime | None = None) -> LoginOutcome:
    """Check a password entered in the login form. A locked account is refused before the
    password is looked at (so a right password does not help); wrong passwords of known
    users are counted, and the one that reaches the limit locks the account."""
    at = at or now()
    username = normalise(username)
    entry = _entry(config, username) if username else None
    if entry is None:
        # unknown users are not counted (that would let anyone fill the table); the hash
        # is still checked, so that the answer takes as long as for a known user
        check_password(password or "", _TIMING_HASH)
        return LoginOutcome(False, username, "wrong")
    state = auth_state.get_state(engine, username)
    if state.locked(at):
        return LoginOutcome(False, username, "locked", state.locked_until)
    if check_password((password or "").strip(), entry.get("password", "")):
        _note_password(engine, username, entry, state, at)
        auth_state.record_success(engine, username, now=at)
        return LoginOutcome(True, username, issued_at=at)
    state = auth_state.record_failure(engine, username, max_failures=policy.max_failed_logins,
                                      lock_minutes=policy.lockout_minutes, now=at)
    if state.locked(at):
        audit.record(engine, actor=username, action="account.locked",
                     details={"username": username, "locked_until": state.locked_until,
                              "after_failed_logins": policy.max_failed_logins})
        return LoginOutcome(False, username, "locked", state.locked_until)
    return LoginOutcome(False, username, "wrong")


def refusal(engine: Engine, config: dict, username: str, issued_at: dt.datetime | None,
            policy: Policy, at: dt.datetime | None = None) -> str | None:
    """Why a sign-in of `username` issued at `issued_at` no longer holds, or None.

    "unknown" (not in the users file any more), "revoked" (signed out, or the password
    changed, after it was issued), "locked", "expired" (older than the policy allows).
    """
    at = at or now()
    entry = _entry(config, username)
    if entry is None:
        return "unknown"
    if issued_at is None:
        return "revoked"
    state = auth_state.get_state(engine, username)
    state = _note_password(engine, username, entry, state, at)
    if state.locked(at):
        return "locked"
    if state.sessions_valid_after is not None and issued_at < state.sessions_valid_after:
        return "revoked"
    if at - issued_at > dt.timedelta(days=policy.max_age_days):
        return "expired"
    return None


# --- the cookie ------------------------------------------------------------------------

def make_token(username: str, key: str, issued_at: dt.datetime, expiry_days: float) -> tuple[str, dt.datetime]:
    """The authenticator's token ({username, exp_date}) plus its issue time (iat)."""
    expires = issued_at + dt.timedelta(days=expiry_days)
    token = jwt.encode({"username": username, "exp_date": expires.timestamp(),
                        "iat": issued_at.timestamp()}, key, algorithm="HS256")
    return token, expires


def decode_token(raw: str | None, key: str, at: dt.datetime | None = None) -> dict | None:
    """The cookie's claims when its signature holds and it has not expired; else None."""
    if not raw:
        return None
    try:
        claims = jwt.decode(raw, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp_date")
    if not isinstance(claims.get("username"), str) or not isinstance(exp, (int, float)):
        return None
    if exp <= (at or now()).timestamp():
        return None
    return claims


def issued_at(claims: dict, expiry_days: float) -> dt.datetime:
    """When the cookie was issued: its iat, or (a token written by the authenticator itself)
    its expiry less the configured lifetime."""
    iat = claims.get("iat")
    if isinstance(iat, (int, float)):
        return dt.datetime.fromtimestamp(iat)
    return dt.datetime.fromtimestamp(claims["exp_date"]) - dt.timedelta(days=expiry_days)


def cookie_sign_in(engine: Engine, config: dict, raw: str | None, key: str, policy: Policy,
                   at: dt.datetime | None = None) -> tuple[str | None, dt.datetime | None, str | None]:
    """A cookie presented by a new session: (username, issued_at, None) when it may sign in,
    (username or None, None, reason) when refused, (None, None, None) when there is none."""
    at = at or now()
    claims = decode_token(raw, key, at)
    if claims is None:
        return None, None, ("invalid" if raw else None)
    username = normalise(claims["username"])
    issued = issued_at(claims, policy.max_age_days)
    reason = refusal(engine, config, username, issued, policy, at)
    return (username, None, reason) if reason else (username, issued, None)


def end_sessions(engine: Engine, usernames: list[str], *, actor: str | None,
                 reason: str = "sign_out_everywhere", at: dt.datetime | None = None) -> None:
    """Every sign-in of these users issued before now is refused from now on."""
    at = at or now()
    auth_state.revoke_sessions(engine, usernames, now=at)
    if reason != "logout":          # a user's own logout is not worth an audit line
        audit.record(engine, actor=actor, action="sessions.revoke",
                     details={"usernames": sorted(usernames), "reason": reason})


def unlock(engine: Engine, username: str, *, actor: str | None) -> None:
    auth_state.unlock(engine, username, now=now())
    audit.record(engine, actor=actor, action="account.unlock", details={"username": username})
