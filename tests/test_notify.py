"""Notifications end to end against fake platforms on 127.0.0.1: FakeWeCom (app messages),
fake WeCom / DingTalk / Feishu robots (tests/fakes/robots.py) and an aiosmtpd server."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import email
import hashlib
import hmac
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from data_access import notify_log
from metrics.settings import load_settings
from notify import cli
from notify.channels import (DingTalkChannel, FeishuChannel, Pacer, Retry, WeComRobotChannel,
                             dingtalk_sign, feishu_sign, parse_smtp_url)
from notify.digest import Digest, Item
from notify.recipients import GROUP, Recipient, recipients
from notify.run import build_digests, period_of, send
from tests.fakes.robots import FakeRobot
from tests.fakes.wecom import FakeWeCom
from tests.notify_support import MONTH, OTHER_PEOPLE, TODAY, USERS, company
from wecom.client import forget_tokens

BASE = "https://dash.example.com"

SALES_WECOM = (
    "### 销售部 · 2026年5月 全员营销摘要\n\n"
    "**销售部：本月指标与目标**\n"
    "> 参与率：100.0%（未设目标）\n> 转发数：10（未设目标）\n"
    "> 触达人数：1,000，目标 2,000（达成 50%）\n> 线索数：0（未设目标）\n"
    "> 转化率：—（未设目标）\n> 客户故事：0（未设目标）\n\n"
    "**[中] 未达目标 · 销售部**\n"
    "> 触达人数：1,000，阈值 1,600\n> 已连续 1 个月（自2026年5月起）\n"
    "> 可能原因：本月结果明显低于为本月设定的目标：目标可能超出本阶段的能力，或推进力度有所松懈\n"
    "> 建议行动：对照上月与参与率找出差距所在，与部门负责人商定追赶计划；如目标不合理，提交推进委员会调整\n\n"
    "[打开“我的团队”](https://dash.example.com/team?department=sales)")

RND_EMAIL_TEXT = (
    "研发部 · May 2026 marketing digest\n\n"
    "【研发部: KPIs against target】\n"
    "  Participation rate: 25.0% (no target)\n  Shares: 2 (no target)\n"
    "  Reach: 100 (no target)\n  Leads: 0 (no target)\n  Conversion rate: — (no target)\n"
    "  Customer stories: 0 (no target)\n\n"
    "【[Medium] Low participation · 研发部】\n"
    "  Participation rate: 25.0% against a threshold of 30.0%\n"
    "  1 month(s) in a row (since May 2026)\n"
    "  Likely cause: Incentives too weak or too little time\n"
    "  Suggested action: Review the reward scheme, lighten the minimum ask, check that tools work\n\n"
    "Open My team: https://dash.example.com/team?department=rnd")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://{controller.hostname}:{controller.port}"
    yield inbox
    controller.stop()


@pytest.fixture
def fakes(monkeypatch, smtp):
    """Every channel configured, pointing at its fake on 127.0.0.1."""
    forget_tokens()
    wecom = FakeWeCom(secrets={"app-secret": "notify"}).start()
    sent_app = []

    def message_send(params, body):
        sent_app.append(body)
        return {"invaliduser": "", "msgid": f"msg-{len(sent_app)}"}

    wecom.route("/cgi-bin/message/send", message_send)
    robots = {k: FakeRobot(k, secret=f"SEC-{k}").start()
              for k in ("wecom_robot", "dingtalk", "feishu")}
    env = {"WECOM_CORP_ID": wecom.corp_id, "WECOM_AGENT_ID": "1000002",
           "WECOM_APP_SECRET": "app-secret", "WECOM_API_BASE": wecom.url,
           "NOTIFY_WECOM_ROBOT_URL": robots["wecom_robot"].url,
           "NOTIFY_DINGTALK_URL": robots["dingtalk"].url,
           "NOTIFY_DINGTALK_SECRET": "SEC-dingtalk",
           "NOTIFY_FEISHU_URL": robots["feishu"].url, "NOTIFY_FEISHU_SECRET": "SEC-feishu",
           "NOTIFY_SMTP_URL": smtp.url, "NOTIFY_EMAIL_FROM": "dashboard@example.com",
           "NOTIFY_BASE_URL": BASE, "DASHBOARD_SECRETS_FILE": "/nonexistent/secrets.toml"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    yield {"wecom": wecom, "app": sent_app, "smtp": smtp, **robots}
    wecom.stop()
    for r in robots.values():
        r.stop()


def args(**kw):
    base = dict(month=MONTH, week=None, dry_run=False, channel=None, resend=False)
    return argparse.Namespace(**{**base, **kw})


def run_cli(engine, **kw) -> int:
    return cli.run(args(**kw), engine, USERS, today=TODAY, sleep=lambda s: None)


@pytest.fixture
def loaded(engine, tmp_path):
    return company().load(engine, tmp_path / "csv")


# --- the whole run --------------------------------------------------------------------------

def test_each_recipient_gets_their_own_digest_once(loaded, fakes):
    assert run_cli(loaded) == 0
    # WeCom app messages: one per head, to their own userid, their own department only
    by_user = {b["touser"]: b for b in fakes["app"]}
    assert sorted(by_user) == ["samlee", "wangli"]
    assert by_user["wangli"]["markdown"]["content"] == SALES_WECOM
    assert by_user["wangli"]["agentid"] == 1000002 and by_user["wangli"]["msgtype"] == "markdown"
    assert "研发部" not in by_user["wangli"]["markdown"]["content"]
    assert "销售部" not in by_user["samlee"]["markdown"]["content"]
    # email: heads and the committee; the committee's with the review pack attached
    mails = {m["To"]: m for m in fakes["smtp"].messages}
    assert sorted(mails) == ["committee@example.com", "sam.lee@example.com",
                             "wang.li@example.com"]
    rnd = mails["sam.lee@example.com"]
    assert rnd["Subject"] == "研发部 · May 2026 marketing digest"
    # SMTP carries CRLF line ends
    assert rnd.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") \
        == RND_EMAIL_TEXT
    assert "<h3>[Medium] Low participation · 研发部</h3>" in rnd.get_body(("html",)).get_content()
    assert not list(rnd.iter_attachments())
    pack = list(mails["committee@example.com"].iter_attachments())
    assert [a.get_filename() for a in pack] == ["review-2026-05.pptx"]
    from io import BytesIO

    from pptx import Presentation
    deck = Presentation(BytesIO(pack[0].get_content()))
    assert any("2026" in s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    # nobody's digest names an employee (people stay in the dashboard, behind its scope)
    everything = [b["markdown"]["content"] for b in fakes["app"]] + \
        [m.get_body(("plain",)).get_content() for m in fakes["smtp"].messages]
    for names in OTHER_PEOPLE.values():
        for name in names:
            assert not any(name in text for text in everything)
    # each group robot: the company digest, once
    for kind in ("wecom_robot", "dingtalk", "feishu"):
        assert len(fakes[kind].received) == 1, kind
    company_md = fakes["wecom_robot"].received[0]["body"]["markdown"]["content"]
    assert company_md.startswith("### 全员营销月度摘要 · 2026年5月\n\n**项目状态**\n"
                                 "> 当前阶段：推广\n> 数据截至：2026-06-01")
    assert "**[中] 参与率偏低 · 研发部**" in company_md
    assert "**[中] 未达目标 · 销售部**" in company_md
    assert company_md.endswith("[打开月度复盘](https://dash.example.com/review?month=2026-05)")
    # the second run of the period sends nothing at all
    calls = len(fakes["wecom"].calls)
    assert run_cli(loaded) == 0
    assert len(fakes["wecom"].calls) == calls and len(fakes["app"]) == 2
    assert len(fakes["smtp"].messages) == 3
    assert all(len(fakes[k].received) == 1 for k in ("wecom_robot", "dingtalk", "feishu"))
    log = notify_log.entries(loaded, period=MONTH)
    assert len(log) == 2 + 3 + 3 and {r["status"] for r in log} == {"sent"}
    assert {(r["recipient"], r["channel"]) for r in log} >= {
        ("head:head_sales", "wecom_app"), ("committee:group", "dingtalk")}
    # --resend sends again, as a second attempt
    assert run_cli(loaded, resend=True, channel=["dingtalk"]) == 0
    assert len(fakes["dingtalk"].received) == 2
    assert notify_log.latest(loaded, "committee:group", "dingtalk", MONTH, 1)["attempt"] == 2


def test_dry_run_prints_every_message_and_sends_nothing(loaded, fakes, capsys):
    assert run_cli(loaded, dry_run=True) == 0
    out = capsys.readouterr().out
    assert "===== wecom_app → head:head_sales <wangli> part 1/1" in out
    assert SALES_WECOM in out
    assert "===== email → committee:committee <committee@example.com> part 1/1" in out
    assert "[attachment] review-2026-05.pptx" in out
    assert not fakes["app"] and not fakes["smtp"].messages
    assert not any(fakes[k].received for k in ("wecom_robot", "dingtalk", "feishu"))
    assert notify_log.entries(loaded) == []


def test_crash_between_two_sends_resumes_without_a_duplicate(loaded, fakes):
    """The process dies after the first WeCom app message went out (recorded) and before
    the second: the rerun sends only the second."""
    class Crash(BaseException):
        pass

    original = fakes["wecom"].handlers["/cgi-bin/message/send"]
    calls = []

    def crash_after_first(params, body):
        calls.append(body["touser"])
        return original(params, body)

    fakes["wecom"].route("/cgi-bin/message/send", crash_after_first)
    import notify.run as run_module
    real = run_module.notify_log.begin
    begun = []

    def begin(engine, **kw):
        if kw["channel"] == "wecom_app":
            begun.append(kw["recipient"])
            if len(begun) == 2:
                raise Crash()            # dies before recording the second intent
        return real(engine, **kw)

    run_module.notify_log.begin = begin
    try:
        with pytest.raises(Crash):
            run_cli(loaded, channel=["wecom_app"])
    finally:
        run_module.notify_log.begin = real
    assert len(fakes["app"]) == 1
    assert run_cli(loaded, channel=["wecom_app"]) == 0
    assert sorted(b["touser"] for b in fakes["app"]) == ["samlee", "wangli"]   # no duplicate


def test_crash_between_intent_and_outcome_is_not_resent_blindly(loaded, fakes, capsys):
    """A part whose intent was recorded but not its outcome may or may not have arrived:
    the rerun reports it and exits 1; --resend sends it."""
    notify_log.begin(loaded, run_id="dead", recipient="committee:group", channel="feishu",
                     period=MONTH, kind="committee", part=1, parts=1, attempt=1,
                     digest_hash="x", address="feishu")
    assert run_cli(loaded, channel=["feishu"]) == 1
    assert "uncertain  feishu" in capsys.readouterr().out
    assert fakes["feishu"].received == []
    assert run_cli(loaded, channel=["feishu"], resend=True) == 0
    assert len(fakes["feishu"].received) == 1


def test_a_refused_userid_is_a_failure_and_retried_next_run(loaded, fakes):
    fakes["wecom"].route("/cgi-bin/message/send",
                         lambda p, b: {"invaliduser": b["touser"], "msgid": ""})
    assert run_cli(loaded, channel=["wecom_app"]) == 1
    row = notify_log.latest(loaded, "head:head_rnd", "wecom_app", MONTH, 1)
    assert row["status"] == "failed" and "samlee" in row["detail"]
    fakes["wecom"].route("/cgi-bin/message/send", lambda p, b: {"invaliduser": "",
                                                                "msgid": "ok-1"})
    assert run_cli(loaded, channel=["wecom_app"]) == 0
    row = notify_log.latest(loaded, "head:head_rnd", "wecom_app", MONTH, 1)
    assert (row["status"], row["attempt"], row["detail"]) == ("sent", 2, "ok-1")


# --- channels -------------------------------------------------------------------------------

def big_digest(n: int = 40) -> Digest:
    person = Recipient(GROUP, GROUP, "committee", "zh")
    items = tuple(Item(f"预警 {i:02d}", (f"说明 {i:02d} " + "内容" * 60,)) for i in range(n))
    return Digest("committee", person, MONTH, "大摘要", items, "打开", f"{BASE}/review")


def robot(kind: str, fake: FakeRobot, secret: str, sleeps: list) -> object:
    kw = dict(pacer=Pacer((20, 60.0), sleep=sleeps.append, clock=lambda: 0.0),
              retry=Retry(sleep=sleeps.append))
    if kind == "wecom_robot":
        return WeComRobotChannel(fake.url, **kw)
    if kind == "dingtalk":
        return DingTalkChannel(fake.url, secret, **kw)
    return FeishuChannel(fake.url, secret, **kw)


def test_oversized_digest_split_at_item_boundaries():
    digest = big_digest()
    from notify.channels import WeComAppChannel
    from wecom import WeComClient
    app = WeComAppChannel(WeComClient("corp", "secret", "http://127.0.0.1:9"), "1000002")
    for channel, limit in ((robot("wecom_robot", FakeRobot("wecom_robot"), "", []), 4096),
                           (robot("dingtalk", FakeRobot("dingtalk"), "", []), 4096),
                           (app, 2048)):
        parts = channel.messages(digest)
        assert len(parts) > 1
        for m in parts:
            assert len(m.text.encode()) <= limit
            assert m.text.startswith(f"### 大摘要 ({m.part}/{len(parts)})\n\n")
            assert m.text.endswith(f"[打开]({BASE}/review)")
        # every item exactly once, whole, in order
        bodies = "\n\n".join(m.text for m in parts)
        found = [i for i in range(40) if f"**预警 {i:02d}**\n> 说明 {i:02d} " + "内容" * 60
                 in bodies]
        assert found == list(range(40))
        assert sum(m.text.count("**预警") for m in parts) == 40


@pytest.mark.parametrize("kind", ["wecom_robot", "dingtalk", "feishu"])
def test_split_digest_accepted_by_each_robot(kind):
    fake = FakeRobot(kind, secret="SEC-x").start()
    try:
        channel = robot(kind, fake, "SEC-x", [])
        parts = channel.messages(big_digest(120))
        assert len(parts) > 1
        for m in parts:
            channel.deliver("group", m)
        assert len(fake.received) == len(parts) and not fake.refused
        if kind == "feishu":
            assert max(r["size"] for r in fake.received) <= 20 * 1000
            assert fake.received[0]["body"]["content"]["text"].startswith(
                f"大摘要 (1/{len(parts)})\n\n【预警 00】")
    finally:
        fake.stop()


def test_signatures_as_the_platforms_compute_them():
    # DingTalk: base64(HMAC-SHA256(secret, "ts\nsecret")); Feishu: key "ts\nsecret", empty msg
    ding = base64.b64encode(hmac.new(b"SECabc", b"1700000000000\nSECabc",
                                     hashlib.sha256).digest()).decode()
    assert dingtalk_sign(1700000000000, "SECabc") == ding
    lark = base64.b64encode(hmac.new(b"1700000000\nabc", b"", hashlib.sha256).digest()).decode()
    assert feishu_sign(1700000000, "abc") == lark


@pytest.mark.parametrize("kind,code", [("dingtalk", 310000), ("feishu", 19021)])
def test_a_wrong_secret_is_refused_and_not_retried(kind, code):
    fake = FakeRobot(kind, secret="right").start()
    try:
        sleeps = []
        channel = robot(kind, fake, "wrong", sleeps)
        message = channel.messages(big_digest(1))[0]
        with pytest.raises(Exception) as err:
            channel.deliver("group", message)
        assert f"code {code}" in str(err.value) and not err.value.transient
        assert len(fake.refused) == 1 and sleeps == []          # no retry of a refusal
        assert robot(kind, fake, "right", []).deliver("group", message) in ("ok", "success")
        assert len(fake.received) == 1
    finally:
        fake.stop()


@pytest.mark.parametrize("kind,answer", [
    ("wecom_robot", {"errcode": 45009, "errmsg": "api freq out of limit"}),
    ("dingtalk", {"errcode": 410100, "errmsg": "send too fast"}),
    ("feishu", {"code": 11232, "msg": "frequency limited", "data": {}}),
    ("dingtalk", None)])
def test_rate_limit_retried_with_backoff(kind, answer):
    fake = FakeRobot(kind, secret="s").start()
    try:
        if answer is None:
            fake.fail_with(status=429, times=2)
        else:
            fake.fail_with(answer, times=2)
        sleeps = []
        channel = robot(kind, fake, "s", sleeps)
        channel.deliver("group", channel.messages(big_digest(1))[0])
        assert len(fake.refused) == 2 and len(fake.received) == 1
        assert sleeps == [1.0, 2.0]                                # doubling backoff
    finally:
        fake.stop()


def test_retries_are_bounded():
    fake = FakeRobot("wecom_robot").start()
    try:
        fake.fail_with({"errcode": -1, "errmsg": "system busy"}, times=10)
        sleeps = []
        channel = robot("wecom_robot", fake, "", sleeps)
        with pytest.raises(Exception) as err:
            channel.deliver("group", channel.messages(big_digest(1))[0])
        assert err.value.transient and len(fake.refused) == 5       # 1 + 4 retries
        assert sleeps == [1.0, 2.0, 4.0, 8.0]
    finally:
        fake.stop()


def test_pacer_keeps_twenty_a_minute():
    now = [0.0]
    sleeps = []

    def sleep(s):
        sleeps.append(s)
        now[0] += s

    pacer = Pacer((20, 60.0), clock=lambda: now[0], sleep=sleep)
    for _ in range(20):
        pacer.wait()
        now[0] += 1.0
    assert sleeps == []
    pacer.wait()                          # the 21st: 60 s after the first
    assert sleeps == [40.0] and now[0] == 60.0


def test_smtp_urls():
    t = parse_smtp_url("smtp+starttls://bot%40corp:p%3Ass@mail.example.com:587")
    assert (t.security, t.host, t.port, t.user, t.password) == (
        "starttls", "mail.example.com", 587, "bot@corp", "p:ss")
    assert parse_smtp_url("smtps://u:p@h").port == 465
    assert parse_smtp_url("smtp://h").security == "plain"
    with pytest.raises(ValueError):
        parse_smtp_url("http://h")


def test_periods():
    monday = dt.date(2026, 12, 7)
    p = period_of(None, None, monday)
    assert (p.key, p.month, p.monday, p.sunday) == ("2026-W49", "2026-12", dt.date(2026, 11, 30),
                                                    dt.date(2026, 12, 6))
    assert period_of("2026-05", None, TODAY).key == "2026-05"
    assert period_of(None, "2026-W22", TODAY).month == "2026-05"
    with pytest.raises(ValueError):
        period_of(None, "2026-22", TODAY)


def test_marketing_digest_pilot_week(engine, tmp_path):
    c = company()
    c.rows["departments"][0]["in_pilot"] = "true"        # sales is a pilot department
    c.target(MONTH, "sales", "leads", 31)
    c.load(engine, tmp_path / "csv")
    people = recipients({"credentials": {"usernames": {"m": {
        "first_name": "市场", "roles": ["marketing"], "email": "m@example.com",
        "password": "x"}}}}, "zh")
    period = period_of(None, "2026-W18", TODAY)          # Mon 27 Apr - Sun 3 May
    [digest] = build_digests(engine, period, people, load_settings(engine), BASE, TODAY,
                             groups=False)
    assert digest.title == "试点部门周报 · 2026-W18 (04-27 – 05-03)"
    # 1-3 May: 3 shares each of sales1 and sales2 (reach 100); weekly lead target 31 x 3/31
    assert [(i.title, i.lines) for i in digest.items] == [("销售部", (
        "触达人数：600，周目标 193.5（达成 310%）",
        "线索数：0，周目标 3.0（达成 0%）",
        "客户故事：0（未设目标）"))]


def test_bad_settings_are_named_not_a_traceback(loaded, fakes, monkeypatch, capsys):
    monkeypatch.setenv("NOTIFY_SMTP_URL", "mail.example.com:587")
    assert run_cli(loaded) == 2
    assert "NOTIFY_SMTP_URL must look like smtp+starttls://" in capsys.readouterr().err
    monkeypatch.setenv("NOTIFY_SMTP_URL", fakes["smtp"].url)
    monkeypatch.setenv("WECOM_AGENT_ID", "app-1")
    assert run_cli(loaded) == 2
    assert "WECOM_AGENT_ID must be the app's numeric AgentId" in capsys.readouterr().err
    assert run_cli(loaded, month="2026-13") == 2
    assert notify_log.entries(loaded) == []


def test_an_unexpected_error_leaves_the_part_uncertain_and_the_run_goes_on(loaded, fakes):
    import notify.channels as channels
    real = channels.WeComAppChannel.deliver

    def deliver(self, address, message):
        if address == "samlee":
            raise KeyError("unexpected")
        return real(self, address, message)

    channels.WeComAppChannel.deliver = deliver
    try:
        assert run_cli(loaded, channel=["wecom_app"]) == 1
    finally:
        channels.WeComAppChannel.deliver = real
    rnd = notify_log.latest(loaded, "head:head_rnd", "wecom_app", MONTH, 1)
    assert rnd["status"] == "pending" and "KeyError" in rnd["detail"]
    assert notify_log.latest(loaded, "head:head_sales", "wecom_app", MONTH, 1)["status"] == "sent"
