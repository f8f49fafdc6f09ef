"""`sync wecom` end to end against FakeWeCom (127.0.0.1): a made-up company's directory and
customer moments land as departments, employees and shares, the review's figures are what
the fake data implies, a second run changes nothing, and a failing server writes nothing."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from data_access.importing import import_files
from data_access.models import (Department, DepartmentMonth, Employee, EmployeeMonth,
                                ImportRun, Share, SyncState)
from data_access.sync_state import read_state
from metrics.review import monthly_review
from tests.fakes.wecom import FakeWeCom
from tests.fakes.wecom_company import example_company
from tests.test_import import snapshot
from wecom.client import forget_tokens
from wecom_sync import sync_wecom
from wecom_sync.mapping import share_id

MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
TODAY = dt.date(2026, 6, 2)
MOMENT_LIST = "/cgi-bin/externalcontact/get_moment_list"
SEND_RESULT = "/cgi-bin/externalcontact/get_moment_send_result"


@pytest.fixture
def fake(monkeypatch):
    forget_tokens()
    server = FakeWeCom(secrets={"s-contacts": "contacts", "s-customer": "customer"}).start()
    company = example_company()
    company.install(server)
    server.company = company
    monkeypatch.setenv("WECOM_CORP_ID", server.corp_id)
    monkeypatch.setenv("WECOM_CONTACTS_SECRET", "s-contacts")
    monkeypatch.setenv("WECOM_CUSTOMER_SECRET", "s-customer")
    monkeypatch.setenv("WECOM_API_BASE", server.url)      # never the real host
    monkeypatch.setenv("DASHBOARD_SECRETS_FILE", "/nonexistent/secrets.toml")
    yield server
    server.stop()
    forget_tokens()


@pytest.fixture
def library(engine):
    """The content library, with the link of the company moment."""
    result = import_files(engine, [("content.csv", (
        "content_id,title,review_status,url\n"
        "C1,客户案例一,approved,https://example.com/case/1\n"
        "C2,产品手册,approved,\n").encode())])
    assert result.ok, result.problems
    return engine


def sync(engine, start=MAY[0], end=MAY[1], today=TODAY, **kw):
    lines: list[str] = []
    slept: list[float] = []
    result = sync_wecom(engine, start, end, today=today, progress=lines.append,
                        sleep=slept.append, **kw)
    result.lines, result.slept = lines, slept
    return result


def rows(engine, model, *columns):
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(*(getattr(model, c)
                                                               for c in columns))))


def test_a_company_lands_as_departments_employees_and_shares(fake, library):
    result = sync(library)
    assert result.ok, result.problems
    assert result.exit_code == 0 and (result.start, result.end) == MAY
    assert rows(library, Department, "department_id", "name", "in_pilot") == [
        ("1", "示例科技", False), ("2", "销售部", False), ("3", "市场部", False),
        ("4", "客服部", False)]
    may1 = dt.date(2026, 5, 1)
    assert rows(library, Employee, "employee_id", "name", "department_id", "position",
                "hired_on", "left_on", "tools_activated_on") == [
        ("boss", "老板", "1", "CEO", may1, None, may1),
        ("chenjing", "陈静", "4", None, may1, None, None),        # disabled: employed
        ("lina", "李娜", "3", "市场经理", may1, None, may1),
        ("liqiang", "李强", "2", "销售", may1, None, may1),     # 上海组 -> 华东销售 -> 销售部
        ("liuyang", "刘洋", "3", None, may1, None, None),         # not activated
        ("outsider", "外围", "4", None, may1, None, may1),
        ("wangfang", "王芳", "2", "客户经理", may1, None, may1),  # main_department 21
        ("zhangwei", "张伟", "2", "销售总监", may1, None, may1)]
    t = dt.datetime
    assert rows(library, Share, "share_id", "employee_id", "content_id", "channel",
                "shared_at", "reach", "clicks") == sorted([
        (share_id("mom-case", "zhangwei"), "zhangwei", "C1", "wecom_moments",
         t(2026, 5, 4, 10, 0), 3, None),
        (share_id("mom-case", "wangfang"), "wangfang", "C1", "wecom_moments",
         t(2026, 5, 4, 10, 0), 2, None),
        (share_id("mom-lina", "lina"), "lina", None, "wecom_moments", t(2026, 5, 10, 21, 30),
         4, None),
        (share_id("mom-boss", "boss"), "boss", None, "wecom_moments", t(2026, 5, 31, 23, 15),
         1, None),
        # the group send to single customers: at zhangwei's send_time, reach = sent
        (share_id("gs-case", "zhangwei", "wg"), "zhangwei", "C1", "wecom_group_send",
         t(2026, 5, 12, 11, 30), 2, None)])
    assert result.counts["shares"] == {"inserted": 5, "updated": 0, "unchanged": 0}
    assert result.counts["employees"] == {"inserted": 8, "updated": 0, "unchanged": 0}
    # the visible-range warning names the member without customer contact
    assert any("outsider" in w and "visible range" in w for w in result.warnings)
    assert any(line.startswith("warning: 1 active directory member") for line in result.lines)
    assert any("get_moment_list" in line for line in result.lines)
    # department leaders kept for sign-in; the window's end kept for the next run
    state = read_state(library, "wecom")
    assert state.last_end == MAY[1]
    assert state.data["department_leaders"] == {"1": [], "2": ["zhangwei"],
                                                "3": ["lina", "liuyang"], "4": []}
    with library.connect() as conn:
        run = conn.execute(select(ImportRun).order_by(ImportRun.id.desc())).first()
    assert (run.source, run.status, run.error_count) == ("wecom 2026-05-01..2026-05-31",
                                                         "imported", 0)
    assert json.loads(run.counts)["shares"]["inserted"] == 5


def test_the_review_has_the_figures_the_fake_data_implies(fake, library):
    assert sync(library).ok
    review = monthly_review(library, "2026-05", today=TODAY)
    c = review.company.values
    assert (c["headcount"], c["participants"], c["shares"], c["reach"]) == (8, 4, 5, 12)
    assert c["participation_rate"] == pytest.approx(4 / 8)
    assert c["activated_rate"] == pytest.approx(6 / 8)
    assert c["clicks"] == 0 and c["ctr"] is None          # clicks not known: no ctr
    d = {x.department_id: x.values for x in review.departments}
    assert [(k, d[k]["headcount"], d[k]["participants"], d[k]["shares"], d[k]["reach"])
            for k in sorted(d)] == [("1", 1, 1, 1, 1), ("2", 3, 2, 3, 7), ("3", 2, 1, 1, 4),
                                    ("4", 2, 0, 0, 0)]
    with library.connect() as conn:
        assert conn.scalar(select(func.sum(EmployeeMonth.reach))) == 12
        assert conn.scalar(select(func.sum(DepartmentMonth.ctr_reach))) == 0


def test_a_second_run_changes_nothing(fake, library):
    assert sync(library).ok
    before = snapshot(library)
    again = sync(library, today=TODAY + dt.timedelta(days=3))
    assert again.ok, again.problems
    assert snapshot(library) == before
    assert all(c["inserted"] == c["updated"] == 0 for c in again.counts.values())
    with library.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ImportRun)) == 3  # content + 2


def test_clicks_set_later_survive_the_next_sync(fake, library):
    assert sync(library).ok
    sid = share_id("mom-lina", "lina")
    assert import_files(library, [("share_clicks.csv", f"share_id,clicks\n{sid},2\n".encode())]).ok
    assert sync(library).ok
    with library.connect() as conn:
        assert conn.scalar(select(Share.clicks).where(Share.share_id == sid)) == 2
    review = monthly_review(library, "2026-05", today=TODAY)
    assert review.company.values["ctr"] == pytest.approx(2 / 4)   # over lina's share only


def test_group_sends_to_single_customers_only(fake, library):
    assert sync(library).ok
    asked = fake.calls_to("/cgi-bin/externalcontact/get_groupmsg_list_v2")
    assert {b["chat_type"] for _, b in asked} == {"single"} and len(asked) == 2   # two windows
    # only the member who sent it is asked for results (three rows: two pages); the send to
    # customer groups is never seen
    assert [(b["msgid"], b["userid"], b["cursor"]) for _, b in
            fake.calls_to("/cgi-bin/externalcontact/get_groupmsg_send_result")] == [
        ("gs-case", "zhangwei", ""), ("gs-case", "zhangwei", "c2")]
    with library.connect() as conn:
        assert conn.execute(select(Share.channel, func.count(), func.sum(Share.reach))
                            .group_by(Share.channel).order_by(Share.channel)).all() == [
            ("wecom_group_send", 1, 2), ("wecom_moments", 4, 10)]


def test_without_dates_it_continues_where_the_last_run_stopped(fake, library):
    first = sync(library, None, None, today=dt.date(2026, 5, 30))
    assert (first.start, first.end) == (dt.date(2026, 5, 1), dt.date(2026, 5, 30))
    nxt = sync(library, None, None, today=dt.date(2026, 6, 2))
    assert nxt.ok and (nxt.start, nxt.end) == (dt.date(2026, 5, 31), dt.date(2026, 6, 2))
    assert nxt.counts["shares"] == {"inserted": 2, "updated": 0, "unchanged": 0}  # boss x2
    assert read_state(library, "wecom").last_end == dt.date(2026, 6, 2)


def test_moments_windows_are_split_at_30_days_and_every_cursor_followed(fake, library):
    fake.company.page = 1                     # one item per page: every list pages
    assert sync(library).ok
    spans = [(b["start_time"], b["end_time"]) for _, b in fake.calls_to(MOMENT_LIST)]
    firsts = sorted({s for s, _ in spans})
    assert len(firsts) == 2 and all(e - s < 30 * 86400 for s, e in spans)
    # the first window's two moments take two pages, the second window's one moment one
    assert [b.get("cursor") for _, b in fake.calls_to(MOMENT_LIST)] == ["", "c1", ""]
    # zhangwei's three customers of mom-case: three pages of get_moment_send_result
    assert [b["cursor"] for _, b in fake.calls_to(SEND_RESULT)
            if b["userid"] == "zhangwei"] == ["", "c1", "c2"]
    # and the figures are the same as with larger pages
    with library.connect() as conn:
        assert conn.scalar(select(func.sum(Share.reach))) == 12
        assert conn.scalar(select(func.count()).select_from(Employee)) == 8
    assert all(b["filter_type"] == 2 and b["limit"] <= 20 for _, b in fake.calls_to(MOMENT_LIST))


def test_someone_gone_from_the_directory_keeps_their_shares_and_leaves(fake, library):
    assert sync(library).ok
    del fake.company.members["lina"]
    fake.company.follow.discard("lina")
    again = sync(library, today=dt.date(2026, 6, 5))
    assert again.ok, again.problems
    with library.connect() as conn:
        assert conn.execute(select(Employee.left_on, Employee.department_id)
                            .where(Employee.employee_id == "lina")).one() == (
            dt.date(2026, 6, 5), "3")
        assert conn.scalar(select(func.count()).select_from(Share)
                           .where(Share.employee_id == "lina")) == 1


def test_an_expired_token_and_a_frequency_limit_are_ridden_out(fake, library):
    assert sync(library).ok
    tokens = fake.token_requests
    fake.expire_tokens()
    fake.fail(SEND_RESULT, errcode=45009, times=2)
    fake.fail("/cgi-bin/user/get", errcode=-1, times=1)
    again = sync(library)
    assert again.ok, again.problems
    assert fake.token_requests == tokens + 2          # one renewal per app secret
    # backoff: user/get busy once, then get_moment_send_result limited twice (doubling)
    assert again.slept == [0.5, 0.5, 1.0]


def test_a_server_failing_mid_run_writes_nothing_and_exits_non_zero(fake, library):
    assert sync(library).ok
    before = snapshot(library)
    state = read_state(library, "wecom")
    fake.company.moments[2].customers["lina"].append("x10")    # would change a share
    fake.fail(SEND_RESULT, status=502, times=100)
    failed = sync(library)
    assert not failed.ok and failed.exit_code == 1
    assert "HTTP 502" in failed.problems[0] and "nothing was written" in failed.problems[0]
    assert snapshot(library) == before
    assert read_state(library, "wecom") == state
    with library.connect() as conn:
        run = conn.execute(select(ImportRun).order_by(ImportRun.id.desc())).first()
    assert (run.source, run.status, run.error_count) == ("wecom 2026-05-01..2026-05-31",
                                                         "refused", 1)


def test_an_errcode_refusal_writes_nothing(fake, engine):
    fake.fail("/cgi-bin/department/get", errcode=60011, times=1)
    failed = sync(engine)
    assert (failed.ok, failed.exit_code) == (False, 1)
    assert "errcode 60011" in failed.problems[0]
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Employee)) == 0
        assert conn.scalar(select(func.count()).select_from(SyncState)) == 0


def test_configuration_errors_name_the_variable(fake, engine, monkeypatch):
    monkeypatch.delenv("WECOM_CUSTOMER_SECRET")
    missing = sync(engine)
    assert (missing.exit_code, missing.problems) == (2, ["set WECOM_CUSTOMER_SECRET"])
    monkeypatch.setenv("WECOM_CUSTOMER_SECRET", "s-customer")
    monkeypatch.setenv("WECOM_CONTACTS_SECRET", "wrong")
    wrong = sync(engine)
    assert wrong.exit_code == 2 and "WECOM_CONTACTS_SECRET" in wrong.problems[0]
    assert sync(engine, dt.date(2026, 5, 9), dt.date(2026, 5, 1)).exit_code == 2


def test_the_command_line(fake, tmp_path, monkeypatch, capsys):
    import manage
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert manage.main(["sync", "wecom", "--from", "2026-05-01", "--to", "2026-05-31"]) == 0
    out = capsys.readouterr().out
    assert "fetching customer moments 2026-05-01..2026-05-31" in out
    assert "Synced from WeCom 2026-05-01..2026-05-31" in out
    monkeypatch.delenv("WECOM_CONTACTS_SECRET")
    assert manage.main(["sync", "wecom"]) == 2
    assert "WECOM_CONTACTS_SECRET" in capsys.readouterr().err
    monkeypatch.setenv("WECOM_CONTACTS_SECRET", "s-contacts")
    fake.fail(SEND_RESULT, status=500, times=100)
    assert manage.main(["sync", "wecom", "--from", "2026-05-01", "--to", "2026-05-31"]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert manage.main(["sync", "wecom", "--from", "May 1"]) == 2


def test_an_interrupted_run_resumes_without_asking_again(fake, library):
    """The per-pair answers fetched before a failure are kept (not in the tracking tables):
    the rerun of the window asks only for the rest, and lands exactly the same rows."""
    from data_access.models import SyncCheckpoint
    company = fake.company
    served = []
    original = company.send_result

    def flaky(q, b):        # the third moment pair asked fails for good (frequency limit)
        pair = (b["moment_id"], b["userid"])
        if pair not in served:
            served.append(pair)
        if served.index(pair) == 2:
            from tests.fakes.wecom import FakeError
            raise FakeError(45009, "api freq out of limit")
        return original(q, b)
    fake.route(SEND_RESULT, company._app("customer", flaky))
    failed = sync(library)
    assert (failed.ok, failed.exit_code) == (False, 1)
    with library.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Share)) == 0
        kept = set(conn.scalars(select(SyncCheckpoint.key)))
    assert {k for k in kept if k.startswith("reach ")} == {
        f"reach {m} {u}" for m, u in served[:2]}
    company.install(fake)                    # the server answers again
    before = len(fake.calls_to(SEND_RESULT))
    resumed = sync(library)
    assert resumed.ok, resumed.problems
    assert any(line.startswith("resuming:") for line in resumed.lines)
    asked = {(b["moment_id"], b["userid"]) for _, b in fake.calls_to(SEND_RESULT)[before:]}
    assert asked.isdisjoint(served[:2]) and len(asked) == 2        # only the other two pairs
    with library.connect() as conn:
        assert conn.scalar(select(func.sum(Share.reach))) == 12
        assert conn.scalar(select(func.count()).select_from(SyncCheckpoint)) == 0
