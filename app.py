"""Entry point: streamlit run app.py

Login, language, the navigation each role sees, and on first start of the embedded
database the demo company, so a newcomer sees a living dashboard at once. When the
database cannot be reached, a notice that retries by itself instead of a traceback.
"""
from __future__ import annotations

import logging
import os

import streamlit as st
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from auth.users import DEMO_COOKIE_KEY, cookie_key, cookie_key_problem
from i18n import LANGUAGES
from ui.login import login_page, on_logout, set_cookie_if_pending, sign_in_from_cookie
from ui.safe_text import md
from ui.session import (begin_run, current_user, demo_mode, end_run, engine, lang, tr,
                        users_config)

log = logging.getLogger("dashboard")
DB_ERRORS = (DBAPIError, PoolTimeout)

PAGES = {  # page key -> (file, icon)
    "review": ("pages/review.py", ":material/summarize:"),
    "phases": ("pages/phases.py", ":material/timeline:"),
    "league": ("pages/league.py", ":material/leaderboard:"),
    "team": ("pages/team.py", ":material/groups:"),
    "pilot": ("pages/pilot.py", ":material/science:"),
    "alerts": ("pages/alerts.py", ":material/warning:"),
    "recognition": ("pages/recognition.py", ":material/emoji_events:"),
    "health": ("pages/health.py", ":material/monitor_heart:"),
    "data": ("pages/data.py", ":material/upload_file:"),
    "admin": ("pages/admin.py", ":material/admin_panel_settings:"),
    "accounts": ("pages/accounts.py", ":material/manage_accounts:"),
    "password": ("pages/password.py", ":material/key:"),
}

st.set_page_config(page_title="全员营销 Rollout", page_icon=":material/campaign:", layout="wide")


def secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: fine, the environment may carry everything
        return {}


if not os.environ.get("DATABASE_URL") and secrets().get("database_url"):
    os.environ["DATABASE_URL"] = str(secrets()["database_url"])


def language_switch() -> None:
    """The chosen language lives under a plain key ("lang"), not the widget's own key, so it
    survives runs in which the sidebar widget is not drawn."""
    def remember():
        st.session_state["lang"] = st.session_state["lang_switch"]

    st.session_state["lang_switch"] = lang()
    st.sidebar.radio(tr("widget.language"), LANGUAGES, key="lang_switch", horizontal=True,
                     on_change=remember,
                     format_func=lambda code: {"zh": "中文", "en": "English"}[code])


def fill_embedded_demo() -> None:
    """An empty embedded database gets the demo company on first start."""
    from data_access.db import has_tracking_data
    if demo_mode() and not has_tracking_data(engine()):
        from demo import load_demo
        with st.spinner(tr("app.loading_demo")):
            load_demo(engine())
        begin_run()          # the demo's data version


def resolve_cookie_key() -> str:
    key = cookie_key(secrets())
    if demo_mode():
        return key or DEMO_COOKIE_KEY
    problem = cookie_key_problem(key)
    if problem:
        st.error(tr("app.cookie_key_missing", problem=tr(f"signin.key.{problem}")))
        st.stop()
    return key


def make_authenticator(key: str):
    import streamlit_authenticator as stauth
    config = users_config()
    return stauth.Authenticate(
        config["credentials"], config["cookie"]["name"], key,
        float(config["cookie"]["expiry_days"]), auto_hash=False)


def placeholder_navigation(render, title: str, state: dict) -> None:
    """A navigation in which every page's address shows `render` (the login form, or the
    database-unavailable notice): an address opened directly (/team) shows that, never a
    'page not found', and after logging in the same address opens the page itself."""
    pages = [st.Page(render, title=title, icon=":material/login:", url_path="login",
                     default=True)]
    pages += [st.Page(render, title=tr(f"page.{key}"), icon=icon, url_path=key,
                      visibility="hidden") for key, (_, icon) in PAGES.items()]
    state["navigated"] = True
    st.navigation(pages, position="hidden").run()


def database_reachable() -> bool:
    from data_access.db import ping
    try:
        return ping(engine())
    except DB_ERRORS:          # the engine itself could not be made (schema check)
        return False


@st.fragment(run_every=3)
def wait_for_database() -> None:
    """Checks every few seconds; the whole app runs again once the database answers."""
    import datetime as dt
    st.caption(tr("app.db_waiting", time=dt.datetime.now().strftime("%H:%M:%S")))
    if database_reachable():
        st.rerun(scope="app")


def database_unavailable() -> None:
    st.error(tr("app.db_unavailable"), icon=":material/cloud_off:")
    st.button(tr("app.db_retry"), key="db-retry", icon=":material/refresh:")   # a click reruns
    wait_for_database()


def main(state: dict) -> None:
    begin_run()          # the data version and the language, read once for this run
    language_switch()
    try:
        users_config()
    except ValueError as exc:
        from ui.setup import users_file_failed
        users_file_failed(exc)
        st.stop()
    fill_embedded_demo()
    secret = resolve_cookie_key()
    from ui.sign_in import external_sign_in, start_session
    signed_in = external_sign_in()      # before the authenticator: it may add an account
    authenticator = make_authenticator(secret)
    if signed_in:
        start_session(authenticator, signed_in)
    sign_in_from_cookie(authenticator, secret)
    user = current_user()
    if user is None:
        placeholder_navigation(lambda: login_page(authenticator), tr("login.title"), state)
        return
    if not user.roles:          # an account made at first sign-in, before an admin said more
        from ui.sign_in import waiting_page
        placeholder_navigation(lambda: waiting_page(authenticator, user), tr(
            "accounts.waiting_title"), state)
        return
    pages = [st.Page(path, title=tr(f"page.{key}"), icon=icon, url_path=key,
                     visibility="visible" if user.may_open(key) else "hidden")
             for key, (path, icon) in PAGES.items()]
    home = pages[list(PAGES).index(user.home)]
    st.sidebar.caption(tr("app.signed_in_as", name=md(user.name), roles=", ".join(
        tr(f"role.{r}") for r in sorted(user.roles))))
    authenticator.logout(tr("app.logout"), "sidebar", callback=on_logout)
    if not st.session_state.get("authentication_status"):   # just logged out
        st.rerun()
    state["navigated"] = True
    start = home_redirect(home)
    page = st.navigation([start] + pages)
    if page is not start:      # a run cut short by switch_page would never deliver the cookie
        set_cookie_if_pending(authenticator, secret)
    page.run()


def home_redirect(home) -> "st.Page":
    """The default page, at "/", forwards to the user's home. A default page answers only at
    "/", so the home itself as default would make its own address (/team, bookmarked or
    typed) a "page not found"."""
    def start():
        st.switch_page(home, query_params=st.query_params.to_dict())
    return st.Page(start, title=home.title, icon=home.icon, url_path="start", default=True,
                   visibility="hidden")


def run() -> None:
    """main(), with the database going away handled: a clear notice instead of a traceback,
    and the app comes back by itself when the database does (pool_pre_ping reconnects)."""
    state = {"navigated": False}
    try:
        main(state)
    except DB_ERRORS as exc:
        log.warning("database unavailable: %s", str(exc).splitlines()[0][:300])
        if state["navigated"]:
            database_unavailable()
        else:
            placeholder_navigation(database_unavailable, tr("app.title"), state)
    finally:
        end_run()


run()
