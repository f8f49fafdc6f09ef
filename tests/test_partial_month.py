"""A month judged by its data, not by the calendar (spec section 3 "Data as of",
metrics/coverage.py, docs/alerts.md "Months in progress").

One company at a steady daily rate, on 2026-12-01: once with November's data ending on the
20th (a lagging export), once with November complete. November is the optimization phase:
every department is watched.
"""
from __future__ import annotations

import datetime as dt

import pytest

from data_access.coverage import data_as_of
from metrics.phase_scorecard import scorecards
from metrics.review import monthly_review
from metrics.settings import load_settings
from tests.build_company import Company

TODAY = dt.date(2026, 12, 1)


def approx(x):
    return pytest.approx(x, rel=1e-9)


def steady(engine, folder, november_days: int):
    """a: one share a day of reach 100, b: one of reach 50, from October 1st to November
    `november_days`. Targets of November: company shares 70 and reach 5,000, b's reach
    2,500 (missed by b even at a whole month's pace)."""
    c = Company()
    c.dept("a").dept("b")
    for e, d in (("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")):
        c.emp(e, d)
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(31 + november_days)]
    for day in days:
        c.share("a1", f"{day} 10:00", 100)
        c.share("b1", f"{day} 11:00", 50)
    c.lead("a1", "2026-11-05 09:00")                 # leads end earlier than shares
    c.target("2026-11", None, "shares", 70)
    c.target("2026-11", None, "reach", 5000)
    c.target("2026-11", "b", "reach", 2500)
    return c.load(engine, folder)


@pytest.fixture
def lagging(engine, tmp_path):
    return steady(engine, tmp_path / "lagging", 20)


@pytest.fixture
def complete(engine, tmp_path):
    return steady(engine, tmp_path / "complete", 30)


def complete_november(engine, folder):
    """The lagging company's next export: November 21-30 at the same daily rate."""
    c = Company()
    c.rows = {"shares": []}
    c.n["s"] = 1000
    for i in range(21, 31):
        c.share("a1", f"2026-11-{i} 10:00", 100)
        c.share("b1", f"2026-11-{i} 11:00", 50)
    return c.load(engine, folder)


def judged(review):
    """The alerts whose rules depend on the days covered."""
    return [(a.type, a.department_id, a.metric, a.value, a.threshold, a.severity)
            for a in review.alerts if a.type in ("target_miss", "reach_drop")]


def test_data_as_of_per_table_capped_at_today(lagging):
    as_of = data_as_of(lagging, TODAY)
    assert (as_of.shares, as_of.leads, as_of.stories) == (
        dt.date(2026, 11, 20), dt.date(2026, 11, 5), None)
    assert as_of.day == dt.date(2026, 11, 20) and as_of.differ()
    # events dated after "today" do not count: on 2026-11-10 the data reach the 10th
    assert data_as_of(lagging, dt.date(2026, 11, 10)).day == dt.date(2026, 11, 10)
    assert data_as_of(lagging, dt.date(2026, 9, 30)).day is None


def test_lagging_month_is_in_progress(lagging):
    review = monthly_review(lagging, "2026-11", load_settings(lagging), TODAY)
    out = review.as_dict("en")
    assert (out["data_as_of"], out["month_complete"]) == ("2026-11-20", False)
    assert out["coverage"]["days_covered"] == 20 and out["coverage"]["days_in_month"] == 30
    assert out["coverage"]["data_as_of_by_table"] == {
        "shares": "2026-11-20", "leads": "2026-11-05", "stories": None}
    # October is complete: the data reach beyond it
    october = monthly_review(lagging, "2026-10", load_settings(lagging), TODAY).as_dict()
    assert (october["data_as_of"], october["month_complete"]) == ("2026-11-20", True)
    assert october["company"]["changes_basis"] == {"like_for_like": False,
                                                   "previous_through": None}


