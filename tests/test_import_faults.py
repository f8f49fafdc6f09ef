"""Faults around an import (issue 18): a bulk import killed at any point loses nothing -
no index, no row - and the next import is exactly right; a schema that lost an index is
repaired by every entry point."""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from data_access import schema
from data_access.db import get_engine, make_engine, upgrade_schema
from data_access.importing import import_files, import_path
from data_access.importing.bulk import BULK_MIN

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "import_kill_child.py"
N_SHARES = BULK_MIN + 10_000


def shares_csv(n: int = N_SHARES) -> bytes:
    lines = ["share_id,employee_id,content_id,channel,shared_at,reach,clicks"]
    for i in range(n):
        lines.append(f"k{i:06d},e{i % 10 + 1:02d},c{i % 3 + 1},wecom_moments,"
                     f"2026-{i % 3 + 3:02d}-{i % 28 + 1:02d} {i % 24:02d}:{i % 60:02d},{i % 500},{i % 7}")
    return ("\n".join(lines) + "\n").encode()


def raw_schema(path: Path) -> set[tuple]:
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "WHERE name NOT LIKE 'sqlite_%'"))


def raw_dump(path: Path) -> tuple[dict[str, list], list[str]]:
    """Every table's rows (import_runs aside), and the import_runs statuses, by plain sqlite3."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if n != "import_runs"]
        # the data version's number counts; when it changed is the clock's
        tables = {n: sorted(db.execute("SELECT id, version FROM data_version" if n == "data_version"
                                       else f'SELECT * FROM "{n}"').fetchall(), key=repr)
                  for n in names}
        statuses = [s for (s,) in db.execute("SELECT status FROM import_runs ORDER BY id")]
    return tables, statuses


def copy_db(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as dst:
        dst.execute("PRAGMA journal_mode=WAL")


@pytest.fixture(scope="module")
def lab(tmp_path_factory, ):
    from tests.conftest import SAMPLE_DIR
    folder = tmp_path_factory.mktemp("kill")
    base = folder / "base.db"
    engine = make_engine(f"sqlite:///{base}")
    upgrade_schema(engine)
    assert import_path(engine, SAMPLE_DIR / "tiny-co").ok
    engine.dispose()
    shares = folder / "shares.csv"
    shares.write_bytes(shares_csv())
    ref = folder / "ref.db"
    copy_db(base, ref)
    engine = make_engine(f"sqlite:///{ref}")
    started = time.perf_counter()
    result = import_files(engine, [("shares.csv", shares.read_bytes())])
    took = time.perf_counter() - started
    assert result.ok and result.counts["shares"]["inserted"] == N_SHARES
    engine.dispose()
    return {"folder": folder, "base": base, "shares": shares, "ref": ref, "took": took,
            "schema": raw_schema(base), "before": raw_dump(base), "after": raw_dump(ref)}


def kill_run(lab, db: Path, *, pause_at: str | None = None, after_s: float | None = None) -> list[str]:
    """Run the child import on `db` and kill -9 it at the pause point (or after after_s)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if pause_at:
        env["PAUSE_AT"] = pause_at
    child = subprocess.Popen([sys.executable, str(CHILD), f"sqlite:///{db}", str(lab["shares"])],
                             stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    said = []
    if pause_at:
        for line in child.stdout:
            said.append(line.strip())
            if line.startswith(pause_at) and (pause_at != "COMMIT" or any(
                    s.startswith("CREATE INDEX") for s in said)):
                time.sleep(0.3)       # it sleeps there: the statement has run
                break
        else:
            pytest.fail(f"the import never reached {pause_at}: {said[-5:]}")
    else:
        time.sleep(after_s)
    child.send_signal(signal.SIGKILL)
    child.wait()
    said += [line.strip() for line in child.stdout]
    child.stdout.close()
    return said


def check_after_kill(lab, db: Path) -> None:
    assert raw_schema(db) == lab["schema"], "the schema changed"
    tables, statuses = raw_dump(db)
    before_tables, before_statuses = lab["before"]
    after_tables, after_statuses = lab["after"]
    if tables == before_tables:
        committed = False
        # the killed attempt is on record (written before parsing) unless killed before that
        assert statuses in (before_statuses, before_statuses + ["running"])
    else:
        assert tables == after_tables, "a killed import left some rows half-written"
        committed = True
    # the next import is exactly right, whatever happened before
    engine = get_engine(f"sqlite:///{db}")
    try:
        result = import_files(engine, [("shares.csv", lab["shares"].read_bytes())])
        assert result.ok, result.problems[:3]
        assert result.counts["shares"] == ({"inserted": 0, "updated": 0, "unchanged": N_SHARES}
                                           if committed else
                                           {"inserted": N_SHARES, "updated": 0, "unchanged": 0})
    finally:
        engine.dispose()
    assert raw_schema(db) == lab["schema"]
    assert raw_dump(db)[0] == after_tables


@pytest.mark.parametrize("point", ["DROP INDEX", "INSERT INTO shares", "CREATE INDEX", "COMMIT"])
def test_kill_at_each_step_of_a_bulk_import(lab, point):
    db = lab["folder"] / f"kill-{point.split()[0].lower()}.db"
    copy_db(lab["base"], db)
    said = kill_run(lab, db, pause_at=point)
    assert "DONE" not in said
    if point != "COMMIT":
        assert any(s.startswith("DROP INDEX") for s in said) or point == "DROP INDEX"
    check_after_kill(lab, db)


def test_kill_at_random_moments_of_a_bulk_import(lab):
    rng = random.Random(18)
    for i in range(4):
        db = lab["folder"] / f"kill-random-{i}.db"
        copy_db(lab["base"], db)
        kill_run(lab, db, after_s=rng.uniform(0.3, 1.5 + 2 * lab["took"]))
        check_after_kill(lab, db)


# --- the schema checked and repaired --------------------------------------------------------

def test_models_define_every_index_the_migrations_make():
    from data_access.models import Base
    for table, indexes in schema.expected().indexes.items():
        if table not in Base.metadata.tables:
            continue
        model = {ix.name: (tuple(c.name for c in ix.columns), bool(ix.unique))
                 for ix in Base.metadata.tables[table].indexes}
        for name, shape in indexes.items():
            assert model.get(name) == shape, (table, name)


def test_a_lost_index_is_rebuilt_by_every_entry_point(tmp_path, monkeypatch):
    db = tmp_path / "lost.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    upgrade_schema(engine)
    want = raw_schema(db)
    engine.dispose()

    def lose():
        with sqlite3.connect(db) as raw:
            raw.execute("DROP INDEX ix_shares_month_content")
            raw.execute("DROP INDEX ix_leads_employee_won")
        assert raw_schema(db) != want

    # manage.py upgrade (and every other command: they all open the engine the same way)
    lose()
    out = subprocess.run([sys.executable, "manage.py", "upgrade"], cwd=ROOT, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url})
    assert out.returncode == 0, out.stderr
    assert raw_schema(db) == want
    # an import on an engine opened before the index went missing
    engine = make_engine(url)
    lose()
    assert import_files(engine, [("shares.csv", shares_csv(3))]).ok is False   # refused: no employees
    assert raw_schema(db) == want
    engine.dispose()
    # the app's engine
    lose()
    engine = get_engine(url)
    assert raw_schema(db) == want
    engine.dispose()


