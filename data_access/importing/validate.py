"""Rules over typed rows: within a row, across rows, and against the database.

Every rule skips BAD cells (their problem is already reported), so one
mistake gives one message. References and phase overlaps look at the rows of
this import plus what the database already holds; the database is asked only
about the values the import itself does not settle, in chunks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter

from sqlalchemy import Connection, select

from ..contract import TABLES
from ..models import TRACKING_MODELS
from ..months import month_of
from .limits import Capped, DateRange, date_range
from .report import Problem
from .rows import BAD, Parsed

CHUNK = 500  # values per IN (...): well under every database's parameter limit


def shown(v: object) -> str:
    """A typed value written the way the import format writes it."""
    if v is None:
        return "(empty)"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M" if v.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


# --- within a row -------------------------------------------------------------------------

def _employee_rules(p: Parsed) -> Iterable[Problem]:
    hired, left = p.index("hired_on"), p.index("left_on")
    for row, line in zip(p.rows, p.lines):
        h, lo = row[hired], row[left]
        if h is not BAD and lo is not BAD and lo is not None and lo < h:
            yield Problem(p.label, line, "left_on", shown(lo),
                          f"is before hired_on ({shown(h)}); an employee cannot leave before joining")


def _lead_rules(p: Parsed) -> Iterable[Problem]:
    st, cr, cl, amt = (p.index(c) for c in ("status", "created_at", "closed_at", "deal_amount"))
    for row, line in zip(p.rows, p.lines):
        status, created, closed, amount = row[st], row[cr], row[cl], row[amt]
        if status == "won":
            if closed is None:
                yield Problem(p.label, line, "closed_at", None,
                              "is empty, but a won lead needs the date it was won")
            if amount is None:
                yield Problem(p.label, line, "deal_amount", None,
                              "is empty, but a won lead needs its deal amount (0 or more)")
        if created is BAD or closed is BAD or closed is None or closed >= created:
            continue
        # a close date without a time of day stands for that whole day
        if closed.time() == dt.time() and closed.date() == created.date():
            continue
        yield Problem(p.label, line, "closed_at", shown(closed),
                      f"is before created_at ({shown(created)}); a lead cannot close before it was created")


def _phase_rules(p: Parsed) -> Iterable[Problem]:
    start, end = p.index("start_date"), p.index("end_date")
    for row, line in zip(p.rows, p.lines):
        s, e = row[start], row[end]
        if s is not BAD and e is not BAD and e < s:
            yield Problem(p.label, line, "end_date", shown(e),
                          f"is before start_date ({shown(s)}); a phase must end on or after its start")


ROW_RULES = {"employees": _employee_rules, "leads": _lead_rules, "phases": _phase_rules}
# targets: metric (an enum of contract.METRIC_NAMES) and target >= 0 are column kinds already.


def key_text(p: Parsed, key: tuple) -> str:
    if len(key) == 1:
        return shown(key[0])
    return " / ".join("(company-wide)" if v is None else shown(v) for v in key)


def _duplicates(p: Parsed) -> Iterable[Problem]:
    if not p.keyed:
        return
    key = p.table.key
    idx = [p.index(k) for k in key]
    keys = list(map(itemgetter(*idx), p.rows)) if len(idx) > 1 else \
        [row[idx[0]] for row in p.rows]
    if len(set(keys)) == len(keys):   # the usual case, at C speed: no key repeats
        return
    first: dict[tuple, int] = {}
    for row, line in zip(p.rows, p.lines):
        k = tuple(row[i] for i in idx)
        if BAD in k:
            continue
        seen = first.setdefault(k, line)
        if seen != line:
            if len(key) == 1:
                yield Problem(p.label, line, key[0], key_text(p, k),
                              f"is already used on line {seen}; each {key[0]} may appear only once")
            else:
                yield Problem(p.label, line, None, key_text(p, k),
                              f"repeats the {' + '.join(key)} of line {seen}; each combination "
                              "may appear only once")


def check_rows(parsed: dict[str, Parsed], dates: DateRange | None = None) -> list[Problem]:
    """Row rules, plausible dates and duplicate keys: everything that needs no database."""
    problems: list[Problem] = Capped()
    dates = dates or date_range()
    for name, p in parsed.items():
        problems += _implausible_dates(p, dates)
        if name in ROW_RULES:
            problems += ROW_RULES[name](p)
        problems += _duplicates(p)
    return problems


def _implausible_dates(p: Parsed, dates: DateRange) -> Iterable[Problem]:
    """Dates outside the plausible range (importing.limits): a mistyped year. Each column is
    first judged by its smallest and largest value; only a column with a stray date is read
    row by row."""
    for col in p.table.columns:
        if col.kind not in ("date", "timestamp", "month") or col.name not in p.present:
            continue
        lo = dates.earliest_hire if (p.table.name, col.name) == ("employees", "hired_on") \
            else dates.earliest
        hi = dates.latest
        bounds = {"date": (lo, hi),
                  "timestamp": (dt.datetime.combine(lo, dt.time()),
                                dt.datetime.combine(hi, dt.time.max)),
                  "month": (month_of(lo), month_of(hi))}[col.kind]
        i = p.index(col.name)
        values = [v for v in map(itemgetter(i), p.rows) if v is not None and v is not BAD]
        if not values or (bounds[0] <= min(values) and max(values) <= bounds[1]):
            continue
        first, last = (month_of(lo), month_of(hi)) if col.kind == "month" else (lo, hi)
        for row, line in zip(p.rows, p.lines):
            v = row[i]
            if v is not None and v is not BAD and not bounds[0] <= v <= bounds[1]:
                yield Problem(p.label, line, col.name, shown(v),
                              f"is outside the plausible range, {first} to {last}; check the year "
                              "(the range is the setting import.earliest_date / "
                              "import.latest_days_ahead)",
                              code="import_limits.date_range",
                              args={"first": str(first), "last": str(last)})


# --- against the database ------------------------------------------------------------------

def _ids_in_import(p: Parsed, column: str) -> set:
    i = p.index(column)
    return {row[i] for row in p.rows if row[i] is not BAD}


def _stored(conn: Connection, table: str, column: str, values: set) -> set:
    col = TRACKING_MODELS[table].__table__.c[column]
    found: set = set()
    for chunk in chunks(values):
        found.update(conn.scalars(select(col).where(col.in_(chunk))))
    return found


def check_references(conn: Connection, parsed: dict[str, Parsed], unreadable: set[str]) -> list[Problem]:
    """Each reference must name a row of this import or one already in the database."""
    # (table, column) referenced -> {value: [(Parsed, line, referring column)]}
    wanted: dict[tuple[str, str], dict[object, list]] = {}
    in_import: dict[tuple[str, str], set] = {}
    for p in parsed.values():
        for col in p.table.columns:
            if not col.references or col.name not in p.present:
                continue
            target_table, target_col = col.references
            target = parsed.get(target_table)
            if target_table in unreadable or (target is not None and not target.keyed):
                continue  # that file could not be read: nothing sure to say about its ids
            if col.references not in in_import:
                in_import[col.references] = _ids_in_import(target, target_col) if target else set()
            known = in_import[col.references]
            need = wanted.setdefault(col.references, {})
            i = p.index(col.name)
            values = set(map(itemgetter(i), p.rows))
            values.difference_update(known)
            values.discard(None)
            values.discard(BAD)
            if not values:   # every value is in the import: nothing to look up, no row to visit
                continue
            if not (values - _stored(conn, target_table, target_col, values)):
                continue     # every value is in the database: nothing to report
            for row, line in zip(p.rows, p.lines):
                v = row[i]
                if v is not None and v is not BAD and v not in known:
                    need.setdefault(v, []).append((p, line, col.name))
    problems = []
    for (table, column), need in wanted.items():
        if not need:
            continue
        stored = _stored(conn, table, column, set(need))
        for value, uses in need.items():
            if value in stored:
                continue
            for p, line, col_name in uses:
                problems.append(Problem(
                    p.label, line, col_name, shown(value),
                    f"is not a known {column}: add it to the {table} table first "
                    f"(it is neither in this import nor in the database)"))
    return Capped(problems)


def check_phase_overlaps(conn: Connection, p: Parsed) -> list[Problem]:
    """Phase ranges (inclusive) must not overlap, over the stored phases with this import laid on top."""
    if not p.keyed:
        return []
    ph, start, end = p.index("phase"), p.index("start_date"), p.index("end_date")
    imported_keys = {row[ph] for row in p.rows if row[ph] is not BAD}
    model = TRACKING_MODELS["phases"]
    stored = [(None, r.phase, r.start_date, r.end_date)
              for r in conn.execute(select(model.phase, model.start_date, model.end_date))
              if r.phase not in imported_keys]  # an imported row replaces the stored one
    earlier: list[tuple] = []
    seen: set = set()
    problems = []
    for row, line in zip(p.rows, p.lines):
        name, s, e = row[ph], row[start], row[end]
        if BAD in (name, s, e) or e < s or name in seen:
            continue
        seen.add(name)
        for other_line, other, os_, oe in [*earlier, *stored]:
            if s <= oe and os_ <= e:
                where = f"on line {other_line}" if other_line else "already in the database"
                col, val = ("end_date", e) if s <= os_ else ("start_date", s)
                problems.append(Problem(
                    p.label, line, col, shown(val),
                    f"the {name} phase ({shown(s)} to {shown(e)}) overlaps the {other} phase "
                    f"{where} ({shown(os_)} to {shown(oe)}); phases must not overlap"))
        earlier.append((line, name, s, e))
    return problems


def check_with_db(conn: Connection, parsed: dict[str, Parsed], unreadable: set[str]) -> list[Problem]:
    problems = check_references(conn, parsed, unreadable)
    if "phases" in parsed:
        problems += check_phase_overlaps(conn, parsed["phases"])
    return problems


assert set(ROW_RULES) <= set(TABLES)
