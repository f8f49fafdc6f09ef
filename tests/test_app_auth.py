"""Login: wrong password refused, nothing before login, cookie key required outside demo mode."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from auth.users import DEMO_USERS_FILE
from tests.apptest_support import APP, ROOT, login, open_page, prepare, rendered_text


def _db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'auth.db'}"


def _seed_tiny(url, sample_dir):
    from data_access.db import get_engine
    from data_access.importing import import_path
    assert import_path(get_engine(url), sample_dir / "tiny-co").ok


def test_wrong_password_is_refused(monkeypatch, tmp_path, sample_dir):
    url = _db(tmp_path)
    _seed_tiny(url, sample_dir)
    prepare(monkeypatch, url)
    at = login("committee", "not-the-password", lang="en")
    assert not at.exception
    assert not at.session_state["authentication_status"]
    assert any("incorrect" in e.value for e in at.error)
    assert "Participation rate" not in rendered_text(at)


def test_no_page_content_before_login(monkeypatch, tmp_path, sample_dir):
    url = _db(tmp_path)
    _seed_tiny(url, sample_dir)
    prepare(monkeypatch, url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "demo-2026" in rendered_text(at)          # the demo hint, demo mode only
    page = AppTest.from_file(str(ROOT / "pages" / "team.py"), default_timeout=60)
    page.session_state["lang"] = "en"
    page.run()                                        # the page file alone, logged out
    text = rendered_text(page)
    assert "Please log in first." in text
    for name in ("张三", "李四", "郑十"):
        assert name not in text


def test_correct_password_opens_the_home_page(monkeypatch, tmp_path, sample_dir):
    url = _db(tmp_path)
    _seed_tiny(url, sample_dir)
    prepare(monkeypatch, url)
    at = login("head_sales", lang="en")
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert "Signed in as" in rendered_text(at)


def test_page_outside_the_role_is_refused(monkeypatch, tmp_path, sample_dir):
    url = _db(tmp_path)
    _seed_tiny(url, sample_dir)
    prepare(monkeypatch, url)
    at = login("head_sales", lang="en")
    for page in ("pilot", "data", "admin"):
        open_page(at, page)
        assert not at.exception
        assert any("does not include" in w.value for w in at.warning), page


def _outside_demo(monkeypatch, tmp_path, key):
    prepare(monkeypatch, _db(tmp_path))
    monkeypatch.setenv("DASHBOARD_DEMO", "0")
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(DEMO_USERS_FILE))
    if key is None:
        monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_COOKIE_KEY", key)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    return at


def test_outside_demo_mode_a_missing_cookie_key_stops_the_app(monkeypatch, tmp_path):
    for key in (None, "some_key", "short", "f" * 64):
        at = _outside_demo(monkeypatch, tmp_path, key)
        assert not at.exception
        assert any("DASHBOARD_COOKIE_KEY" in e.value for e in at.error), key
        assert not at.text_input                   # no login form


def test_outside_demo_mode_a_real_cookie_key_shows_the_login(monkeypatch, tmp_path):
    at = _outside_demo(monkeypatch, tmp_path, "Zq3v7Lr0sXk2Wm9pTb4Nd8Hc1Fy6Jg5Ua0Re7Qw3")
    assert not at.error
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "demo-2026" not in rendered_text(at)      # the demo password is never shown