def test_lagging_month_compares_the_same_days_of_last_month(lagging):
    company = monthly_review(lagging, "2026-11", load_settings(lagging), TODAY).as_dict()["company"]
    # November 1-20: 40 shares, reach 3,000; October 1-20 the same (not October's 4,650)
    assert (company["shares"], company["reach"]) == (40, 3000)
    assert company["changes"]["reach"] == {"previous": 3000, "delta": 0, "pct": 0.0}
    assert company["changes"]["shares"]["previous"] == 40
    assert company["changes_basis"] == {"like_for_like": True, "previous_through": "2026-10-20"}
    # participants of October 1-20: a1 and b1 (a1's lead falls in November)
    assert company["changes"]["participants"] == {"previous": 2, "delta": 0, "pct": 0.0}
    # targets held against 20/30 of them; the spec's attainment stays actual / whole target
    assert company["pace"]["shares"] == {
        "target": 70.0, "target_to_date": approx(70 * 20 / 30), "actual": 40,
        "attainment_to_date": approx(40 / (70 * 20 / 30)), "pro_rated": True, "judged": True}
    assert company["targets"]["shares"]["attainment"] == approx(40 / 70)


def test_no_alert_fires_that_a_complete_month_at_the_same_rate_would_not(lagging, tmp_path):
    partial = judged(monthly_review(lagging, "2026-11", load_settings(lagging), TODAY))
    complete = complete_november(lagging, tmp_path / "rest")
    whole = judged(monthly_review(complete, "2026-11", load_settings(complete), TODAY))
    # the whole month: b's reach 1,500 < 80 % x 2,500; company shares 60 >= 56, reach 4,500
    # >= 4,000; reach 3,000 vs 3,100 (a) and 1,500 vs 1,550 (b) in October: -3 %, no drop
    assert whole == [("target_miss", "b", "reach", 1500, approx(2000.0), "medium")]
    # twenty days: b's 1,000 < 80 % x 2,500 x 20/30 fires as well; company shares 40 >= 37.3
    # and reach 3,000 >= 2,666.7 do not; a's 2,000 against October's 3,100 x 20/30 = 2,066.7
    # is -3 %, not the -35 % of a whole October
    assert partial == [("target_miss", "b", "reach", 1000, approx(0.8 * 2500 * 20 / 30),
                        "medium")]
    assert {a[:3] for a in partial} <= {a[:3] for a in whole}


def test_complete_month_behaves_as_before(complete):
    review = monthly_review(complete, "2026-11", load_settings(complete), TODAY)
    out = review.as_dict()
    assert (out["data_as_of"], out["month_complete"]) == ("2026-11-30", True)
    company = out["company"]
    assert company["changes"]["reach"] == {"previous": 4650, "delta": -150, "pct": -150 / 4650}
    assert company["changes_basis"]["like_for_like"] is False
    assert company["pace"]["shares"]["target_to_date"] == 70.0
    assert company["pace"]["shares"]["pro_rated"] is False


def test_phase_verdict_on_the_same_footing(lagging, tmp_path):
    def growth(engine):
        card = next(c for c in scorecards(engine, "2026-11", load_settings(engine), TODAY)
                    if c.phase == "optimization")
        return next(c for c in card.checks if c.key == "growth_reach")
    partial = growth(lagging)
    whole = growth(complete_november(lagging, tmp_path / "rest"))
    # 3,000 in 20 days against October's 4,650 x 20/30 = 3,100; 4,500 against 4,650
    assert (partial.actual, partial.expected, partial.pro_rated) == (3000, approx(3100.0), True)
    assert (whole.actual, whole.expected, whole.pro_rated) == (4500, 4650, False)
    assert partial.ratio == approx(whole.ratio) and partial.verdict == whole.verdict == "at_risk"


def test_review_json_of_the_sample_month_in_progress(tiny_url, capsys):
    """manage.py review on tiny-co, whose data end on 2026-05-08."""
    import json

    import manage
    assert manage.main(["review", "--month", "2026-05", "--format", "json", "--lang", "en"]) == 0
    review = json.loads(capsys.readouterr().out)
    assert (review["data_as_of"], review["month_complete"]) == ("2026-05-08", False)
    assert review["coverage"]["days_covered"] == 8
    # the short list, by priority: rnd's participation (high, core) first, then the
    # company's missed targets as one item listing both metrics
    assert [(g["type"], g["department_id"], g["metrics"]) for g in review["top_alerts"]][:2] == [
        ("low_participation", "rnd", ["participation_rate"]),
        ("target_miss", "", ["leads", "reach"])]
    assert review["top_alerts"][1]["alerts"][1]["rule"] == (
        "Reach below 80 % of the target 4,000 pro-rated to the 25.8 % of the month covered "
        "(1,032)")
    april = manage.main(["review", "--month", "2026-04", "--format", "json"])
    assert april == 0
    april = json.loads(capsys.readouterr().out)
    assert (april["data_as_of"], april["month_complete"]) == ("2026-05-08", True)
