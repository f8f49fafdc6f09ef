"""The alerts beyond the spec's two (metrics/alerts.py, docs/alerts.md), each on data built to
fire it and data built not to, on SQLite and PostgreSQL; evidence limited by Scope.

Phases of every company here (tests/build_company.py): launch January, pilot February and
March, promotion April to June, optimization from July 2026. `TODAY` lies after the data;
a month is complete when the data reach its last day (metrics/coverage.py), so companies
judged on a whole month hold one share on the 1st of the next month.
"""
from __future__ import annotations

import datetime as dt

import pytest

from data_access.scope import Scope
from metrics.alerts import COMPANY, Alert, alert_evidence, gaming_evidence
from metrics.review import alerts_of_month, monthly_review
from metrics.settings import Settings, load_settings
from tests.build_company import Company, minutes

TODAY = dt.date(2026, 11, 23)


def approx(x):
    return pytest.approx(x, rel=1e-9)


def alerts(engine, month, kind, today=TODAY, settings=None):
    review = monthly_review(engine, month, settings or load_settings(engine), today)
    return [(a.department_id, a.metric, a.value, a.threshold, a.severity)
            for a in review.alerts if a.type == kind]


def staff(c: Company, department_id: str, n: int, prefix: str | None = None) -> list[str]:
    ids = [f"{prefix or department_id}{i}" for i in range(1, n + 1)]
    for e in ids:
        c.emp(e, department_id)
    return ids


# --- target_miss ---------------------------------------------------------------------------

@pytest.fixture
def targets_co(engine, tmp_path):
    c = Company()
    for d in ("a", "b", "c"):
        c.dept(d)
    staff(c, "a", 2), staff(c, "b", 2), staff(c, "c", 2)
    c.share("a1", "2026-05-03 10:00", 700)           # a: reach 700 against 1,000
    c.share("b1", "2026-05-04 10:00", 800)           # b: reach 800 against 1,000: exactly 80 %
    c.share("c1", "2026-05-15 10:00", 300)           # c: reach 300, no target
    for i in range(3):
        c.lead("a1", f"2026-05-0{i + 2} 09:00")      # company: 3 leads against 10
    c.target("2026-05", "a", "reach", 1000)
    c.target("2026-05", "b", "reach", 1000)
    c.target("2026-05", "b", "participation_rate", 0.5)   # b: 1 of 2 took part = 50 %
    c.target("2026-05", None, "leads", 10)
    c.target("2026-05", "c", "shares", 0)            # a target of 0 is never missed
    c.share("c1", "2026-06-01 09:00", 10)            # the data reach June: May is complete
    return c.load(engine, tmp_path / "targets")


def test_target_miss_fires_below_80_percent(targets_co):
    assert alerts(targets_co, "2026-05", "target_miss") == [
        (COMPANY, "leads", 3, approx(8.0), "high"),          # 3 < 8 x 0.5
        ("a", "reach", 700, approx(800.0), "medium")]


def test_target_miss_company_alert_is_named_company(targets_co):
    review = monthly_review(targets_co, "2026-05", load_settings(targets_co), TODAY)
    company = next(a for a in review.alerts if a.department_id == COMPANY)
    out = review.as_dict("en")["alerts"]
    assert next(a for a in out if a["department_id"] == "")["department_name"] == "Company"
    assert company.as_dict("zh")["department_name"] == "全公司"


def test_target_miss_mid_month_is_pro_rated(targets_co):
    # today 2026-05-16; the data reach 2026-05-15: 15 of 31 days
    progress = 15 / 31
    got = alerts(targets_co, "2026-05", "target_miss", today=dt.date(2026, 5, 16))
    # a: 700 >= 0.8 x 1,000 x 15/31 = 387.10, b: 800 too: neither fires; company leads
    # 3 < 0.8 x 10 x 15/31 = 3.87 fires; b's participation target is not judged mid-month
    assert got == [(COMPANY, "leads", 3, approx(0.8 * 10 * progress), "medium")]


def test_target_miss_waits_for_a_week_of_data(targets_co):
    # today 2026-05-05: 5 days of the month have passed < alerts.partial_month.min_days (7)
    assert alerts(targets_co, "2026-05", "target_miss", today=dt.date(2026, 5, 5)) == []


