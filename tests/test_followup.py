"""Alert follow-up: acknowledge / resolve / reopen, carried over while the alert recurs,
scope enforced in the data layer, every change audited (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest

from auth.roles import User
from data_access import audit, followups
from data_access.followups import FollowUpError
from data_access.scope import Scope
from metrics import followup
from metrics.followup import describe, state_for
from metrics.settings import load_settings
from notify.recipients import recipients
from notify.run import build_digests, period_of
from tests.notify_support import MONTH, TODAY, USERS, company

HEAD_SALES = User("head_sales", "王丽", frozenset({"dept_head"}), frozenset({"sales"}))
MARKETING = User("marketing", "市场部 运营", frozenset({"marketing"}))
COMMITTEE = User("committee", "委员会", frozenset({"committee"}))
SALES_MISS = ("target_miss", "sales", "reach")
RND_LOW = ("low_participation", "rnd", "participation_rate")
AT = dt.datetime(2026, 12, 3, 9, 30)


def test_acknowledge_resolve_reopen_cycle(engine):
    rec = followups.acknowledge(engine, HEAD_SALES.scope, SALES_MISS, "2026-05",
                                actor="head_sales", actor_name="王丽",
                                note="retraining on the 10th", owner="张伟", at=AT)
    assert (rec["status"], rec["month"], rec["note"], rec["owner"]) == (
        "acknowledged", "2026-05", "retraining on the 10th", "张伟")
    # carried over while the same alert recurs (its run started in or before May)
    assert state_for(rec, "2026-06", since="2026-05").state == "acknowledged"
    assert state_for(rec, "2026-05", since="2026-04").state == "acknowledged"
    # a new run of the alert after it stopped firing is open again
    assert state_for(rec, "2026-08", since="2026-08").state == "open"
    assert describe(state_for(rec, "2026-05"), "en") == \
        "acknowledged by 王丽 on 3 Dec: retraining on the 10th (owner: 张伟)"
    assert describe(state_for(rec, "2026-05"), "zh") == \
        "王丽 于12月3日确认：retraining on the 10th（负责人：张伟）"

    rec = followups.resolve(engine, HEAD_SALES.scope, SALES_MISS, "2026-06", actor="head_sales",
                            actor_name="王丽", resolution="two sessions held",
                            at=AT + dt.timedelta(days=20))
    assert rec["status"] == "resolved" and rec["note"] == "retraining on the 10th"
    assert state_for(rec, "2026-06", since="2026-05").state == "resolved"
    # fires again in a later month: reopened, the earlier resolution still shown
    again = state_for(rec, "2026-07", since="2026-05")
    assert again.state == "reopened" and again.is_open
    assert describe(again, "en") == (
        "fired again after it was resolved; acknowledged by 王丽 on 3 Dec: retraining on "
        "the 10th (owner: 张伟); resolved by 王丽 on 23 Dec: two sessions held")

    followups.reopen(engine, HEAD_SALES.scope, SALES_MISS, "2026-07", actor="head_sales")
    assert followups.records(engine) == {}
    actions = [e["action"] for e in sorted(audit.events(engine), key=lambda e: e["id"])]
    assert actions == ["alert.acknowledge", "alert.resolve", "alert.reopen"]
    ack = audit.events(engine, action="alert.acknowledge")[0]
    assert ack["actor"] == "head_sales" and ack["details"] == {
        "type": "target_miss", "department_id": "sales", "metric": "reach",
        "month": "2026-05", "note": "retraining on the 10th", "owner": "张伟"}


def test_scope_rules_in_the_data_layer(engine):
    # a head may not act on another department's alert, nor on a company-level one
    for key in (RND_LOW, ("target_miss", "", "reach")):
        with pytest.raises(FollowUpError) as err:
            followups.acknowledge(engine, HEAD_SALES.scope, key, MONTH, actor="head_sales",
                                  actor_name="王丽", note="x")
        assert err.value.reason == "out_of_scope"
        with pytest.raises(FollowUpError):
            followups.resolve(engine, HEAD_SALES.scope, key, MONTH, actor="head_sales",
                              actor_name="王丽", resolution="x")
        with pytest.raises(FollowUpError):
            followups.reopen(engine, HEAD_SALES.scope, key, MONTH, actor="head_sales")
    with pytest.raises(FollowUpError) as err:
        followups.acknowledge(engine, Scope.departments(()), SALES_MISS, MONTH, actor="x",
                              actor_name="x", note="x")
    assert err.value.reason == "out_of_scope"
    # the committee reads but does not act (metrics layer); marketing acts on any alert
    with pytest.raises(FollowUpError) as err:
        followup.acknowledge(engine, COMMITTEE, RND_LOW, MONTH, "x")
    assert err.value.reason == "role"
    followup.acknowledge(engine, MARKETING, ("target_miss", "", "reach"), MONTH, "plan")
    followup.acknowledge(engine, MARKETING, RND_LOW, MONTH, "plan B", "李娜")
    with pytest.raises(FollowUpError) as err:
        followup.acknowledge(engine, HEAD_SALES, SALES_MISS, MONTH, "   ")
    assert err.value.reason == "note_required"
    with pytest.raises(FollowUpError) as err:
        followup.acknowledge(engine, HEAD_SALES, SALES_MISS, MONTH, "x" * 1001)
    assert err.value.reason == "too_long"
    # a head reads only their own departments' records
    followup.acknowledge(engine, HEAD_SALES, SALES_MISS, MONTH, "mine")
    assert sorted(followups.records(engine, HEAD_SALES.scope)) == [SALES_MISS]
    assert len(followups.records(engine)) == 3
    assert followup.may_act_on(HEAD_SALES, "sales") and not followup.may_act_on(HEAD_SALES, "rnd")
    assert not followup.may_act_on(COMMITTEE, "sales")
    assert len(audit.events(engine, action="alert.acknowledge")) == 3   # refusals write nothing


def test_digests_show_the_follow_up(engine, tmp_path):
    company().load(engine, tmp_path / "csv")
    followups.acknowledge(engine, HEAD_SALES.scope, SALES_MISS, MONTH, actor="head_sales",
                          actor_name="王丽", note="retraining on the 10th", at=AT)
    followups.resolve(engine, Scope.company(), RND_LOW, MONTH, actor="marketing",
                      actor_name="市场部 运营", resolution="reminders sent", at=AT)
    digests = {d.recipient.username: d for d in build_digests(
        engine, period_of(MONTH, None, TODAY), recipients(USERS, "zh"), load_settings(engine),
        "https://d", TODAY, attachments=False)}
    sales = digests["head_sales"]
    assert sales.items[1].lines[-1] == "跟进：王丽 于12月3日确认：retraining on the 10th"
    rnd = digests["head_rnd"]         # its one alert is resolved: not among the open ones
    assert [i.title for i in rnd.items] == ["研发部: KPIs against target",
                                            "研发部: no open alerts this month",
                                            "研发部: 1 more alert(s) resolved"]
    committee = digests["committee"]
    assert [i.title for i in committee.items][2:] == [
        "[中] 未达目标 · 销售部", "待处理预警 1 条（本月共 2 条），以上为优先级最高的 1 条"]
