"""Sign in with WeCom against the fake WeCom server on 127.0.0.1: the authorize redirect, the
callback with a good, a reused, an expired and a forged state, auth/getuserinfo, and the
userid mapped to an account and employee - on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug import Response

from auth import accounts
from auth.wecom_login import WeComLogin
from data_access import audit, sign_in_states, users_store
from data_access.importing import import_path
from tests.fakes.wecom import FakeError, FakeWeCom
from wecom.client import forget_tokens
from wecom.config import WeComSettings

REDIRECT = "https://dash.example.com/"
AGENT = "1000002"
# what the fake's login page hands out: code -> who scanned it
CODES = {"code-e01": {"userid": "e01"}, "code-wang": {"userid": "WangLi"},
         "code-e08": {"userid": "e08"}, "code-e09": {"userid": "e09"},
         "code-guest": {"openid": "oGuest123", "external_userid": "wmGuest"}}


@pytest.fixture
def fake():
    forget_tokens()
    server = FakeWeCom(secrets={"s-app": "app"}).start()
    used: set[str] = set()

    def getuserinfo(query, _body):
        code = query.get("code")
        if code not in CODES or code in used:          # a code is good once
            raise FakeError(40029, "invalid code")
        used.add(code)
        return CODES[code]

    server.route("/cgi-bin/auth/getuserinfo", getuserinfo)

    def authorize(request):
        """The user confirms on WeCom: back to redirect_uri with a code and the state."""
        args = request.args
        who = args.get("as", "code-e01")
        target = f"{args['redirect_uri']}?code={who}&state={args.get('state', '')}"
        return Response(status=302, headers={"Location": target})

    for path in ("/connect/oauth2/authorize", "/wwlogin/sso/login"):
        server.server.expect_request(path).respond_with_handler(authorize)
    yield server
    server.stop()
    forget_tokens()


def login_for(fake) -> WeComLogin:
    settings = WeComSettings(corp_id=fake.corp_id, api_base=fake.url, contacts_secret="",
                             customer_secret="", agent_id=AGENT, app_secret="s-app")
    return WeComLogin(settings, REDIRECT, oauth_url=f"{fake.url}/connect/oauth2/authorize",
                      sso_url=f"{fake.url}/wwlogin/sso/login")


def redirect_back(url: str, who: str) -> tuple[str, str]:
    """Open the authorize address on the fake (loopback) and read where it sends us back;
    the redirect itself is not followed."""
    answer = requests.get(url.split("#")[0] + f"&as={who}", allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == REDIRECT
    query = parse_qs(back.query)
    return query["code"][0], query["state"][0]


def seed(engine, sample_dir, tmp_path):
    """The sample company with e08 leading rnd, an admin, and 王丽 known by her userid."""
    folder = tmp_path / "co"
    folder.mkdir()
    for f in (sample_dir / "tiny-co").iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "departments.csv":
            text = text.replace("in_pilot", "in_pilot,head_employee_id").replace(
                "rnd,研发部,false", "rnd,研发部,false,e08").replace(
                "true\n", "true,\n").replace("false\n", "false,\n")
        (folder / f.name).write_text(text, encoding="utf-8")
    assert import_path(engine, folder).ok
    users_store.add_account(engine, "root", roles=["admin"], actor="setup")
    users_store.add_account(engine, "wang.li", display_name="王丽", roles=["committee"],
                            wecom_userid="WangLi", actor="setup")
    users_store.add_account(engine, "zhang.san", display_name="张三", roles=["marketing"],
                            employee_id="e01", actor="setup")


def test_the_authorize_addresses_follow_the_documentation(engine, fake):
    login = login_for(fake)
    inside = urlsplit(login.authorize_url(engine, in_wecom=True))
    query = parse_qs(inside.query)
    assert inside.fragment == "wechat_redirect"
    assert {k: v[0] for k, v in query.items() if k != "state"} == {
        "appid": fake.corp_id, "redirect_uri": REDIRECT, "response_type": "code",
        "scope": "snsapi_base", "agentid": AGENT}
    assert len(query["state"][0]) == 64 and query["state"][0].isalnum()
    qr = urlsplit(login.authorize_url(engine, in_wecom=False, lang="en"))
    assert qr.path == "/wwlogin/sso/login" and not qr.fragment
    assert {k: v[0] for k, v in parse_qs(qr.query).items() if k != "state"} == {
        "login_type": "CorpApp", "appid": fake.corp_id, "agentid": AGENT,
        "redirect_uri": REDIRECT, "lang": "en"}
    # the real addresses by default
    real = WeComLogin(login.settings, REDIRECT)
    assert real.oauth_url == "https://open.weixin.qq.com/connect/oauth2/authorize"
    assert real.sso_url == "https://login.work.weixin.qq.com/wwlogin/sso/login"
    assert WeComLogin(login.settings, "").problem().variables == ["WECOM_REDIRECT_URI"]


def test_a_good_callback_signs_in_by_userid_and_by_employee_id(engine, fake, sample_dir, tmp_path):
    seed(engine, sample_dir, tmp_path)
    login = login_for(fake)
    code, state = redirect_back(login.authorize_url(engine, in_wecom=False), "code-wang")
    outcome = login.finish(engine, code, state)
    assert (outcome.ok, outcome.username, outcome.created) == (True, "wang.li", False)
    [(query, _)] = fake.calls_to("/cgi-bin/auth/getuserinfo")
    assert query["code"] == "code-wang" and query["access_token"] == "token-1"
    # an employee id works too, and the userid is remembered on the account
    code, state = redirect_back(login.authorize_url(engine, in_wecom=True), "code-e01")
    assert login.finish(engine, code, state).username == "zhang.san"
    zhang = users_store.get_account(engine, "zhang.san")
    assert zhang.wecom_userid == "e01" and zhang.last_sign_in_at is not None


def test_forged_reused_and_expired_states_are_refused_before_wecom_is_asked(engine, fake,
                                                                            sample_dir, tmp_path):
    seed(engine, sample_dir, tmp_path)
    login = login_for(fake)
    code, state = redirect_back(login.authorize_url(engine, in_wecom=False), "code-wang")
    for forged in ("", None, "0" * 64, state[:-1] + ("0" if state[-1] != "0" else "1"),
                   "x" * 500):
        assert login.finish(engine, code, forged).reason == "state"
    assert fake.calls_to("/cgi-bin/auth/getuserinfo") == []
    assert login.finish(engine, code, state).ok                    # the real one, once
    assert login.finish(engine, code, state).reason == "state"     # never twice
    old = sign_in_states.issue(engine, "wecom", now=dt.datetime.now() - dt.timedelta(minutes=11))
    assert login.finish(engine, "code-e01", old).reason == "state"
    other = sign_in_states.issue(engine, "oidc")                   # issued for something else
    assert login.finish(engine, "code-e01", other).reason == "state"
    assert len(fake.calls_to("/cgi-bin/auth/getuserinfo")) == 1
    refused = audit.events(engine, action="account.sign_in_refused")
    assert [e["details"]["reason"] for e in refused] == ["state"] * 8
    # nothing of a code or a state is kept in the audit trail or the states table
    text = json.dumps([e["details"] for e in audit.events(engine)], ensure_ascii=False)
    assert "code-wang" not in text and state not in text


def test_non_members_bad_codes_unknown_users_and_heads(engine, fake, sample_dir, tmp_path):
    seed(engine, sample_dir, tmp_path)
    login = login_for(fake)

    def attempt(code):
        return login.finish(engine, code, sign_in_states.issue(engine, "wecom"))

    assert attempt("code-guest").reason == "not_member"            # openid, no userid
    assert attempt("no-such-code").reason == "code"                # errcode 40029
    assert attempt("code-e09").reason == "unknown"                 # an employee, no head
    assert not users_store.find_by(engine, "wecom_userid", "e09")
    head = attempt("code-e08")                                     # the directory's head of rnd
    assert (head.ok, head.username, head.created) == (True, "e08", True)
    account = users_store.get_account(engine, "e08")
    assert (account.display_name, account.departments, account.effective_roles) == (
        "郑十", {"rnd": "directory"}, {"dept_head"})
    user = accounts.user_for(account)
    assert user.scope.department_ids == {"rnd"} and user.home == "team"
    users_store.set_enabled(engine, "wang.li", False, actor="root")
    assert attempt("code-wang").reason == "disabled"
    fake.fail("/cgi-bin/auth/getuserinfo", errcode=-1, times=5)
    assert attempt("code-e01").reason == "unavailable"
