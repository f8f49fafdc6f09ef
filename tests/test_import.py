"""The importer (spec sections 1 and 2): tiny-co imports, bad inputs are refused exactly.

Every test taking `engine` runs on SQLite and on PostgreSQL (see conftest).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import data_access.importing as importing
from data_access.contract import IMPORT_ORDER
from data_access.importing import (ImportResult, Problem, format_counts, format_problem, import_files,
                                   import_path, read_template_csv)
from data_access.importing.parse import CellError, amount_parser, parse_int, parse_timestamp
from data_access.importing.read import decode
from data_access.models import TRACKING_MODELS, Department, Employee, ImportRun, Share, Target

TINY_COUNTS = {"departments": 3, "employees": 10, "trainings": 10, "content": 3, "shares": 14,
               "leads": 6, "stories": 3, "phases": 4, "targets": 6, "pulse": 6}


# --- helpers -------------------------------------------------------------------------------

def tiny_files(sample_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((sample_dir / "tiny-co").glob("*.csv"))}


def edit(data: bytes, old: str, new: str) -> bytes:
    text = data.decode("utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new).encode("utf-8")


def run(engine, files: dict[str, bytes], **kw) -> ImportResult:
    return import_files(engine, list(files.items()), **kw)


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every tracking row, sorted, to compare a database before and after."""
    out = {}
    with engine.connect() as conn:
        for name, model in TRACKING_MODELS.items():
            cols = [c for c in model.__table__.c if c.name != "id"]
            out[name] = sorted((tuple(r) for r in conn.execute(select(*cols))), key=repr)
    return out


def runs(engine) -> list[ImportRun]:
    with engine.connect() as conn:
        return list(conn.execute(select(ImportRun).order_by(ImportRun.id)))


def where(result: ImportResult) -> list[tuple]:
    return [(p.file, p.line, p.column) for p in result.problems]


def all_counts(**per_table) -> dict:
    """Counts of an import of the sample's tables (it has no share_clicks file)."""
    return {t: {"inserted": per_table.get(t, 0), "updated": 0, "unchanged": 0}
            for t in IMPORT_ORDER if t != "share_clicks"}


@pytest.fixture
def tiny(sample_dir) -> dict[str, bytes]:
    return tiny_files(sample_dir)


@pytest.fixture(params=["empty db", "db with tiny-co"])
def db(request, engine, tiny):
    """Each bad-input case on an empty database and on one that already holds tiny-co."""
    if request.param == "db with tiny-co":
        assert run(engine, tiny).ok
    return engine


# --- the sample company --------------------------------------------------------------------

def test_tiny_co_imports_with_exact_counts(engine, sample_dir):
    result = import_path(engine, sample_dir / "tiny-co", imported_by="ana")
    assert result.ok, [format_problem(p) for p in result.problems]
    assert result.problems == []
    assert result.counts == all_counts(**TINY_COUNTS)
    assert list(result.counts) == list(all_counts())   # in import order
    assert result.files == sorted(f"{t}.csv" for t in all_counts())
    with engine.connect() as conn:
        assert conn.scalar(select(Department.name).where(Department.department_id == "sales")) == "销售部"
        assert conn.scalar(select(Department.in_pilot).where(Department.department_id == "rnd")) is False
        share = conn.execute(select(Share).where(Share.share_id == "s03")).one()
        assert share.shared_at == dt.datetime(2026, 3, 31, 23, 59, 59)
        assert share.reach == 120
        s04 = conn.scalar(select(Share.shared_at).where(Share.share_id == "s04"))
        assert s04 == dt.datetime(2026, 3, 5)  # a bare date is midnight
        company = conn.execute(select(Target.target).where(Target.department_id.is_(None))).scalars()
        assert sorted(company) == [Decimal(3), Decimal(2000), Decimal(3000), Decimal(4000)]


def test_reimport_changes_nothing(engine, sample_dir):
    assert import_path(engine, sample_dir / "tiny-co").ok
    before = snapshot(engine)
    again = import_path(engine, sample_dir / "tiny-co")
    assert again.ok
    assert again.counts == {t: {"inserted": 0, "updated": 0, "unchanged": n}
                            for t, n in TINY_COUNTS.items()}
    assert snapshot(engine) == before