def test_target_miss_company_not_watched_in_the_pilot(engine, tmp_path):
    c = Company().dept("a", in_pilot=True).dept("b")
    staff(c, "a", 1), staff(c, "b", 1)
    c.share("a1", "2026-03-03 10:00", 100)
    c.share("b1", "2026-03-03 10:00", 100)
    for d in (None, "a", "b"):
        c.target("2026-03", d, "reach", 10_000)
    c.share("b1", "2026-04-01 10:00", 100)           # the data reach April: March is complete
    c.load(engine, tmp_path / "pilot")
    # March is the pilot: only the pilot department a is watched, not b, not the company
    assert [a[:2] for a in alerts(engine, "2026-03", "target_miss")] == [("a", "reach")]


# --- reach_drop ----------------------------------------------------------------------------

@pytest.fixture
def drop_co(engine, tmp_path):
    c = Company()
    for d in ("a", "b", "c", "d"):
        c.dept(d)
        staff(c, d, 1)
    for d, april, may in (("a", 1000, 690), ("b", 1000, 700), ("d", 1000, 300)):
        c.share(f"{d}1", "2026-04-10 10:00", april)
        c.share(f"{d}1", "2026-05-10 10:00", may)
    c.share("c1", "2026-05-15 10:00", 50)            # c: nothing in April
    c.share("c1", "2026-06-01 10:00", 50)            # the data reach June: May is complete
    return c.load(engine, tmp_path / "drop")


def test_reach_drop_fires_beyond_30_percent(drop_co):
    assert alerts(drop_co, "2026-05", "reach_drop") == [
        ("a", "reach_change", approx(690 / 1000 - 1), approx(-0.3), "medium"),
        ("d", "reach_change", approx(300 / 1000 - 1), approx(-0.3), "high")]   # -70 % <= -60 %


def test_reach_drop_mid_month_compares_pro_rata(drop_co):
    # today 2026-05-20, data to 2026-05-15: April x 15/31 = 483.87 expected by now
    expected = 1000 * 15 / 31
    got = alerts(drop_co, "2026-05", "reach_drop", today=dt.date(2026, 5, 20))
    # a 690 and b 700 are ahead of pro rata; d 300 is 38 % behind it
    assert got == [("d", "reach_change", approx(300 / expected - 1), approx(-0.3), "medium")]


def test_reach_drop_setting(drop_co):
    settings = Settings({**load_settings(drop_co).values, "alerts.reach_drop.drop": 0.75})
    assert alerts(drop_co, "2026-05", "reach_drop", settings=settings) == []


# --- low_reach_per_share -------------------------------------------------------------------

@pytest.fixture
def rps_co(engine, tmp_path):
    c = Company()
    for d, n, reach in (("a", 10, 100), ("b", 10, 300), ("c", 12, 320), ("d", 10, 400),
                        ("e", 9, 10)):
        c.dept(d)
        staff(c, d, 1)
        c.shares(f"{d}1", "2026-05", n, reach)
    c.shares("b1", "2026-06", 10, 100)              # June: a alone is not compared
    return c.load(engine, tmp_path / "rps")


def test_low_reach_per_share_against_the_median(rps_co):
    # reach per share of departments with >= 10 shares: 100, 300, 320, 400; median 310;
    # a (100) is below half of it (155); e (10 per share) has only 9 shares: not judged
    assert alerts(rps_co, "2026-05", "low_reach_per_share") == [
        ("a", "reach_per_share", approx(100.0), approx(155.0), "medium")]


def test_low_reach_per_share_needs_departments_to_compare(rps_co):
    assert alerts(rps_co, "2026-06", "low_reach_per_share") == []


# --- unapproved_content --------------------------------------------------------------------

