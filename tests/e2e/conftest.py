"""Browser tests: one app server (SQLite, demo mode) and one Chromium for the whole session.

Chromium is Debian's /usr/bin/chromium (Playwright's own browser download is not used);
scripts/test.sh installs it when missing. Without it these tests fail under CI=true and
are skipped on a developer machine. Screenshots and the server log go to test-output/e2e/.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.e2e.support import (CHROMIUM_ARGS, OUTPUT, VIEWPORT, AppServer, chromium_or_fail,
                               settle, wait_login_form)


def pytest_collection_modifyitems(config, items):
    """The test that takes its PostgreSQL database away runs last of the whole session."""
    last = [i for i in items if "database_outage" in i.nodeid]
    if last:
        items[:] = [i for i in items if i not in last] + last


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_fail()
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def demo_app(browser, tmp_path_factory):
    """The app on a fresh SQLite database; the demo company loads on first start."""
    db = tmp_path_factory.mktemp("e2e") / "dashboard.db"
    server = AppServer(f"sqlite:///{db}", "server-sqlite.log").start()
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(server.url + "/")
        wait_login_form(page, timeout=240_000)        # the first run loads the demo company
        settle(page)
        context.close()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_engine(demo_app):
    """The same database, read by the test for the figures the pages must show."""
    engine = create_engine(demo_app.database_url)
    yield engine
    engine.dispose()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def context(browser, request):
    """A fresh browser context (own cookies) per test; on failure, a shot of every page."""
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
    ctx.set_default_timeout(90_000)
    yield ctx
    if getattr(request.node, "e2e_failed", False):
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        for i, page in enumerate(ctx.pages):
            try:
                page.screenshot(path=str(OUTPUT / "failures" / f"{name}-{i}.png"))
            except Exception:        # a page that is gone: nothing to show
                pass
    ctx.close()


@pytest.fixture(scope="session", autouse=True)
def _output_dir():
    OUTPUT.mkdir(parents=True, exist_ok=True)
