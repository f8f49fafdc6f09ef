"""The review of a month whose data stop mid-month (the demo company's data end on
2026-11-20), in a real browser: the "data through" line beside the month and on the page,
the in-progress notice, alerts in priority order with their rules, the trend charts with
the target and threshold rules. Screenshots at desktop and phone width (390 px), in both
languages, go to test-output/e2e/review-dated/.
"""
from __future__ import annotations

import datetime as dt

import pytest

from data_access.coverage import data_as_of
from i18n import metric_name, t
from metrics.alert_priority import SHORT_LIST
from tests.e2e.support import (MAIN, OUTPUT, SIDEBAR, VIEWPORT, click_nav, exceptions,
                               main_text, settle, submit_login, wait_heading, wait_login_form)
from ui.format import day_label, month_label

PHONE = {"width": 390, "height": 844}


def shot(page, path, width: int) -> None:
    """The whole page at `width` (Streamlit scrolls inside its main container)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
    page.wait_for_timeout(300)
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m ? m.scrollHeight : document.documentElement.scrollHeight; }""")
    page.set_viewport_size({"width": width, "height": max(VIEWPORT["height"],
                                                          min(int(height or 0) + 40, 14000))})
    page.wait_for_timeout(400)                 # charts lay out again
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    page.set_viewport_size(VIEWPORT)


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    ctx.set_default_timeout(90_000)
    page = ctx.new_page()
    yield page
    ctx.close()


def test_review_says_how_old_the_data_are(demo_app, demo_engine, page):
    out = OUTPUT / "review-dated"
    as_of = data_as_of(demo_engine, dt.date.today())
    month = f"{as_of.day.year:04d}-{as_of.day.month:02d}"
    page.goto(demo_app.url + "/")
    wait_login_form(page)
    submit_login(page, "committee")
    for lang in ("zh", "en"):
        if lang == "en":
            page.locator(SIDEBAR).get_by_text("English", exact=True).click()
            wait_heading(page, t("page.team", lang))
            click_nav(page, t("page.review", lang))
        wait_heading(page, t("review.title", lang, month=month_label(month, lang)))
        settle(page)
        line = t("asof.line", lang, date=day_label(as_of.day, lang))
        # beside the month in the sidebar, and the notice on the page
        assert line in page.locator(SIDEBAR).inner_text()
        text = main_text(page)
        assert line.lower() in text.lower()
        # the short list: the most important groups, each with its rule
        assert t("prio.order_note", lang) in text
        alerts = page.locator(f'{MAIN} [data-testid="stAlert"]')
        assert alerts.count() >= min(SHORT_LIST, 1)
        # two trend charts side by side and the department picker
        assert page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').count() >= 2
        assert t("rchart.pick", lang) in text
        assert not exceptions(page)
        shot(page, out / f"review-{lang}-desktop.png", VIEWPORT["width"])
        shot(page, out / f"review-{lang}-390.png", PHONE["width"])
        if lang == "zh":
            # participation: the threshold rule on both charts, a percent axis
            page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(
                has_text=t("review.trend_metric", lang)).click()
            page.get_by_role("option", name=metric_name("participation_rate", lang),
                             exact=True).click()
            settle(page)
            assert t("rchart.threshold_rule", lang, value="30%") in main_text(page)
            shot(page, out / f"review-{lang}-participation.png", VIEWPORT["width"])

        # the Risk alerts page: priority order, the rule column, causes and actions in full
        click_nav(page, t("page.alerts", lang))
        wait_heading(page, t("alerts.title", lang, month=month_label(month, lang)))
        text = main_text(page)
        assert t("prio.col_rule", lang) in text and t("prio.what_to_do", lang) in text
        assert not exceptions(page)
        shot(page, out / f"alerts-{lang}-desktop.png", VIEWPORT["width"])
        # My team: the department's month on the same footing
        click_nav(page, t("page.team", lang))
        wait_heading(page, t("page.team", lang))
        assert t("myteam.kpis", lang) in main_text(page)
        assert line.lower() in main_text(page).lower()
        assert not exceptions(page)
        shot(page, out / f"team-{lang}-desktop.png", VIEWPORT["width"])
        shot(page, out / f"team-{lang}-390.png", PHONE["width"])
