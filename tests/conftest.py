"""Database fixtures: every test that takes `engine` runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_POSTGRES_URL (for example
postgresql+psycopg://postgres@127.0.0.1:5432/test). Without it the PostgreSQL
variants are skipped on a developer machine, and fail in CI (CI=true) so that
they are never skipped silently there.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.db import make_engine, upgrade_schema  # noqa: E402

SAMPLE_DIR = ROOT / "tests" / "sample-data"      # the contract's sample company, kept here


def postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI needs TEST_POSTGRES_URL: the PostgreSQL tests must not be skipped")
    return url


def fresh_postgres_engine():
    url = postgres_url()
    if not url:
        pytest.skip("TEST_POSTGRES_URL not set")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade_schema(engine)
    return engine


def fresh_sqlite_engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade_schema(engine)
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    eng = fresh_sqlite_engine(tmp_path) if request.param == "sqlite" else fresh_postgres_engine()
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    eng = fresh_sqlite_engine(tmp_path)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def tiny_url(monkeypatch, tmp_path, sample_dir) -> str:
    """An SQLite database holding the sample company, selected for AppTest runs."""
    from data_access.db import get_engine
    from data_access.importing import import_path
    from tests.apptest_support import prepare
    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    assert import_path(get_engine(url), sample_dir / "tiny-co").ok
    prepare(monkeypatch, url)
    return url


@pytest.fixture
def empty_url(monkeypatch, tmp_path) -> str:
    """An empty database that stays empty: demo mode would otherwise fill it on first start."""
    import demo
    from data_access.db import get_engine
    from tests.apptest_support import prepare
    monkeypatch.setattr(demo, "load_demo", lambda engine, **kw: None)
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    get_engine(url)
    prepare(monkeypatch, url)
    return url


@pytest.fixture
def downloads(monkeypatch):
    """A DownloadSpy collecting every file offered for download during the test."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from tests.apptest_support import DownloadSpy
    spy = DownloadSpy()
    original = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            spy.files.append(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return spy
