"""The WeCom client against the fake server: tokens, errcodes, retries, configuration."""
from __future__ import annotations

import pytest

from tests.fakes.wecom import FakeError, FakeWeCom
from wecom import WeComClient, WeComConfigError, WeComError, WeComSettings, WeComTransientError
from wecom.client import forget_tokens


@pytest.fixture
def fake():
    forget_tokens()
    server = FakeWeCom(secrets={"s-contacts": "contacts"}).start()
    server.route("/cgi-bin/user/get", lambda q, b: {"userid": q["userid"], "name": "王丽"})
    yield server
    server.stop()
    forget_tokens()


def client(fake, **kw) -> tuple[WeComClient, list[float]]:
    slept: list[float] = []
    c = WeComClient(fake.corp_id, "s-contacts", fake.url, secret_name="WECOM_CONTACTS_SECRET",
                    sleep=slept.append, **kw)
    return c, slept


def test_token_is_fetched_once_and_reused(fake):
    c, _ = client(fake)
    assert c.get("/cgi-bin/user/get", {"userid": "wangli"})["name"] == "王丽"
    assert c.get("/cgi-bin/user/get", {"userid": "zhang"})["userid"] == "zhang"
    assert fake.token_requests == 1
    assert [q["access_token"] for q, _ in fake.calls_to("/cgi-bin/user/get")] == ["token-1"] * 2


def test_expired_token_is_renewed_once_and_the_call_sent_again(fake):
    c, _ = client(fake)
    c.get("/cgi-bin/user/get", {"userid": "a"})
    fake.expire_tokens()
    assert c.get("/cgi-bin/user/get", {"userid": "b"})["userid"] == "b"
    assert fake.token_requests == 2
    assert [q["access_token"] for q, _ in fake.calls_to("/cgi-bin/user/get")] == [
        "token-1", "token-1", "token-2"]


def test_token_error_twice_in_a_row_is_raised(fake):
    c, _ = client(fake)
    fake.fail("/cgi-bin/user/get", errcode=42001, times=2)
    with pytest.raises(WeComError) as err:
        c.get("/cgi-bin/user/get", {"userid": "a"})
    assert err.value.errcode == 42001
    assert len(fake.calls_to("/cgi-bin/user/get")) == 2


@pytest.mark.parametrize("failure", [{"errcode": -1}, {"errcode": 45009}, {"errcode": 45033},
                                     {"status": 502}, {"status": 503}])
def test_transient_failures_are_retried_with_backoff(fake, failure):
    c, slept = client(fake, backoff_s=0.5)
    fake.fail("/cgi-bin/user/get", times=3, **failure)
    assert c.get("/cgi-bin/user/get", {"userid": "a"})["userid"] == "a"
    assert slept == [0.5, 1.0, 2.0]
    assert len(fake.calls_to("/cgi-bin/user/get")) == 4


def test_retries_are_bounded(fake):
    c, slept = client(fake, max_retries=2, backoff_s=1.0)
    fake.fail("/cgi-bin/user/get", errcode=45009, times=10)
    with pytest.raises(WeComTransientError) as err:
        c.get("/cgi-bin/user/get", {"userid": "a"})
    assert err.value.errcode == 45009 and slept == [1.0, 2.0]
    assert len(fake.calls_to("/cgi-bin/user/get")) == 3


def test_other_errcodes_are_raised_with_the_path(fake):
    c, _ = client(fake)
    fake.route("/cgi-bin/user/get", lambda q, b: (_ for _ in ()).throw(
        FakeError(60111, "userid not found")))
    with pytest.raises(WeComError) as err:
        c.get("/cgi-bin/user/get", {"userid": "x"})
    assert (err.value.path, err.value.errcode) == ("/cgi-bin/user/get", 60111)
    assert "userid not found" in str(err.value)


def test_a_wrong_secret_is_a_configuration_error_naming_the_variable(fake):
    c = WeComClient(fake.corp_id, "wrong", fake.url, secret_name="WECOM_CONTACTS_SECRET")
    with pytest.raises(WeComConfigError) as err:
        c.get("/cgi-bin/user/get", {"userid": "a"})
    assert err.value.variables == ["WECOM_CORP_ID", "WECOM_CONTACTS_SECRET"]


def test_an_unreachable_server_is_transient(fake):
    fake.stop()
    c, slept = client(fake, max_retries=1)
    with pytest.raises(WeComTransientError):
        c.get("/cgi-bin/user/get", {"userid": "a"})
    assert slept == [0.5]


def test_settings_from_environment_and_secrets_table(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[wecom]\ncorp_id = "ww-from-file"\nWECOM_CONTACTS_SECRET = "c"\n',
                       encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_SECRETS_FILE", str(secrets))
    for name in ("WECOM_CORP_ID", "WECOM_API_BASE", "WECOM_CONTACTS_SECRET",
                 "WECOM_CUSTOMER_SECRET", "WECOM_AGENT_ID", "WECOM_APP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WECOM_CUSTOMER_SECRET", "from-env")
    s = WeComSettings.load()
    assert (s.corp_id, s.contacts_secret, s.customer_secret) == ("ww-from-file", "c", "from-env")
    assert s.api_base == "https://qyapi.weixin.qq.com"
    s.require("contacts_secret", "customer_secret")
    with pytest.raises(WeComConfigError) as err:
        s.require("agent_id", "app_secret")
    assert err.value.variables == ["WECOM_AGENT_ID", "WECOM_APP_SECRET"]
