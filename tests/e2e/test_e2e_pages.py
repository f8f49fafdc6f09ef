"""Every demo user, in a real browser: log in, open every page of their navigation, see the
page's key figures (the same as the metrics layer computes on the same database), no
exception box anywhere, switch to English, download the review pack and open it.
A full-page screenshot of each page goes to test-output/e2e/<user>/<page>.png.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import openpyxl
import pytest

from auth.roles import PAGE_ROLES
from i18n import metric_name, t
from tests.e2e.support import (DEMO_USERS, OUTPUT, SIDEBAR, VIEWPORT, click_nav, exceptions,
                               full_screenshot, heading, main_text, metric_texts, nav_links,
                               submit_login, wait_heading, wait_login_form)
from ui.format import metric_value, month_label

PAGE_ORDER = ("review", "phases", "league", "team", "pilot", "alerts", "recognition", "health",
              "data", "admin", "accounts", "password")
ACCOUNT_PAGES = ("accounts", "password")
ROLES = {"committee": {"committee"}, "marketing": {"marketing"}, "admin": {"admin"},
         "head_sales": {"dept_head"}, "head_rnd": {"dept_head"}}
DEPARTMENT = {"head_sales": "sales", "head_rnd": "rnd"}
# pages whose heading is not the navigation title (it carries the month)
HEADINGS = {"review": "review.title", "league": "league.title", "alerts": "alerts.title",
            "health": "health.title", "phases": "phases.title"}


@pytest.fixture(scope="session")
def figures(demo_engine):
    from sqlalchemy import select

    from data_access.models import Employee
    from data_access.reference import data_span, departments
    from metrics.review import monthly_review
    from metrics.settings import load_settings
    month = data_span(demo_engine)[1]
    review = monthly_review(demo_engine, month, load_settings(demo_engine))
    with demo_engine.connect() as conn:
        people = conn.execute(select(Employee.name, Employee.department_id)).all()
    return SimpleNamespace(month=month, review=review, departments=departments(demo_engine),
                           people=people)


def allowed_pages(user: str) -> list[str]:
    return [p for p in PAGE_ORDER if ROLES[user] & PAGE_ROLES[p]]


def foreign_names(figures, department_id: str) -> set[str]:
    """Names of people outside the department (and no one inside it has the same name)."""
    own = {n for n, d in figures.people if d == department_id}
    return {n for n, d in figures.people if d != department_id} - own


def find_metric(texts: list[str], label: str, value: str) -> bool:
    return any(text.startswith(label) and value in text for text in texts)


def title(key: str, lang: str, figures) -> str:
    """The page's heading (h1)."""
    if key in HEADINGS:
        return t(HEADINGS[key], lang, month=month_label(figures.month, lang))
    return t(f"page.{key}", lang)


def check_page(page, key: str, user: str, figures, lang: str) -> None:
    """The page's heading and its key figures."""
    shown = heading(page)
    assert shown == title(key, lang, figures), (key, shown)
    text = main_text(page)
    if key not in ACCOUNT_PAGES:                  # forms, not figures
        assert re.search(r"\d", text), f"{key}: no figure on the page"
    review = figures.review
    names = {d.department_id: d.name for d in figures.departments}
    if key == "review":
        texts = metric_texts(page)
        for m in ("participation_rate", "shares", "reach", "leads", "conversion_rate", "revenue"):
            value = metric_value(m, review.company.values[m], lang)
            assert find_metric(texts, metric_name(m, lang), value), (m, value, texts)
    elif key == "team":
        department = DEPARTMENT.get(user, figures.departments[0].department_id)
        assert names[department] in text
        values = review.department(department).values
        texts = metric_texts(page)
        for m in ("headcount", "shares", "leads"):
            value = metric_value(m, values[m], lang)
            assert find_metric(texts, metric_name(m, lang), value), (m, value, texts)
    elif key == "phases":
        assert t(f"phase.{review.phase}", lang) in text
    elif key == "league":
        assert sum(d.name in text for d in figures.departments) >= 3, text[:500]
    elif key == "alerts" and review.alerts:
        first = next((a for a in review.alerts if a.department_id), None)
        if first is not None:
            assert names[first.department_id] in text
    elif key == "pilot":
        assert any(d.name in text for d in figures.departments if d.in_pilot)
    elif key == "health":
        assert any(text.startswith(t("value.emv", lang)) and re.search(r"\d", text)
                   for text in metric_texts(page)), metric_texts(page)
    elif key == "data":
        assert "employees" in text and "shares" in text          # the freshness table
    elif key == "admin":
        assert t("admin.audit", lang) in text and "head_sales" in text
    elif key == "password":          # the demo's accounts are the users file's
        assert t("password.file_source", lang) in text
    if user in DEPARTMENT:
        leaked = [n for n in foreign_names(figures, DEPARTMENT[user]) if n in text]
        assert not leaked, f"{user} sees people of other departments on {key}: {leaked[:5]}"


def sheet_values(workbook) -> dict[str, list[tuple]]:
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
            for ws in workbook.worksheets}


@pytest.fixture(scope="module")
def shared_context(browser):
    """One context for all users (its HTTP cache makes each login quicker); the cookies are
    cleared between users."""
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
    ctx.set_default_timeout(90_000)
    yield ctx
    ctx.close()


@pytest.fixture
def user_page(shared_context, request):
    shared_context.clear_cookies()
    page = shared_context.new_page()
    yield page
    if getattr(request.node, "e2e_failed", False):
        page.screenshot(path=str(OUTPUT / "failures" / f"{request.node.name}.png"))
    page.close()


@pytest.mark.parametrize("user", DEMO_USERS)
def test_every_page_of_every_user(user, demo_app, demo_engine, user_page, figures):
    out = OUTPUT / user
    page = user_page
    page.goto(demo_app.url + "/")
    wait_login_form(page)
    submit_login(page, user)
    home = "team" if user in DEPARTMENT else "review"
    wait_heading(page, title(home, "zh", figures))

    # the navigation holds exactly the pages of the role
    pages = allowed_pages(user)
    links = nav_links(page)
    assert list(links) == [t(f"page.{p}", "zh") for p in pages]

    for key in [home] + [p for p in pages if p != home]:
        if key != home:
            click_nav(page, t(f"page.{key}", "zh"))
            wait_heading(page, title(key, "zh", figures))
        full_screenshot(page, out / f"{key}.png")
        assert not exceptions(page), (key, exceptions(page))
        check_page(page, key, user, figures, "zh")

    # English: the sidebar radio; labels, headings and figures follow
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_heading(page, title(pages[-1], "en", figures))
    assert list(nav_links(page)) == [t(f"page.{p}", "en") for p in pages]
    click_nav(page, t("page.review", "en"))
    wait_heading(page, title("review", "en", figures))
    check_page(page, "review", user, figures, "en")
    assert not exceptions(page)

    # the review pack, as the browser downloads it, is the CLI's workbook
    with page.expect_download() as info:
        page.get_by_role("button", name=t("review.download_pack", "en")).click()
    download = info.value
    target = out / "review-pack-en.xlsx"
    download.save_as(target)
    got = openpyxl.load_workbook(target)
    from exports.review_pack import review_pack
    import io
    expected = openpyxl.load_workbook(io.BytesIO(review_pack(figures.review, "en",
                                                             demo_engine)))
    assert got.sheetnames == [t(f"pack.{s}", "en")
                              for s in ("summary", "league", "alerts", "phases", "trend")]
    assert sheet_values(got) == sheet_values(expected)
    full_screenshot(page, out / "review-en.png")
    assert not exceptions(page)
