"""Change password: every user with a password kept in the database changes it here."""
from __future__ import annotations

import streamlit as st

from auth import accounts
from data_access import users_store
from data_access.users_store import AccountError
from ui.gate import require_page
from ui.session import engine, tr

user = require_page("password")
st.title(tr("page.password"))
account = users_store.get_account(engine(), user.username) if accounts.in_database(engine()) else None
if account is None:
    st.info(tr("password.file_source"))
    st.stop()
if not account.has_password:
    st.info(tr("password.none"))
    st.stop()
st.caption(tr("password.help"))
with st.form("password-change", clear_on_submit=True):
    current = st.text_input(tr("password.current"), type="password", key="password-current",
                            autocomplete="current-password")
    new = st.text_input(tr("password.new"), type="password", key="password-new",
                        autocomplete="new-password")
    repeat = st.text_input(tr("password.repeat"), type="password", key="password-repeat",
                           autocomplete="new-password")
    submitted = st.form_submit_button(tr("password.submit"), type="primary")
if submitted:
    try:
        at = accounts.change_own_password(engine(), user.username, current, new, repeat)
    except AccountError as exc:
        st.error(tr(f"accounts.error.{exc.code}", **exc.values))
    else:
        # every earlier sign-in has ended; this session's goes on, with a new cookie
        from ui.login import COOKIE_PENDING, ISSUED_AT
        st.session_state[ISSUED_AT] = at
        st.session_state[COOKIE_PENDING] = True
        st.success(tr("password.changed"))