def test_changed_rows_are_updated(engine, tiny):
    assert run(engine, tiny).ok
    changed = dict(tiny)
    changed["shares.csv"] = edit(tiny["shares.csv"], "s01,e01,c1,wecom_moments,2026-03-02 09:15,400,30",
                                 "s01,e01,c1,wecom_moments,2026-03-02 09:15,450,30")
    # a company-wide target (department NULL) is matched NULL-safely, not inserted again
    changed["targets.csv"] = edit(tiny["targets.csv"], "2026-04,,reach,3000", "2026-04,,reach,3500")
    result = run(engine, changed)
    assert result.ok
    assert result.counts["shares"] == {"inserted": 0, "updated": 1, "unchanged": 13}
    assert result.counts["targets"] == {"inserted": 0, "updated": 1, "unchanged": 5}
    assert all(c["updated"] == 0 for t, c in result.counts.items() if t not in ("shares", "targets"))
    with engine.connect() as conn:
        assert conn.scalar(select(Share.reach).where(Share.share_id == "s01")) == 450
        assert conn.scalar(select(Target.target).where(Target.month == "2026-04",
                                                       Target.department_id.is_(None))) == 3500
        assert conn.scalar(select(Target.id).select_from(Target).order_by(Target.id.desc())) == 6


def test_largest_amounts_compare_equal_on_reimport(engine, tiny):
    files = {**tiny,
             "leads.csv": edit(tiny["leads.csv"], ",8000.5", ",9999999999999.99"),
             "targets.csv": edit(tiny["targets.csv"], "2026-03,,reach,2000", "2026-03,,reach,99999999999.9999")}
    assert run(engine, files).ok
    again = run(engine, files)
    assert again.counts["leads"] == {"inserted": 0, "updated": 0, "unchanged": 6}
    assert again.counts["targets"] == {"inserted": 0, "updated": 0, "unchanged": 6}
    too_big = {**files, "leads.csv": edit(tiny["leads.csv"], ",8000.5", ",10000000000000")}
    assert where(run(engine, too_big)) == [("leads.csv", 4, "deal_amount")]


def test_subset_of_tables_and_references_to_stored_rows(engine, tiny):
    assert run(engine, tiny).ok
    result = run(engine, {"shares.csv": tiny["shares.csv"], "leads.csv": tiny["leads.csv"]})
    assert result.ok
    assert result.counts == {"shares": {"inserted": 0, "updated": 0, "unchanged": 14},
                             "leads": {"inserted": 0, "updated": 0, "unchanged": 6}}


def test_column_order_is_free_and_header_only_file_is_zero_rows(engine, tiny):
    rows = list(csv.reader(io.StringIO(tiny["departments.csv"].decode())))
    reordered = "\n".join(",".join(reversed(r)) for r in rows).encode()
    result = run(engine, {"departments.csv": reordered, "stories.csv": b"story_id,employee_id,collected_on\n"})
    assert result.ok
    assert result.counts == {"departments": {"inserted": 3, "updated": 0, "unchanged": 0},
                             "stories": {"inserted": 0, "updated": 0, "unchanged": 0}}


def test_gbk_encoded_csv_imports_with_chinese_intact(engine, tiny):
    files = {"departments.csv": tiny["departments.csv"].decode().encode("gbk"),
             "employees.csv": tiny["employees.csv"].decode().encode("gbk")}
    assert files["departments.csv"] != tiny["departments.csv"]
    result = run(engine, files)
    assert result.ok, [format_problem(p) for p in result.problems]
    assert result.counts == {"departments": {"inserted": 3, "updated": 0, "unchanged": 0},
                             "employees": {"inserted": 10, "updated": 0, "unchanged": 0}}
    with engine.connect() as conn:
        assert conn.scalar(select(Department.name).where(Department.department_id == "service")) == "客服部"
        assert conn.scalar(select(Employee.name).where(Employee.employee_id == "e01")) == "张三"
    # the same rows saved as UTF-8 with a BOM are the same rows
    bom = {n: b"\xef\xbb\xbf" + tiny[n] for n in files}
    assert all(c["unchanged"] for c in run(engine, bom).counts.values())


