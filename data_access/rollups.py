"""Monthly rollups: the employee_month and department_month tables, kept exact by every import.

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
aggregated from the raw rows with INSERT ... SELECT ... GROUP BY, month by month (a
month whose shares the import did not touch keeps its stored share facts). Unchanged
rows touch nothing, so re-importing a file costs no refresh. `rebuild` recomputes
the whole table, month by month (python manage.py rebuild-rollups).

The department_month table sums employee_month by the employee's current
department, with participants (headcount employees with activity). `refresh` moves
its rows by the difference the recomputed employee_month rows make (the rows its
DELETE and INSERT return), and recomputes it in full after a one-pass refresh or when
the import wrote employees (a move changes every month of that employee's department).

Anything that writes shares, leads, stories or employees other than through the
importer must call `refresh` with the pairs it touched (`departments=True` after
changing employees), or `rebuild`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import (Column, Connection, Engine, MetaData, String, Table, and_, case, delete,
                        exists, func, insert, literal, literal_column, or_, select, type_coerce,
                        union_all)

from .models import DepartmentMonth, Employee, EmployeeMonth, Lead, Share, Story
from .months import bounds, first_day, next_first_day
from .sql_functions import count_if, month_key

Pair = tuple[str, str]          # (employee_id, 'YYYY-MM')
# ctr_reach: the reach of the shares whose clicks are known (ctr's denominator; a share's
# clicks may be unknown, and unknown clicks never count as 0). Kept last: code reads the
# facts by position.
FACT_COLUMNS = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories", "ctr_reach")

# The tables feeding the rollup, and per table the columns whose month a row counts in.
SOURCES: dict[str, tuple[str, ...]] = {
    "shares": ("shared_at",),
    "leads": ("created_at", "closed_at"),
    "stories": ("collected_on",),
}

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
        self.employees = False     # employees written: every department month may change

    def add(self, table: str, columns: Iterable[str], rows: list[tuple]) -> None:
        self._written.append((table, tuple(columns), rows))

    @property
    def sources(self) -> bool:
        """Shares, leads or stories were written."""
        return bool(self._written)

    def __bool__(self) -> bool:
        return self.sources or self.employees

    def pairs(self) -> tuple[set[Pair], set[str]]:
        """The pairs touched, and the months in which shares were written."""
        out: set[Pair] = set()
        share_months: set[str] = set()
        for table, columns, rows in self._written:
            pairs = row_pairs(table, columns, rows)
            out |= pairs
            if table == "shares":
                share_months.update(m for _, m in pairs)
        return out, share_months


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
    if table not in SOURCES and table != "employees":
        return
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    collected = conn.info.get(_KEY)
    if table == "employees":
        if collected is not None:
            collected.employees = True
        else:
            refresh_departments(conn)
    elif collected is not None:
        collected.add(table, columns, rows)
    else:
        refresh(conn, row_pairs(table, columns, rows))


# --- recomputing from the raw rows ------------------------------------------------------------

_ZERO = literal_column("0")


def _sources(where_share, where_created, where_closed, where_story, month_of=None,
             tables=tuple(SOURCES), more=()):
    """The four raw aggregates as one UNION ALL: (employee_id, [month,] facts...) per group.

    `where_*` filter each source; `month_of(column)` adds a month column and groups by it
    (several months at once), otherwise each source is grouped by employee only (one month).
    Sources of tables left out of `tables` are left out (their facts are then missing);
    `more` are further selects of the same columns to add.
    """
    def part(model, ts, values, where):
        keys = [model.employee_id.label("employee_id")]
        if month_of is not None:
            keys.append(month_of(ts).label("month"))
        return (select(*keys, *(v.label(n) for n, v in zip(FACT_COLUMNS, values)))
                .where(*where).group_by(*(k.element for k in keys)))

    won = func.sum(case((Lead.status == "won", 1), else_=0))
    parts = {
        "shares": [part(Share, Share.shared_at,
                        (func.count(), func.sum(Share.reach),
                         func.coalesce(func.sum(Share.clicks), 0), _ZERO, _ZERO, _ZERO, _ZERO,
                         func.sum(case((Share.clicks.is_not(None), Share.reach), else_=0))),
                        where_share)],
        "leads": [part(Lead, Lead.created_at,
                       (_ZERO, _ZERO, _ZERO, func.count(), won, _ZERO, _ZERO, _ZERO),
                       where_created),
                  part(Lead, Lead.closed_at,
                       (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, func.sum(Lead.deal_amount), _ZERO,
                        _ZERO),
                       (Lead.status == "won", Lead.closed_at.is_not(None), *where_closed))],
        "stories": [part(Story, Story.collected_on,
                         (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, _ZERO, func.count(), _ZERO),
                         where_story)],
    }
    return union_all(*(p for t in tables for p in parts[t]), *more).subquery("facts")


def _sums(facts):
    return [func.sum(facts.c[n]) for n in FACT_COLUMNS]


_TARGET = ["month", "employee_id", *FACT_COLUMNS]


def _month_statement(month: str, ids=None, shares_written: bool = True):
    """The employee_month rows of `month`: of every employee, or of those `ids` selects. When
    no share of the month was written, their share facts are the stored ones (still exact):
    shares have no per-employee index, and reading a whole month of them for a few
    employees whose leads changed would cost more than the rest of the refresh."""
    t0, t1 = bounds(month)
    d0, d1 = first_day(month), next_first_day(month)
    em = EmployeeMonth
    of = (lambda model: (model.employee_id.in_(ids),)) if ids is not None else (lambda model: ())
    # a row counts shares exactly when it has some: no stored share facts are lost
    stored_shares = () if shares_written else (
        select(em.employee_id, em.shares, em.reach, em.clicks, _ZERO, _ZERO, _ZERO, _ZERO,
               em.ctr_reach)
        .where(em.month == month, *of(em), em.shares > 0),)
    facts = _sources(
        (*of(Share), Share.shared_at >= t0, Share.shared_at < t1),
        (*of(Lead), Lead.created_at >= t0, Lead.created_at < t1),
        (*of(Lead), Lead.closed_at >= t0, Lead.closed_at < t1),
        (*of(Story), Story.collected_on >= d0, Story.collected_on < d1),
        tables=tuple(SOURCES) if shares_written else ("leads", "stories"), more=stored_shares)
    return select(literal(month), facts.c.employee_id, *_sums(facts)).group_by(facts.c.employee_id)


def refresh(conn: Connection, pairs: Iterable[Pair] | Touched, departments: bool = False) -> int:
    """Recompute exactly these (employee, month) rows from the raw rows and bring
    department_month in step (all of it with `departments`, or when the Touched record
    says employees were written); returns how many pairs.

    Three plans, the same result:
    - an empty rollup (a first load): since the rollup was exact before, there were no
      share, lead or story rows before either, so the pairs touched are all the pairs
      there are - that is a `rebuild`;
    - pairs making up a large part of the rollup: one grouped pass over the tables, keeping
      the groups of the touched pairs - a scan beats millions of index lookups;
    - fewer pairs (a weekly import): per month touched, one statement over that month's
      rows of the touched employees. Shares have no per-employee index (it made every
      import write all over the largest table): a month's shares are read once through
      their month index, and only in the months where shares were written.
    The touched pairs go into a temporary table, so no statement carries thousands of
    parameters.
    """
    if isinstance(pairs, Touched):
        departments = departments or pairs.employees
        written, pairs = pairs, set()
        if written.sources:      # its pairs are worked out only when the rollup holds rows
            stored = conn.scalar(select(func.count()).select_from(EmployeeMonth))
            if not stored:
                return rebuild(conn)
            pairs, share_months = written.pairs()
    else:
        pairs = pairs if isinstance(pairs, (set, frozenset)) else set(pairs)
        share_months = {m for _, m in pairs}     # not known: shares may have changed anywhere
        stored = conn.scalar(select(func.count()).select_from(EmployeeMonth)) if pairs else 1
    if pairs:
        with _touched_table(conn, pairs) as touched:
            if len(pairs) >= FULL_PASS_MIN and len(pairs) * 2 >= stored:
                _refresh_in_one_pass(conn, touched, stored)
                departments = True
            else:
                _refresh_by_month(conn, touched, sorted({m for _, m in pairs}), share_months,
                                  track_departments=not departments)
    if departments:
        refresh_departments(conn)
    return len(pairs)


def _temporary(conn: Connection, table: Table) -> Table:
    table.create(conn)
    return table


@contextmanager
def _touched_table(conn: Connection, pairs: set[Pair]) -> Iterator[Table]:
    """The pairs in a temporary table (month, employee_id), dropped afterwards."""
    touched = _temporary(conn, Table("rollup_touched", MetaData(),
                                     Column("month", String(7), primary_key=True),
                                     Column("employee_id", String(64), primary_key=True),
                                     prefixes=["TEMPORARY"]))
    try:
        rows = [{"month": m, "employee_id": e} for e, m in pairs]
        for start in range(0, len(rows), 10_000):
            conn.execute(touched.insert(), rows[start:start + 10_000])
        if conn.dialect.name == "postgresql":   # a temporary table has no statistics otherwise
            conn.exec_driver_sql("ANALYZE rollup_touched")
        yield touched
    finally:
        touched.drop(conn)


def _is_touched(touched: Table, month, employee_id):
    return exists().where(touched.c.month == month, touched.c.employee_id == employee_id)


def _refresh_by_month(conn: Connection, touched: Table, months: list[str], share_months: set[str],
                      track_departments: bool) -> None:
    """Per month, the touched employees' rows recomputed (into a temporary table, as a month's
    statement may read the stored share facts), then the stale rows replaced by them. The
    department_month rows move by the difference this makes - the rows deleted minus the
    rows inserted, as the statements return them - so a weekly import does not recompute
    whole months."""
    em = EmployeeMonth.__table__
    fresh = _temporary(conn, Table("rollup_fresh", MetaData(),
                                   *(Column(c.name, c.type) for c in em.columns),
                                   prefixes=["TEMPORARY"]))
    returned = [em.c.month, em.c.employee_id, *(em.c[n] for n in FACT_COLUMNS)]
    deltas: dict[tuple[str, str], list] = defaultdict(lambda: [0] * len(_DEPARTMENT_VALUES))
    staff = _staff_months(conn) if track_departments else {}
    try:
        for month in months:
            ids = select(touched.c.employee_id).where(touched.c.month == month)
            conn.execute(insert(fresh).from_select(
                _TARGET, _month_statement(month, ids, month in share_months)))
            stale = delete(em).where(em.c.month == month, em.c.employee_id.in_(ids))
            if track_departments:
                _add(deltas, staff, conn.execute(stale.returning(*returned)), -1)
            else:
                conn.execute(stale)
        new = insert(em).from_select(_TARGET, select(*(fresh.c[n] for n in _TARGET)))
        if track_departments:
            _add(deltas, staff, conn.execute(new.returning(*returned)), 1)
            _apply_department_deltas(conn, deltas)
        else:
            conn.execute(new)
    finally:
        fresh.drop(conn)


def _staff_months(conn: Connection) -> dict[str, tuple[str, str, str | None]]:
    """employee_id -> (department_id, month hired, month left or None)."""
    return {e: (d, hired, left) for e, d, hired, left in conn.execute(
        select(Employee.employee_id, Employee.department_id, month_key(Employee.hired_on),
               month_key(Employee.left_on)))}


def _add(deltas: dict, staff: dict, rows, sign: int) -> None:
    """employee_month rows (month, employee_id, *FACT_COLUMNS) into the (month, department)
    deltas of _DEPARTMENT_VALUES, as `_department_query` would sum them."""
    for month, employee_id, *facts in rows:
        department_id, hired, left = staff[employee_id]
        total = deltas[(month, department_id)]
        total[0] += sign                                    # employee_months
        shares, leads, stories = facts[0], facts[3], facts[6]
        # `_department_query`'s participant test, on the returned row
        if hired <= month and (left is None or left >= month) and shares + leads + stories > 0:
            total[1] += sign                                # participants
        for i, v in enumerate(facts, start=2):
            total[i] += sign * v


def _apply_department_deltas(conn: Connection, deltas: dict) -> None:
    """Stored department_month rows plus the deltas; rows left with no employee month go."""
    changed = {k: v for k, v in deltas.items() if any(v)}
    by_month: dict[str, list[str]] = defaultdict(list)
    for month, department_id in changed:
        by_month[month].append(department_id)
    dm = DepartmentMonth.__table__
    for month, departments in sorted(by_month.items()):
        where = (dm.c.month == month, dm.c.department_id.in_(departments))
        stored = {r[0]: list(r[1:]) for r in conn.execute(
            select(dm.c.department_id, *(dm.c[n] for n in _DEPARTMENT_VALUES)).where(*where))}
        conn.execute(delete(dm).where(*where))
        rows = []
        for department_id in departments:
            before = stored.get(department_id, [0] * len(_DEPARTMENT_VALUES))
            values = [a + b for a, b in zip(before, changed[(month, department_id)])]
            if values[0]:    # employee_months: some employee_month row still counts here
                rows.append({"month": month, "department_id": department_id,
                             **dict(zip(_DEPARTMENT_VALUES, values))})
        if rows:
            conn.execute(insert(dm), rows)


def _refresh_in_one_pass(conn: Connection, touched: Table, stored: int) -> None:
    """One grouped pass over the tables, keeping the groups of the touched pairs."""
    em = EmployeeMonth.__table__
    if stored:
        conn.execute(delete(em).where(_is_touched(touched, em.c.month, em.c.employee_id)))
    facts = _sources((), (), (), (), month_of=month_key)
    conn.execute(insert(em).from_select(
        _TARGET, select(facts.c.month, facts.c.employee_id, *_sums(facts))
        .where(_is_touched(touched, facts.c.month, facts.c.employee_id))
        .group_by(facts.c.month, facts.c.employee_id)))


_DEPARTMENT_VALUES = ("employee_months", "participants", *FACT_COLUMNS)


def _department_query():
    """employee_month rows summed per (month, department): (month, department_id,
    *_DEPARTMENT_VALUES)."""
    em = EmployeeMonth
    # in the month's headcount (hired by its end, not left before it), compared by month
    counted = and_(month_key(Employee.hired_on) <= em.month,
                   or_(Employee.left_on.is_(None), month_key(Employee.left_on) >= em.month))
    return (select(em.month, Employee.department_id, func.count(),
                   count_if(and_(counted, (em.shares + em.leads + em.stories) > 0)),
                   *(func.sum(getattr(em, n)) for n in FACT_COLUMNS))
            .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
            .group_by(em.month, Employee.department_id))


def refresh_departments(conn: Connection) -> None:
    """Recompute the whole department_month table from employee_month."""
    conn.execute(delete(DepartmentMonth))
    conn.execute(insert(DepartmentMonth).from_select(["month", "department_id",
                                                      *_DEPARTMENT_VALUES], _department_query()))


def employee_months_raw(first_month: str, last_month: str,
                        tables: tuple[str, ...] = tuple(SOURCES)):
    """The employee_month rows of these months as a subquery computed from the raw rows
    (the reference the rollup must equal; the naive side of the benchmark reads it). With
    fewer `tables`, only their facts are right (a query needing only leads reads only leads)."""
    t0, t1 = bounds(first_month)[0], bounds(last_month)[1]
    d0, d1 = first_day(first_month), next_first_day(last_month)
    facts = _sources((Share.shared_at >= t0, Share.shared_at < t1),
                     (Lead.created_at >= t0, Lead.created_at < t1),
                     (Lead.closed_at >= t0, Lead.closed_at < t1),
                     (Story.collected_on >= d0, Story.collected_on < d1), month_of=month_key,
                     tables=tables)
    em = EmployeeMonth.__table__
    return (select(facts.c.month, facts.c.employee_id,
                   *(type_coerce(total, em.c[n].type).label(n)
                     for total, n in zip(_sums(facts), FACT_COLUMNS)))
            .group_by(facts.c.month, facts.c.employee_id).subquery("employee_month_raw"))


def _months_with_rows(conn: Connection) -> Iterator[str]:
    """Each month some share, lead or story counts in, in order: each found from the indexes
    as the first one after the month before (a stray date years away costs one lookup)."""
    columns = (Share.shared_at, Lead.created_at, Lead.closed_at, Story.collected_on)
    month = None
    while True:
        def after(column):
            if month is None:
                return ()
            return (column >= (next_first_day(month) if column is Story.collected_on
                               else bounds(month)[1]),)
        # one scalar subquery per column: each reads one index entry
        firsts = conn.execute(select(*(select(func.min(c)).where(*after(c)).scalar_subquery()
                                       for c in columns))).one()
        found = [month_text(v) for v in firsts if v is not None]
        if not found:
            return
        month = min(found)
        yield month


def rebuild(conn: Connection) -> int:
    """Recompute both rollups from the raw rows; returns the number of employee_month rows.
    Month by month: grouping one month's rows sorts far less than grouping all of them."""
    conn.execute(delete(EmployeeMonth))
    for month in _months_with_rows(conn):
        conn.execute(insert(EmployeeMonth).from_select(_TARGET, _month_statement(month)))
    refresh_departments(conn)
    return conn.scalar(select(func.count()).select_from(EmployeeMonth))


def rebuild_rollups(engine: Engine) -> int:
    """`rebuild` in a transaction of its own."""
    from .data_version import bump
    with engine.begin() as conn:
        bump(conn)
        return rebuild(conn)
