"""The login page with the methods an administrator switched on, and WeCom sign-in through
the app (AppTest) against the fake WeCom server on 127.0.0.1."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from auth.users import DEMO_USERS_FILE, load_users_config
from data_access import users_store
from data_access.db import get_engine
from data_access.settings_store import save_settings
from metrics.settings import file_defaults
from tests.apptest_support import APP, rendered_text
from tests.test_wecom_login import REDIRECT, fake, redirect_back  # noqa: F401 (fixture)


def switch(engine, **on):
    save_settings(engine, {f"auth.{m}_sign_in": v for m, v in on.items()}, file_defaults(),
                  updated_by="root")
    st.cache_data.clear()          # as the Accounts page does after saving


def first_run(lang="en", **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def wecom_env(monkeypatch, fake):  # noqa: F811
    monkeypatch.setenv("WECOM_CORP_ID", fake.corp_id)
    monkeypatch.setenv("WECOM_AGENT_ID", "1000002")
    monkeypatch.setenv("WECOM_APP_SECRET", "s-app")
    monkeypatch.setenv("WECOM_API_BASE", fake.url)
    monkeypatch.setenv("WECOM_REDIRECT_URI", REDIRECT)
    monkeypatch.setenv("WECOM_OAUTH_URL", f"{fake.url}/connect/oauth2/authorize")
    monkeypatch.setenv("WECOM_SSO_URL", f"{fake.url}/wwlogin/sso/login")
    return fake


def wecom_link(at) -> str:
    [button] = [b for b in at.get("link_button")]
    assert button.proto.label == "Sign in with WeCom"
    return button.proto.url


def test_the_login_page_shows_only_the_methods_switched_on(tiny_url, wecom_env):
    engine = get_engine(tiny_url)
    at = first_run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert not at.get("link_button")
    switch(engine, password=False, wecom=True)
    at = first_run()
    assert not at.text_input                              # no password form
    url = urlsplit(wecom_link(at))
    assert url.path == "/wwlogin/sso/login"
    assert parse_qs(url.query)["redirect_uri"] == [REDIRECT]
    switch(engine, password=True, wecom=True, oidc=True)
    at = first_run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "Company sign-in is on but not configured" in rendered_text(at)
    wecom_link(at)


def test_wecom_sign_in_through_the_app(tiny_url, wecom_env):
    engine = get_engine(tiny_url)
    users_store.import_users(engine, load_users_config(DEMO_USERS_FILE), actor="setup")
    users_store.update_profile(engine, "head_sales", actor="setup", wecom_userid="WangLi")
    switch(engine, password=False, wecom=True)
    code, state = redirect_back(wecom_link(first_run()), "code-wang")
    at = first_run(code=code, state=state)
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == "head_sales"
    assert "code" not in at.query_params and "state" not in at.query_params
    # the same callback again (a reload, or someone who copied the address) is refused
    again = first_run(code=code, state=state)
    assert not again.session_state["authentication_status"]
    assert any("did not come from this dashboard" in e.value for e in again.error)
    forged = first_run(lang="zh", code="code-e01", state="f" * 64)
    assert any("登录链接已失效" in e.value for e in forged.error)
    assert len(wecom_env.calls_to("/cgi-bin/auth/getuserinfo")) == 1