def test_analyst_spellings_are_accepted(engine, tiny):
    """Full-width digits, thousands separators, 是/否, enum case, padding spaces."""
    files = {
        "departments.csv": "department_id,name,in_pilot\nsales,销售部,是\nservice,客服部, YES \nrnd,研发部,否\n".encode(),
        "employees.csv": tiny["employees.csv"],
        "content.csv": tiny["content.csv"],
        "shares.csv": edit(edit(tiny["shares.csv"], ",400,30", ",\"1,200\",３０"), ",250,10", ",  250 ,10"),
        "leads.csv": edit(tiny["leads.csv"], "l03,e02,s03,2026-03-31 10:00,won,2026-04-02,8000.5",
                          "l03,e02,s03,2026-03-31 10:00,Won,2026-04-02,\"8,000.505\""),
    }
    result = run(engine, files)
    assert result.ok, [format_problem(p) for p in result.problems]
    with engine.connect() as conn:
        assert {r[0]: r[1] for r in conn.execute(select(Department.department_id, Department.in_pilot))} == {
            "sales": True, "service": True, "rnd": False}
        assert conn.scalar(select(Share.reach).where(Share.share_id == "s01")) == 1200
        assert conn.scalar(select(Share.clicks).where(Share.share_id == "s01")) == 30
        assert conn.scalar(select(Share.reach).where(Share.share_id == "s02")) == 250
        lead = conn.execute(select(TRACKING_MODELS["leads"]).where(
            TRACKING_MODELS["leads"].lead_id == "l03")).one()
        assert (lead.status, lead.deal_amount) == ("won", Decimal("8000.51"))


# --- refused inputs: exact place, nothing written -----------------------------------------

