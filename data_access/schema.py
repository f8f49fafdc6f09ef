"""The schema checked against the migrations, and repaired, at every entry point.

Alembic's version table only says which migrations ran, not that what they made is still
there: an index lost outside a migration (for instance by a bulk import killed between
dropping and rebuilding it, before that DDL was made part of the import's transaction)
stayed lost, and `manage.py upgrade` did not see it. `verify` compares the database's
tables and indexes with those of a scratch in-memory SQLite database migrated to head, and
creates what is missing, or rebuilds an index whose columns differ. SQLite gets the very
statement the migrations left in the scratch database; PostgreSQL the index as the models
define it (the migrations and the models are kept equal, tests/test_import_faults.py).

Run by db.get_engine (app start, every manage.py command) and by each import.
"""
from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine, inspect
from sqlalchemy.exc import SAWarning
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateIndex, DropIndex

log = logging.getLogger(__name__)

_lock = threading.Lock()
_expected: "Expected | None" = None


@dataclass(frozen=True)
class Expected:
    # table -> {index name: (columns, unique)}
    indexes: dict[str, dict[str, tuple[tuple[str, ...], bool]]]
    # index name -> its CREATE INDEX statement on SQLite, as the migrations wrote it
    sqlite_sql: dict[str, str]


def expected() -> Expected:
    """Tables and indexes as the migrations make them (computed once per process)."""
    global _expected
    with _lock:
        if _expected is None:
            from .db import upgrade_schema
            scratch = create_engine("sqlite://", poolclass=StaticPool)
            try:
                upgrade_schema(scratch)
                with scratch.connect() as conn:
                    insp = inspect(conn)
                    indexes = {t: _indexes(insp, t) for t in insp.get_table_names()
                               if t != "alembic_version"}
                    sql = dict(conn.exec_driver_sql(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                        "AND sql IS NOT NULL").all())
            finally:
                scratch.dispose()
            _expected = Expected(indexes, sql)
        return _expected


def _indexes(insp, table: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    with warnings.catch_warnings():   # an expression index is compared by name and plain columns
        warnings.simplefilter("ignore", SAWarning)
        return {ix["name"]: (tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in insp.get_indexes(table)}


def problems(conn: Connection) -> tuple[list[str], list[tuple[str, str]]]:
    """(missing tables, [(table, index)] missing or different) compared with `expected`."""
    want = expected()
    insp = inspect(conn)
    have_tables = set(insp.get_table_names())
    missing_tables = [t for t in want.indexes if t not in have_tables]
    wrong = []
    for table, indexes in want.indexes.items():
        have = _indexes(insp, table) if table in have_tables else {}
        wrong += [(table, name) for name, shape in indexes.items() if have.get(name) != shape]
    return missing_tables, wrong


def repair(conn: Connection) -> list[str]:
    """Create missing tables and indexes (rebuild differing ones); what was done, in words."""
    from .models import Base
    missing_tables, wrong = problems(conn)
    done = []
    for table in missing_tables:
        if table in Base.metadata.tables:
            Base.metadata.tables[table].create(conn)   # with its indexes
            done.append(f"created table {table}")
        else:
            log.error("table %s is missing and no model defines it", table)
    if missing_tables:
        _, wrong = problems(conn)
    want = expected()
    for table, name in wrong:
        insp = inspect(conn)
        if name in {ix["name"] for ix in insp.get_indexes(table)}:
            model_ix = _model_index(table, name)
            conn.execute(DropIndex(model_ix) if model_ix is not None
                         else _drop_sql(conn, name))
        if conn.dialect.name == "sqlite" and name in want.sqlite_sql:
            conn.exec_driver_sql(want.sqlite_sql[name])
        else:
            model_ix = _model_index(table, name)
            if model_ix is None:
                log.error("index %s on %s is missing and no model defines it", name, table)
                continue
            conn.execute(CreateIndex(model_ix))
        done.append(f"rebuilt index {name} on {table}")
    for line in done:
        log.warning("schema repaired: %s", line)
    return done


def _model_index(table: str, name: str):
    from .models import Base
    t = Base.metadata.tables.get(table)
    return next((ix for ix in t.indexes if ix.name == name), None) if t is not None else None


def _drop_sql(conn: Connection, name: str):
    from sqlalchemy import text
    return text(f"DROP INDEX {conn.dialect.identifier_preparer.quote(name)}")


def verify(engine: Engine) -> list[str]:
    """`repair` in a transaction of its own; a database that is already right costs a few
    catalogue reads and writes nothing."""
    with engine.connect() as conn:
        missing_tables, wrong = problems(conn)
    if not missing_tables and not wrong:
        return []
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":     # the DDL inside this transaction (see bulk.py)
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return repair(conn)
