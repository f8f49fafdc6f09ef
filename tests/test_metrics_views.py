"""League, trend, phase scorecards and alert streaks on tiny-co, with figures worked out by
hand from the CSVs in tests/sample-data/tiny-co (the arithmetic is in the comments).

tiny-co: sales (pilot) e01-e04, e04 left 2026-03-10, e03 hired 2026-03-20; service (pilot)
e05-e07; rnd e08-e10. Phases: launch Jan-Feb, pilot Mar-Apr, promotion May-Jun,
optimization Jul-Dec 2026. Tracking data (shares, leads, stories) from March to May 2026.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from data_access.importing import import_path
from metrics.alert_history import alert_streaks
from metrics.league import department_of_the_month, league, ranks
from metrics.phase_scorecard import cohorts, judge, overall, scorecards, timeline
from metrics.review import month_figures, monthly_review
from metrics.settings import load_settings
from metrics.trend import trend
from data_access import reference

TODAY = dt.date(2026, 11, 23)     # after the data: every month judged on its last day


@pytest.fixture
def tiny(sqlite_engine, sample_dir):
    result = import_path(sqlite_engine, sample_dir / "tiny-co")
    assert result.ok, result.problems
    return sqlite_engine


@pytest.fixture
def rephased(tiny, tmp_path):
    """tiny-co with the phases one month earlier each, so that March is promotion and April
    and May are optimization, and with targets that make launch on track."""
    folder = tmp_path / "rephased"
    folder.mkdir()
    (folder / "phases.csv").write_text(
        "phase,start_date,end_date\n"
        "launch,2026-01-01,2026-01-31\npilot,2026-02-01,2026-02-28\n"
        "promotion,2026-03-01,2026-03-31\noptimization,2026-04-01,2026-12-31\n", encoding="utf-8")
    (folder / "targets.csv").write_text(
        "month,department_id,metric,target\n"
        "2026-01,,trained_rate,0.7\n2026-01,,activated_rate,0.5\n2026-03,,reach,1500\n",
        encoding="utf-8")
    result = import_path(tiny, folder)
    assert result.ok, result.problems
    return tiny


def review(engine, month):
    return monthly_review(engine, month, load_settings(engine), TODAY)


def approx(x):
    return pytest.approx(x, rel=1e-12)


# --- league -----------------------------------------------------------------------------

def test_ranks_share_ties_and_leave_undefined_unranked():
    assert ranks({"a": 3.0, "b": 5.0, "c": 3.0, "d": None, "e": 1.0}) == {
        "a": 2, "b": 1, "c": 2, "d": None, "e": 4}


def test_league_per_capita_reach_april(tiny):
    rows = league(review(tiny, "2026-04"), "reach", capita=True)
    # April headcount 3/3/3 (e04 left in March); reach sales 500+1200+80, service 210+190
    assert [(r.department_id, r.rank) for r in rows] == [("sales", 1), ("service", 2), ("rnd", 3)]
    assert [r.value for r in rows] == [approx(1780 / 3), approx(400 / 3), 0.0]
    # March: sales 860/4 = 215, service 300/3 = 100, rnd 50/3: the same order
    assert [(r.previous_rank, r.movement, r.status) for r in rows] == [
        (1, 0, "same"), (2, 0, "same"), (3, 0, "same")]


def test_league_raw_reach_differs_from_per_capita(tiny):
    rows = league(review(tiny, "2026-04"), "reach", capita=False)
    assert [(r.department_id, r.value) for r in rows] == [("sales", 1780), ("service", 400),
                                                          ("rnd", 0)]


def test_league_movement_by_participation(tiny):
    rows = league(review(tiny, "2026-04"), "participation_rate", capita=True)
    # March: sales 3/4, service 2/3, rnd 1/3; April: service 3/3, sales 2/3, rnd 0/3
    assert [(r.department_id, r.rank, r.previous_rank, r.movement, r.status) for r in rows] == [
        ("service", 1, 2, 1, "up"), ("sales", 2, 1, -1, "down"), ("rnd", 3, 3, 0, "same")]


def test_league_undefined_is_unranked_and_first_month_is_new(tiny):
    rows = league(review(tiny, "2026-04"), "conversion_rate", capita=True)
    # April: sales won 1 of 2 leads; service and rnd have no leads
    assert [(r.department_id, r.rank, r.status) for r in rows] == [
        ("sales", 1, "same"), ("rnd", None, "unranked"), ("service", None, "unranked")]
    first = league(review(tiny, "2026-03"), "reach", capita=True, compare=False)
    assert {r.status for r in first} == {"new"}
    assert all(r.previous_rank is None for r in first)


def test_league_history_is_the_trend(tiny):
    t = trend(tiny, "2026-05", "2026-03")
    rows = league(review(tiny, "2026-05"), "reach", capita=True, trend=t)
    sales = next(r for r in rows if r.department_id == "sales")
    assert sales.history == (approx(215.0), approx(1780 / 3), approx(320 / 3))


def test_department_of_the_month(tiny):
    april = department_of_the_month(review(tiny, "2026-04"))
    assert (april.department_id, april.value) == ("sales", approx(1780 / 3))
    may = department_of_the_month(review(tiny, "2026-05"))
    # May reach per capita: sales 320/3, service (150+90)/3 = 80
    assert (may.department_id, may.value) == ("sales", approx(320 / 3))


# --- trend ------------------------------------------------------------------------------

def test_trend_equals_the_expected_reviews(tiny, sample_dir):
    t = trend(tiny, "2026-05", first_month="2026-03")
    assert t.months == ["2026-03", "2026-04", "2026-05"]
    for month in t.months:
        expected = json.loads((sample_dir / f"expected-review-{month}.json").read_text("utf-8"))
        for metric, value in expected["company"].items():
            assert t.company[month][metric] == (approx(value) if value is not None else None)
        for dep in expected["departments"]:
            for metric, value in dep.items():
                if metric in t.departments[month][dep["department_id"]]:
                    got = t.departments[month][dep["department_id"]][metric]
                    assert got == (approx(value) if value is not None else None)
    assert t.series("reach") == [1210, 2180, 560]
    assert t.series("reach", "service", capita=True) == [approx(100.0), approx(400 / 3),
                                                         approx(80.0)]


def test_trend_is_twelve_months_at_most_and_matches_month_figures(tiny):
    t = trend(tiny, "2026-05")
    assert t.months == [f"2025-{m:02d}" for m in range(6, 13)] + [
        f"2026-{m:02d}" for m in range(1, 6)]
    company, departments = month_figures(tiny, "2026-04")
    assert t.company["2026-04"] == company and t.departments["2026-04"] == departments
    rows = t.rows("reach")
    assert {"month": "2026-04", "department_id": None, "value": 2180} in rows
    assert len(rows) == 12 * 4


# --- phase scorecards -------------------------------------------------------------------

@pytest.mark.parametrize("actual, expected, strict, verdict", [
    (100, 100, False, "on_track"), (80, 100, False, "at_risk"), (79.9, 100, False, "off_track"),
    (0.5, 0.5, True, "at_risk"), (0.51, 0.5, True, "on_track"), (None, 1, False, "no_data"),
    (3, 0, False, "no_data"), (-5, -10, False, "on_track"), (-20, -10, False, "off_track"),
])
def test_judge(actual, expected, strict, verdict):
    assert judge(actual, expected, strict)[1] == verdict


def test_overall_is_the_worst_judged_check():
    assert overall(["on_track", "no_data", "at_risk"]) == "at_risk"
    assert overall(["at_risk", "off_track"]) == "off_track"
    assert overall(["no_data"]) == "no_data"
    assert overall([]) == "no_data"


def card(cards, phase):
    return next(c for c in cards if c.phase == phase)


def test_scorecards_tiny_april(tiny):
    cards = scorecards(tiny, "2026-04", load_settings(tiny), TODAY)
    launch = card(cards, "launch")
    # judged on February: headcount 9 (e03 not hired yet); trained by 02-28: e01 e02 e04-e08 = 7;
    # activated: e01 e02 e04 e05 e07 e08 = 6; kickoff all-hands attended by 7 of 9
    assert (launch.status, launch.month, launch.verdict) == ("past", "2026-02", "at_risk")
    assert [(c.key, c.actual, c.expected, c.verdict) for c in launch.checks] == [
        ("trained_rate", approx(7 / 9), 0.8, "at_risk"),
        ("activated_rate", approx(6 / 9), 0.8, "at_risk"),
        ("kickoff", approx(7 / 9), 0.5, "on_track")]
    assert launch.checks[2].detail == "kickoff all-hands"
    pilot = card(cards, "pilot")
    assert (pilot.status, pilot.month, pilot.verdict) == ("current", "2026-04", "off_track")
    # service's April target: 3 stories; it collected 1 (t03 on 04-02)
    target, participation = pilot.checks
    assert (target.key, target.department_id, target.metric, target.actual, target.verdict) == (
        "pilot_target", "service", "stories", 1, "off_track")
    assert target.expected == approx(3.0) and target.ratio == approx(1 / 3)
    # pilot cohort: 2 of 3 in sales + 3 of 3 in service
    assert (participation.actual, participation.verdict) == (approx(5 / 6), "on_track")
    # weeks of April 2026 (Wed 1st): Mar 30 (5 days in April), Apr 6, 13, 20 (7), Apr 27 (4)
    assert [(w.week.isoformat(), w.days, w.actual) for w in pilot.weeks] == [
        ("2026-03-30", 5, 1), ("2026-04-06", 7, 0), ("2026-04-13", 7, 0), ("2026-04-20", 7, 0),
        ("2026-04-27", 4, 0)]
    assert [w.target for w in pilot.weeks] == [approx(3 * d / 30) for d in (5, 7, 7, 7, 4)]
    assert [w.verdict for w in pilot.weeks] == ["on_track"] + ["off_track"] * 4
    assert [c.status for c in cards[2:]] == ["upcoming", "upcoming"]
    assert [c.verdict for c in cards[2:]] == ["no_data", "no_data"]


def test_scorecards_pilot_march_weeks(tiny):
    pilot = card(scorecards(tiny, "2026-03", load_settings(tiny), TODAY), "pilot")
    # sales' March target: 5 leads; leads l01 (03-03), l02 (03-04), l03 (03-31) = 3
    assert [(c.key, c.actual, c.verdict) for c in pilot.checks] == [
        ("pilot_target", 3, "off_track"), ("pilot_participation", approx(5 / 7), "on_track")]
    assert [(w.week.isoformat(), w.days, w.actual) for w in pilot.weeks] == [
        ("2026-02-23", 1, 0), ("2026-03-02", 7, 2), ("2026-03-09", 7, 0), ("2026-03-16", 7, 0),
        ("2026-03-23", 7, 0), ("2026-03-30", 2, 1)]


def test_scorecard_pilot_of_current_month_is_pro_rated_to_today(tiny):
    # judged on 2026-04-12 (a Sunday): 12 of 30 days elapsed, target 3 x 12/30 = 1.2 stories
    pilot = card(scorecards(tiny, "2026-04", load_settings(tiny), dt.date(2026, 4, 12)), "pilot")
    target = pilot.checks[0]
    assert (target.actual, target.expected, target.verdict) == (1, approx(1.2), "at_risk")
    assert target.pro_rated
    assert [(w.week.isoformat(), w.days) for w in pilot.weeks] == [("2026-03-30", 5),
                                                                   ("2026-04-06", 7)]


def test_scorecard_promotion_may(tiny):
    promotion = card(scorecards(tiny, "2026-05", load_settings(tiny), TODAY), "promotion")
    # company targets May: reach 4000 (actual 320+150+90 = 560), leads 3 (actual 0);
    # the data end on 2026-05-08, so May is in progress: targets x 8/31;
    # participation May: sales 1/3, service 2/3 at or above 30 %, rnd 0/3 below: 2 of 3
    assert (promotion.status, promotion.verdict) == ("current", "off_track")
    assert [(c.key, c.metric, c.actual, c.expected, c.verdict) for c in promotion.checks] == [
        ("company_target", "leads", 0, approx(3.0 * 8 / 31), "off_track"),
        ("company_target", "reach", 560, approx(4000.0 * 8 / 31), "off_track"),
        ("departments_above", "participation_rate", approx(2 / 3), 1.0, "off_track")]
    assert [c.pro_rated for c in promotion.checks] == [True, True, False]
    assert card(scorecards(tiny, "2026-05", load_settings(tiny), TODAY), "pilot").status == "past"


def test_scorecards_every_verdict(rephased):
    settings = load_settings(rephased)
    april = scorecards(rephased, "2026-04", settings, TODAY)
    launch = card(april, "launch")
    # January: headcount 9, trained 7/9 vs 0.7, activated (e01 e02 e04 e05 e08) 5/9 vs 0.5
    assert [(c.key, c.actual, c.verdict) for c in launch.checks] == [
        ("trained_rate", approx(7 / 9), "on_track"), ("activated_rate", approx(5 / 9), "on_track"),
        ("kickoff", approx(7 / 9), "on_track")]
    assert launch.verdict == "on_track"
    pilot = card(april, "pilot")          # February: no targets, nobody active yet
    assert [(c.key, c.verdict) for c in pilot.checks] == [
        ("pilot_targets", "no_data"), ("pilot_participation", "off_track")]
    promotion = card(april, "promotion")  # March: reach 1210 of 1500; all departments >= 30 %
    assert [(c.key, c.ratio, c.verdict) for c in promotion.checks] == [
        ("company_target", approx(1210 / 1500), "at_risk"),
        ("departments_above", 1.0, "on_track")]
    assert promotion.verdict == "at_risk"
    optimization = card(april, "optimization")
    # April vs March: reach 2180 vs 1210, conversion 1/2 vs 2/4, participation 5/9 vs 30 %
    assert [(c.key, c.actual, c.expected, c.verdict) for c in optimization.checks] == [
        ("growth_reach", 2180, 1210, "on_track"), ("growth_conversion_rate", 0.5, 0.5, "on_track"),
        ("participation", approx(5 / 9), 0.3, "on_track")]
    assert optimization.verdict == "on_track"
    may = card(scorecards(rephased, "2026-05", settings, TODAY), "optimization")
    # May's data end on 2026-05-08 (in progress): reach 560 against April's 2180 x 8/31 =
    # 562.6 (99.5 %, at risk, not the 26 % of a whole April); no leads (conversion
    # undefined), participation 3/9
    assert [(c.key, c.verdict) for c in may.checks] == [
        ("growth_reach", "at_risk"), ("growth_conversion_rate", "no_data"),
        ("participation", "on_track")]
    assert may.checks[0].expected == approx(2180 * 8 / 31)
    assert may.verdict == "at_risk"
    assert [c.key for c in may.reasons()] == ["growth_reach", "growth_conversion_rate"]
    assert [c.pro_rated for c in may.checks] == [True, False, False]
    # on 2026-05-15 too the data reach only 05-08: April's reach x 8/31, not x 15/31 (days
    # the data do not hold yet do not count against the month); on 05-07, x 7/31
    running = card(scorecards(rephased, "2026-05", settings, dt.date(2026, 5, 15)),
                   "optimization")
    reach, conversion, _ = running.checks
    assert (reach.actual, reach.expected, reach.pro_rated) == (560, approx(2180 * 8 / 31), True)
    assert reach.verdict == "at_risk" and not conversion.pro_rated
    earlier = card(scorecards(rephased, "2026-05", settings, dt.date(2026, 5, 7)), "optimization")
    # on 05-07 the data as of day is 05-07 (the share dated 05-08 lies after today)
    assert (earlier.checks[0].actual, earlier.checks[0].expected) == (560, approx(2180 * 7 / 31))


def test_cohorts_pilot_vs_non_pilot(tiny):
    rows = {r["measure"]: r for r in cohorts(tiny, "2026-04").comparison()}
    assert rows["participation_rate"]["pilot"] == approx(5 / 6)
    assert rows["participation_rate"]["non_pilot"] == 0.0
    assert rows["shares_per_capita"]["pilot"] == approx(5 / 6)
    assert rows["reach_per_capita"]["pilot"] == approx(2180 / 6)
    assert rows["reach_per_capita"]["non_pilot"] == 0.0


def test_timeline_marks_today_and_the_selected_phase(tiny):
    spans = timeline(reference.phases(tiny), "2026-04", dt.date(2026, 5, 10))
    assert [(s.phase, s.when, s.selected) for s in spans] == [
        ("launch", "past", False), ("pilot", "past", True), ("promotion", "now", False),
        ("optimization", "upcoming", False)]


def test_scorecards_without_phases(sqlite_engine):
    cards = scorecards(sqlite_engine, "2026-04", load_settings(sqlite_engine), TODAY)
    assert [(c.phase, c.status, c.verdict) for c in cards] == [
        (p, "unscheduled", "no_data") for p in ("launch", "pilot", "promotion", "optimization")]


# --- alert streaks ----------------------------------------------------------------------

def test_alert_streak_counting_rule(monkeypatch):
    """The counting alone, on alert lists made up for the test: same type, department and
    metric = the same alert; a month without it ends the run; never before first_month."""
    import metrics.alert_history as history
    from metrics.alerts import Alert
    from metrics.review import MonthReview, ScopeReview

    def alert(kind, dep, metric):
        return Alert(kind, dep, metric, 0.1, 0.3, "high")
    a, b, c = (alert("low_participation", "d1", "participation_rate"),
               alert("target_miss", "", "reach"), alert("target_miss", "", "leads"))
    fired = {"2026-01": [a, b], "2026-02": [b], "2026-03": [a, b, c], "2026-04": [a, b, c]}
    monkeypatch.setattr(history, "alerts_of_month",
                        lambda engine, month, settings, today=None: fired.get(month, []))
    review = MonthReview("2026-05", "optimization", ScopeReview({}, {}), [], [c, a, b])
    streaks = history.alert_streaks(None, review, None, "2026-01")
    assert [(s.alert, s.months, s.since) for s in streaks] == [
        (c, 3, "2026-03"), (a, 3, "2026-03"), (b, 5, "2026-01")]
    capped = history.alert_streaks(None, review, None, "2026-04")
    assert [s.months for s in capped] == [2, 2, 2]
    assert history.alert_streaks(None, review, None, None)[0].months == 1


def low_participation(streaks):
    return [(s.alert.department_id, s.months, s.since) for s in streaks
            if s.alert.type == "low_participation"]


def test_alert_streaks_follow_the_review(tiny):
    may = review(tiny, "2026-05")
    streaks = alert_streaks(tiny, may, load_settings(tiny), "2026-03", TODAY)
    assert [s.alert for s in streaks] == may.alerts       # every alert of the month, in order
    # rnd: 0 participants of 3 in May (promotion); April was the pilot, rnd is not a pilot
    assert low_participation(streaks) == [("rnd", 1, "2026-05")]


def test_alert_streak_counts_consecutive_months(rephased):
    settings = load_settings(rephased)
    may = alert_streaks(rephased, review(rephased, "2026-05"), settings, "2026-03", TODAY)
    # rnd below 30 % in April (0/3) and May (0/3), both optimization; March (1/3) was fine
    assert low_participation(may) == [("rnd", 2, "2026-04")]
    april = alert_streaks(rephased, review(rephased, "2026-04"), settings, "2026-03", TODAY)
    assert low_participation(april) == [("rnd", 1, "2026-04")]
    # counting never reaches before the first month with data
    capped = alert_streaks(rephased, review(rephased, "2026-05"), settings, "2026-05", TODAY)
    assert {s.months for s in capped} == {1}
