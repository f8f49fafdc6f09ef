"""AppTest runs of My team, Pilot monitor, Data and Administration (SQLite temp files only).

Downloads are checked through the bytes handed to Streamlit's media storage: every
download button's data passes through MemoryMediaFileStorage.load_and_get_id.
"""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.models import TRACKING_MODELS, SettingOverride
from tests.apptest_support import login, open_page, rendered_text

USERS = ("committee", "marketing", "admin", "head_sales", "head_rnd")
PAGES = ("team", "pilot", "data", "admin")
ALLOWED = {"committee": {"team"}, "marketing": {"team", "pilot", "data"},
           "admin": {"team", "pilot", "data", "admin"}, "head_sales": {"team"},
           "head_rnd": {"team"}}
RND_NAMES = ("郑十", "钱一", "陈二")
SALES_NAMES = ("张三", "李四", "王五")


def _counts(url) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {t: conn.scalar(select(func.count()).select_from(m))
                for t, m in TRACKING_MODELS.items()}


@pytest.mark.parametrize("username", USERS)
def test_every_page_runs_for_every_role(tiny_url, username):
    at = login(username, lang="en")
    for page in PAGES:
        open_page(at, page)
        assert not at.exception, (username, page, at.exception)
        refused = any("does not include" in w.value for w in at.warning)
        assert refused == (page not in ALLOWED[username]), (username, page)


@pytest.mark.parametrize("username", USERS)
def test_every_page_runs_on_an_empty_database(empty_url, username):
    at = login(username, lang="en")
    for page in PAGES:
        open_page(at, page)
        assert not at.exception, (username, page, at.exception)
    if "data" in ALLOWED[username]:
        open_page(at, "data")
        assert "No imports yet." in rendered_text(at)
        assert len(at.get("download_button")) >= 11       # ten CSV templates + the workbook
    open_page(at, "team")
    assert any("No shares, leads or stories yet" in i.value for i in at.info)


@pytest.mark.parametrize("query", [{}, {"department": "rnd"}])
def test_head_of_sales_never_sees_rnd_people(tiny_url, downloads, query):
    at = login("head_sales", lang="en")
    for month in ("2026-03", "2026-04", "2026-05"):
        open_page(at, "team", **query)
        at.selectbox(key="month_picker").set_value(month).run()
        assert not at.exception
        text = rendered_text(at)
        for name in RND_NAMES:
            assert name not in text, (month, name)
        assert not re.search(r"\be(08|09|10)\b", text)          # nor their employee ids
        assert "张三" in text                                   # their own team is there
    if query:
        assert any("only see the departments you lead" in i.value for i in at.info)
    files = downloads.texts()
    assert files, "the page offers downloads"
    assert any("张三" in f for f in files)
    for f in files:
        for name in RND_NAMES:
            assert name not in f


def test_head_of_rnd_sees_rnd_and_not_sales(tiny_url, downloads):
    at = login("head_rnd", lang="en")
    open_page(at, "team", department="sales")
    at.selectbox(key="month_picker").set_value("2026-03").run()
    text = rendered_text(at)
    assert "郑十" in text
    for name in SALES_NAMES + ("赵六",):
        assert name not in text
        assert all(name not in f for f in downloads.texts())


def test_cached_team_loader_is_scoped(tiny_url):
    from auth.roles import User
    from ui import cached_people
    head = User("head_sales", "x", frozenset({"dept_head"}), frozenset({"sales"}))
    assert cached_people.team_month("2026-03", head.scope, "rnd") == []
    assert cached_people.person_month("2026-03", head.scope, "e08") is None
    assert {r["name"] for r in cached_people.team_month("2026-03", head.scope, "sales")} == {
        "张三", "李四", "王五", "赵六"}


def test_team_page_figures_and_drill_down(tiny_url):
    at = login("committee", lang="en")
    open_page(at, "team", department="sales")
    at.selectbox(key="month_picker").set_value("2026-03").run()
    members = at.dataframe[0].value.set_index("Employee id")
    assert members.loc["e01", "Reach"] == 650 and members.loc["e01", "Revenue"] == 12000
    assert members.loc["e02", "Won"] == 1 and members.loc["e03", "Took part"] == "No"
    waiting = at.dataframe[1].value
    assert list(waiting["Name"]) == ["王五"]                   # not yet taken part, neutrally
    at.selectbox(key="team-person").set_value("e01").run()
    assert "张三: your shares brought 2 leads this month." in rendered_text(at)


def test_company_user_picks_any_department(tiny_url):
    at = login("marketing", lang="en")
    open_page(at, "team", department="rnd")
    at.selectbox(key="month_picker").set_value("2026-03").run()
    assert "郑十" in rendered_text(at)


