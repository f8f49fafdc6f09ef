"""Monthly rollups: the employee_month table, kept exact by every import.

One row per (month, employee) with the employee's additive facts of that month,
computed from the raw rows exactly as the spec defines them:

    shares, reach, clicks   shares with shared_at in the month
    leads, won              leads with created_at in the month (won: of those, status won)
    revenue                 deal_amount of won leads with closed_at in the month
    stories                 stories with collected_on in the month

A lead created in March and won in April counts in March's leads and won and in
April's revenue, so it feeds two rows. Rows are keyed by employee, not by
department: the spec puts an employee in their *current* department, and joining
employees at query time keeps every month right when someone moves, with nothing
to refresh. Headcount, trained, activated and the pulse come from the small
tables directly (data_access.facts); participants are headcount employees whose
row has shares + leads + stories > 0.

Refresh is incremental and runs inside the import's transaction: the writer
(importing.write.upsert) notes the (employee, month) pairs of every inserted or
changed share, lead and story - the pairs of the new values *and* of the stored
row they replace, so a share moved to another month or employee leaves its old
pair right too - and `refresh` deletes exactly those pairs and re-inserts them
aggregated from the raw rows with INSERT ... SELECT ... GROUP BY. Unchanged rows
touch nothing, so re-importing a file costs no refresh. `rebuild` recomputes
the whole table (python manage.py rebuild-rollups).

Anything that writes shares, leads or stories other than through the importer
must call `refresh` with the pairs it touched, or `rebuild`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import (Column, Connection, Engine, MetaData, String, Table, case, delete, exists,
                        func, insert, literal, literal_column, select, union_all)

from .models import EmployeeMonth, Lead, Share, Story
from .months import bounds, first_day, next_first_day
from .sql_functions import month_key

Pair = tuple[str, str]          # (employee_id, 'YYYY-MM')
FACT_COLUMNS = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")

# The tables feeding the rollup, and per table the columns whose month a row counts in.
SOURCES: dict[str, tuple[str, ...]] = {
    "shares": ("shared_at",),
    "leads": ("created_at", "closed_at"),
    "stories": ("collected_on",),
}

CHUNK = 500     # employees per refresh statement (IN lists stay well under parameter limits)
FULL_PASS_MIN = 20_000   # at least this many pairs, and half the rollup: one pass over the tables
_KEY = "rollup_pairs"


# --- which pairs a write touches ------------------------------------------------------------

def month_text(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def row_pairs(table: str, columns: Iterable[str], rows: Iterable[tuple]) -> set[Pair]:
    """The (employee, month) pairs these rows of a source table count in."""
    columns = list(columns)
    emp = columns.index("employee_id")
    out: set[tuple] = set()
    for col in SOURCES[table]:
        i = columns.index(col)
        # (employee, year, month) first: cheaper than formatting a string per row
        out.update({(r[emp], r[i].year, r[i].month) for r in rows if r[i] is not None})
    return {(e, f"{y:04d}-{m:02d}") for e, y, m in out}


class Touched:
    """The rows written while `tracking`; their pairs are worked out only if needed."""

    def __init__(self) -> None:
        self._written: list[tuple[str, tuple[str, ...], list[tuple]]] = []

    def add(self, table: str, columns: Iterable[str], rows: list[tuple]) -> None:
        self._written.append((table, tuple(columns), rows))

    def __bool__(self) -> bool:
        return bool(self._written)

    def pairs(self) -> set[Pair]:
        out: set[Pair] = set()
        for table, columns, rows in self._written:
            out |= row_pairs(table, columns, rows)
        return out


@contextmanager
def tracking(conn: Connection) -> Iterator[Touched]:
    """Collect what writes on `conn` touch (see `note`) while the block runs; pass the
    result to `refresh` afterwards, in the same transaction."""
    touched = Touched()
    conn.info[_KEY] = touched
    try:
        yield touched
    finally:
        conn.info.pop(_KEY, None)


def note(conn: Connection, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    """Record rows of `table` written (new values) or replaced (stored values) on `conn`.

    Outside a `tracking` block this refreshes their pairs right away, so a write through
    importing.write.upsert always leaves the rollup exact.
    """
    if table not in SOURCES:
        return
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    collected = conn.info.get(_KEY)
    if collected is not None:
        collected.add(table, columns, rows)
    else:
        refresh(conn, row_pairs(table, columns, rows))


# --- recomputing from the raw rows ------------------------------------------------------------

_ZERO = literal_column("0")


def _sources(where_share, where_created, where_closed, where_story, month_of=None):
    """The four raw aggregates as one UNION ALL: (employee_id, [month,] facts...) per group.

    `where_*` filter each source; `month_of(column)` adds a month column and groups by it
    (the rebuild), otherwise each source is grouped by employee only (the refresh of one month).
    """
    def part(model, ts, values, where):
        # employee first: the per-employee indexes deliver rows in that order, so the
        # grouping sorts almost nothing
        keys = [model.employee_id.label("employee_id")]
        if month_of is not None:
            keys.append(month_of(ts).label("month"))
        return (select(*keys, *(v.label(n) for n, v in zip(FACT_COLUMNS, values)))
                .where(*where).group_by(*(k.element for k in keys)))

    won = func.sum(case((Lead.status == "won", 1), else_=0))
    return union_all(
        part(Share, Share.shared_at,
             (func.count(), func.sum(Share.reach), func.sum(Share.clicks), _ZERO, _ZERO, _ZERO,
              _ZERO), where_share),
        part(Lead, Lead.created_at,
             (_ZERO, _ZERO, _ZERO, func.count(), won, _ZERO, _ZERO), where_created),
        part(Lead, Lead.closed_at,
             (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, func.sum(Lead.deal_amount), _ZERO),
             (Lead.status == "won", Lead.closed_at.is_not(None), *where_closed)),
        part(Story, Story.collected_on,
             (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, _ZERO, func.count()), where_story),
    ).subquery("facts")


def _sums(facts):
    return [func.sum(facts.c[n]) for n in FACT_COLUMNS]


_TARGET = ["month", "employee_id", *FACT_COLUMNS]


def _refresh_statement(month: str, ids: list[str]):
    t0, t1 = bounds(month)
    d0, d1 = first_day(month), next_first_day(month)
    facts = _sources(
        (Share.employee_id.in_(ids), Share.shared_at >= t0, Share.shared_at < t1),
        (Lead.employee_id.in_(ids), Lead.created_at >= t0, Lead.created_at < t1),
        (Lead.employee_id.in_(ids), Lead.closed_at >= t0, Lead.closed_at < t1),
        (Story.employee_id.in_(ids), Story.collected_on >= d0, Story.collected_on < d1))
    return insert(EmployeeMonth).from_select(
        _TARGET, select(literal(month), facts.c.employee_id, *_sums(facts))
        .group_by(facts.c.employee_id))


def refresh(conn: Connection, pairs: Iterable[Pair] | Touched) -> int:
    """Recompute exactly these (employee, month) rows from the raw rows; returns how many pairs.

    Three plans, the same result:
    - an empty rollup (a first load): since the rollup was exact before, there were no
      share, lead or story rows before either, so the pairs touched are all the pairs
      there are - that is a `rebuild`, one grouped pass over the tables;
    - pairs making up a large part of the rollup: the same pass, keeping the groups of the
      touched pairs (held in a temporary table) - a scan beats millions of index lookups;
    - a few pairs against a large rollup (a weekly import): per month, chunks of
      employees, each an index range lookup per employee (the indexes cover the facts).
    """
    if isinstance(pairs, Touched):
        if not pairs:
            return 0
        stored = conn.scalar(select(func.count()).select_from(EmployeeMonth))
        if not stored:
            return rebuild(conn)
        pairs = pairs.pairs()
    else:
        pairs = pairs if isinstance(pairs, (set, frozenset)) else set(pairs)
        if not pairs:
            return 0
        stored = conn.scalar(select(func.count()).select_from(EmployeeMonth))
    if len(pairs) >= FULL_PASS_MIN and len(pairs) * 2 >= stored:
        _refresh_in_one_pass(conn, pairs, stored)
        return len(pairs)
    by_month: dict[str, list[str]] = defaultdict(list)
    for employee_id, month in pairs:
        by_month[month].append(employee_id)
    table = EmployeeMonth.__table__
    for month, ids in sorted(by_month.items()):
        ids.sort()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            conn.execute(delete(table).where(table.c.month == month,
                                             table.c.employee_id.in_(chunk)))
            conn.execute(_refresh_statement(month, chunk))
    return len(pairs)


def _refresh_in_one_pass(conn: Connection, pairs: set[Pair], stored: int) -> None:
    touched = Table("rollup_touched", MetaData(),
                    Column("month", String(7), primary_key=True),
                    Column("employee_id", String(64), primary_key=True),
                    prefixes=["TEMPORARY"])
    touched.create(conn)
    try:
        rows = [{"month": m, "employee_id": e} for e, m in pairs]
        for start in range(0, len(rows), 10_000):
            conn.execute(touched.insert(), rows[start:start + 10_000])
        em = EmployeeMonth.__table__
        is_touched = lambda month, employee_id: exists().where(   # noqa: E731
            touched.c.month == month, touched.c.employee_id == employee_id)
        if stored:
            conn.execute(delete(em).where(is_touched(em.c.month, em.c.employee_id)))
        facts = _sources((), (), (), (), month_of=month_key)
        conn.execute(insert(em).from_select(
            _TARGET, select(facts.c.month, facts.c.employee_id, *_sums(facts))
            .where(is_touched(facts.c.month, facts.c.employee_id))
            .group_by(facts.c.month, facts.c.employee_id)))
    finally:
        touched.drop(conn)


def rebuild(conn: Connection) -> int:
    """Recompute the whole rollup from the raw rows; returns its number of rows."""
    facts = _sources((), (), (), (), month_of=month_key)
    conn.execute(delete(EmployeeMonth))
    conn.execute(insert(EmployeeMonth).from_select(
        _TARGET, select(facts.c.month, facts.c.employee_id, *_sums(facts))
        .group_by(facts.c.month, facts.c.employee_id)))
    return conn.scalar(select(func.count()).select_from(EmployeeMonth))


def rebuild_rollups(engine: Engine) -> int:
    """`rebuild` in a transaction of its own."""
    with engine.begin() as conn:
        return rebuild(conn)
