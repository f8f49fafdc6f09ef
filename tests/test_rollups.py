"""The monthly rollups stay exact: random companies imported, then changed and re-imported.

After every import (and after direct writes followed by `rollups.refresh`), the facts read
from the rollups equal the facts computed from the raw rows, for every month and
department, and the rollup tables equal ones rebuilt from scratch. Every refresh plan
(rebuild of an empty rollup, one pass over the tables, month by month) and the bulk
insert path (indexes dropped and rebuilt) are exercised by lowering their thresholds.
Runs on SQLite and PostgreSQL (see conftest).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select, update

from data_access import rollups
from data_access.contract import TABLES
from data_access.facts import (department_month_facts, department_month_facts_raw,
                               department_months_facts)
from data_access.importing import bulk, format_problem, import_files
from data_access.models import (Department, DepartmentMonth, Employee, EmployeeMonth, ImportRun,
                                Lead, PulseResponse, Share, Story, Training)
from data_access.months import shift
from tests.test_metrics_property import DEPARTMENTS, _store, companies, days, stamps

# every month the strategies can put an event in (leads close up to 40 days after May)
MONTHS = [shift("2025-11", i) for i in range(9)]
CLEARED = (DepartmentMonth, EmployeeMonth, Lead, Share, Story, Training, PulseResponse, Employee, Department,
           ImportRun)


# --- helpers -------------------------------------------------------------------------------

def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def csv_file(table: str, rows: list[dict]) -> tuple[str, bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = TABLES[table].column_names
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return f"{table}.csv", out.getvalue().encode("utf-8")


def import_tables(engine, tables: dict[str, list[dict]]) -> None:
    result = import_files(engine, [csv_file(t, rows) for t, rows in tables.items()])
    assert result.ok, [format_problem(p) for p in result.problems]


def clear(engine) -> None:
    with engine.begin() as conn:
        for model in CLEARED:
            conn.execute(delete(model))


def rollup_rows(conn) -> list[tuple]:
    """Both rollup tables' rows."""
    return [sorted(tuple(r) for r in conn.execute(select(model.__table__)))
            for model in (EmployeeMonth, DepartmentMonth)]


def assert_exact(engine) -> None:
    """Rollup facts == raw facts for every month and department; table == a rebuild."""
    each = {month: department_month_facts(engine, month) for month in MONTHS}
    for month in MONTHS:
        assert each[month] == department_month_facts_raw(engine, month), month
    assert department_months_facts(engine, MONTHS) == each       # a trend's one query
    raw = rollups.employee_months_raw(MONTHS[0], MONTHS[-1])
    with engine.connect() as conn:
        stored = conn.execute(select(EmployeeMonth.__table__)
                              .where(EmployeeMonth.month.between(MONTHS[0], MONTHS[-1])))
        assert sorted(map(tuple, stored)) == sorted(map(tuple, conn.execute(select(raw))))
    with engine.connect() as conn:   # the rebuild is rolled back
        kept = rollup_rows(conn)
        rollups.rebuild(conn)
        assert kept == rollup_rows(conn)
        conn.rollback()


def use_plan(monkeypatch, plan: str) -> None:
    """Make a small test company take the refresh plan and insert path big imports take."""
    monkeypatch.setattr(rollups, "FULL_PASS_MIN", 0 if plan == "one pass" else 10**9)
    monkeypatch.setattr(bulk, "BULK_MIN", 5)                 # drop and rebuild indexes


def lead(draw, lead_id: str, employee_ids: list[str]) -> dict:
    created = draw(stamps)
    status = draw(st.sampled_from(("open", "won", "lost")))
    closed = (created + dt.timedelta(days=draw(st.integers(0, 40)))) if status != "open" else None
    amount = Decimal(draw(st.integers(0, 10_000_000))) / 100 if status == "won" else None
    return {"lead_id": lead_id, "employee_id": draw(st.sampled_from(employee_ids)),
            "share_id": None, "created_at": created, "status": status, "closed_at": closed,
            "deal_amount": amount}


def changes(draw, company: dict) -> dict[str, list[dict]]:
    """A later import: some rows moved (month, employee, status...), some new, some employees
    moved to another department; only the files that changed."""
    ids = [e["employee_id"] for e in company["employees"]]
    emp = st.sampled_from(ids)
    out: dict[str, list[dict]] = {}

    moved = [{**e, "department_id": draw(st.sampled_from(DEPARTMENTS))}
             for e in company["employees"] if draw(st.booleans())]
    if moved:
        out["employees"] = moved
    shares = [{**s, "employee_id": draw(emp), "shared_at": draw(stamps),
               "reach": draw(st.integers(0, 5000))}
              for s in company["shares"] if draw(st.booleans())]
    shares += [{"share_id": f"n{i}", "employee_id": draw(emp), "content_id": None,
                "channel": "wecom_moments", "shared_at": draw(stamps),
                "reach": draw(st.integers(0, 5000)), "clicks": draw(st.integers(0, 300))}
               for i in range(draw(st.integers(0, 8)))]
    if shares:
        out["shares"] = shares
    leads = [lead(draw, x["lead_id"], ids) for x in company["leads"] if draw(st.booleans())]
    leads += [lead(draw, f"m{i}", ids) for i in range(draw(st.integers(0, 6)))]
    if leads:
        out["leads"] = leads
    stories = [{**x, "employee_id": draw(emp), "collected_on": draw(days)}
               for x in company["stories"] if draw(st.booleans())]
    stories += [{"story_id": f"u{i}", "employee_id": draw(emp), "collected_on": draw(days)}
                for i in range(draw(st.integers(0, 3)))]
    if stories:
        out["stories"] = stories
    return out