@pytest.fixture
def unapproved_co(engine, tmp_path):
    c = Company().content("c2", "pending", "未审核视频").content("c3", "rejected", "限时五折")
    for d in ("a", "b", "c"):
        c.dept(d)
        staff(c, d, 2)
    c.share("a1", "2026-05-03 10:00", 100, 1, "c2")
    c.share("a2", "2026-05-04 10:00", 100, 1, "c2")
    c.share("b1", "2026-05-05 10:00", 100, 1, "c3")
    c.share("b1", "2026-05-06 10:00", 100, 1, "c1")
    c.share("c1", "2026-05-05 10:00", 100, 1, "c1")     # c: approved content
    c.share("c2", "2026-05-05 10:00", 100, 1, None)     # c: an own post, not library content
    c.share("a1", "2026-04-03 10:00", 100, 1, "c2")     # April: another month
    return c.load(engine, tmp_path / "unapproved")


def test_unapproved_content_counts_shares(unapproved_co):
    assert alerts(unapproved_co, "2026-05", "unapproved_content") == [
        ("a", "unapproved_shares", 2, 1.0, "medium"),      # pending only
        ("b", "unapproved_shares", 1, 1.0, "high")]        # rejected content


def test_unapproved_content_evidence_is_scoped(unapproved_co):
    settings = load_settings(unapproved_co)
    review = monthly_review(unapproved_co, "2026-05", settings, TODAY)
    a, b = [x for x in review.alerts if x.type == "unapproved_content"]
    rows = alert_evidence(unapproved_co, "2026-05", Scope.company(), a, settings)
    assert [(r["employee_id"], r["content_id"], r["review_status"], r["shares"]) for r in rows] == [
        ("a1", "c2", "pending", 1), ("a2", "c2", "pending", 1)]
    head_a = Scope.departments({"a"})
    assert len(alert_evidence(unapproved_co, "2026-05", head_a, a, settings)) == 2
    assert alert_evidence(unapproved_co, "2026-05", head_a, b, settings) == []
    assert alert_evidence(unapproved_co, "2026-05", Scope.departments(()), a, settings) == []


def test_unapproved_content_watched_in_the_pilot_for_pilot_departments_only(engine, tmp_path):
    c = Company().content("c2", "rejected").dept("a", in_pilot=True).dept("b")
    staff(c, "a", 1), staff(c, "b", 1)
    c.share("a1", "2026-03-03 10:00", 100, 1, "c2")
    c.share("b1", "2026-03-03 10:00", 100, 1, "c2")
    c.load(engine, tmp_path / "pilot")
    assert [a[0] for a in alerts(engine, "2026-03", "unapproved_content")] == ["a"]
    assert alerts(engine, "2026-01", "unapproved_content") == []       # launch: not watched


# --- suspected_gaming ------------------------------------------------------------------------

@pytest.fixture
def gaming_co(engine, tmp_path):
    c = Company().content("c2")
    for d in ("a", "b", "c", "d"):
        c.dept(d)
    c.emp("a1", "a", "刷量甲").emp("a2", "a", "节奏乙")
    c.emp("c1", "c", "低点丙").emp("c2", "c", "正常丁").emp("c3", "c", "差一戊")
    c.emp("d1", "d", "线索己").emp("d2", "d", "线索庚").emp("d3", "d", "线索辛")
    c.emp("b1", "b", "普通壬")
    # (b) bursts: a1 shares c1 20 times 30 s apart (9.5 minutes), a2 20 times 2 min apart
    for t in minutes("2026-05-18 21:00:00", 30, 20):
        c.share("a1", t, 10, 1, "c1")
    for t in minutes("2026-05-18 21:00:00", 120, 20):
        c.share("a2", t, 10, 1, "c1")
    c.share("b1", "2026-05-02 10:00", 100, 5)
    # (a) click-through: c1 20 shares, no click; c2 10 shares at 10 %; c3 19 shares, no click
    c.shares("c1", "2026-05", 20, 100, 0)
    c.shares("c2", "2026-05", 10, 100, 10, "c2")
    c.shares("c3", "2026-05", 19, 100, 0, "c2")
    # (c) leads March-May: d1 10 none won, d2 12 with one won, d3 9 none won
    for i in range(10):
        c.lead("d1", f"2026-0{3 + i % 3}-1{i} 10:00", "lost" if i % 2 else "open",
               f"2026-0{3 + i % 3}-2{i} 10:00" if i % 2 else "")
    for i in range(12):
        won = i == 0
        c.lead("d2", f"2026-0{3 + i % 3}-0{1 + i % 9} 10:00", "won" if won else "lost",
               "2026-05-28 10:00", "1000" if won else "")
    for i in range(9):
        c.lead("d3", f"2026-05-0{1 + i} 10:00", "lost", "2026-05-28 10:00")
    c.lead("d3", "2026-02-10 10:00", "lost", "2026-02-20 10:00")    # before the 3 months
    return c.load(engine, tmp_path / "gaming")


