"""AppTest runs of Recognition and Value and health for every demo user, on tiny-co and on
an empty database (SQLite temp files): no exception, department heads see only their own
people, the payroll download is the `manage.py bonuses` workbook."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.apptest_support import login, rendered_text, show

USERS = ("committee", "marketing", "admin", "head_sales", "head_rnd")
PAGES = ("recognition", "health")
RND_NAMES = ("郑十", "钱一", "陈二")
SALES_NAMES = ("张三", "李四", "王五", "赵六")
SERVICE_NAMES = ("孙七", "周八", "吴九")


@pytest.mark.parametrize("username", USERS)
def test_pages_render_on_tiny_co(tiny_url, username):
    at = login(username)
    assert not at.exception
    for page in PAGES:
        for month in ("2026-05", "2026-04", "2026-03"):
            show(at, page, month)
            assert not at.error, [e.value for e in at.error]
            text = rendered_text(at)
            if username == "head_sales":
                assert not [n for n in RND_NAMES + SERVICE_NAMES if n in text], (page, month)
            if username == "head_rnd":
                assert not [n for n in SALES_NAMES + SERVICE_NAMES if n in text], (page, month)


def test_recognition_for_the_committee_names_the_stars(tiny_url):
    at = login("committee", lang="en")
    show(at, "recognition", "2026-04")
    text = rendered_text(at)
    # April: 王五 (e03) reach 1,200 and one lead won: 1.2 + 5 + 20 = 26.2, the company star
    assert any("王五" in s.value for s in at.success)
    assert "Marketing stars of the month" in text and "Bonus sheet of the month" in text
    # no "did not take part" list: rnd's three people had no activity in April
    assert not [n for n in RND_NAMES if n in text]


def test_recognition_head_sees_where_the_company_star_is_from(tiny_url):
    at = login("head_rnd", lang="en")
    show(at, "recognition", "2026-04")
    assert any("from 销售部" in i.value for i in at.info)
    assert "王五" not in rendered_text(at)


def test_recognition_download_is_the_cli_workbook(tiny_url, downloads, tmp_path, monkeypatch,
                                                  capsys):
    import manage
    at = login("committee", lang="en")
    show(at, "recognition", "2026-04")
    books = [b for b in downloads.files if b[:2] == b"PK"]
    assert books, "no workbook offered"
    monkeypatch.setenv("DATABASE_URL", tiny_url)
    out = tmp_path / "bonus.xlsx"
    assert manage.main(["bonuses", "--month", "2026-04", "--out", str(out), "--lang", "en"]) == 0
    # the same cells (the files' bytes hold the second each was saved in)
    sheets = lambda data: {ws.title: [[c.value for c in row] for row in ws.iter_rows()]  # noqa
                           for ws in load_workbook(io.BytesIO(data)).worksheets}
    assert sheets(books[-1]) == sheets(out.read_bytes())
    wb = load_workbook(io.BytesIO(books[-1]))
    assert wb.sheetnames == ["Bonus lines", "Per person", "Per rule"]


def test_head_sales_download_holds_only_sales(tiny_url, downloads):
    at = login("head_sales", lang="en")
    show(at, "recognition", "2026-04")
    books = [b for b in downloads.files if b[:2] == b"PK"]
    assert books
    wb = load_workbook(io.BytesIO(books[-1]), read_only=True)
    cells = " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row)
    assert "王五" in cells
    assert not [n for n in RND_NAMES + SERVICE_NAMES if n in cells]


def test_health_shows_emv_and_its_formula(tiny_url):
    at = login("committee", lang="en")
    show(at, "health", "2026-04")
    shown = {m.label: m.value for m in at.metric}
    # April: reach 2,180 and clicks 127 (45 + 60 + 1 + 12 + 9): 2.18 x 60 + 127 x 2 = 384.80
    assert shown["EMV this month"] == "384.80 CNY"
    assert any("EMV = reach ÷ 1000 × CPM + clicks × CPC" in c.value for c in at.caption)


@pytest.mark.parametrize("username", USERS)
def test_pages_on_an_empty_database(empty_url, username):
    at = login(username, lang="en")
    for page in PAGES:
        show(at, page)
        assert any("Import tracking data" in i.value for i in at.info), page


def test_a_broken_rules_file_is_reported_not_raised(tiny_url, monkeypatch, tmp_path):
    bad = tmp_path / "incentives.toml"
    bad.write_text('[[rules]]\nid = "x"\nmetric = "likes"\namount = 5\nat_least = 1\n',
                   encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_INCENTIVES", str(bad))
    at = login("admin", lang="en")
    show(at, "recognition", "2026-04")
    assert any("rule 'x'" in e.value and "metric" in e.value for e in at.error)
