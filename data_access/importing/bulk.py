"""Fast inserts of many new rows, inside the caller's transaction.

- SQLite: one prepared INSERT run with executemany over plain tuples (values put in
  the very form SQLAlchemy stores them, by the columns' own bind processors), and a
  bigger page cache while the import runs, so index pages stay in memory
  (`import_tuning`, which also moves the WAL checkpoint out of the import's commit).
- PostgreSQL: COPY ... FROM STDIN, which psycopg streams row by row.
- A bulk load - many rows, at least as many as the table already holds (a first
  load) - drops the table's plain indexes first and builds them again afterwards:
  sorting once is far cheaper than inserting millions of keys one by one into
  several B-trees. The DDL is part of the import's transaction, so a failure
  rolls it back with everything else; unique indexes are never dropped. (Python's
  sqlite3 opens a transaction only at the first INSERT, UPDATE or DELETE, so a DROP INDEX
  before any of them ran on its own and was committed at once: `_in_transaction` opens it
  first.)

Errors from the driver are raised as SQLAlchemy's DBAPIError, like every other
statement of the import, so the import reports them and writes nothing.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import methodcaller

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex, DropIndex

log = logging.getLogger(__name__)

BATCH = 10_000          # rows per executemany on SQLite
BULK_MIN = 20_000       # fewer new rows than this never drop indexes
IMPORT_CACHE_KIB = 262_144   # SQLite page cache during an import (256 MiB; default 2 MiB)
IMPORT_MMAP_BYTES = 2**30     # reads of stored pages through a memory map (no copy per page)


# foreign_keys: the importer checks every reference itself before writing (validate,
# reporting each with its line), in the same transaction, and SQLite lets no other writer
# in; checking them again on each of millions of rows took a fifth of the insert time
_TUNED = {"cache_size": f"-{IMPORT_CACHE_KIB}", "mmap_size": str(IMPORT_MMAP_BYTES),
          "wal_autocheckpoint": "0", "foreign_keys": "0"}


@contextmanager
def import_tuning(conn: Connection) -> Iterator[None]:
    """Per-connection settings around an import's transaction, commit included (enter it
    before `conn.begin()`). SQLite: a larger page cache, reads through a memory map, no
    foreign key check per row (see _TUNED), and no WAL checkpoint in the commit - the
    import returns once its transaction is committed and visible, and the checkpoint
    (copying the written pages from the WAL into the database file) runs right after in a
    thread of its own. Durability is the same either way: with synchronous=NORMAL a WAL
    commit is not synced to disk, the checkpoint is."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in _TUNED}
    for name, value in _TUNED.items():
        conn.exec_driver_sql(f"PRAGMA {name} = {value}")
    conn.commit()    # the PRAGMAs opened no transaction of SQLite's; end SQLAlchemy's autobegin
    try:
        yield
    finally:
        if conn.in_transaction():
            conn.rollback()
        for name, value in before.items():
            conn.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
        conn.commit()
        checkpoint_soon(conn.engine)


def checkpoint_soon(engine: Engine) -> threading.Thread:
    """A passive WAL checkpoint in a thread of its own (not a daemon: a command-line import
    still finishes it before the process exits). Failing is harmless: the next commit's
    automatic checkpoint, or the last connection closing, does the work."""
    def run() -> None:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:   # noqa: BLE001 - housekeeping; logged, never raised
            log.warning("WAL checkpoint after an import failed", exc_info=True)
    thread = threading.Thread(target=run, name="wal-checkpoint")
    thread.start()
    return thread