def test_suspected_gaming_patterns(gaming_co):
    department_ctr = 100 / (20 * 100 + 10 * 100 + 19 * 100)        # c: 100 clicks on 4,900
    assert alerts(gaming_co, "2026-05", "suspected_gaming") == [
        ("a", "burst_shares", 20, 20.0, "medium"),
        ("c", "suspect_ctr", 0.0, approx(0.25 * department_ctr), "high"),
        ("d", "unwon_leads", 10, 10.0, "medium")]


def test_suspected_gaming_evidence_rows(gaming_co):
    settings = load_settings(gaming_co)
    rows = gaming_evidence(gaming_co, "2026-05", Scope.company(), settings)
    burst = next(r for r in rows if r["pattern"] == "burst_shares")
    assert (burst["employee_id"], burst["name"], burst["content_id"], burst["shares"]) == (
        "a1", "刷量甲", "c1", 20)
    assert burst["first_at"] == dt.datetime(2026, 5, 18, 21, 0)
    assert burst["last_at"] == dt.datetime(2026, 5, 18, 21, 9, 30)
    assert (burst["reach"], burst["clicks"], burst["minutes"]) == (200, 20, 9.5)
    ctr = next(r for r in rows if r["pattern"] == "suspect_ctr")
    assert (ctr["employee_id"], ctr["shares"], ctr["reach"], ctr["clicks"], ctr["ctr"]) == (
        "c1", 20, 2000, 0, 0.0)
    leads = next(r for r in rows if r["pattern"] == "unwon_leads")
    assert (leads["employee_id"], leads["leads"], leads["lost"], leads["open"],
            leads["from_month"], leads["to_month"]) == ("d1", 10, 5, 5, "2026-03", "2026-05")
    assert [r["pattern"] for r in rows] == ["burst_shares", "suspect_ctr", "unwon_leads"]


def test_suspected_gaming_evidence_never_leaves_the_scope(gaming_co):
    settings = load_settings(gaming_co)
    review = monthly_review(gaming_co, "2026-05", settings, TODAY)
    gaming = [a for a in review.alerts if a.type == "suspected_gaming"]
    head_b = Scope.departments({"b"})
    for alert in gaming:
        assert alert_evidence(gaming_co, "2026-05", Scope.company(), alert, settings)
        assert alert_evidence(gaming_co, "2026-05", head_b, alert, settings) == []
    assert gaming_evidence(gaming_co, "2026-05", head_b, settings) == []
    head_a = Scope.departments({"a"})
    assert {r["department_id"] for r in gaming_evidence(gaming_co, "2026-05", head_a,
                                                        settings)} == {"a"}
    # the alerts themselves carry department figures only: no name, no employee id
    text = repr([a.as_dict("zh", "x") for a in review.alerts])
    for who in ("刷量甲", "低点丙", "线索己", "a1", "c1", "d1"):
        assert who not in text


def test_suspected_gaming_not_fired_by_ordinary_activity(gaming_co):
    # April holds only the start of d1's and d2's leads: nobody reaches 10 leads
    assert alerts(gaming_co, "2026-04", "suspected_gaming") == []


