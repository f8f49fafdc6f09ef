"""Accounts kept in the database, seen by the sign-in machinery (no Streamlit here).

Once the database keeps accounts (data_access.users_store) they, not a users file, are the
source: `users_config` builds the users file's shape from them on every call, so the
password check, the cookie re-check on every page run (auth.sessions) and the user's roles
and departments always read the database. A disabled account is left out, so its sessions
end on their next run; a changed role applies on the next run as well.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import bcrypt
from sqlalchemy import Engine

from data_access import users_store
from data_access.users_store import Account, AccountError

from .roles import User

COOKIE_NAME = "rollout_dashboard_auth"
MIN_PASSWORD = 8
METHODS = ("password", "oidc", "wecom")


def in_database(engine: Engine) -> bool:
    return users_store.has_accounts(engine)


def users_config(engine: Engine, settings: dict) -> dict:
    """The enabled accounts in the users file's shape (credentials.usernames, cookie)."""
    days = settings.get("auth.session_days", 1)
    try:
        days = float(days) if float(days) > 0 else 1.0
    except (TypeError, ValueError):
        days = 1.0
    usernames = {}
    for account in users_store.list_accounts(engine):
        if not account.enabled:
            continue
        usernames[account.username] = {
            "first_name": account.display_name, "email": account.email or "",
            # no password: a value that is no bcrypt hash, which no password matches
            "password": account.password_hash or "!",
            "roles": sorted(account.effective_roles),
            "departments": list(account.departments)}
    return {"credentials": {"usernames": usernames},
            "cookie": {"name": COOKIE_NAME, "expiry_days": days}, "source": "database"}


def user_for(account: Account) -> User:
    return User(account.username, account.display_name, account.effective_roles,
                frozenset(account.departments))


def ended_reason(engine: Engine, username: str | None) -> str:
    """Why a signed-in username has no user any more: "disabled" or "unknown"."""
    account = users_store.get_account(engine, username)
    return "disabled" if account is not None and not account.enabled else "unknown"


# --- passwords -----------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()


def password_problem(password: str | None, repeat: str | None = None) -> str | None:
    """"short" or "mismatch" (when a repetition is given), else None."""
    if len(password or "") < MIN_PASSWORD:
        return "short"
    if repeat is not None and password != repeat:
        return "mismatch"
    return None


def _new_password(engine: Engine, username: str, password_hash: str, *, actor: str,
                  action: str) -> dt.datetime:
    """Store the hash and end every sign-in issued before now (at once, not when the
    changed hash is next noticed); returns that moment."""
    from data_access import auth_state
    from . import sessions
    users_store.set_password_hash(engine, username, password_hash, actor=actor, action=action)
    at = sessions.now()
    auth_state.note_password(engine, users_store.normalise(username),
                             sessions.fingerprint(password_hash), now=at)
    auth_state.revoke_sessions(engine, [users_store.normalise(username)], now=at)
    return at


def reset_password(engine: Engine, username: str, new: str, *, actor: str) -> dt.datetime:
    """An administrator sets a new password (the user's earlier sign-ins end)."""
    problem = password_problem(new)
    if problem:
        raise AccountError(f"password_{problem}")
    return _new_password(engine, username, hash_password(new), actor=actor,
                         action="account.password_reset")


def change_own_password(engine: Engine, username: str, current: str, new: str,
                        repeat: str) -> dt.datetime:
    """The user changes their own password: the current one must be right. Every earlier
    sign-in ends; the returned moment is the issue time the caller's own sign-in takes on."""
    from .sessions import check_password
    account = users_store.get_account(engine, username)
    if account is None or not account.enabled:
        raise AccountError("unknown_user", username=username)
    if account.has_password and not check_password(current or "", account.password_hash):
        raise AccountError("password_wrong")
    problem = password_problem(new, repeat)
    if problem:
        raise AccountError(f"password_{problem}")
    return _new_password(engine, username, hash_password(new), actor=username,
                         action="account.password_change")


# --- which sign-in methods are on ----------------------------------------------------------

def sign_in_methods(settings: dict) -> tuple[str, ...]:
    """The methods switched on (settings auth.password_sign_in, auth.oidc_sign_in,
    auth.wecom_sign_in); the password when the settings switch every method off."""
    on = tuple(m for m in METHODS if settings.get(f"auth.{m}_sign_in") is True)
    return on or ("password",)


# --- sign-in through the identity provider or WeCom ---------------------------------------

@dataclass(frozen=True)
class ExternalOutcome:
    """How a sign-in through OIDC or WeCom ended: ok with a username, or refused with a
    reason ("unknown", "disabled", "state", "code", "not_member", "unavailable", "config",
    "no_identity")."""
    ok: bool
    username: str | None = None
    reason: str | None = None
    created: bool = False


def refuse(engine: Engine, how: str, reason: str, identity: str | None = None) -> ExternalOutcome:
    """A refused sign-in, audited (the identity asked for, never a token or code)."""
    from data_access import audit
    audit.record(engine, actor=None, action="account.sign_in_refused",
                 details={"how": how, "reason": reason, "identity": identity})
    return ExternalOutcome(False, reason=reason)
