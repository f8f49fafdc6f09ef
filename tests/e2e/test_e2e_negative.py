"""What the app refuses, in a real browser: a wrong password, pages opened by address while
logged out, a department head reaching for pages outside the role or another department's
people, the back button and a replayed cookie after logout, and the database going away
while someone is signed in. A screenshot of each goes to test-output/e2e/negative/.
"""
from __future__ import annotations

import os
import re

import pytest

from auth.users import DEMO_USERS_FILE, load_users_config
from i18n import t
from tests.e2e.support import (MAIN, SIDEBAR, VIEWPORT, AppServer, PostgresDatabase,
                               alert_texts, click_nav, exceptions, full_screenshot, heading,
                               login_form_visible, main_text, nav_links, postgres_url_or_skip,
                               reset_output, settle, submit_login, wait_alert, wait_cookie,
                               wait_heading, wait_login_form)

COOKIE = load_users_config(DEMO_USERS_FILE)["cookie"]["name"]
CONTENT = ('[data-testid="stMetric"], [data-testid="stDataFrame"], '
           '[data-testid="stVegaLiteChart"], [data-testid="stPlotlyChart"]')


@pytest.fixture(scope="session")   # session: the outage test, moved last, must not wipe the others' shots
def shots():
    return reset_output("negative")


@pytest.fixture(scope="module")
def demo(demo_engine):
    """Departments and people of the demo database, read beside the app."""
    from sqlalchemy import select

    from data_access.models import Employee
    from data_access.reference import data_span, departments
    with demo_engine.connect() as conn:
        people = conn.execute(select(Employee.name, Employee.department_id)).all()
    return {"departments": {d.department_id: d.name for d in departments(demo_engine)},
            "people": people, "month": data_span(demo_engine)[1]}


def names_outside(demo, department_id: str | None) -> set[str]:
    """People not in the department (all people for None), minus names also found inside."""
    own = {n for n, d in demo["people"] if d == department_id}
    return {n for n, d in demo["people"] if d != department_id} - own


def norm(text: str) -> str:
    return " ".join(text.split())


def body_text(page) -> str:
    return page.locator("body").inner_text()


def assert_logged_out(page, demo) -> None:
    """The login form and nothing of the dashboard: no navigation, figures, tables, names."""
    assert login_form_visible(page)
    assert heading(page) == t("app.title", "zh")
    assert nav_links(page) == {}
    assert page.locator(CONTENT).count() == 0
    assert not exceptions(page)
    assert page.get_by_role("button", name=t("app.logout", "zh")).count() == 0
    text = body_text(page)
    shown = [n for n in list(demo["departments"].values()) + sorted(names_outside(demo, None))
             if n in text]
    assert not shown, shown[:5]


def test_wrong_password_is_refused(demo_app, context, demo, shots):
    page = context.new_page()
    page.goto(demo_app.url + "/")
    wait_login_form(page)
    submit_login(page, "committee", "not-the-password")
    wait_alert(page, t("login.wrong", "zh"))
    page.screenshot(path=str(shots / "wrong-password.png"))
    assert_logged_out(page, demo)
    assert COOKIE not in {c["name"] for c in context.cookies()}


@pytest.mark.parametrize("path", ["/league", "/admin", "/team?department=rnd"])
def test_page_by_address_while_logged_out_shows_the_login(path, demo_app, context, demo, shots):
    page = context.new_page()
    page.goto(demo_app.url + path)
    wait_login_form(page)
    name = re.sub(r"\W+", "-", path.strip("/"))
    page.screenshot(path=str(shots / f"logged-out-{name}.png"))
    assert_logged_out(page, demo)


# --- a department head -------------------------------------------------------------------

