"""Engine selection (DATABASE_URL, else an embedded SQLite file) and schema upgrade."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "dashboard.db"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_embedded(url: str | None = None) -> bool:
    """True for the embedded default (no DATABASE_URL given)."""
    return not (url or os.environ.get("DATABASE_URL"))


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        from .write_guard import install
        install(engine)   # writes only into the file that was opened, while it is writable
        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "data_access" / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # several app processes starting at once: one upgrades, the others wait for it
            from sqlalchemy import text
            conn.execute(text("SELECT pg_advisory_xact_lock(20261201)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for a URL, created and upgraded once."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            upgrade_schema(engine)
            from .schema import verify
            verify(engine)     # what the migrations made is still there (data_access.schema)
            _engines[url] = engine
        return engine


def has_tracking_data(engine: Engine) -> bool:
    from sqlalchemy import select, func
    from .models import Department
    if not inspect(engine).has_table("departments"):
        return False
    with engine.connect() as conn:
        return bool(conn.scalar(select(func.count()).select_from(Department)))


def ping(engine: Engine) -> bool:
    """True when the database answers (used to wait for it to come back)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except DBAPIError:
        return False
