"""The data version (data_access.data_version, ui.versioned): every write the pages show
raises it in its own transaction, and a cached read made before a write elsewhere is not
served after it."""
from __future__ import annotations

from pathlib import Path

from data_access import data_version
from data_access.importing import import_path
from data_access.rollups import rebuild_rollups
from data_access.settings_store import reset_settings, save_settings
from metrics.settings import file_defaults
from tests.apptest_support import login, open_page, rendered_text

KEY = "alerts.low_participation.threshold"


def test_every_write_raises_the_version_once(engine, sample_dir, tmp_path):
    start = data_version.read(engine)
    assert start == 1                                     # the migration's row
    assert import_path(engine, sample_dir / "tiny-co").ok
    assert data_version.read(engine) == 2
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "departments.csv").write_text("department_id,name,in_pilot\nx,,maybe\n")
    assert not import_path(engine, bad).ok                # refused: nothing written
    assert data_version.read(engine) == 2
    defaults = file_defaults()
    assert save_settings(engine, {KEY: 0.25}, defaults, updated_by="admin")
    assert data_version.read(engine) == 3
    assert not save_settings(engine, {KEY: 0.25}, defaults, updated_by="admin")  # no change
    assert data_version.read(engine) == 3
    reset_settings(engine, [KEY], updated_by="admin")
    assert data_version.read(engine) == 4
    rebuild_rollups(engine)
    assert data_version.read(engine) == 5


def rename(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "departments.csv").write_text(
        f"department_id,name,in_pilot\nsales,{name},true\nservice,客服部,true\n"
        "rnd,研发部,false\n", encoding="utf-8")
    return folder


def test_a_write_by_another_process_shows_on_the_next_run(tiny_url, tmp_path):
    """The write goes through an engine of its own and never touches this process's caches
    (as an import through another app process, or manage.py, does): the next run reads
    at the new version. With caches keyed only on their arguments, the old name stayed
    for the TTL."""
    from sqlalchemy import create_engine
    at = login("marketing", lang="en")
    assert "销售部" in rendered_text(open_page(at, "league"))
    history = rendered_text(open_page(at, "data"))
    assert "销售一部" not in history

    other = create_engine(tiny_url)
    try:
        assert import_path(other, rename(tmp_path / "rename", "销售一部")).ok
    finally:
        other.dispose()
    league = rendered_text(open_page(at, "league"))
    assert "销售一部" in league and "销售部" not in league
    assert str(tmp_path / "rename") in rendered_text(open_page(at, "data"))