BAD_CASES = {
    "unknown column": (
        lambda f: {**f, "shares.csv": edit(f["shares.csv"], "reach,clicks\n", "reach,clicks,note\n")},
        [("shares.csv", 1, "note")]),
    "missing required value": (
        lambda f: {**f, "employees.csv": edit(f["employees.csv"], "e03,王五,", "e03,,")},
        [("employees.csv", 4, "name")]),
    "bad date": (
        lambda f: {**f, "employees.csv": edit(f["employees.csv"], "2025-07-15", "2025/7/15")},
        [("employees.csv", 3, "hired_on")]),
    "negative number": (
        lambda f: {**f, "shares.csv": edit(f["shares.csv"], "weibo,2026-03-05,90,2", "weibo,2026-03-05,-3,2")},
        [("shares.csv", 5, "reach")]),
    "unknown reference": (
        lambda f: {**f, "shares.csv": edit(f["shares.csv"], "s02,e01,", "s02,e99,")},
        [("shares.csv", 3, "employee_id")]),
    "duplicate id": (
        lambda f: {**f, "shares.csv": edit(f["shares.csv"], "s02,e01", "s01,e01")},
        [("shares.csv", 3, "share_id")]),
    "won lead without close date": (
        lambda f: {**f, "leads.csv": edit(f["leads.csv"], "won,2026-03-20,12000", "won,,12000")},
        [("leads.csv", 2, "closed_at")]),
    "overlapping phases in the import": (
        lambda f: {**f, "phases.csv": edit(f["phases.csv"], "pilot,2026-03-01", "pilot,2026-02-15")},
        [("phases.csv", 3, "start_date")]),
    "undecodable bytes": (
        lambda f: {**f, "departments.csv": b"department_id,name\nx,\xff\xfe\x80\n"},
        [("departments.csv", None, None)]),
    "binary junk": (
        lambda f: {**f, "stories.csv": b"story_id,employee_id,collected_on\nt09,e01\x00\x01,2026-03-01\n"},
        [("stories.csv", None, None)]),
    "empty file": (
        lambda f: {**f, "pulse.csv": b""},
        [("pulse.csv", 1, None)]),
    "unknown table file name": (
        lambda f: {**f, "share.csv": f["shares.csv"]},
        [("share.csv", None, None)]),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_is_refused_exactly(db, tiny, case):
    change, expected = BAD_CASES[case]
    before = snapshot(db)
    result = run(db, change(tiny))
    assert not result.ok
    assert where(result) == expected, [format_problem(p) for p in result.problems]
    assert result.counts == {}
    assert snapshot(db) == before
    assert runs(db)[-1].status == "refused"


def test_reasons_name_the_fix(engine, tiny):
    """A sample of the words the analyst reads."""
    def problem(case: str) -> Problem:
        result = run(engine, BAD_CASES[case][0](tiny))
        assert len(result.problems) == 1
        return result.problems[0]

    p = problem("negative number")
    assert format_problem(p) == 'shares.csv line 5, column "reach", value "-3": must be a whole number 0 or more'
    p = problem("bad date")
    assert (p.value, p.reason) == ("2025/7/15", "is not a date; write it as YYYY-MM-DD (e.g. 2026-03-05)")
    p = problem("unknown reference")
    assert p.value == "e99" and "employees" in p.reason
    p = problem("duplicate id")
    assert p.value == "s01" and "line 2" in p.reason
    p = problem("unknown column")
    assert "share_id, employee_id, content_id, channel, shared_at, reach, clicks" in p.reason
    p = problem("unknown table file name")
    assert 'did you mean "shares.csv"' in p.reason
    p = problem("undecodable bytes")
    assert "neither UTF-8 nor GBK/GB18030" in p.reason and "CSV UTF-8" in p.reason
    p = problem("binary junk")
    assert p.reason.startswith("is not a text CSV file")
    p = problem("overlapping phases in the import")
    assert "overlaps the launch phase on line 2" in p.reason


def test_overlap_with_phases_already_stored(engine, tiny):
    assert run(engine, tiny).ok
    before = snapshot(engine)
    moved = b"phase,start_date,end_date\npromotion,2026-04-15,2026-06-30\n"
    result = run(engine, {"phases.csv": moved})
    assert where(result) == [("phases.csv", 2, "start_date")]
    assert "already in the database" in result.problems[0].reason
    assert snapshot(engine) == before
    # moving pilot's end in the same import replaces the stored pilot row: no overlap then
    both = moved + b"pilot,2026-03-01,2026-04-14\n"
    result = run(engine, {"phases.csv": both})
    assert result.ok
    assert result.counts == {"phases": {"inserted": 0, "updated": 2, "unchanged": 0}}


def test_reference_only_in_the_database(engine, tiny):
    """shares.csv alone refers to employees and content: fine only when they are stored."""
    result = run(engine, {"shares.csv": tiny["shares.csv"]})
    assert not result.ok
    assert {(p.column, p.line) for p in result.problems} == (
        {("employee_id", n) for n in range(2, 16)} | {("content_id", n) for n in range(2, 16)})
    assert run(engine, tiny).ok
    assert run(engine, {"shares.csv": tiny["shares.csv"]}).ok


def test_several_problems_are_all_reported(db, tiny):
    files = dict(tiny)
    files["employees.csv"] = edit(tiny["employees.csv"], "2025-07-15", "2025/7/15")
    files["shares.csv"] = edit(edit(edit(tiny["shares.csv"], "weibo,2026-03-05,90,2", "weibo,2026-03-05,-3,2"),
                                    "s02,e01,", "s02,e99,"), "s12,e01,c1,wecom_moments,2026-05-06 09:00,320,20",
                               "s12,e01,c1,wecom_moments,2026-05-06 9h,320,x")
    files["leads.csv"] = edit(tiny["leads.csv"], "won,2026-03-20,12000", "won,,")
    files["sharess.csv"] = b"share_id\n"
    before = snapshot(db)
    result = run(db, files)
    assert not result.ok
    assert set(where(result)) == {
        ("employees.csv", 3, "hired_on"),
        ("shares.csv", 5, "reach"),
        ("shares.csv", 3, "employee_id"),
        ("shares.csv", 13, "shared_at"),
        ("shares.csv", 13, "clicks"),
        ("leads.csv", 2, "closed_at"),
        ("leads.csv", 2, "deal_amount"),
        ("sharess.csv", None, None),
    }
    assert len(result.problems) == 8
    assert snapshot(db) == before
    assert runs(db)[-1].error_count == 8


def test_header_problems(engine, tiny):
    header_dup = b"department_id,name,name\nsales,a,b\n"
    missing = b"department_id,in_pilot\nsales,true\n"
    stray = b"department_id,name,\nsales,a,oops\n"
    for data, expected in ((header_dup, [("departments.csv", 1, "name")]),
                           (missing, [("departments.csv", 1, "name")]),
                           (stray, [("departments.csv", 2, None)])):
        result = run(engine, {"departments.csv": data})
        assert where(result) == expected, [format_problem(p) for p in result.problems]


def test_row_rules(engine, tiny):
    files = dict(tiny)
    files["employees.csv"] = edit(tiny["employees.csv"], "2023-01-01,2026-03-10", "2023-01-01,2022-03-10")
    files["leads.csv"] = edit(tiny["leads.csv"], "l02,e01,s01,2026-03-04 11:00,lost,2026-03-25",
                              "l02,e01,s01,2026-03-04 11:00,lost,2026-03-01")
    files["phases.csv"] = edit(tiny["phases.csv"], "optimization,2026-07-01,2026-12-31",
                               "optimization,2026-07-01,2026-06-30")
    files["pulse.csv"] = edit(tiny["pulse.csv"], "p01,sales,2026-03-28,10", "p01,sales,2026-03-28,11")
    files["targets.csv"] = edit(tiny["targets.csv"], "2026-03,sales,leads,5", "2026-03,sales,likes,5")
    result = run(engine, files)
    assert where(result) == [("employees.csv", 5, "left_on"), ("leads.csv", 3, "closed_at"),
                             ("phases.csv", 5, "end_date"), ("pulse.csv", 2, "score"),
                             ("targets.csv", 3, "metric")]
    # a close date without a time stands for the whole day it was created on
    same_day = edit(tiny["leads.csv"], "l01,e01,s01,2026-03-03 10:00,won,2026-03-20",
                    "l01,e01,s01,2026-03-03 10:00,won,2026-03-03")
    assert run(engine, {**tiny, "leads.csv": same_day}).ok


def test_duplicate_composite_keys(engine, tiny):
    files = {**tiny, "targets.csv": tiny["targets.csv"] + b"2026-03,,reach,2500\n",
             "trainings.csv": tiny["trainings.csv"] + b"e01,kickoff all-hands,2026-01-16\n"}
    result = run(engine, files)
    assert where(result) == [("targets.csv", 8, None), ("trainings.csv", 12, None)]
    assert result.problems[0].value == "2026-03 / (company-wide) / reach"
    assert "line 2" in result.problems[0].reason


def test_failure_while_writing_rolls_everything_back(engine, tiny, monkeypatch):
    assert run(engine, {"departments.csv": tiny["departments.csv"]}).ok
    before = snapshot(engine)
    real = importing.upsert

    def failing(conn, parsed):
        if parsed.table.name == "pulse":
            raise OperationalError("INSERT", {}, Exception("disk full"))
        return real(conn, parsed)
    monkeypatch.setattr(importing, "upsert", failing)
    result = run(engine, tiny)
    assert not result.ok
    assert where(result) == [("(database)", None, None)]
    assert snapshot(engine) == before
    assert runs(engine)[-1].status == "refused"


# --- workbooks ------------------------------------------------------------------------------

def workbook(tiny: dict[str, bytes], typed: bool = False, patch=None) -> bytes:
    """tiny-co as one .xlsx; typed: dates, numbers and booleans as real Excel values."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, data in tiny.items():
        sheet = book.create_sheet(name.removesuffix(".csv"))
        for r, row in enumerate(csv.reader(io.StringIO(data.decode("utf-8-sig")))):
            sheet.append([_typed(v) if typed and r else v for v in row])
    if patch:
        patch(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(v: str):
    if v in ("true", "false"):
        return v == "true"
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(v, fmt)
        except ValueError:
            pass
    try:
        return int(v)
    except ValueError:
        pass
    try:
        return float(v)
    except ValueError:
        return v


@pytest.mark.parametrize("typed", [False, True], ids=["text cells", "typed cells"])
def test_workbook_imports_like_the_csv_files(engine, tiny, typed):
    result = import_files(engine, [("tiny-co.xlsx", workbook(tiny, typed))])
    assert result.ok, [format_problem(p) for p in result.problems]
    assert result.counts == {t: {"inserted": n, "updated": 0, "unchanged": 0}
                             for t, n in TINY_COUNTS.items()}
    assert result.files == [f'tiny-co.xlsx, sheet "{n.removesuffix(".csv")}"' for n in tiny]
    # the workbook stored exactly what the CSV files hold: real datetimes, numbers and all
    again = run(engine, tiny)
    assert all(c["inserted"] == c["updated"] == 0 for c in again.counts.values())


def test_workbook_path_and_month_as_date(engine, tiny, tmp_path):
    def months_as_dates(book):
        ws = book["targets"]
        ws["A2"] = dt.datetime(2026, 3, 1)  # Excel turns a typed 2026-03 into this
    path = tmp_path / "tiny-co.xlsx"
    path.write_bytes(workbook(tiny, True, months_as_dates))
    result = import_path(engine, path)
    assert result.ok, [format_problem(p) for p in result.problems]
    assert result.counts["targets"]["inserted"] == 6


def test_workbook_formula_refused(engine, tiny):
    def formula(book):
        book["shares"]["F2"] = "=100+300"
        book["shares"].insert_rows(5, 2)  # blank rows are skipped but keep the line numbers right
        book["shares"]["G8"] = -1
    before = snapshot(engine)
    result = import_files(engine, [("tiny-co.xlsx", workbook(tiny, True, formula))])
    assert where(result) == [('tiny-co.xlsx, sheet "shares"', 2, "reach"),
                             ('tiny-co.xlsx, sheet "shares"', 8, "clicks")]
    assert "formulas are not imported" in result.problems[0].reason
    assert snapshot(engine) == before


def test_workbook_sheet_problems(engine, tiny):
    def extra(book):
        book.create_sheet("Sheet1")["A1"] = "x"
        book["pulse"].delete_rows(1, book["pulse"].max_row)
        book["employees"]["E3"] = dt.datetime(2025, 7, 15, 9, 30)
    result = import_files(engine, [("t.xlsx", workbook(tiny, True, extra))])
    assert where(result) == [('t.xlsx, sheet "employees"', 3, "hired_on"),
                             ('t.xlsx, sheet "pulse"', 1, None),
                             ('t.xlsx, sheet "Sheet1"', None, None)]


def test_workbook_with_csv_or_broken_is_refused(engine, tiny):
    result = import_files(engine, [("a.xlsx", workbook(tiny)), ("shares.csv", tiny["shares.csv"])])
    assert where(result) == [("a.xlsx", None, None)]
    result = import_files(engine, [("a.xlsx", b"not a zip")])
    assert where(result) == [("a.xlsx", None, None)]


# --- folders, records, helpers ------------------------------------------------------------

def test_folder_rules(engine, tiny, tmp_path):
    (tmp_path / "departments.csv").write_bytes(tiny["departments.csv"])
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / ".~lock.departments.csv#").write_text("ignored")
    result = import_path(engine, tmp_path)
    assert result.ok and list(result.counts) == ["departments"]
    (tmp_path / "Departments (1).csv").write_bytes(tiny["departments.csv"])
    assert where(import_path(engine, tmp_path)) == [("Departments (1).csv", None, None)]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert where(import_path(engine, empty)) == [(str(empty), None, None)]
    assert where(import_path(engine, tmp_path / "missing")) == [(str(tmp_path / "missing"), None, None)]


def test_every_attempt_is_recorded(engine, tiny):
    ok = run(engine, tiny, source="upload", imported_by="ana")
    refused = run(engine, {**tiny, "pulse.csv": b""}, imported_by="bo")
    records = runs(engine)
    assert [r.id for r in records] == [ok.run_id, refused.run_id]
    first, second = records
    assert (first.status, first.source, first.imported_by, first.error_count) == ("imported", "upload", "ana", 0)
    assert json.loads(first.counts) == ok.counts
    assert json.loads(first.files) == sorted(tiny)
    assert first.started_at <= first.finished_at
    assert (second.status, second.imported_by, second.error_count) == ("refused", "bo", 1)
    assert json.loads(second.counts) == {}


def test_format_helpers():
    p = Problem("shares.csv", 7, "reach", "-3", "must be a whole number 0 or more")
    assert format_problem(p) == 'shares.csv line 7, column "reach", value "-3": must be a whole number 0 or more'
    assert format_problem(Problem("x.csv", None, None, None, "is empty")) == "x.csv: is empty"
    table = format_counts(ImportResult(True, [], {"shares": {"inserted": 2, "updated": 1, "unchanged": 0}}))
    assert table.splitlines() == ["table    inserted    updated  unchanged",
                                  "shares          2          1          0",
                                  "total           2          1          0"]
    assert format_counts(ImportResult(False, [p], {})) == "nothing imported"


def test_templates_are_header_only_utf8_with_bom():
    data = read_template_csv("employees")
    assert data == "\ufeffemployee_id,name,department_id,position,hired_on,left_on,tools_activated_on\r\n".encode()
    assert data.startswith(b"\xef\xbb\xbf")


# --- cell parsing properties ---------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(st.integers(0, 2**31 - 1), st.booleans(), st.booleans())
def test_whole_numbers_in_any_spelling(n, grouped, full_width):
    text = f"{n:,}" if grouped else str(n)
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_int(f" {text} ") == n


@given(st.integers(-(2**40), -1))
def test_negative_whole_numbers_refused(n):
    with pytest.raises(CellError, match="must be a whole number 0 or more"):
        parse_int(str(n))


@given(st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2))
def test_amounts_read_back_exactly(d):
    parse = amount_parser(18, 2)
    assert parse(str(d)) == d
    assert parse(f"{d:,}") == d
    assert parse(f"{d:,}".translate(FULL_WIDTH)) == d
    assert parse(float(d)) == d  # a workbook number cell


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_timestamps_read_back_exactly(t):
    t = t.replace(microsecond=0)
    assert parse_timestamp(t.strftime("%Y-%m-%d %H:%M:%S")) == t
    assert parse_timestamp(t) == t


@given(st.binary(max_size=300))
def test_decoding_never_lets_junk_through(data):
    text, problem = decode("x.csv", data)
    assert (text is None) != (problem is None)
    if text is not None:
        assert all(c in "\t\r\n" or (c.isprintable() or c.isspace()) for c in text if ord(c) < 0xA0)
        assert "\ufffd" not in text


def test_sqlite_import_leaves_connections_as_they_were_and_checkpoints(tmp_path, sample_dir,
                                                                      monkeypatch):
    """The import's SQLite tuning (page cache, memory map, no foreign key checks per row, no
    checkpoint in its commit) ends with it, and it leaves the checkpoint to a thread, which copies the WAL into the file."""
    from data_access.importing import bulk
    from data_access.models import Share
    from tests.conftest import fresh_sqlite_engine
    threads = []
    start = bulk.checkpoint_soon
    monkeypatch.setattr(bulk, "checkpoint_soon", lambda engine: threads.append(start(engine)))
    engine = fresh_sqlite_engine(tmp_path)
    assert import_path(engine, sample_dir / "tiny-co").ok
    assert len(threads) == 1
    threads[0].join()
    with engine.connect() as one, engine.connect() as two:    # every pooled connection
        for conn in (one, two):
            pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert (pragma("wal_autocheckpoint"), pragma("cache_size"), pragma("mmap_size"),
                    pragma("foreign_keys")) == (1000, -2000, 0, 1)
        # nothing left to copy: the thread's checkpoint did it all
        busy, frames, copied = one.exec_driver_sql("PRAGMA wal_checkpoint(NOOP)").one()
        assert busy == 0 and frames == copied
        assert one.scalar(select(func.count()).select_from(Share)) == 14   # tiny-co's shares


def test_bulk_insert_stores_timestamps_as_sqlalchemy_does():
    """The bulk path's own timestamp and date text (SQLite) is exactly what SQLAlchemy's
    bind processors store: month bounds compare with it as text."""
    import random

    from sqlalchemy.dialects import sqlite

    from data_access.importing.bulk import row_converter
    from data_access.models import Lead
    table = Lead.__table__
    columns = ["lead_id", "created_at", "closed_at", "deal_amount"]
    convert = row_converter(table, columns, sqlite.dialect())
    processors = [table.c[c].type._cached_bind_processor(sqlite.dialect()) for c in columns]
    rnd = random.Random(7)
    stamps = [dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31, 23, 59, 59, 999999),
              dt.datetime(987, 6, 5, 4, 3, 2, 1)] + [
        dt.datetime(rnd.randint(1, 9999), rnd.randint(1, 12), rnd.randint(1, 28),
                    rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59),
                    rnd.choice([0, rnd.randint(0, 999_999)])) for _ in range(5000)]
    for stamp in stamps:
        row = ("l1", stamp, None, Decimal("12.50"))
        expected = tuple(v if p is None or v is None else p(v) for p, v in zip(processors, row))
        assert convert(row) == expected
    assert convert(("l1", stamps[0], None, None))[1] == "2026-01-01 00:00:00.000000"
