"""Per-session state: the engine, settings, language, the logged-in user."""
from __future__ import annotations

import threading
from pathlib import Path

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
    """DASHBOARD_DEMO when set; else the embedded default, only while its database holds
    nothing but the demo company: once real data is imported the public demo users and
    cookie key stop working (ui.setup says what to set instead)."""
    import os
    flag = os.environ.get("DASHBOARD_DEMO")
    if flag:
        return flag.lower() in ("1", "true", "yes")
    return is_embedded() and not demo_ended()


def demo_ended() -> bool:
    """The embedded default holds data imported by someone other than the demo loader."""
    from data_access.import_log import holds_non_demo_imports
    return is_embedded() and holds_non_demo_imports(engine())


def users_file():
    import os
    from pathlib import Path
    if demo_mode():
        return DEMO_USERS_FILE
    configured = os.environ.get("DASHBOARD_USERS_FILE") or str(file_defaults()["app.users_file"])
    path = Path(configured)
    return path if path.is_absolute() else ROOT / path


@st.cache_data(max_entries=4, show_spinner=False)
def _users_config_for(path: str, mtime_ns: int, size: int) -> dict:
    return load_users_config(Path(path))


def _users_file_config() -> dict:
    """The users file, read again as soon as it changes (its modification time and size
    are part of the cache key), so a changed password hash or role applies on the next run."""
    path = users_file()
    try:
        stat = path.stat()
    except OSError:
        return load_users_config(path)          # raises the clear "does not exist" error
    return _users_config_for(str(path), stat.st_mtime_ns, stat.st_size)


def users_config() -> dict:
    """The accounts kept in the database once there are any (read on every call, so that a
    disabled account or a changed role applies on the next run), else the users file."""
    from auth import accounts
    if accounts.in_database(engine()):
        return accounts.users_config(engine(), settings().values)
    return _users_file_config()


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
    """Throttle settings and the longest a sign-in lasts (the users file's cookie expiry)."""
    return sessions.Policy.from_settings(settings().values,
                                         users_config()["cookie"]["expiry_days"])


def current_user() -> User | None:
    """The logged-in user, rebuilt from the users file so role changes apply at once.

    Checked against the database on every call (one primary-key read): a session whose
    sign-in the server no longer accepts (signed out everywhere, password changed, too old) is signed out here, on the page it is on. Nothing per user is cached.
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
        from auth.accounts import ended_reason
        from .login import end_session
        end_session(ended_reason(engine(), username))   # disabled, or no longer listed
        return None
    reason = sessions.refusal(engine(), config, username, st.session_state.get("auth_issued_at"),
                              sign_in_policy())
    if reason:
        from .login import end_session
        end_session(reason)
        return None
    return user
