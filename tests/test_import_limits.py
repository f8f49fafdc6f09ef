"""Hostile and careless uploads, and a database file that cannot take writes (issue 18):
implausible dates, a million bad rows, oversized workbooks, the upload's worker process
and its memory limit, a database file deleted, replaced or made read-only under the app."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

import data_access.importing as importing
from data_access import reference
from data_access.db import make_engine, upgrade_schema
from data_access.import_log import import_history
from data_access.importing import import_files, import_path, import_upload, worker
from data_access.importing.bulk import checkpoint_soon
from data_access.importing.limits import MORE, date_range
from data_access.models import Share

SHARES_HEADER = "share_id,employee_id,content_id,channel,shared_at,reach,clicks\n"


@pytest.fixture
def tiny_db(tmp_path, sample_dir):
    path = tmp_path / "tiny.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    assert import_path(engine, sample_dir / "tiny-co").ok
    yield engine, path
    engine.dispose()


def shares(*rows: str) -> list[tuple[str, bytes]]:
    return [("shares.csv", (SHARES_HEADER + "".join(r + "\n" for r in rows)).encode())]


def share_count(engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(Share.share_id)).all())


# --- point 7: implausible dates -------------------------------------------------------------

def test_implausible_dates_are_refused_with_the_range_named(engine, sample_dir):
    assert import_path(engine, sample_dir / "tiny-co").ok
    rng = date_range()
    result = import_files(engine, shares("x1,e01,c1,weibo,1000-01-01,10,1",
                                         "x2,e01,c1,weibo,2026-04-02 10:00,10,1",
                                         "x3,e01,c1,weibo,9998-12-31,10,1",
                                         "x4,e01,c1,weibo,9999-12-31 23:59,10,1",
                                         "x5,e01,c1,weibo,1999-12-31 23:59,10,1"))
    assert not result.ok
    said = f"is outside the plausible range, {rng.earliest} to {rng.latest}; check the year"
    assert [(p.line, p.column, p.value, p.reason.split(" (")[0], p.code) for p in result.problems] == [
        (2, "shared_at", "1000-01-01 00:00", said, "import_limits.date_range"),
        (4, "shared_at", "9998-12-31 00:00", said, "import_limits.date_range"),
        (5, "shared_at", "9999-12-31 23:59", said, "import_limits.date_range"),
        (6, "shared_at", "1999-12-31 23:59", said, "import_limits.date_range")]
    assert result.problems[0].args == {"first": "2000-01-01", "last": rng.latest.isoformat()}
    assert share_count(engine) == 14


def test_hire_dates_go_back_further_and_months_are_checked_too(engine, sample_dir):
    assert import_path(engine, sample_dir / "tiny-co").ok
    employees = ("employee_id,name,department_id,position,hired_on,left_on,tools_activated_on\n"
                 "e90,老员工,sales,rep,1988-05-01,,2026-01-10\n"
                 "e91,Typo,sales,rep,1066-10-14,,2026-01-10\n").encode()
    targets = b"month,department_id,metric,target\n2999-01,sales,shares,10\n"
    result = import_files(engine, [("employees.csv", employees), ("targets.csv", targets)])
    assert [(p.file, p.line, p.column, p.value) for p in result.problems] == [
        ("employees.csv", 3, "hired_on", "1066-10-14"), ("targets.csv", 2, "month", "2999-01")]
    assert result.problems[0].args["first"] == "1950-01-01"


def test_the_month_picker_offers_only_months_with_data(tiny_url, monkeypatch):
    from data_access.db import get_engine
    from ui import widgets
    engine = get_engine(tiny_url)
    assert reference.data_months(engine) == ["2026-03", "2026-04", "2026-05"]
    assert import_files(engine, shares("x1,e01,c1,weibo,2021-02-03 10:00,10,1",
                                       "x2,e02,c2,weibo,2026-09-09 10:00,10,1")).ok
    assert reference.data_months(engine) == ["2021-02", "2026-03", "2026-04", "2026-05", "2026-09"]
    import streamlit as st
    st.cache_data.clear()
    assert widgets.month_options() == ["2026-09", "2026-05", "2026-04", "2026-03", "2021-02"]


# --- point 2: bounded problems, workbook rows, the worker ------------------------------------

def test_a_million_bad_rows_make_a_short_report(tiny_db):
    engine, _ = tiny_db
    data = SHARES_HEADER.encode() + b"X,,,,,,\n" * 200_000
    result = import_files(engine, [("shares.csv", data)])
    assert not result.ok
    listed = [p for p in result.problems if p.code != MORE]
    more = {p.column: p.args["more"] for p in result.problems if p.code == MORE}
    # each row: employee_id, channel, shared_at, reach empty (an empty clicks is "not
    # known", no problem); share_id X repeated
    assert more == {"employee_id": 199_900, "channel": 199_900, "shared_at": 199_900,
                    "reach": 199_900, "share_id": 199_899}
    assert len(listed) == 5 * 100
    assert result.problem_count == 4 * 200_000 + 199_999
    assert [p.line for p in listed if p.column == "reach"] == list(range(2, 102))
    run = import_history(engine)[0]
    assert (run["status"], run["error_count"]) == ("refused", result.problem_count)


def test_workbook_rows_are_capped_as_they_arrive(tiny_db, monkeypatch):
    from data_access.importing import read
    monkeypatch.setattr(read, "EXCEL_MAX_ROWS", 1000)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("shares")
    ws.append(SHARES_HEADER.strip().split(","))
    for _ in range(5000):
        ws.append(["X"])
    book = io.BytesIO()
    wb.save(book)
    inputs = read.read_inputs([("big.xlsx", book.getvalue())], what="big.xlsx")
    sheet = inputs.sheets[0]
    assert max(line for line, _ in sheet.rows) == 1000
    assert sheet.broken
    assert [(p.line, p.code) for p in sheet.problems] == [(1001, "import_limits.too_many_rows")]
    inputs.close()
    engine, _ = tiny_db
    result = import_files(engine, [("big.xlsx", book.getvalue())])
    assert any(p.code == "import_limits.too_many_rows" for p in result.problems)


def test_the_attempt_is_on_record_before_parsing(tiny_db, monkeypatch):
    engine, _ = tiny_db
    seen = []
    real = importing.read_inputs

    def reading(files, what):
        seen.append([(r["status"], r["files"]) for r in import_history(engine)][0])
        return real(files, what=what)
    monkeypatch.setattr(importing, "read_inputs", reading)
    result = import_files(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1"))
    assert result.ok
    assert seen == [("running", ["shares.csv"])]
    assert import_history(engine)[0]["status"] == "imported"


def test_an_upload_imports_in_a_worker(tiny_db):
    engine, _ = tiny_db
    result = import_upload(engine, [("shares.csv", io.BytesIO(shares(
        "x1,e01,c1,weibo,2026-04-02 10:00,10,1")[0][1]))], source="upload", imported_by="ana")
    assert result.ok and result.counts["shares"] == {"inserted": 1, "updated": 0, "unchanged": 0}
    run = import_history(engine)[0]
    assert (run["id"], run["status"], run["imported_by"]) == (result.run_id, "imported", "ana")
    refused = import_upload(engine, shares("x2,e01,c1,weibo,9999-12-31,10,1"), source="upload")
    assert [p.code for p in refused.problems] == ["import_limits.date_range"]
    assert import_history(engine)[0]["status"] == "refused"
    assert share_count(engine) == 15


def test_an_upload_beyond_the_memory_limit_fails_its_worker_only(tiny_db):
    engine, _ = tiny_db
    rows = "".join(f"m{i:07d},e01,c1,weibo,2026-04-02 10:00,10,1\n" for i in range(600_000))
    data = (SHARES_HEADER + rows).encode()
    result = import_upload(engine, [("shares.csv", data)], source="upload",
                           memory_bytes=200 * 2**20)
    assert not result.ok
    assert [(p.file, p.code) for p in result.problems] == [("shares.csv", "import_limits.memory")]
    assert import_history(engine)[0]["status"] == "failed"
    assert share_count(engine) == 14          # this process is fine, and nothing was written
    assert import_upload(engine, [("shares.csv", data)], source="upload").ok


def test_a_worker_that_dies_leaves_a_failed_record(tiny_db, monkeypatch):
    engine, _ = tiny_db
    monkeypatch.setattr(worker, "_run", lambda job: (-9, None))
    result = import_upload(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1"),
                           source="upload")
    assert [(p.code, p.args) for p in result.problems] == [("import_limits.worker",
                                                            {"how": "signal SIGKILL"})]
    run = import_history(engine)[0]
    assert (run["id"], run["status"], run["error_count"]) == (result.run_id, "failed", 1)


# --- points 3 and 6: a file that cannot take writes ----------------------------------------

def test_a_deleted_database_file_is_refused_not_silently_lost(tiny_db):
    engine, path = tiny_db
    assert share_count(engine) == 14          # a connection is open on the file
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    for run in (import_files, import_upload):
        result = run(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1"), source="upload")
        assert not result.ok
        assert [(p.code, p.args) for p in result.problems] == [
            ("import_limits.db_missing", {"path": str(path)})]
        assert "is gone (deleted or moved)" in result.problems[0].reason
    assert not path.exists()


def test_a_replaced_database_file_is_refused(tiny_db, tmp_path):
    engine, path = tiny_db
    assert share_count(engine) == 14
    other = tmp_path / "other.db"
    upgrade_schema(make_engine(f"sqlite:///{other}"))
    for p in path.parent.glob(path.name + "-*"):
        p.unlink()
    os.replace(other, path)
    result = import_files(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1"))
    assert [p.code for p in result.problems] == ["import_limits.db_replaced"]


def _read_only(paths: list[Path], on: bool) -> None:
    """Immutable (chattr) when run as root, whom permissions do not stop; else mode 0444."""
    for p in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i" if on else "-i", str(p)], check=True)
        else:
            p.chmod(0o444 if on else 0o644)


def test_a_read_only_database_file_is_a_clear_message_and_the_process_stays_up(tiny_db):
    engine, path = tiny_db
    if os.geteuid() == 0 and shutil.which("chattr") is None:
        pytest.skip("chattr is needed to make a file read-only for root")
    assert share_count(engine) == 14
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    _read_only(files, True)
    try:
        for run in (import_files, import_upload):
            result = run(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1"), source="upload")
            assert [(p.code, p.args) for p in result.problems] == [
                ("import_limits.db_read_only", {"path": str(path)})]
        # the checkpoint after an import does not touch the file either, and pages still read
        checkpoint_soon(engine).join()
        assert share_count(engine) == 14
        assert [d.department_id for d in reference.departments(engine)] == ["rnd", "sales", "service"]
        assert threading.active_count() >= 1
    finally:
        _read_only(files, False)
    assert import_files(engine, shares("x1,e01,c1,weibo,2026-04-02 10:00,10,1")).ok


def test_the_data_page_shows_a_bounded_problem_list_with_all_in_the_download(tiny_url):
    from tests.apptest_support import login, open_page
    at = login("marketing", lang="en")
    open_page(at, "data")
    data = SHARES_HEADER.encode() + b"X,,,,,,\n" * 50_000
    at.file_uploader(key="data-upload").set_value(("shares.csv", data, "text/csv")).run()
    at.button(key="data-import").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Found 249,999 problems, so nothing from this import was written. "
        "Fix them as listed below and upload again."]
    problems = at.dataframe[0].value
    assert len(problems) == 200                      # import.problems_shown
    captions = [c.value for c in at.caption]
    assert any("the first 100 of each file and column are listed" in c for c in captions)
    assert any("505" in c and "200" in c for c in captions)   # 5 x 100 listed + 5 counted
    history = at.dataframe[-1].value
    assert (history.iloc[0]["Status"], history.iloc[0]["Problems"]) == ("Refused", 249_999)
