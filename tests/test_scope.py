"""People-level queries honour the caller's Scope, with exact figures on tiny-co.

tiny-co: sales = e01 张三, e02 李四, e03 王五 (hired 2026-03-20), e04 赵六 (left 2026-03-10);
service = e05 孙七, e06 周八, e07 吴九; rnd = e08 郑十, e09 钱一, e10 陈二.
"""
from __future__ import annotations

import datetime as dt

import pytest

from data_access import content_stats, import_log, people, reference
from data_access.facts import department_month_facts
from data_access.importing import import_path
from data_access.scope import Scope
from metrics import pilot

SALES = Scope.departments({"sales"})
RND_NAMES = ("郑十", "钱一", "陈二")
RND_IDS = ("e08", "e09", "e10")


@pytest.fixture
def tiny(engine, sample_dir):
    assert import_path(engine, sample_dir / "tiny-co", imported_by="tester").ok
    return engine


def _figures(row):
    return {k: row[k] for k in ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")}


def test_head_of_sales_gets_nothing_of_rnd(tiny):
    for month in ("2026-03", "2026-04", "2026-05"):
        assert people.team_month(tiny, month, SALES, "rnd") == []
        for eid in RND_IDS:
            assert people.person_month(tiny, month, SALES, eid) is None
        everyone = people.team_month(tiny, month, SALES, None)   # the whole of their scope
        assert {r["department_id"] for r in everyone} <= {"sales"}
        assert not set(RND_NAMES) & {r["name"] for r in everyone}


def test_empty_scope_sees_no_one(tiny):
    nobody = Scope.departments(())
    assert people.team_month(tiny, "2026-03", nobody, "sales") == []
    assert people.team_month(tiny, "2026-03", nobody, None) == []
    assert people.person_month(tiny, "2026-03", nobody, "e01") is None


def test_company_scope_sees_rnd(tiny):
    rows = people.team_month(tiny, "2026-03", Scope.company(), "rnd")
    assert [r["name"] for r in rows] == ["郑十", "钱一", "陈二"]
    assert _figures(rows[0]) == {"shares": 1, "reach": 50, "clicks": 0, "leads": 0, "won": 0,
                                 "revenue": 0.0, "stories": 0}
    assert [r["participated"] for r in rows] == [True, False, False]


def test_sales_march_per_person(tiny):
    rows = {r["employee_id"]: r for r in people.team_month(tiny, "2026-03", SALES, "sales")}
    assert list(rows) == ["e01", "e02", "e03", "e04"]
    assert _figures(rows["e01"]) == {"shares": 2, "reach": 650, "clicks": 40, "leads": 2,
                                     "won": 1, "revenue": 12000.0, "stories": 0}
    # l03 is created on 03-31 and won, but closed on 04-02: revenue belongs to April
    assert _figures(rows["e02"]) == {"shares": 1, "reach": 120, "clicks": 6, "leads": 1,
                                     "won": 1, "revenue": 0.0, "stories": 0}
    assert _figures(rows["e04"])["reach"] == 90
    assert [rows[e]["participated"] for e in rows] == [True, True, False, True]
    assert all(r["in_headcount"] for r in rows.values())


def test_sales_april_lists_leaver_with_activity(tiny):
    rows = {r["employee_id"]: r for r in people.team_month(tiny, "2026-04", SALES, "sales")}
    assert list(rows) == ["e01", "e02", "e03", "e04"]
    assert rows["e04"]["in_headcount"] is False and rows["e04"]["shares"] == 1
    assert rows["e02"]["revenue"] == 8000.5 and rows["e02"]["participated"] is False
    assert _figures(rows["e03"]) == {"shares": 1, "reach": 1200, "clicks": 60, "leads": 1,
                                     "won": 1, "revenue": 30000.0, "stories": 0}


@pytest.mark.parametrize("month", ["2026-02", "2026-03", "2026-04", "2026-05"])
def test_members_add_up_to_department_facts(tiny, month):
    facts = department_month_facts(tiny, month)
    for dep in ("sales", "service", "rnd"):
        rows = people.team_month(tiny, month, Scope.company(), dep)
        f = facts[dep]
        assert sum(r["shares"] for r in rows) == f.shares
        assert sum(r["reach"] for r in rows) == f.reach
        assert sum(r["clicks"] for r in rows) == f.clicks
        assert sum(r["leads"] for r in rows) == f.leads
        assert sum(r["won"] for r in rows) == f.won
        assert sum(r["revenue"] for r in rows) == pytest.approx(float(f.revenue))
        assert sum(r["stories"] for r in rows) == f.stories
        assert sum(1 for r in rows if r["in_headcount"]) == f.headcount
        assert sum(1 for r in rows if r["in_headcount"] and r["participated"]) == f.participants


def test_person_drill_down(tiny):
    person = people.person_month(tiny, "2026-03", SALES, "e01")
    assert person["name"] == "张三" and person["leads"] == 2
    assert [lead["lead_id"] for lead in person["share_leads"]] == ["l01", "l02"]
    assert [s["share_id"] for s in person["top_shares"]] == ["s01", "s02"]
    assert person["top_shares"][0]["leads"] == 2
    # e03's lead l05 (April) came from s08, their own share
    april = people.person_month(tiny, "2026-04", SALES, "e03")
    assert [lead["lead_id"] for lead in april["share_leads"]] == ["l05"]
    # in scope but idle this month: figures are zero, not None
    idle = people.person_month(tiny, "2026-05", SALES, "e02")
    assert idle is not None and idle["shares"] == 0 and idle["share_leads"] == []
    assert people.person_month(tiny, "2026-03", SALES, "nobody") is None


def test_content_stats(tiny):
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    mix = content_stats.channel_mix(tiny, ["sales", "service"], start, end)
    assert mix == [
        {"channel": "wecom_moments", "shares": 3, "reach": 820, "clicks": 60, "ctr_reach": 820},
        {"channel": "wechat_moments", "shares": 1, "reach": 250, "clicks": 10, "ctr_reach": 250},
        {"channel": "weibo", "shares": 1, "reach": 90, "clicks": 2, "ctr_reach": 90},
    ]
    by_reach = content_stats.top_content(tiny, ["sales", "service"], start, end, "reach")
    assert [(r["content_id"], r["reach"], r["leads"]) for r in by_reach] == [
        ("c1", 610, 3), ("c2", 550, 1)]
    by_leads = content_stats.top_content(tiny, ["sales"], start, end, "leads")
    assert [(r["content_id"], r["leads"]) for r in by_leads] == [("c1", 3)]
    assert content_stats.unapproved_shares(tiny, ["sales", "service"], start, end) == []
    unapproved = content_stats.unapproved_shares(tiny, None, start, end)
    assert [(r["content_id"], r["department_id"], r["shares"], r["review_status"])
            for r in unapproved] == [("c3", "rnd", 1, "pending")]
    assert not any("name" in r or "employee_id" in r for r in unapproved + by_reach + mix)


def test_import_log(tiny):
    history = import_log.import_history(tiny)
    assert history[0]["status"] == "imported" and history[0]["imported_by"] == "tester"
    assert history[0]["counts"]["shares"]["inserted"] == 14
    fresh = {r["table"]: r for r in import_log.freshness(tiny)}
    assert fresh["shares"]["rows"] == 14 and fresh["shares"]["latest"].startswith("2026-05-08")
    assert fresh["leads"]["latest"].startswith("2026-04-20")       # l05 closed_at
    assert fresh["stories"]["latest"] == "2026-04-02"
    assert fresh["pulse"]["latest"] == "2026-04-28"
    assert fresh["targets"]["latest"] == "2026-05"
    assert fresh["departments"]["latest"] is None


def test_freshness_on_empty_database(engine):
    assert all(r["rows"] == 0 and r["latest"] is None for r in import_log.freshness(engine))
    assert import_log.import_history(engine) == []


def test_week_parts_and_pro_rating():
    parts = pilot.week_parts("2026-03")            # 2026-03-01 is a Sunday
    assert parts[0] == (dt.date(2026, 2, 23), dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    assert parts[-1] == (dt.date(2026, 3, 30), dt.date(2026, 3, 30), dt.date(2026, 3, 31))
    days = [(e - s).days + 1 for _, s, e in parts]
    assert days == [1, 7, 7, 7, 7, 2]
    assert sum(pilot.weekly_target(31, d, 31) for d in days) == pytest.approx(31)
    assert pilot.weekly_target(None, 7, 31) is None


def test_pilot_weeks_sales_march(tiny):
    deps = [d for d in reference.departments(tiny) if d.in_pilot]
    rows = pilot.pilot_weeks(tiny, ["2026-03"], deps, reference.targets(tiny, ["2026-03"]),
                             today=dt.date(2026, 6, 1))
    leads = [r for r in rows if r["department_id"] == "sales" and r["metric"] == "leads"]
    assert [r["actual"] for r in leads] == [0, 2, 0, 0, 0, 1]
    assert [r["target"] for r in leads] == pytest.approx([5 / 31, 35 / 31, 35 / 31, 35 / 31,
                                                          35 / 31, 10 / 31])
    assert sum(r["target"] for r in leads) == pytest.approx(5)
    reach = [r["actual"] for r in rows if r["department_id"] == "sales" and r["metric"] == "reach"]
    assert reach == [0, 490, 250, 0, 0, 120]
    # service has no March target: target and attainment undefined, never 0
    service = [r for r in rows if r["department_id"] == "service"]
    assert all(r["target"] is None and r["attainment"] is None for r in service)
    assert {r["department_id"] for r in rows} == {"sales", "service"}


def test_pilot_weeks_after_today_are_not_judged(tiny):
    deps = [d for d in reference.departments(tiny) if d.department_id == "sales"]
    rows = pilot.pilot_weeks(tiny, ["2026-03"], deps, reference.targets(tiny, ["2026-03"]),
                             today=dt.date(2026, 3, 10))
    leads = [r for r in rows if r["metric"] == "leads"]
    assert [r["actual"] for r in leads] == [0, 2, 0, None, None, None]   # week of 03-09 has begun
    assert [r["attainment"] is None for r in leads] == [False, False, False, True, True, True]
    assert all(r["target"] is not None for r in leads)
