"""Sign-in beyond the password form: the company identity provider (Streamlit's own
st.login / st.user, configured in `.streamlit/secrets.toml` [auth]) and WeCom (auth.wecom_login),
each shown on the login page only when switched on (Accounts page); the page of an account
waiting for access. The mapping rules live in auth.oidc and auth.wecom_login."""
from __future__ import annotations

import logging

import streamlit as st

from auth import accounts, sessions
from auth.roles import User

from .session import engine, lang, settings, tr

log = logging.getLogger("dashboard.sign_in")
REFUSED = "signin_refused"          # why the last OIDC / WeCom sign-in was refused
OIDC_SEEN = "signin_oidc_seen"      # the identity this session already mapped (or refused)


def methods() -> tuple[str, ...]:
    return accounts.sign_in_methods(settings().values)


def _oidc_claims() -> dict | None:
    """The claims of the identity st.login signed in, or None."""
    try:
        claims = st.user.to_dict()
    except Exception:     # no [auth] section: st.user has nothing to give
        return None
    return claims if claims.get("is_logged_in") else None


def oidc_configured() -> bool:
    try:
        section = st.secrets.get("auth")
    except Exception:
        return False
    return bool(section) and bool(section.get("client_id") or any(
        isinstance(v, dict) and v.get("client_id") for v in dict(section).values()))


def external_sign_in() -> str | None:
    """The username an identity-provider or WeCom sign-in of this run maps to, or None
    (refusals are kept for the login page). Runs before the authenticator is made, since a
    sign-in may add an account."""
    if st.session_state.get("authentication_status"):
        return None
    on = methods()
    claims = _oidc_claims() if "oidc" in on else None
    if claims is not None and st.session_state.get("logout"):
        st.logout()                   # signed out here: end the provider's session too
        return None
    if claims is not None and st.session_state.get(OIDC_SEEN) != claims.get("sub"):
        from auth.oidc import OidcPolicy, sign_in_claims
        st.session_state[OIDC_SEEN] = claims.get("sub")
        outcome = sign_in_claims(engine(), claims, OidcPolicy.from_settings(settings().values))
        if outcome.ok:
            return outcome.username
        st.session_state[REFUSED] = outcome.reason
        return None
    params = st.query_params
    if "wecom" in on and "state" in params and ("code" in params or "auth_code" in params):
        from auth.wecom_login import WeComLogin
        code, state = params.get("code"), params.get("state")
        for key in ("code", "state", "appid"):     # never left in the address bar
            params.pop(key, None)
        outcome = WeComLogin.load().finish(engine(), code, state)
        if outcome.ok:
            return outcome.username
        st.session_state[REFUSED] = outcome.reason
    return None


def start_session(authenticator, username: str) -> None:
    """Signed in by the identity provider or WeCom: the same session and cookie as after a
    password."""
    from .login import COOKIE_PENDING, ENDED, ISSUED_AT
    authenticator.authentication_controller.login(token={"username": username})
    st.session_state[ISSUED_AT] = sessions.now()
    st.session_state[COOKIE_PENDING] = True
    st.session_state.pop(ENDED, None)
    st.session_state.pop(REFUSED, None)


def _in_wecom() -> bool:
    """Inside the WeCom client (its user agent says wxwork): the in-app authorisation."""
    return "wxwork" in (st.context.headers.get("User-Agent") or "").lower()


def other_methods() -> None:
    """The login page's identity-provider and WeCom parts, for the methods switched on."""
    on = methods()
    reason = st.session_state.get(REFUSED)
    if reason:
        st.error(tr(f"signin.refused.{reason}"), icon=":material/block:")
    if "oidc" in on:
        if not oidc_configured():
            st.warning(tr("signin.oidc_not_configured"))
        elif _oidc_claims() is not None and reason:
            who = str(_oidc_claims().get("email") or _oidc_claims().get("sub") or "")
            # a code span: the provider's text is shown as it is, never as a link or markup
            st.caption(tr("signin.oidc_as", who="`" + who.replace("`", "'") + "`"))
            st.button(tr("signin.oidc_other"), key="signin-oidc-logout", on_click=st.logout,
                      icon=":material/switch_account:")
        else:
            st.button(tr("signin.oidc"), key="signin-oidc", on_click=st.login, type="primary",
                      icon=":material/badge:")
    if "wecom" in on:
        from auth.wecom_login import WeComLogin
        login = WeComLogin.load()
        problem = login.problem()
        if problem:
            st.warning(tr("signin.wecom_not_configured", variables=", ".join(problem.variables)))
        else:
            st.link_button(tr("signin.wecom"), login.authorize_url(
                engine(), in_wecom=_in_wecom(), lang=lang()), icon=":material/chat:")


def waiting_page(authenticator, user: User) -> None:
    st.title(tr("accounts.waiting_title"))
    st.info(tr("accounts.waiting", name=user.name), icon=":material/hourglass_top:")
    authenticator.logout(tr("app.logout"), "main", callback=_on_logout, key="waiting-logout")
    if not st.session_state.get("authentication_status"):     # just logged out
        st.rerun()


def _on_logout(details: dict) -> None:
    from .login import on_logout
    on_logout(details)
