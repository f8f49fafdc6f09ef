"""The Data page's "sync from WeCom" (AppTest, SQLite): shown only when configured, runs
the sync against FakeWeCom and shows the result."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.models import Employee, Share
from tests.apptest_support import login, open_page, rendered_text
from tests.fakes.wecom import FakeWeCom
from tests.fakes.wecom_company import example_company
from wecom.client import forget_tokens


@pytest.fixture
def fake(monkeypatch):
    forget_tokens()
    server = FakeWeCom(secrets={"s-contacts": "contacts", "s-customer": "customer"}).start()
    example_company().install(server)
    monkeypatch.setenv("DASHBOARD_SECRETS_FILE", "/nonexistent/secrets.toml")
    yield server
    server.stop()
    forget_tokens()


def configure(monkeypatch, fake, customer_secret="s-customer"):
    monkeypatch.setenv("WECOM_CORP_ID", fake.corp_id)
    monkeypatch.setenv("WECOM_CONTACTS_SECRET", "s-contacts")
    monkeypatch.setenv("WECOM_CUSTOMER_SECRET", customer_secret)
    monkeypatch.setenv("WECOM_API_BASE", fake.url)


def test_no_sync_section_without_configuration(empty_url, fake, monkeypatch):
    for name in ("WECOM_CORP_ID", "WECOM_CONTACTS_SECRET", "WECOM_CUSTOMER_SECRET"):
        monkeypatch.delenv(name, raising=False)
    at = login("admin", lang="en")
    open_page(at, "data")
    assert not at.exception
    assert "Sync from WeCom" not in rendered_text(at)


@pytest.mark.parametrize("lang,done", [("en", "Synced 2026-05-01 to 2026-05-31"),
                                       ("zh", "同步完成：2026-05-01 至 2026-05-31")])
def test_marketing_syncs_from_the_data_page(empty_url, fake, monkeypatch, lang, done):
    configure(monkeypatch, fake)
    at = login("marketing", lang=lang)
    open_page(at, "data")
    assert not at.exception
    at.date_input(key="wecom-from").set_value("2026-05-01")
    at.date_input(key="wecom-to").set_value("2026-05-31")
    at.button(key="wecom-sync").click().run()
    assert not at.exception
    assert any(done in s.value for s in at.success)
    assert any("outsider" in w.value for w in at.warning)      # outside the visible range
    with get_engine(empty_url).connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Employee)) == 8
        assert conn.scalar(select(func.sum(Share.reach))) == 12


def test_a_failed_sync_says_so_and_writes_nothing(empty_url, fake, monkeypatch):
    configure(monkeypatch, fake)
    fake.fail("/cgi-bin/externalcontact/get_moment_list", errcode=60011, times=1)
    at = login("admin", lang="en")
    open_page(at, "data")
    at.button(key="wecom-sync").click().run()
    assert not at.exception
    assert any("errcode 60011" in e.value for e in at.error)
    with get_engine(empty_url).connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Employee)) == 0


def test_a_wrong_secret_is_a_configuration_message(empty_url, fake, monkeypatch):
    configure(monkeypatch, fake, customer_secret="wrong")
    at = login("admin", lang="en")
    open_page(at, "data")
    at.button(key="wecom-sync").click().run()
    assert not at.exception
    assert any("WECOM_CUSTOMER_SECRET" in e.value and "configuration" in e.value
               for e in at.error)
