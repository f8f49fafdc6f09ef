"""Sign-in beyond the password form: the page of an account waiting for access, and (when
switched on) the company identity provider and WeCom buttons of the login page."""
from __future__ import annotations

import streamlit as st

from auth.roles import User

from .login import on_logout
from .session import tr


def waiting_page(authenticator, user: User) -> None:
    st.title(tr("accounts.waiting_title"))
    st.info(tr("accounts.waiting", name=user.name), icon=":material/hourglass_top:")
    authenticator.logout(tr("app.logout"), "main", callback=on_logout, key="waiting-logout")
    if not st.session_state.get("authentication_status"):     # just logged out
        st.rerun()
