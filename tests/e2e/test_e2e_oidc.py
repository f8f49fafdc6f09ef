"""Sign-in with the company identity provider in a real browser: Streamlit's st.login against
a local OpenID provider (oidc-provider-mock on 127.0.0.1). A department head and a committee
member sign in and see their own navigation and scope; an unknown identity is refused
politely; signing out ends the provider's session too. Screenshots: test-output/e2e/oidc/.
"""
from __future__ import annotations

import secrets
import threading

import pytest
import werkzeug.serving

from i18n import t
from tests.e2e.support import (MAIN, SIDEBAR, AppServer, alert_texts, exceptions,
                               login_form_visible, main_text, nav_links, reset_output, settle,
                               wait_alert, wait_heading, wait_login_form)

PEOPLE = {  # the provider's users: sub -> claims
    "head-sub": {"email": "head.sales@corp.example", "name": "销售部 负责人",
                 "email_verified": True},
    "committee-sub": {"email": "committee@corp.example", "name": "委员会 成员"},
    "stranger-sub": {"email": "stranger@elsewhere.example", "name": "Stranger"},
}


@pytest.fixture(scope="module")
def shots():
    return reset_output("oidc")


@pytest.fixture(scope="module")
def provider():
    """The OpenID provider on 127.0.0.1 and a free port, in a thread of its own."""
    import oidc_provider_mock
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in PEOPLE.items()]
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(
        user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def oidc_app(browser, provider, tmp_path_factory, sample_dir_module):
    """The app on the sample company, accounts in the database, company sign-in switched on."""
    from auth.users import DEMO_USERS_FILE, load_users_config
    from data_access import users_store
    from data_access.db import get_engine
    from data_access.importing import import_path
    from data_access.settings_store import save_settings
    from metrics.settings import file_defaults
    folder = tmp_path_factory.mktemp("oidc")
    url = f"sqlite:///{folder / 'dashboard.db'}"
    engine = get_engine(url)
    assert import_path(engine, sample_dir_module / "tiny-co").ok
    users_store.import_users(engine, load_users_config(DEMO_USERS_FILE), actor="setup")
    users_store.update_profile(engine, "head_sales", actor="setup",
                               oidc_identity="head.sales@corp.example")
    users_store.update_profile(engine, "committee", actor="setup",
                               email="committee@corp.example")       # matched by e-mail
    save_settings(engine, {"auth.oidc_sign_in": True}, file_defaults(), updated_by="setup")
    engine.dispose()
    server = AppServer(url, "server-oidc.log")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{server.url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "rollout-dashboard"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    server.extra_args = ["--secrets.files", str(secrets_file)]
    server.extra_env = {"DASHBOARD_SECRETS_FILE": str(secrets_file)}
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sample_dir_module():
    from tests.conftest import SAMPLE_DIR
    return SAMPLE_DIR


def sign_in_as(page, app, sub: str) -> None:
    page.goto(app.url + "/")
    wait_login_form(page)
    page.get_by_role("button", name=t("signin.oidc", "zh")).click()
    page.get_by_placeholder("sub").wait_for()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_a_head_signs_in_with_the_company_account_and_sees_their_department(
        oidc_app, context, shots):
    page = context.new_page()
    sign_in_as(page, oidc_app, "head-sub")
    wait_heading(page, t("page.team", "zh"))
    page.screenshot(path=str(shots / "head-team.png"))
    links = nav_links(page)
    assert t("page.team", "zh") in links and t("page.password", "zh") in links
    for hidden in ("page.data", "page.admin", "page.accounts", "page.pilot"):
        assert t(hidden, "zh") not in links
    text = main_text(page)
    assert "张三" in text and "郑十" not in text and "孙七" not in text    # sales only
    assert not exceptions(page)
    # sign out: the login page again, and the provider's session ends too
    page.locator(SIDEBAR).get_by_role("button", name=t("app.logout", "zh")).click()
    page.wait_for_url("**/oauth2/end_session**", timeout=60_000)   # Streamlit's st.logout
    page.screenshot(path=str(shots / "provider-sign-out.png"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_load_state()
    page.goto(oidc_app.url + "/")
    wait_login_form(page)
    assert login_form_visible(page) and nav_links(page) == {}
    page.get_by_role("button", name=t("signin.oidc", "zh")).click()
    page.get_by_placeholder("sub").wait_for()     # the provider asks who, again
    page.screenshot(path=str(shots / "after-sign-out.png"))


def test_a_committee_member_signs_in_by_email(oidc_app, context, shots):
    page = context.new_page()
    sign_in_as(page, oidc_app, "committee-sub")
    wait_heading(page, t("page.review", "zh"))
    links = nav_links(page)
    assert t("page.review", "zh") in links and t("page.league", "zh") in links
    assert t("page.data", "zh") not in links and t("page.accounts", "zh") not in links
    assert "委员会 成员" in page.locator(SIDEBAR).inner_text()
    page.screenshot(path=str(shots / "committee-review.png"))


def test_an_unknown_identity_is_refused_politely(oidc_app, context, shots):
    page = context.new_page()
    sign_in_as(page, oidc_app, "stranger-sub")
    wait_alert(page, t("signin.refused.unknown", "zh"))
    settle(page)
    page.screenshot(path=str(shots / "unknown-refused.png"))
    assert nav_links(page) == {}
    assert "stranger@elsewhere.example" in page.locator(MAIN).inner_text()
    assert t("signin.refused.unknown", "zh") in alert_texts(page)
    assert page.get_by_role("button", name=t("signin.oidc_other", "zh")).count() == 1


def test_the_accounts_and_login_pages_as_users_see_them(oidc_app, context, shots):
    """Screenshots for a person to look at: desktop and 390 px phone width, both languages."""
    from tests.e2e.support import VIEWPORT, full_screenshot, submit_login
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(oidc_app.url + "/")
    wait_login_form(page)
    page.screenshot(path=str(shots / "login-phone-zh.png"), full_page=True)
    assert page.get_by_role("button", name=t("signin.oidc", "zh")).count() == 1
    page.set_viewport_size(VIEWPORT)
    submit_login(page, "admin")
    wait_heading(page, t("page.review", "zh"))
    page.goto(oidc_app.url + "/accounts")
    wait_heading(page, t("page.accounts", "zh"))
    assert not exceptions(page)
    text = main_text(page)
    for shown in ("head_sales", "销售部 (sales) · 管理员", "密码, OIDC"):
        assert shown in text, shown
    full_screenshot(page, shots / "accounts-desktop-zh.png")
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    page.screenshot(path=str(shots / "accounts-phone-zh.png"))
    page.set_viewport_size(VIEWPORT)
    page.locator(SIDEBAR).get_by_text("English").click()
    wait_heading(page, t("page.accounts", "en"))
    full_screenshot(page, shots / "accounts-desktop-en.png")
    page.goto(oidc_app.url + "/password")
    wait_heading(page, t("page.password", "zh"))
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    page.screenshot(path=str(shots / "password-phone-zh.png"))