def _estimated_rows(conn: Connection, table: Table) -> int:
    """About how many rows the table holds, cheaply (used only to choose a strategy)."""
    if conn.dialect.name == "sqlite":   # rowid tables: max(rowid) is an index lookup
        return int(conn.exec_driver_sql(f'SELECT max(rowid) FROM "{table.name}"').scalar() or 0)
    if conn.dialect.name == "postgresql":
        n = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                         {"t": table.name}).scalar()
        if n is not None and n >= 0:
            return int(n)
    return int(conn.scalar(select(func.count()).select_from(table)))


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple],
                table_was_empty: bool) -> None:
    """Insert new rows (tuples in `columns` order) into `table`."""
    if not rows:
        return
    bulk = len(rows) >= BULK_MIN and (
        table_was_empty or len(rows) >= _estimated_rows(conn, table))
    dropped = [ix for ix in table.indexes if not ix.unique] if bulk else []
    t0 = time.perf_counter()
    if dropped:
        _in_transaction(conn)
    for ix in dropped:
        conn.execute(DropIndex(ix))
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, rows)
    else:
        _executemany(conn, table, columns, rows)
    t1 = time.perf_counter()
    for ix in dropped:
        conn.execute(CreateIndex(ix))
    if bulk and conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f'ANALYZE "{table.name}"')   # fresh statistics for the planner
    log.debug("%s: %d rows inserted in %.2f s%s", table.name, len(rows), t1 - t0,
              f", {len(dropped)} indexes rebuilt in {time.perf_counter() - t1:.2f} s"
              if dropped else "")


def _in_transaction(conn: Connection) -> None:
    """Make sure the database itself has the caller's transaction open before DDL."""
    if conn.dialect.name == "sqlite" and not conn.connection.driver_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")


_SAMPLES = {dt.datetime: (dt.datetime(2026, 3, 5, 9, 7, 3), dt.datetime(1999, 12, 31, 23, 59, 59, 123456),
                          dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1, 0, 0, 0, 7),
                          dt.datetime(987, 6, 5, 4, 3, 2)),
            dt.date: (dt.date(2026, 3, 5), dt.date(1999, 12, 31))}
_CLOCK: list[str] = []     # 'HH:MM:SS' of every second of a day, built on first use


def stamp_text() -> Callable[[dt.datetime], str]:
    """datetime -> isoformat(" ", "microseconds") in half its time: the date part looked up
    per day, the time of day in a table (millions of timestamps per full load)."""
    if not _CLOCK:
        _CLOCK.extend(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60)
                      for s in range(60))
    days: dict[int, str] = {}

    def text(d: dt.datetime) -> str:
        day = days.get(d.toordinal())
        if day is None:
            day = days[d.toordinal()] = f"{d.date().isoformat()} "
        micro = d.microsecond
        return (day + _CLOCK[d.hour * 3600 + d.minute * 60 + d.second]
                + (f".{micro:06d}" if micro else ".000000"))
    return text


_FAST = {dt.datetime: stamp_text, dt.date: lambda: methodcaller("isoformat")}


def _processor(column, dialect):
    """The column's bind processor; for dates and timestamps an equivalent but faster one
    (isoformat) when it gives exactly the same text on samples."""
    process = column.type._cached_bind_processor(dialect)
    if process is None:
        return None
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return process
    fast = _FAST.get(kind)
    fast = fast and fast()
    if fast is not None and all(fast(v) == process(v) for v in _SAMPLES[kind]):
        return fast
    return process


def row_converter(table: Table, columns: Sequence[str], dialect) -> Callable[[tuple], tuple] | None:
    """A function turning a typed row into the tuple of values the driver stores, or None
    when no column needs converting. Compiled once per table, like a namedtuple's code."""
    parts, env = [], {}
    for i, name in enumerate(columns):
        process = _processor(table.c[name], dialect)
        if process is None:
            parts.append(f"r[{i}]")
        else:
            env[f"p{i}"] = process
            parts.append(f"(None if r[{i}] is None else p{i}(r[{i}]))")
    if not env:
        return None
    return eval(f"lambda r: ({', '.join(parts)},)", env)  # noqa: S307 - code built above


def _executemany(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    convert = row_converter(table, columns, conn.dialect)
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        conn.exec_driver_sql(sql, batch if convert is None else [convert(r) for r in batch])


def _copy(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    dbapi = conn.connection.driver_connection
    try:
        with dbapi.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
    except conn.dialect.loaded_dbapi.Error as e:
        raise DBAPIError.instance(sql, None, e, conn.dialect.loaded_dbapi.Error) from e
