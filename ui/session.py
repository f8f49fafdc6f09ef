"""Per-session state: the engine, settings, language, the logged-in user."""
from __future__ import annotations

import threading

import streamlit as st
from sqlalchemy.exc import DBAPIError

from auth import sessions
from auth.roles import User
from auth.users import DEMO_USERS_FILE, UsersFileError, load_users_config, user_from_config
from data_access.db import database_url, get_engine, is_embedded
from i18n import LANGUAGES, t
from metrics.settings import ROOT, file_defaults, load_settings

from .versioned import cached

_run = threading.local()    # .lang: the language of the run on this thread (begin_run)


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    return get_engine(url)


def engine():
    """One engine per process and database URL (schema upgraded on first use)."""
    return _engine_for(database_url())


@cached(ttl=30)
def _settings_for(url: str):
    return load_settings(engine())


def settings():
    """Defaults overridden by what an administrator saved (cleared with the data cache)."""
    return _settings_for(database_url())


def demo_mode() -> bool:
    import os
    flag = os.environ.get("DASHBOARD_DEMO")
    return flag.lower() in ("1", "true", "yes") if flag else is_embedded()


def users_file():
    import os
    from pathlib import Path
    if demo_mode():
        return DEMO_USERS_FILE
    configured = os.environ.get("DASHBOARD_USERS_FILE") or str(file_defaults()["app.users_file"])
    path = Path(configured)
    return path if path.is_absolute() else ROOT / path


@st.cache_data(ttl=60, show_spinner=False)
def users_config() -> dict:
    return load_users_config(users_file())


def lang() -> str:
    """The session's language: resolved once per run (begin_run), as every string asks."""
    return getattr(_run, "lang", None) or resolve_lang()


def resolve_lang() -> str:
    chosen = st.session_state.get("lang")
    if chosen in LANGUAGES:
        return chosen
    try:
        default = settings().text("app.default_language")
    except DBAPIError:           # the database is away: still say so in a language
        return "zh"
    return default if default in LANGUAGES else "zh"


def begin_run() -> None:
    """The start of every script run of the app: the data version it reads at, then the
    language (both once, not once per cached read or per string); `end_run` at its end."""
    from . import versioned
    _run.lang = None
    versioned.begin_run()
    _run.lang = resolve_lang()


def end_run() -> None:
    from . import versioned
    _run.lang = None
    versioned.end_run()


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)


def sign_in_policy() -> sessions.Policy:
    """Lockout settings and the longest a sign-in lasts (the users file's cookie expiry)."""
    return sessions.Policy.from_settings(settings().values,
                                         users_config()["cookie"]["expiry_days"])


def current_user() -> User | None:
    """The logged-in user, rebuilt from the users file so role changes apply at once.

    Checked against the database on every call (one primary-key read): a session whose
    sign-in the server no longer accepts (signed out everywhere, password changed, account
    locked, too old) is signed out here, on the page it is on. Nothing per user is cached.
    """
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state.get("username")
    try:
        config = users_config()
        user = user_from_config(config, username) if username else None
    except UsersFileError:
        return None
    if user is None:
        return None
    reason = sessions.refusal(engine(), config, username, st.session_state.get("auth_issued_at"),
                              sign_in_policy())
    if reason:
        from .login import end_session
        end_session(reason)
        return None
    return user
