"""AppTest runs: follow-up on the Alerts page (a head acts on their own alerts only) and
the review's follow-up lines; the Administration page's send log and test messages."""
from __future__ import annotations

import pytest

from data_access import audit, followups, notify_log
from data_access.db import get_engine
from tests.apptest_support import login, rendered_text, show
from tests.fakes.robots import FakeRobot

RND_LOW = ("low_participation", "rnd", "participation_rate")


def test_head_acknowledges_and_resolves_on_the_alerts_page(tiny_url):
    at = login("head_rnd", lang="en")
    show(at, "alerts", "2026-05")
    pick = at.selectbox(key="followup-pick")
    # only R&D's alerts are offered to R&D's head
    assert pick.options and all("研发部" in o for o in pick.options)
    pick.set_value(RND_LOW).run()
    suffix = "-".join(RND_LOW)
    at.text_area(key=f"followup-note-{suffix}").input("retraining on the 10th")
    at.text_input(key=f"followup-owner-{suffix}").input("赵六")
    at.button[[b.label for b in at.button].index("Acknowledge")].click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)
    record = followups.records(get_engine(tiny_url))[RND_LOW]
    assert (record["status"], record["note"], record["owner"], record["acknowledged_by"]) == (
        "acknowledged", "retraining on the 10th", "赵六", "研发部 负责人")
    text = rendered_text(at)
    assert "acknowledged by 研发部 负责人 on" in text and "retraining on the 10th" in text
    # resolving without saying what was done is refused, in the user's language
    at.selectbox(key="followup-pick").set_value(RND_LOW).run()
    at.button[[b.label for b in at.button].index("Mark resolved")].click().run()
    assert any("Please write what" in e.value for e in at.error)
    at.text_area(key=f"followup-resolution-{suffix}").input("two sessions held")
    at.button[[b.label for b in at.button].index("Mark resolved")].click().run()
    assert followups.records(get_engine(tiny_url))[RND_LOW]["status"] == "resolved"
    assert [e["action"] for e in audit.events(get_engine(tiny_url), action="alert.resolve")] \
        == ["alert.resolve"]
    # the review shows it beside the alert
    show(at, "review", "2026-05")
    assert any("Resolved — acknowledged by 研发部 负责人" in c.value for c in at.caption)


def test_head_of_sales_cannot_act_on_rnd_and_committee_only_reads(tiny_url):
    at = login("head_sales", lang="en")
    show(at, "alerts", "2026-05")
    options = at.selectbox(key="followup-pick").options if any(
        s.key == "followup-pick" for s in at.selectbox) else []
    assert not any("研发部" in o for o in options)
    at = login("committee", lang="zh")
    show(at, "alerts", "2026-05")
    assert not any(s.key == "followup-pick" for s in at.selectbox)
    assert "预警跟进" in rendered_text(at)


def test_admin_sees_the_send_log_and_sends_a_test(tiny_url, monkeypatch):
    robot = FakeRobot("wecom_robot").start()
    try:
        monkeypatch.setenv("NOTIFY_WECOM_ROBOT_URL", robot.url)
        monkeypatch.setenv("DASHBOARD_SECRETS_FILE", "/nonexistent/secrets.toml")
        at = login("admin", lang="en")
        show(at, "admin")
        assert at.button(key="notify-test-dingtalk").disabled
        assert "Nothing has been sent yet." in rendered_text(at)
        at.button(key="notify-test-wecom_robot").click().run()
        assert not at.exception
        assert any("Test message sent (WeCom group robot)" in s.value for s in at.success)
        assert robot.received[0]["body"]["markdown"]["content"].startswith("### 测试消息\n\n**这是来自全员营销看板的测试消息（")  # the group: app language
        [row] = notify_log.entries(get_engine(tiny_url))
        assert (row["recipient"], row["period"], row["status"]) == ("test:group", "test", "sent")
        at.run()
        log = next(d.value for d in at.dataframe if "Digest hash" in d.value.columns)
        assert list(log["Result"]) == ["sent"] and list(log["Channel"]) == ["WeCom group robot"]
    finally:
        robot.stop()


def test_follow_up_notes_stay_in_scope(tiny_url):
    """R&D's note names an R&D person: R&D's head and the committee see it, sales' head not."""
    from data_access.scope import Scope
    followups.acknowledge(get_engine(tiny_url), Scope.departments({"rnd"}), RND_LOW, "2026-05",
                          actor="head_rnd", actor_name="研发部 负责人", note="周五培训",
                          owner="郑十")
    for username, sees in (("head_rnd", True), ("committee", True), ("head_sales", False)):
        at = login(username, lang="en")
        for page in ("alerts", "review"):
            show(at, page, "2026-05")
            assert ("郑十" in rendered_text(at)) is sees, (username, page)