@pytest.fixture(scope="module")
def head_sales(browser, demo_app):
    """One context signed in as head_sales; each address opened is a new browser session
    that signs in with the cookie, as a typed or bookmarked address would."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    ctx.set_default_timeout(90_000)
    page = ctx.new_page()
    page.goto(demo_app.url + "/")
    wait_login_form(page)
    submit_login(page, "head_sales")
    wait_heading(page, t("page.team", "zh"))
    assert wait_cookie(ctx, COOKIE), "no sign-in cookie"
    page.close()
    yield ctx
    ctx.close()


def test_department_head_gets_only_their_department_from_the_url(demo_app, head_sales, demo,
                                                                  shots):
    page = head_sales.new_page()
    page.goto(demo_app.url + "/team?department=rnd")
    wait_heading(page, t("page.team", "zh"))
    full_screenshot(page, shots / "head-sales-team-department-rnd.png")
    sales, rnd = demo["departments"]["sales"], demo["departments"]["rnd"]
    assert norm(t("team.other_department", "zh", department=sales)) in alert_texts(page)
    assert not exceptions(page)
    assert page.locator('[role="dialog"]').count() == 0        # no "page not found"
    # the picker holds their department only, and the page shows it
    picker = page.locator(f'{MAIN} [data-testid="stSelectbox"]').first
    assert picker.locator("input").input_value() == f"{sales} (sales)"
    picker.locator("button").first.click()
    page.locator('[role="option"]').first.wait_for()
    options = [o.strip() for o in page.locator('[role="option"]').all_inner_texts()]
    page.keyboard.press("Escape")
    assert options == [f"{sales} (sales)"], options
    text = main_text(page)
    assert sales in text and rnd not in text
    leaked = [n for n in names_outside(demo, "sales") if n in text]
    assert not leaked, f"people of other departments shown: {leaked[:5]}"
    page.close()


@pytest.mark.parametrize("key", ["admin", "pilot"])
def test_department_head_is_refused_pages_outside_the_role(key, demo_app, head_sales, demo,
                                                          shots):
    page = head_sales.new_page()
    page.goto(f"{demo_app.url}/{key}")
    refusal = t("gate.not_allowed", "zh", page=t(f"page.{key}", "zh"))
    wait_alert(page, refusal)
    page.screenshot(path=str(shots / f"head-sales-{key}.png"))
    assert t(f"page.{key}", "zh") not in nav_links(page)
    assert heading(page) == ""
    assert page.locator(MAIN).locator(CONTENT).count() == 0
    assert not exceptions(page)
    assert norm(main_text(page)) == norm(refusal)          # the refusal and nothing else
    page.close()


# --- logout (the last use of the head_sales context) -------------------------------------

def test_logout_then_back_reload_and_the_old_cookie(demo_app, browser, head_sales, demo, shots):
    page = head_sales.new_page()
    page.goto(demo_app.url + "/league")
    wait_heading(page, t("league.title", "zh", month=_month(demo)))
    click_nav(page, t("page.team", "zh"))
    wait_heading(page, t("page.team", "zh"))
    assert page.url.split("?")[0].endswith("/team")
    cookie = next(c for c in head_sales.cookies() if c["name"] == COOKIE)

    page.locator(SIDEBAR).get_by_role("button", name=t("app.logout", "zh")).click()
    wait_login_form(page)
    page.screenshot(path=str(shots / "after-logout.png"))
    assert_logged_out(page, demo)

    page.go_back()                         # to the league page's address
    page.wait_for_url("**/league")
    wait_login_form(page)
    page.screenshot(path=str(shots / "after-logout-back.png"))
    assert_logged_out(page, demo)

    page.reload()                          # a new browser session on the same tab
    wait_login_form(page)
    page.screenshot(path=str(shots / "after-logout-reload.png"))
    assert_logged_out(page, demo)
    page.close()

    # the cookie as it was before logout, presented by another browser
    other = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        other.set_default_timeout(90_000)
        other.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path",
                                                   "expires", "httpOnly", "secure",
                                                   "sameSite")}])
        replay = other.new_page()
        replay.goto(demo_app.url + "/team")
        wait_alert(replay, t("login.ended.revoked", "zh"))
        replay.screenshot(path=str(shots / "old-cookie-replayed.png"))
        assert_logged_out(replay, demo)
    finally:
        other.close()


def _month(demo) -> str:
    from ui.format import month_label
    return month_label(demo["month"], "zh")


# --- the database going away -------------------------------------------------------------

@pytest.fixture
def outage_app(browser):
    """The app on a PostgreSQL database of its own (the demo company loads on first start)."""
    database = PostgresDatabase(postgres_url_or_skip(), f"e2e_outage_{os.getpid()}").create()
    server = AppServer(database.url, "server-postgres-outage.log")
    try:
        server.start()
        yield server, database
    finally:
        server.stop()
        database.drop()


def test_database_outage_shows_a_notice_and_recovers(outage_app, context, shots):
    """The app's own database is made to refuse new connections and its open ones are ended:
    what the app sees when its database server goes away. Only this test's database, never
    the server, since other work shares it. The page must say so plainly (no traceback) and
    come back by itself once the database does, without restarting the app."""
    server, database = outage_app
    page = context.new_page()
    page.goto(server.url + "/")
    wait_login_form(page, timeout=240_000)          # the first run loads the demo company
    submit_login(page, "committee")
    wait_heading(page, t("review.title", "zh", month="").strip())
    assert wait_cookie(context, COOKIE), "no sign-in cookie"
    click_nav(page, t("page.team", "zh"))
    wait_heading(page, t("page.team", "zh"))
    assert page.locator('[data-testid="stMetric"]').count() > 0

    notice = t("app.db_unavailable", "zh")
    database.make_unavailable()
    try:
        click_nav(page, t("page.league", "zh"))
        wait_alert(page, notice)
        page.screenshot(path=str(shots / "database-unavailable.png"))
        assert_notice_only(page, notice)

        page.get_by_role("button", name=t("app.db_retry", "zh")).click()
        settle(page)
        wait_alert(page, notice)
        assert_notice_only(page, notice)

        page.reload()                           # a new browser session meets the outage too
        wait_alert(page, notice)
        page.screenshot(path=str(shots / "database-unavailable-reload.png"))
        assert_notice_only(page, notice)
    finally:
        database.make_available()

    # back by itself: the notice checks every few seconds, the cookie signs the new session in
    assert page.url.split("?")[0].endswith("/league"), page.url
    wait_heading(page, t("league.title", "zh", month="").strip(), timeout=60_000)
    full_screenshot(page, shots / "database-back.png")
    assert norm(notice) not in alert_texts(page)
    assert not exceptions(page)
    assert re.search(r"\d", main_text(page))
    # and the next navigation shows figures again
    click_nav(page, t("page.team", "zh"))
    wait_heading(page, t("page.team", "zh"))
    assert page.locator('[data-testid="stMetric"]').count() > 0
    assert not exceptions(page)


def assert_notice_only(page, notice: str) -> None:
    assert not exceptions(page)
    assert norm(notice) in alert_texts(page)
    text = body_text(page)
    for word in ("Traceback", "OperationalError", "psycopg", "sqlalchemy"):
        assert word not in text, word
    assert page.locator(CONTENT).count() == 0
