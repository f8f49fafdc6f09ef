"""The pages on tiny-co, whose data end on 2026-05-08 (May is in progress): "data through"
beside the month, the in-progress notice, KPI cards on the same days of April with
pro-rated targets, what the phase judges by, alerts in priority order with their rules,
the department picker; and the pure helpers of metrics/review_view.py."""
from __future__ import annotations

import datetime as dt

import pytest

from metrics.alert_priority import rank
from metrics.alerts import Alert
from metrics.review import monthly_review
from metrics.review_view import default_departments, y_domain
from metrics.settings import load_settings
from tests.apptest_support import login, prepare, rendered_text, show

TODAY = dt.date.today()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_page_of_a_month_in_progress(monkeypatch, tiny_url, lang):
    prepare(monkeypatch, tiny_url)
    at = login("committee", lang=lang)
    show(at, "review", "2026-05")
    text = rendered_text(at)
    line = {"zh": "数据截至 5月8日", "en": "Data through 8 May"}[lang]
    assert line in [c.value for c in at.sidebar.caption]
    notice = {"zh": "2026年5月尚未结束：数据截至 5月8日（已覆盖 8/31 天）",
              "en": "May 2026 is in progress: data through 8 May (8 of 31 days)"}[lang]
    assert any(i.value.startswith(notice) for i in at.info), [i.value for i in at.info]
    # reach: 560 in May 1-8 against 0 in April 1-8 (April's shares: 1, 3, 4, 11, 12 April:
    # 500 + 1,200 + 80 = 1,780 by the 8th)
    deltas = {m.label: (m.value, m.delta) for m in at.metric}
    reach = {"zh": "触达人数", "en": "Reach"}[lang]
    assert deltas[reach] == ("560", "-1,220")
    # company target reach 4,000 pro-rated to 8 of 31 days: 1,032; 560 is 54 % of that
    target = {"zh": "目标 4,000 · 按 8 天折算 1,032 · 进度达成 54%",
              "en": "Target 4,000 · pro-rated to 8 days: 1,032 · 54% of that"}[lang]
    assert target in text
    order = {"zh": "按优先级排列", "en": "In order of priority"}[lang]
    assert order in text
    rule = {"zh": "触达人数低于目标 4,000 按已覆盖天数（25.8 %）折算后 1,032 的 80 %",
            "en": "Reach below 80 % of the target 4,000 pro-rated to the 25.8 % of the month "
                  "covered (1,032)"}[lang]
    assert rule in text
    assert not at.exception


def test_review_page_of_a_complete_month_says_only_the_day(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("committee", lang="en")
    show(at, "review", "2026-04")
    assert "Data through 8 May" in [c.value for c in at.caption]
    assert not any("in progress" in i.value for i in at.info)
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Reach"] == "+970"                 # the whole of March, as before


def test_alerts_page_in_priority_order(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("marketing", lang="en")
    show(at, "alerts", "2026-05")
    table = at.dataframe[0].value
    # high first: rnd's participation 0 % (core), then the company's missed targets
    assert list(table["Alert"])[:1] == ["Low participation"]
    assert list(table["Severity"]) == sorted(table["Severity"], key=["High", "Medium"].index)
    assert table["Rule"].iloc[0] == "participation rate below the threshold 30 %"
    assert "Likely causes and what to do" in rendered_text(at)


def test_team_page_shows_the_department_month(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("head_sales", lang="en")
    show(at, "team", "2026-05")
    assert "The department's month" in rendered_text(at)
    cards = {}
    for m in at.metric:                      # the department's cards come before a person's
        cards.setdefault(m.label, (m.value, m.delta))
    # sales in May 1-8: s12 (e01, 320 reach); April 1-8: s07 (e01, 500), s08 (e03, 1,200)
    # and s09 (e04, 80: left in March, still counted with sales as everywhere)
    assert cards["Reach"] == ("320", "-1,460")
    assert cards["Shares"] == ("1", "-2")


def test_default_departments_best_worst_and_pilots(tiny_url):
    from data_access.db import get_engine
    engine = get_engine(tiny_url)
    review = monthly_review(engine, "2026-05", load_settings(engine), TODAY)
    # May reach: sales 320, service 240, rnd 0; pilots sales and service
    assert default_departments(review, "reach") == ["sales", "rnd", "service"]
    assert y_domain([0, 100], [250]) == [0.0, 262.5]
    assert y_domain([-20, 10]) == [-21.0, 10.5]
    assert y_domain([None]) is None


def test_rank_keeps_core_first_on_the_page_data():
    a = Alert("target_miss", "", "reach", 10, 100, "high", 125)
    b = Alert("low_participation", "rnd", "participation_rate", 0.0, 0.3, "high")
    assert rank([a, b]) == [b, a]