def test_refused_pages_show_no_content(tiny_url):
    at = login("head_sales", lang="en")
    for page in ("pilot", "data", "admin"):
        open_page(at, page)
        assert any("does not include" in w.value for w in at.warning)
        assert not at.dataframe and not at.get("download_button")
        assert not at.get("file_uploader") and not at.get("number_input")


def test_pilot_page(tiny_url):
    at = login("marketing", lang="en")
    open_page(at, "pilot")
    at.selectbox(key="month_picker").set_value("2026-03").run()
    assert not at.exception
    text = rendered_text(at)
    assert "Pilot departments: 销售部、客服部" in text
    assert any("never approved" in w.value and "1 shares" in w.value for w in at.warning)
    assert "研发实验室探访" in text
    for name in SALES_NAMES + RND_NAMES:
        assert name not in text                                 # aggregates only
    at.radio(key="pilot-period").set_value("phase").run()
    assert "From 2026-03-01 to 2026-04-30" in rendered_text(at)


def test_bad_upload_is_refused_and_writes_nothing(tiny_url):
    before = _counts(tiny_url)
    at = login("marketing", lang="en")
    open_page(at, "data")
    bad = ("share_id,employee_id,content_id,channel,shared_at,reach,clicks\n"
           "s99,e01,c1,weibo,2026-05-09,-3,1\n"
           "s98,nobody,c1,weibo,not a date,10,1\n").encode()
    at.file_uploader(key="data-upload").set_value(("shares.csv", bad, "text/csv")).run()
    at.button(key="data-import").click().run()
    assert not at.exception
    assert any("nothing from this import was written" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["File", "Line", "Column", "Value", "Reason"]
    assert set(problems["Line"]) == {2, 3} and "reach" in set(problems["Column"])
    assert _counts(tiny_url) == before


def test_good_upload_imports_and_is_recorded(tiny_url):
    before = _counts(tiny_url)
    at = login("marketing", lang="en")
    open_page(at, "data")
    good = ("share_id,employee_id,content_id,channel,shared_at,reach,clicks\n"
            "s99,e01,c1,weibo,2026-05-09,30,1\n").encode()
    at.file_uploader(key="data-upload").set_value(("shares.csv", good, "text/csv")).run()
    at.button(key="data-import").click().run()
    assert not at.exception
    assert any("Imported" in s.value for s in at.success)
    after = _counts(tiny_url)
    assert after["shares"] == before["shares"] + 1
    history = at.dataframe[-1].value
    assert history.iloc[0]["Who"] == "marketing" and history.iloc[0]["Status"] == "Imported"


def test_admin_saves_and_resets_a_threshold(tiny_url):
    at = login("admin", lang="en")
    open_page(at, "admin")
    assert not at.exception
    text = rendered_text(at)
    assert "head_sales" in text and "hash-password" in text and "$2b$" not in text
    at.number_input(key="admin-setting-alerts.low_participation.threshold").set_value(0.5)
    at.number_input(key="admin-setting-alerts.suspected_gaming.burst_minutes").set_value(30)
    at.number_input(key="admin-setting-value.cpm").set_value(80.0)
    submit = next(b for b in at.button if b.label == "Save")
    submit.click().run()
    assert not at.exception
    with get_engine(tiny_url).connect() as conn:
        stored = dict(conn.execute(select(SettingOverride.key, SettingOverride.value)).all())
    assert stored == {"alerts.low_participation.threshold": "0.5",
                      "alerts.suspected_gaming.burst_minutes": "30", "value.cpm": "80.0"}
    at.button(key="admin-reset").click().run()
    with get_engine(tiny_url).connect() as conn:
        assert conn.scalar(select(func.count()).select_from(SettingOverride)) == 0


def test_workbook_upload_fills_an_empty_database(empty_url, sample_dir):
    import csv

    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for path in sorted((sample_dir / "tiny-co").glob("*.csv")):
        ws = wb.create_sheet(path.stem)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    book = io.BytesIO()
    wb.save(book)
    at = login("admin", lang="en")
    open_page(at, "data")
    at.file_uploader(key="data-upload").set_value(
        ("tracking.xlsx", book.getvalue(),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    at.button(key="data-import").click().run()
    assert not at.exception
    assert any("Imported" in s.value for s in at.success)
    assert _counts(empty_url)["employees"] == 10
    open_page(at, "team", department="sales")        # the cache was cleared: data shows at once
    assert "张三" in rendered_text(at)


def test_unknown_file_is_a_whole_file_problem(tiny_url):
    before = _counts(tiny_url)
    at = login("admin", lang="en")
    open_page(at, "data")
    at.file_uploader(key="data-upload").set_value(
        ("customers.csv", b"id,name\n1,x\n", "text/csv")).run()
    at.button(key="data-import").click().run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert problems["File"].iloc[0] == "customers.csv" and problems["Line"].isna().all()
    assert _counts(tiny_url) == before
