"""The login form, the sign-in cookie and the end of a session (rules: auth.sessions).

streamlit-authenticator keeps who is signed in (session state keys authentication_status,
username, name, ...) and the cookie component; the decisions are taken here, with the
state in the database: the form checks the throttle before the password and counts wrong
passwords (per typed username and per client); a cookie presented by a new browser session signs in only while the server
still accepts it; a signed-in session is re-checked on every run (ui.session.current_user).
"""
from __future__ import annotations

import math

import streamlit as st

from auth import sessions
from auth.users import DEMO_PASSWORD
from data_access.users_store import note_sign_in

from .session import demo_mode, engine, sign_in_policy, tr, users_config

ISSUED_AT = "auth_issued_at"          # when this session's sign-in was issued
COOKIE_PENDING = "auth_cookie_pending"
DELETE_COOKIE = "auth_delete_cookie"
ENDED = "auth_ended"                  # why the last session ended (shown on the login page)


def client(policy: sessions.Policy) -> str:
    """The client address for the sign-in throttle (what it means behind a proxy: README)."""
    return sessions.client_address(st.context.ip_address,
                                   st.context.headers.get("X-Forwarded-For"),
                                   policy.trusted_proxies)


def served_over_https() -> bool:
    """The browser's address is https (also behind a proxy ending TLS: it is the address
    the browser shows), or a trusted proxy says so."""
    if (st.context.url or "").lower().startswith("https://"):
        return True
    return (sign_in_policy().trusted_proxies > 0
            and (st.context.headers.get("X-Forwarded-Proto") or "").lower() == "https")


def cookie_name() -> str:
    return users_config()["cookie"]["name"]


def sign_in_from_cookie(authenticator, key: str) -> None:
    """A new session carrying the sign-in cookie is signed in, unless the server refuses the
    cookie (signed out everywhere, password changed, too old): then it is deleted."""
    if st.session_state.get("authentication_status") or st.session_state.get("logout"):
        return
    raw = st.context.cookies.get(cookie_name())
    if not raw:
        return
    username, issued, reason = sessions.cookie_sign_in(engine(), users_config(), raw, key,
                                                       sign_in_policy())
    if issued is not None:
        authenticator.authentication_controller.login(token={"username": username})
        st.session_state[ISSUED_AT] = issued
        note_sign_in(engine(), username)
        return
    st.session_state["logout"] = True           # this session never uses that cookie again
    st.session_state[DELETE_COOKIE] = True
    if reason in ("revoked", "expired"):
        st.session_state[ENDED] = reason


def set_cookie_if_pending(authenticator, key: str) -> None:
    """After a password sign-in: the cookie, with its issue time, set by the authenticator's
    cookie component (drawn in a run that goes on, so the browser gets to store it)."""
    if not st.session_state.pop(COOKIE_PENDING, False):
        return
    username, issued = st.session_state.get("username"), st.session_state.get(ISSUED_AT)
    if not username or issued is None:
        return
    days = float(users_config()["cookie"]["expiry_days"])
    token, expires = sessions.make_token(username, key, issued, days)
    with st.sidebar:
        authenticator.cookie_controller.cookie_model.cookie_manager.set(
            cookie_name(), token, expires_at=expires, secure=served_over_https() or None)


def end_session(reason: str) -> None:
    """Sign this browser session out (the server no longer accepts its sign-in)."""
    for key in ("name", "username", "authentication_status", "email", "roles"):
        st.session_state[key] = None
    st.session_state["logout"] = True
    st.session_state.pop(ISSUED_AT, None)
    st.session_state[ENDED] = reason


def on_logout(details: dict) -> None:
    """The authenticator's logout callback: every sign-in of the user issued so far ends,
    in every browser (their cookies included)."""
    username = details.get("username")
    if username:
        sessions.end_sessions(engine(), [username], actor=username, reason="logout")
    st.session_state.pop(ISSUED_AT, None)


def login_page(authenticator) -> None:
    st.title(tr("app.title"))
    if st.session_state.pop(DELETE_COOKIE, False):
        authenticator.cookie_controller.delete_cookie()
    ended = st.session_state.get(ENDED)
    if ended:
        st.warning(tr(f"login.ended.{ended}"), icon=":material/logout:")
    from .sign_in import methods, other_methods
    other_methods()                     # the identity provider and WeCom, when switched on
    if "password" not in methods():
        return
    with st.form("login", clear_on_submit=True):
        st.subheader(tr("login.title"))
        username = st.text_input(tr("login.username"), autocomplete="off")
        password = st.text_input(tr("login.password"), type="password", autocomplete="off")
        submitted = st.form_submit_button(tr("login.submit"))
    if submitted:
        policy = sign_in_policy()
        outcome = sessions.attempt_login(engine(), users_config(), username, password, policy,
                                         client=client(policy))
        if outcome.ok:
            authenticator.authentication_controller.login(token={"username": outcome.username})
            st.session_state[ISSUED_AT] = outcome.issued_at
            st.session_state[COOKIE_PENDING] = True
            st.session_state.pop(ENDED, None)
            note_sign_in(engine(), outcome.username)
            st.rerun()
        st.session_state["authentication_status"] = False
        wait = max(1, math.ceil(outcome.retry_after))
        if outcome.reason == "busy":
            st.warning(tr("signin.busy"), icon=":material/hourglass_top:")
        elif outcome.reason == "throttled":
            st.error(tr("signin.throttled", seconds=wait), icon=":material/timer:")
        else:
            st.error(tr("login.wrong") + (" " + tr("signin.next_wait", seconds=wait)
                                          if outcome.retry_after > 0 else ""))
    if demo_mode():
        st.info(tr("login.demo_hint", password=DEMO_PASSWORD))
