"""Unknown clicks (spec: shares.clicks may be empty; share_clicks sets them later).

ctr is clicks / reach over the shares whose clicks are known, in the rollups, the
review, the league table and the suspect_ctr alert; an unknown click never counts as 0.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from data_access.importing import import_files, read_template_csv
from data_access.models import EmployeeMonth, Share, ShareClicks
from data_access.rollups import rebuild
from metrics.league import league
from metrics.review import monthly_review
from tests.build_company import Company

TODAY = dt.date(2026, 11, 23)


def csv_file(name: str, header: str, *rows: str) -> tuple[str, bytes]:
    return (f"{name}.csv", ("\n".join([header, *rows]) + "\n").encode())


def share_rows(engine) -> dict[str, int | None]:
    with engine.connect() as conn:
        return dict(conn.execute(select(Share.share_id, Share.clicks)).all())


def rollup(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(
            select(EmployeeMonth.month, EmployeeMonth.employee_id, EmployeeMonth.shares,
                   EmployeeMonth.reach, EmployeeMonth.clicks, EmployeeMonth.ctr_reach)))


@pytest.fixture
def co(engine, tmp_path):
    c = Company().dept("a").dept("b")
    c.emp("a1", "a").emp("a2", "a").emp("b1", "b")
    c.share("a1", "2026-05-04 10:00", 100, 10)      # known: 10 clicks on 100
    c.share("a1", "2026-05-05 10:00", 300, None)    # unknown: its 300 reach is not in ctr
    c.share("a2", "2026-05-06 10:00", 100, 0)       # known: 0 clicks on 100
    c.share("b1", "2026-05-07 10:00", 50, None)     # b: no click known at all
    return c.load(engine, tmp_path / "co")


def test_templates_follow_the_contract():
    assert read_template_csv("shares") == "\ufeffshare_id,employee_id,content_id,channel,shared_at,reach,clicks\r\n".encode()
    assert read_template_csv("share_clicks") == "\ufeffshare_id,clicks\r\n".encode()
    assert read_template_csv("content").decode("utf-8-sig").strip().endswith(",url")


def test_ctr_is_over_the_shares_whose_clicks_are_known(co):
    assert share_rows(co) == {"s00001": 10, "s00002": None, "s00003": 0, "s00004": None}
    assert rollup(co) == [("2026-05", "a1", 2, 400, 10, 100), ("2026-05", "a2", 1, 100, 0, 100),
                          ("2026-05", "b1", 1, 50, 0, 0)]
    review = monthly_review(co, "2026-05", today=TODAY)
    assert review.company.values["reach"] == 550
    assert review.company.values["clicks"] == 10
    assert review.company.values["ctr"] == pytest.approx(10 / 200)
    by_dep = {d.department_id: d.values for d in review.departments}
    assert by_dep["a"]["ctr"] == pytest.approx(10 / 200)
    assert by_dep["b"]["ctr"] is None            # undefined, never 0
    rows = {r.department_id: r for r in league(review, "ctr", capita=False, compare=False)}
    assert (rows["a"].rank, rows["a"].value) == (1, pytest.approx(0.05))
    assert (rows["b"].rank, rows["b"].value, rows["b"].status) == (None, None, "unranked")
    # a rebuild from the raw rows gives the same rollup
    with co.begin() as conn:
        rebuild(conn)
    assert rollup(co) == [("2026-05", "a1", 2, 400, 10, 100), ("2026-05", "a2", 1, 100, 0, 100),
                          ("2026-05", "b1", 1, 50, 0, 0)]


def test_share_clicks_sets_clicks_and_a_later_empty_keeps_them(co):
    header = "share_id,employee_id,content_id,channel,shared_at,reach,clicks"
    result = import_files(co, [csv_file("share_clicks", "share_id,clicks", "s00002,30",
                                        "s00004,5")])
    assert result.ok, result.problems
    assert result.counts == {"share_clicks": {"inserted": 2, "updated": 0, "unchanged": 0}}
    assert share_rows(co) == {"s00001": 10, "s00002": 30, "s00003": 0, "s00004": 5}
    assert rollup(co) == [("2026-05", "a1", 2, 400, 40, 400), ("2026-05", "a2", 1, 100, 0, 100),
                          ("2026-05", "b1", 1, 50, 5, 50)]
    review = monthly_review(co, "2026-05", today=TODAY)
    assert review.company.values["ctr"] == pytest.approx(45 / 550)
    # the source that knows no clicks sends the share again with clicks empty: kept
    again = import_files(co, [csv_file("shares", header,
                                       "s00002,a1,c1,wecom_moments,2026-05-05 10:00,300,")])
    assert again.ok, again.problems
    assert again.counts == {"shares": {"inserted": 0, "updated": 0, "unchanged": 1}}
    assert share_rows(co)["s00002"] == 30
    # the same share_clicks file again changes nothing
    same = import_files(co, [csv_file("share_clicks", "share_id,clicks", "s00002,30",
                                      "s00004,5")])
    assert same.counts == {"share_clicks": {"inserted": 0, "updated": 0, "unchanged": 2}}
    # a shares row with clicks given replaces them; a later share_clicks sets them again
    assert import_files(co, [csv_file("shares", header,
                                      "s00002,a1,c1,wecom_moments,2026-05-05 10:00,300,7")]).ok
    assert share_rows(co)["s00002"] == 7
    assert rollup(co)[0] == ("2026-05", "a1", 2, 400, 17, 400)
    assert import_files(co, [csv_file("share_clicks", "share_id,clicks", "s00002,31")]).ok
    assert share_rows(co)["s00002"] == 31
    assert rollup(co)[0] == ("2026-05", "a1", 2, 400, 41, 400)
    with co.connect() as conn:
        assert dict(conn.execute(select(ShareClicks.share_id, ShareClicks.clicks)).all()) == {
            "s00002": 31, "s00004": 5}


def test_share_clicks_is_checked_like_any_table(co):
    result = import_files(co, [csv_file("share_clicks", "share_id,clicks", "s00002,-1",
                                        "nope,3", "s00004,")])
    assert not result.ok
    assert [(p.line, p.column, p.value) for p in result.problems] == [
        (2, "clicks", "-1"), (3, "share_id", "nope"), (4, "clicks", None)]
    assert share_rows(co)["s00002"] is None


def test_suspect_ctr_ignores_unknown_clicks(engine, tmp_path):
    c = Company().dept("c")
    c.emp("c1", "c").emp("c2", "c").emp("c3", "c")
    c.shares("c1", "2026-05", 20, 100, None)     # 20 shares, clicks unknown: not suspect
    c.shares("c2", "2026-05", 10, 100, 10)       # 10 % on 1,000
    c.shares("c3", "2026-05", 20, 100, 0)        # 0 % on 2,000: suspect
    c.load(engine, tmp_path / "g")
    review = monthly_review(engine, "2026-05", today=TODAY)
    gaming = [(a.department_id, a.metric, a.value, a.threshold) for a in review.alerts
              if a.type == "suspected_gaming"]
    # the department's click-through is 100 / 3,000 (c1's unknown clicks are not zeros)
    assert gaming == [("c", "suspect_ctr", 0.0, pytest.approx(0.25 * 100 / 3000))]