def test_an_index_with_other_columns_is_rebuilt(tmp_path):
    db = tmp_path / "other.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade_schema(engine)
    want = raw_schema(db)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_shares_month_content"))
        conn.execute(text("CREATE INDEX ix_shares_month_content ON shares (shared_at)"))
    assert schema.verify(engine) == ["rebuilt index ix_shares_month_content on shares"]
    assert raw_schema(db) == want
    assert schema.verify(engine) == []
    engine.dispose()


def test_lost_indexes_are_rebuilt_on_either_database(engine):
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_shares_month_content"))
        conn.execute(text("DROP INDEX ix_leads_employee_won"))
    assert schema.verify(engine) == ["rebuilt index ix_leads_employee_won on leads",
                                     "rebuilt index ix_shares_month_content on shares"]
    with engine.connect() as conn:
        assert schema.problems(conn) == ([], [])
        if engine.dialect.name == "sqlite":      # the very statement of the migrations
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = "
                                       "'ix_leads_employee_won'").scalar()
            assert sql == schema.expected().sqlite_sql["ix_leads_employee_won"]
        else:                                     # the partial index's condition kept
            sql = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = "
                                    "'ix_leads_employee_won'")).scalar()
            assert sql.endswith("WHERE ((status)::text = 'won'::text)")
    assert schema.verify(engine) == []