def first_import(company: dict) -> dict[str, list[dict]]:
    return {"departments": [{"department_id": d, "name": d, "in_pilot": False}
                            for d in DEPARTMENTS],
            "employees": company["employees"], "trainings": company["trainings"],
            "shares": company["shares"], "leads": company["leads"],
            "stories": company["stories"], "pulse": company["pulse"]}


# --- the properties --------------------------------------------------------------------------

@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(company=companies(), plan=st.sampled_from(["by month", "one pass"]), data=st.data())
def test_rollups_equal_raw_figures_through_imports(engine, monkeypatch, company, plan, data):
    use_plan(monkeypatch, plan)
    clear(engine)
    import_tables(engine, first_import(company))
    assert_exact(engine)
    for _ in range(data.draw(st.integers(1, 2), label="later imports")):
        later = changes(data.draw, company)
        if later:
            import_tables(engine, later)
        assert_exact(engine)
        # the same import again changes nothing, and the rollup stays exact
        if later:
            import_tables(engine, later)
            assert_exact(engine)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(company=companies(), plan=st.sampled_from(["by month", "one pass"]), data=st.data())
def test_refresh_after_direct_writes(engine, monkeypatch, company, plan, data):
    """Rows changed or deleted with plain SQL, then `refresh` of the pairs of the old and the
    new rows: the rollup is exact again."""
    use_plan(monkeypatch, plan)
    _store(engine, company)           # direct inserts, then a rebuild
    ids = [e["employee_id"] for e in company["employees"]]
    share_cols, lead_cols = TABLES["shares"].column_names, TABLES["leads"].column_names
    with engine.begin() as conn:
        old_shares = [tuple(r) for r in conn.execute(select(*(Share.__table__.c[c] for c in share_cols)))]
        old_leads = [tuple(r) for r in conn.execute(select(*(Lead.__table__.c[c] for c in lead_cols)))]
        pairs = (rollups.row_pairs("shares", share_cols, old_shares)
                 | rollups.row_pairs("leads", lead_cols, old_leads))
        for s in company["shares"]:
            action = data.draw(st.sampled_from(["keep", "move", "delete"]))
            if action == "move":
                conn.execute(update(Share).where(Share.share_id == s["share_id"]).values(
                    employee_id=data.draw(st.sampled_from(ids)), shared_at=data.draw(stamps)))
            elif action == "delete":
                conn.execute(delete(Share).where(Share.share_id == s["share_id"]))
        for x in company["leads"]:
            if data.draw(st.booleans()):
                new = lead(data.draw, x["lead_id"], ids)
                conn.execute(update(Lead).where(Lead.lead_id == x["lead_id"]).values(
                    {k: v for k, v in new.items() if k != "lead_id"}))
        new_shares = [tuple(r) for r in conn.execute(select(*(Share.__table__.c[c] for c in share_cols)))]
        new_leads = [tuple(r) for r in conn.execute(select(*(Lead.__table__.c[c] for c in lead_cols)))]
        pairs |= (rollups.row_pairs("shares", share_cols, new_shares)
                  | rollups.row_pairs("leads", lead_cols, new_leads))
        rollups.refresh(conn, pairs)
    assert_exact(engine)


