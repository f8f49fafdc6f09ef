"""Each page's own role check (defence in depth beside the navigation)."""
from __future__ import annotations

import streamlit as st

from auth.roles import User

from .session import current_user, tr


def _ran_without_app() -> bool:
    """True when Streamlit ran this page file without app.py. Because a pages/ folder exists,
    a fresh server process treats the very first run of each address in the old (v1)
    multipage way, until some run calls st.navigation. Switch that off and run again, so
    app.py (the login form, the sign-in cookie) is in charge; False when it cannot tell."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return False
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


def require_page(page: str) -> User:
    """The user if they may open `page`; otherwise a polite refusal and the script stops."""
    user = current_user()
    if user is None:
        if _ran_without_app():
            st.rerun()
        st.info(tr("gate.login_first"))
        st.stop()
    if not user.may_open(page):
        st.warning(tr("gate.not_allowed", page=tr(f"page.{page}")))
        st.stop()
    return user