def test_suspected_gaming_thresholds_are_settings(gaming_co):
    values = {**load_settings(gaming_co).values, "alerts.suspected_gaming.burst_shares": 21,
              "alerts.suspected_gaming.min_shares": 21, "alerts.suspected_gaming.lead_min": 11}
    assert alerts(gaming_co, "2026-05", "suspected_gaming", settings=Settings(values)) == []
    values = {**values, "alerts.suspected_gaming.burst_shares": 8,
              "alerts.suspected_gaming.burst_minutes": 14}
    # a2 shares every 2 minutes: 8 shares within 14 minutes (the largest window of a1 is 20)
    got = alerts(gaming_co, "2026-05", "suspected_gaming", settings=Settings(values))
    assert got == [("a", "burst_shares", 20, 8.0, "high")]
    rows = gaming_evidence(gaming_co, "2026-05", Scope.company(), Settings(values))
    assert sorted((r["employee_id"], r["shares"]) for r in rows) == [("a1", 20), ("a2", 8)]


# --- concentration -------------------------------------------------------------------------

@pytest.fixture
def concentration_co(engine, tmp_path):
    c = Company()
    plan = {"a": [7000] + [300] * 9,          # top 1 of 10: 7,000 / 9,700 = 72 %
            "b": [500] + [400] * 9,           # top 1 of 10: 500 / 4,100 = 12 %
            "c": [9000, 10, 10, 10],          # 4 sharers: too few to judge
            "d": [5000, 4000] + [100] * 9}    # top 2 of 11 (ceil 1.1): 9,000 / 9,900 = 91 %
    for d, reaches in plan.items():
        c.dept(d)
        for i, reach in enumerate(reaches, 1):
            c.emp(f"{d}{i}", d)
            c.share(f"{d}{i}", f"2026-05-{i:02d} 10:00", reach, 1)
    return c.load(engine, tmp_path / "concentration")


def test_concentration_fires_when_reach_rests_on_a_few(concentration_co):
    assert alerts(concentration_co, "2026-05", "concentration") == [
        ("a", "top_reach_share", approx(7000 / 9700), 0.6, "medium"),
        ("d", "top_reach_share", approx(9000 / 9900), 0.6, "high")]        # >= 80 %


def test_concentration_not_in_the_launch(concentration_co):
    assert alerts(concentration_co, "2026-01", "concentration") == []


# --- assembly --------------------------------------------------------------------------------

def test_alerts_of_month_equal_the_review(gaming_co):
    settings = load_settings(gaming_co)
    review = monthly_review(gaming_co, "2026-05", settings, TODAY)
    assert alerts_of_month(gaming_co, "2026-05", settings, TODAY) == review.alerts


def test_alert_as_dict_keeps_its_fields():
    a = Alert("reach_drop", "ops", "reach_change", -0.63, -0.3, "high")
    d = a.as_dict("en", "运营部")
    assert {k: d[k] for k in ("type", "department_id", "metric", "value", "threshold",
                              "severity", "department_name")} == {
        "type": "reach_drop", "department_id": "ops", "metric": "reach_change", "value": -0.63,
        "threshold": -0.3, "severity": "high", "department_name": "运营部"}
    assert d["title"] == "Reach drop" and d["cause"] and d["action"]


def test_largest_burst_window_is_inclusive_and_prefers_the_earliest():
    """A burst is a share and every share at or after it within the minutes, the last one
    included when exactly that far; of equal bursts the earliest is kept."""
    from data_access.alert_facts import _largest_burst
    at = lambda m, s=0: dt.datetime(2026, 5, 4, 9, m, s)   # noqa: E731
    times = [at(0), at(10), at(10), at(30), at(40), at(41), at(50, 1)]
    reach, clicks = [1, 2, 4, 8, 16, 32, 64], [0, 1, 0, 1, 0, 1, 0]
    # from 09:00: 09:00, 09:10, 09:10, 09:30 (exactly 30 minutes later, included); from
    # 09:10 as many (4): the earliest is kept
    assert _largest_burst(times, reach, clicks, 3, 30) == (at(0), at(30), 4, 15, 2)
    # within 31 minutes, from 09:10 (five shares) beats from 09:00 (four)
    assert _largest_burst(times, reach, clicks, 3, 31) == (at(10), at(41), 5, 62, 3)
    # two bursts of 2 within 5 minutes (09:10 twice; 09:40 and 09:41): the earliest
    assert _largest_burst(times, reach, clicks, 2, 5) == (at(10), at(10), 2, 6, 1)
    assert _largest_burst(times, reach, clicks, 5, 30) is None
