"""The app's answers under abuse and faults: a broken users file, a busy database, a
changed password hash, weak cookie keys, the Secure flag and the end of demo mode."""
from __future__ import annotations

import datetime as dt
import sqlite3

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from auth import sessions
from auth.users import DEMO_COOKIE_KEY, DEMO_USERS_FILE, cookie_key_problem
from data_access import audit
from tests.apptest_support import APP, DEMO_PASSWORD, login, prepare, rendered_text

REAL_KEY = "Zq3v7Lr0sXk2Wm9pTb4Nd8Hc1Fy6Jg5Ua0Re7Qw3"     # random-looking, 40 characters


def _app(lang="en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    return at


def _outside_demo(monkeypatch, url, users_file, key=REAL_KEY):
    prepare(monkeypatch, url)
    monkeypatch.setenv("DASHBOARD_DEMO", "0")
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(users_file))
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", key)


# --- point 8: a malformed users file ----------------------------------------------------

def test_a_malformed_users_file_shows_visitors_a_generic_notice(monkeypatch, tmp_path, tiny_url):
    from data_access.db import get_engine
    broken = tmp_path / "users.yaml"
    broken.write_text("credentials:\n  usernames:\n    admin:\n"
                      "      password: $2b$12$SECRETHASHPART: [\n      roles: [admin]\n",
                      encoding="utf-8")
    _outside_demo(monkeypatch, tiny_url, broken)
    for lang, words in (("en", "contact an administrator"), ("zh", "请联系管理员")):
        at = _app(lang)
        at.run()
        assert not at.exception
        shown = rendered_text(at)
        assert any(words in e.value for e in at.error), shown
        for secret in ("SECRETHASHPART", str(tmp_path), "users.yaml", "line"):
            assert secret not in shown
        assert not at.text_input                        # no login form
    events = audit.events(get_engine(tiny_url), action="users_file.invalid")
    assert len(events) == 1                             # once per problem, not per visit
    assert "SECRETHASHPART" in events[0]["details"]["error"]     # the details, for admins
    assert events[0]["details"]["file"] == str(broken)


# --- point 9: sign-in while an import holds the write lock -------------------------------

def test_sign_in_during_an_imports_write_lock_says_busy(tiny_url):
    path = tiny_url.split("///", 1)[1]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")          # as a long import holds it
    try:
        at = login("committee", "wrong-password", lang="en")
        assert not at.exception
        assert any("busy" in w.value for w in at.warning), rendered_text(at)
        # the right password needs its first write (the hash's fingerprint): busy too, said
        at = login("committee", lang="en")
        assert any("Try again in a moment" in w.value for w in at.warning)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert login("committee", lang="en").session_state["authentication_status"] is True


# --- point 10: users file changes, cookie key, Secure, demo mode ---------------------------

def test_a_changed_password_hash_applies_on_the_next_run(monkeypatch, tmp_path, tiny_url):
    import yaml
    from data_access.db import get_engine
    from ui import session
    users = tmp_path / "users.yaml"
    config = yaml.safe_load(DEMO_USERS_FILE.read_text(encoding="utf-8"))
    users.write_text(yaml.safe_dump(config), encoding="utf-8")
    _outside_demo(monkeypatch, tiny_url, users)
    engine = get_engine(tiny_url)
    issued = sessions.now() - dt.timedelta(minutes=5)
    policy = sessions.Policy()
    loaded = session.users_config()
    assert sessions.refusal(engine, loaded, "head_rnd", issued, policy) is None
    config["credentials"]["usernames"]["head_rnd"]["password"] = \
        bcrypt.hashpw(b"a-new-password", bcrypt.gensalt(rounds=4)).decode()
    users.write_text(yaml.safe_dump(config), encoding="utf-8")
    reloaded = session.users_config()            # no waiting for a cache to expire
    assert reloaded["credentials"]["usernames"]["head_rnd"]["password"] == \
        config["credentials"]["usernames"]["head_rnd"]["password"]
    assert sessions.refusal(engine, reloaded, "head_rnd", issued, policy) == "revoked"


@pytest.mark.parametrize("key, problem", [
    ("", "missing"), ("some_key", "well_known"), ("short", "short"), ("a" * 32, "weak"),
    ("ab" * 32, "weak"), ("0123456789abcdef" * 4, "weak"), ("aaaaaaaabbbbbbbbaaaaaaaabbbbbbbb", "weak"),
    (REAL_KEY, None), ("5f0c8e2b9a7d41c3b6e8f1a2d4c7e9b0", None),
])
def test_cookie_keys_are_judged_by_their_randomness(key, problem):
    assert cookie_key_problem(key) == problem


def test_the_cookie_key_error_speaks_one_language(monkeypatch, tmp_path, tiny_url):
    _outside_demo(monkeypatch, tiny_url, DEMO_USERS_FILE, key="a" * 32)
    at = _app("zh")
    at.run()
    [error] = at.error
    assert "随机性不足" in error.value
    for english in ("missing", "well known", "random", "shorter"):
        assert english not in error.value
    assert not at.text_input
    at = _app("en")
    at.run()
    assert "not random enough" in at.error[0].value


def test_the_sign_in_cookie_is_secure_when_served_over_https(monkeypatch, tiny_url):
    from extra_streamlit_components import CookieManager
    from streamlit.runtime.context import ContextProxy
    calls = []
    original = CookieManager.set

    def spy(self, cookie, val, *args, **kwargs):
        calls.append(kwargs.get("secure"))
        return original(self, cookie, val, *args, **kwargs)
    monkeypatch.setattr(CookieManager, "set", spy)
    assert login("committee").session_state["authentication_status"] is True
    assert calls == [None]                       # plain http on the loopback: not Secure
    monkeypatch.setattr(ContextProxy, "url", property(lambda self: "https://dash.example.com/"))
    assert login("committee").session_state["authentication_status"] is True
    assert calls == [None, True]


def test_embedded_demo_mode_ends_once_real_data_is_imported(monkeypatch, tmp_path, sample_dir):
    import demo
    from data_access import db
    from data_access.importing import import_path
    from ui import session
    prepare(monkeypatch, "sqlite://")                 # (caches cleared) then the embedded default
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("DASHBOARD_DEMO")
    monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setattr(db, "DEFAULT_SQLITE_PATH", tmp_path / "dashboard.db")
    # a small stand-in for the demo company, loaded as demo.load_demo records it
    monkeypatch.setattr(demo, "load_demo", lambda engine, **kw: import_path(
        engine, sample_dir / "tiny-co", imported_by="demo"))
    at = _app()
    at.run()
    assert session.demo_mode()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "demo-2026" in rendered_text(at)
    assert import_path(db.get_engine(), sample_dir / "tiny-co", imported_by="marketing").ok
    assert not session.demo_mode()
    at = _app()
    at.run()
    assert not at.exception
    assert any("demo mode has ended" in e.value and "DASHBOARD_COOKIE_KEY" in e.value
               for e in at.error), rendered_text(at)
    assert not at.text_input and "demo-2026" not in rendered_text(at)
    # with a users file set, the public demo key is refused: no cookie signed with it holds
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(DEMO_USERS_FILE))
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", DEMO_COOKIE_KEY)
    at = _app()
    at.run()
    assert any("well-known" in e.value for e in at.error) and not at.text_input