def test_lead_import_keeps_the_stored_share_facts_of_its_months(engine):
    """An import of leads alone refreshes March and April without reading their shares: the
    touched rows keep their stored share facts, a row left with nothing goes, and every
    figure is still the raw one."""
    clear(engine)
    day, stamp = dt.date(2025, 1, 1), dt.datetime
    employees = [{"employee_id": e, "name": e, "department_id": DEPARTMENTS[0], "position": None,
                  "hired_on": day, "left_on": None, "tools_activated_on": None}
                 for e in ("e1", "e2", "e3")]
    share = {"content_id": None, "channel": "wecom_moments", "clicks": 4}
    import_tables(engine, {
        "departments": [{"department_id": d, "name": d, "in_pilot": False} for d in DEPARTMENTS],
        "employees": employees,
        "shares": [{**share, "share_id": "s1", "employee_id": "e1", "reach": 100,
                    "shared_at": stamp(2026, 3, 5, 9, 0)},
                   {**share, "share_id": "s2", "employee_id": "e2", "reach": 50,
                    "shared_at": stamp(2026, 3, 6, 9, 0)}],
        "leads": [{"lead_id": "l1", "employee_id": "e1", "share_id": None, "status": "open",
                   "created_at": stamp(2026, 3, 10, 9, 0), "closed_at": None, "deal_amount": None},
                  {"lead_id": "l2", "employee_id": "e3", "share_id": None, "status": "open",
                   "created_at": stamp(2026, 3, 11, 9, 0), "closed_at": None,
                   "deal_amount": None}]})
    import_tables(engine, {"leads": [
        {"lead_id": "l1", "employee_id": "e1", "share_id": None, "status": "won",
         "created_at": stamp(2026, 3, 10, 9, 0), "closed_at": stamp(2026, 4, 2, 9, 0),
         "deal_amount": Decimal("100.00")},
        {"lead_id": "l2", "employee_id": "e2", "share_id": None, "status": "open",   # from e3
         "created_at": stamp(2026, 3, 11, 9, 0), "closed_at": None, "deal_amount": None}]})
    assert_exact(engine)
    with engine.connect() as conn:
        rows = {(r.month, r.employee_id): (r.shares, r.reach, r.clicks, r.leads, r.won, r.revenue)
                for r in conn.execute(select(EmployeeMonth))}
    assert rows == {("2026-03", "e1"): (1, 100, 4, 1, 1, 0),
                    ("2026-03", "e2"): (1, 50, 4, 1, 0, 0),
                    ("2026-04", "e1"): (0, 0, 0, 0, 0, 100)}


def test_rebuild_finds_months_years_apart(engine):
    """The rebuild goes month by month, each found as the first after the one before: a
    stray share decades earlier still gets its row, and the empty years between cost
    nothing."""
    clear(engine)
    share = {"content_id": None, "channel": "wecom_moments", "reach": 10, "clicks": 1}
    import_tables(engine, {
        "departments": [{"department_id": DEPARTMENTS[0], "name": "d", "in_pilot": False}],
        "employees": [{"employee_id": "e1", "name": "e1", "department_id": DEPARTMENTS[0],
                       "position": None, "hired_on": dt.date(1985, 1, 1), "left_on": None,
                       "tools_activated_on": None}],
        "shares": [{**share, "share_id": "s1", "employee_id": "e1",
                    "shared_at": dt.datetime(2003, 1, 5, 9, 0)},
                   {**share, "share_id": "s2", "employee_id": "e1",
                    "shared_at": dt.datetime(2026, 3, 5, 9, 0)}],
        "stories": [{"story_id": "t1", "employee_id": "e1", "collected_on": dt.date(2026, 4, 30)}]})
    with engine.begin() as conn:
        assert list(rollups._months_with_rows(conn)) == ["2003-01", "2026-03", "2026-04"]
        assert rollups.rebuild(conn) == 3
        assert sorted((r.month, r.shares, r.stories) for r in conn.execute(select(EmployeeMonth))) \
            == [("2003-01", 1, 0), ("2026-03", 1, 0), ("2026-04", 0, 1)]


def test_import_of_nothing_new_touches_no_rollup_row(engine, sample_dir):
    """Re-importing unchanged files refreshes nothing (and the rollup is still exact)."""
    from data_access.importing import import_path
    assert import_path(engine, sample_dir / "tiny-co").ok
    with engine.connect() as conn:
        before = rollup_rows(conn)
    assert before, "tiny-co has shares, leads and stories"
    assert import_path(engine, sample_dir / "tiny-co").ok
    with engine.connect() as conn:
        assert rollup_rows(conn) == before
    assert_exact(engine)


def test_rebuild_command(engine, sample_dir, monkeypatch, capsys):
    """python manage.py rebuild-rollups recomputes a rollup that went wrong."""
    import manage
    from data_access.importing import import_path
    assert import_path(engine, sample_dir / "tiny-co").ok
    with engine.connect() as conn:
        good = rollup_rows(conn)
    with engine.begin() as conn:
        conn.execute(update(EmployeeMonth).values(shares=EmployeeMonth.shares + 1))
        conn.execute(update(DepartmentMonth).values(reach=DepartmentMonth.reach + 1))
    monkeypatch.setattr(manage, "_engine", lambda: engine)
    assert manage.main(["rebuild-rollups"]) == 0
    assert f"{len(good[0])} employee-month rows" in capsys.readouterr().out
    with engine.connect() as conn:
        assert rollup_rows(conn) == good


def test_migration_fills_department_month(engine, sample_dir):
    """Upgrading a database of revision 0004 that holds data (downgraded here) fills
    department_month with exactly the rows the importer keeps."""
    from alembic import command
    from alembic.config import Config

    from data_access.db import ROOT
    from data_access.importing import import_path
    assert import_path(engine, sample_dir / "tiny-co").ok
    with engine.connect() as conn:
        kept = rollup_rows(conn)
    assert kept[1], "tiny-co has department months"
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "data_access" / "migrations"))
    for step in ("0004", "head"):
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if step == "0004" else command.upgrade)(cfg, step)
    with engine.connect() as conn:
        assert rollup_rows(conn) == kept
