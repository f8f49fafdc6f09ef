"""Sign-in rules the server enforces, beside streamlit-authenticator's signed cookie.

The authenticator's cookie is a JWT ({username, exp_date}) that the server cannot
revoke by itself. Here every sign-in — a password entered, or a cookie presented by
a new browser session — gets an issue time, and it is refused when

- the user's sessions were ended after it was issued (logout, "sign out everywhere"
  on the Administration page, or a changed password hash in the users file);
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

from data_access import audit, auth_state, login_throttle, short_write

DEFAULT_MAX_FAILED_LOGINS = 5          # per client: wrong passwords before delays start
DEFAULT_LOCKOUT_MINUTES = 15           # per client: the longest delay
DEFAULT_ACCOUNT_FAILED_LOGINS = 10     # per typed username, from any client
DEFAULT_ACCOUNT_MAX_DELAY_SECONDS = 60
FORGET_AFTER = dt.timedelta(hours=24)  # a counter without failures this long starts again
# a bcrypt hash of a random string: checked for unknown usernames (equal timing)
_TIMING_HASH = "$2b$12$14ZCi6frKoO5XAKVADtZsu17oIOASaXqpgwBkFx6ICIsYhKicUHoe"


@dataclass(frozen=True)
class Policy:
    max_failed_logins: int = DEFAULT_MAX_FAILED_LOGINS
    lockout_minutes: float = DEFAULT_LOCKOUT_MINUTES
    max_age_days: float = 1.0         # a sign-in lasts at most this long
    account_failed_logins: int = DEFAULT_ACCOUNT_FAILED_LOGINS
    account_max_delay_seconds: float = DEFAULT_ACCOUNT_MAX_DELAY_SECONDS
    trusted_proxies: int = 0          # proxies in front that append to X-Forwarded-For

    @classmethod
    def from_settings(cls, values: dict, cookie_expiry_days: float) -> "Policy":
        def positive(key, default, kind, zero=False):
            try:
                value = kind(values.get(key, default))
            except (TypeError, ValueError):
                return default
            return value if value > 0 or (zero and value == 0) else default
        return cls(positive("auth.max_failed_logins", DEFAULT_MAX_FAILED_LOGINS, int),
                   positive("auth.lockout_minutes", DEFAULT_LOCKOUT_MINUTES, float),
                   float(cookie_expiry_days) if float(cookie_expiry_days) > 0 else 1.0,
                   positive("auth.account_failed_logins", DEFAULT_ACCOUNT_FAILED_LOGINS, int),
                   positive("auth.account_max_delay_seconds", DEFAULT_ACCOUNT_MAX_DELAY_SECONDS,
                            float),
                   positive("auth.trusted_proxies", 0, int, zero=True))

    def delay(self, key: str, failures: int) -> float:
        """Seconds the key waits after its failures-th wrong password in a row: nothing at
        first, then 1 s, 2 s, 4 s, ... up to the key's longest delay."""
        if key.startswith("client:"):
            free, cap = self.max_failed_logins, self.lockout_minutes * 60
        else:
            free, cap = self.account_failed_logins, self.account_max_delay_seconds
        if failures < free:
            return 0.0
        return float(min(cap, 2 ** min(failures - free, 30)))


@dataclass(frozen=True)
class LoginOutcome:
    ok: bool
    username: str
    reason: str | None = None              # "wrong" | "throttled" | "busy"
    retry_after: float = 0.0               # seconds before the next attempt is looked at
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
    def note(conn):
        if auth_state.note_password(conn, username, fp, now=at):
            audit.record(conn, actor=username, action="password.changed",
                         details={"username": username, "sessions_ended": True})
    short_write.run(engine, note)
    return auth_state.get_state(engine, username)


def client_address(remote_ip: str | None, forwarded_for: str | None, trusted_proxies: int) -> str:
    """Who is signing in, for the per-client throttle. Without trusted proxies: the
    connection's address (None, from the loopback: "local"). Behind `trusted_proxies`
    proxies that each append the address they saw to X-Forwarded-For: that many entries
    from its right end (entries further left are whatever the client sent)."""
    if trusted_proxies > 0 and forwarded_for:
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if len(hops) >= trusted_proxies:
            return hops[-trusted_proxies][:100]
    return (remote_ip or "local")[:100]


