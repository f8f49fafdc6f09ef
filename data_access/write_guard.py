"""An SQLite file written only while it is the file that was opened, and can take writes.

Deleted under a running app, an SQLite file lives on through its open handles: pages keep
working, an import "succeeds", and everything written is gone at the next start. Made
read-only (or immutable) under it, a write fails deep in SQLite - and the WAL's memory-mapped
index can take the whole process down (SIGBUS). So before every statement that writes, the
path is looked at again: the same file (device and inode as when this connection opened it)
and writable, with its -wal and -shm files; otherwise `DatabaseNotWritable` is raised before
SQLite is asked, and the caller says so clearly (the import reports it as a problem).
Reads go on as before.
"""
from __future__ import annotations

import os
import re

from sqlalchemy import Engine, event

# statements that write (or take the write lock, or checkpoint the WAL into the file)
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN\s+IMMEDIATE"
                     r"|PRAGMA\s+wal_checkpoint)\b", re.IGNORECASE)

MISSING, REPLACED, READ_ONLY = "missing", "replaced", "read_only"

_WHY = {
    MISSING: "the database file {path} is gone (deleted or moved) since the dashboard opened "
             "it; nothing was written, since it would be lost - restore the file and restart "
             "the dashboard",
    REPLACED: "the database file {path} was replaced by another file since the dashboard "
              "opened it; nothing was written - restart the dashboard to use the new file",
    READ_ONLY: "the database file {path} is read-only (file permissions, an immutable flag or "
               "a read-only disk); nothing was written - make it writable again",
}


class DatabaseNotWritable(Exception):
    """A write refused before it reached SQLite; `why` is MISSING, REPLACED or READ_ONLY."""

    def __init__(self, why: str, path: str) -> None:
        super().__init__(_WHY[why].format(path=path))
        self.why, self.path = why, path


def file_path(engine: Engine) -> str | None:
    """The SQLite file behind an engine, or None (another database, or in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") \
            or url.query.get("mode") == "memory":
        return None
    return os.path.abspath(url.database)


def identity(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def check(path: str, opened: tuple[int, int] | None) -> None:
    """Raise DatabaseNotWritable unless `path` is still the file `opened` and writable."""
    try:
        now = identity(path)
    except FileNotFoundError:
        raise DatabaseNotWritable(MISSING, path) from None
    if opened is not None and now != opened:
        raise DatabaseNotWritable(REPLACED, path)
    for name in (path, path + "-wal", path + "-shm"):
        if (name == path or os.path.exists(name)) and not os.access(name, os.W_OK):
            raise DatabaseNotWritable(READ_ONLY, path)


def install(engine: Engine) -> None:
    """Guard every write on this engine (a no-op for databases that are not an SQLite file)."""
    path = file_path(engine)
    if path is None:
        return

    @event.listens_for(engine, "connect")
    def opened(dbapi_connection, record) -> None:
        try:
            record.info["db_file"] = identity(path)
        except FileNotFoundError:    # not created yet: SQLite creates it on the first write
            record.info["db_file"] = None

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if _WRITES.match(statement):
            known = conn.info.get("db_file")
            if known is None and os.path.exists(path):
                known = conn.info["db_file"] = identity(path)
            check(path, known)