def throttle_keys(username: str, client: str) -> tuple[str, str]:
    return f"account:{username[:200]}", f"client:{client}"


def attempt_login(engine: Engine, config: dict, username: str | None, password: str | None,
                  policy: Policy, at: dt.datetime | None = None,
                  client: str = "local") -> LoginOutcome:
    """Check a password entered in the login form (OWASP's authentication cheat sheet).

    Wrong passwords are counted per typed username (known or not: the answers never tell
    which exist) and per client; past a few, that key's next attempt waits 1 s, 2 s, 4 s,
    ... (the client's up to lockout_minutes, the username's up to a minute, so that no one
    can keep an account shut by failing for it). An attempt inside a wait is refused before
    the password is looked at; each new wait is an audit line. Nobody's open session ends
    because of this. Writes are short: with the database busy the answer is "busy"."""
    at = at or now()
    username = normalise(username)
    keys = throttle_keys(username, client)
    wait = max(c.wait(at) for c in login_throttle.get(engine, keys).values())
    if wait > 0:
        return LoginOutcome(False, username, "throttled", retry_after=wait)
    entry = _entry(config, username) if username else None
    # unknown users get their hash checked too, so the answer takes as long
    right = check_password((password or "").strip() if entry else (password or ""),
                           entry.get("password", "") if entry else _TIMING_HASH)
    try:
        if entry is not None and right:
            state = _note_password(engine, username, entry, auth_state.get_state(engine, username), at)
            if login_throttle.get(engine, keys[:1])[keys[0]].last_failure is not None:
                short_write.run(engine, lambda conn: login_throttle.clear(conn, keys[:1]))
            return LoginOutcome(True, username, issued_at=at)
        after = short_write.run(engine, lambda conn: _count_failure(conn, keys, username, client,
                                                                    policy, at))
    except short_write.Busy:
        return LoginOutcome(False, username, "busy")
    return LoginOutcome(False, username, "wrong", retry_after=max(c.wait(at) for c in after.values()))


def _count_failure(conn, keys, username: str, client: str, policy: Policy, at: dt.datetime):
    after = login_throttle.record_failure(conn, keys, now=at, forget_before=at - FORGET_AFTER,
                                          delay=policy.delay)
    for key, counter in after.items():
        if counter.blocked_until is not None:
            audit.record(conn, actor=None, action="login.throttled", at=at, details={
                "by": key.split(":", 1)[0], "username": username[:200], "client": client,
                "failures": counter.failures, "wait_seconds": counter.wait(at),
                "until": counter.blocked_until})
    return after


def account_throttles(engine: Engine, usernames: list[str]) -> dict[str, login_throttle.Counter]:
    """Each username's own counter (from every client), for the Administration page."""
    found = login_throttle.get(engine, [f"account:{u}" for u in usernames])
    return {u: found[f"account:{u}"] for u in usernames}


def refusal(engine: Engine, config: dict, username: str, issued_at: dt.datetime | None,
            policy: Policy, at: dt.datetime | None = None) -> str | None:
    """Why a sign-in of `username` issued at `issued_at` no longer holds, or None.

    "unknown" (not in the users file any more), "revoked" (signed out, or the password
    changed, after it was issued), "expired" (older than the policy allows). Failed
    attempts by others never end a sign-in.
    """
    at = at or now()
    entry = _entry(config, username)
    if entry is None:
        return "unknown"
    if issued_at is None:
        return "revoked"
    state = auth_state.get_state(engine, username)
    try:
        state = _note_password(engine, username, entry, state, at)
    except short_write.Busy:     # a new hash that cannot be noted now still ends old sign-ins
        return "revoked" if state.password_fingerprint is not None else None
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
    """The username's own wait ends (a client's wait goes on: the unlock is for a person)."""
    auth_state.unlock(engine, username, now=now())     # lock columns of before the throttle
    short_write.run(engine, lambda conn: login_throttle.clear(conn, [f"account:{username}"]))
    audit.record(engine, actor=actor, action="account.unlock", details={"username": username})
