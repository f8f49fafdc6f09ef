"""Sign-in rules the server enforces beside the authenticator's cookie (auth.sessions), and
the audit trail of imports and settings changes - on SQLite and PostgreSQL."""
from __future__ import annotations

import copy
import datetime as dt

import bcrypt
import pytest

from auth import sessions
from auth.users import DEMO_PASSWORD, DEMO_USERS_FILE, load_users_config
from data_access import audit, auth_state, login_throttle
from data_access.importing import import_path
from data_access.settings_store import reset_settings, save_settings

KEY = "test-signing-key-" + "x" * 32
T0 = dt.datetime(2026, 11, 2, 9, 0, 0)
POLICY = sessions.Policy(max_failed_logins=3, lockout_minutes=10, max_age_days=1,
                         account_failed_logins=5, account_max_delay_seconds=60)


@pytest.fixture(scope="module")
def config():
    """The demo users, their hashes remade at bcrypt's lowest cost (many attempts here)."""
    cheap = copy.deepcopy(load_users_config(DEMO_USERS_FILE))
    for entry in cheap["credentials"]["usernames"].values():
        entry["password"] = bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    return cheap


@pytest.fixture(autouse=True)
def _cheap_timing_hash(monkeypatch):
    monkeypatch.setattr(sessions, "_TIMING_HASH",
                        bcrypt.hashpw(b"timing", bcrypt.gensalt(rounds=4)).decode())


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def cookie(username: str, issued: dt.datetime, days: float = 1) -> str:
    return sessions.make_token(username, KEY, issued, days)[0]


def seconds(n: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=n)


def counters(engine, *keys):
    return {k: c.failures for k, c in login_throttle.get(engine, keys).items()}


def test_right_password_signs_in_and_clears_the_usernames_failures(engine, config):
    assert sessions.attempt_login(engine, config, "committee", "nope", POLICY, minutes(0),
                                  client="10.0.0.1").reason == "wrong"
    assert counters(engine, "account:committee", "client:10.0.0.1") == {
        "account:committee": 1, "client:10.0.0.1": 1}
    outcome = sessions.attempt_login(engine, config, " Committee ", DEMO_PASSWORD, POLICY,
                                     minutes(1), client="10.0.0.1")
    assert (outcome.ok, outcome.username, outcome.issued_at) == (True, "committee", minutes(1))
    # the username starts again; the client does not (or one's own account would reset it)
    assert counters(engine, "account:committee", "client:10.0.0.1") == {
        "account:committee": 0, "client:10.0.0.1": 1}


def test_a_client_failing_waits_longer_and_longer_but_others_sign_in(engine, config):
    """POLICY: 3 wrong passwords from a client, then 1 s, 2 s, 4 s, ... (at most 10 min)."""
    attacker = "203.0.113.9"
    answers = []
    for at in (0, 1, 2):
        o = sessions.attempt_login(engine, config, "admin", "guess", POLICY, seconds(at), client=attacker)
        answers.append((o.reason, o.retry_after))
    assert answers == [("wrong", 0), ("wrong", 0), ("wrong", 1)]
    # inside the wait even the right password is not looked at
    early = sessions.attempt_login(engine, config, "admin", DEMO_PASSWORD, POLICY, seconds(2.5),
                                   client=attacker)
    assert (early.ok, early.reason, early.retry_after) == (False, "throttled", 0.5)
    o = sessions.attempt_login(engine, config, "admin", "guess", POLICY, seconds(3), client=attacker)
    assert (o.reason, o.retry_after) == ("wrong", 2)
    o = sessions.attempt_login(engine, config, "admin", "guess", POLICY, seconds(5), client=attacker)
    assert (o.reason, o.retry_after) == ("wrong", 4)
    # the real admin, elsewhere, is not locked out by any of this
    real = sessions.attempt_login(engine, config, "admin", DEMO_PASSWORD, POLICY, seconds(6),
                                  client="198.51.100.7")
    assert real.ok
    # the client's waits grow up to lockout_minutes and stop there
    t = 9.0
    for _ in range(12):
        o = sessions.attempt_login(engine, config, "marketing", "guess", POLICY, seconds(t),
                                   client=attacker)
        assert o.reason == "wrong"
        t += o.retry_after
    assert o.retry_after == 600
    throttled = audit.events(engine, action="login.throttled")
    # every new wait: the client's (3 + 12), the usernames' (admin's 5th, marketing's 5th-12th)
    assert len(throttled) == 3 + 12 + 1 + 8
    latest = throttled[0]["details"]
    assert (latest["by"], latest["client"], latest["username"], latest["wait_seconds"]) == \
        ("client", attacker, "marketing", 600)


def test_a_username_failing_from_many_clients_waits_at_most_a_minute(engine, config):
    """POLICY: 5 wrong passwords for a username from anywhere, then 1 s, 2 s, ... at most 60 s."""
    waits = []
    t = 0.0
    for i in range(12):
        o = sessions.attempt_login(engine, config, "head_sales", "guess", POLICY, seconds(t),
                                   client=f"10.1.0.{i}")
        assert o.reason == "wrong"
        waits.append(o.retry_after)
        t += o.retry_after
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    inside = sessions.attempt_login(engine, config, "head_sales", DEMO_PASSWORD, POLICY,
                                    seconds(t - 30), client="10.2.0.1")
    assert (inside.reason, inside.retry_after) == ("throttled", 30)
    assert sessions.attempt_login(engine, config, "head_sales", DEMO_PASSWORD, POLICY, seconds(t),
                                  client="10.2.0.1").ok
    account = [e["details"] for e in audit.events(engine, action="login.throttled")
               if e["details"]["by"] == "account"]
    assert [d["failures"] for d in account] == list(range(12, 4, -1))


def test_failures_by_others_never_end_an_open_session(engine, config):
    raw = cookie("admin", minutes(0))
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(1))[2] is None
    for i in range(40):
        sessions.attempt_login(engine, config, "admin", "guess", POLICY, minutes(2 + i),
                               client=f"192.0.2.{i % 3}")
    assert sessions.refusal(engine, config, "admin", minutes(0), POLICY, minutes(45)) is None
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(45)) == \
        ("admin", minutes(0), None)


def test_unknown_and_known_usernames_get_the_same_answers(engine, config):
    def answers(username, client):
        out, t = [], 0.0
        for _ in range(9):
            o = sessions.attempt_login(engine, config, username, "guess", POLICY, seconds(t),
                                       client=client)
            out.append((o.ok, o.reason, o.retry_after))
            early = sessions.attempt_login(engine, config, username, "guess", POLICY,
                                           seconds(t + o.retry_after / 2), client=client)
            out.append((early.ok, early.reason, early.retry_after))
            t += o.retry_after
        return out
    known, unknown = answers("admin", "10.9.0.1"), answers("no-such-user", "10.9.0.2")
    assert known == unknown
    assert ("wrong", 4) in [(r, w) for _, r, w in known]


def test_an_administrator_ends_a_usernames_wait(engine, config):
    t = 0.0
    for i in range(6):
        t += sessions.attempt_login(engine, config, "head_rnd", "bad", POLICY, seconds(t),
                                    client=f"10.3.0.{i}").retry_after
    counter = sessions.account_throttles(engine, ["head_rnd"])["head_rnd"]
    assert (counter.failures, counter.blocked_until) == (6, seconds(3))
    t = 2.0
    sessions.unlock(engine, "head_rnd", actor="admin")
    assert sessions.account_throttles(engine, ["head_rnd"])["head_rnd"].failures == 0
    assert sessions.attempt_login(engine, config, "head_rnd", DEMO_PASSWORD, POLICY, seconds(t),
                                  client="10.3.0.9").ok
    event = audit.events(engine, action="account.unlock")[0]
    assert (event["actor"], event["details"]) == ("admin", {"username": "head_rnd"})


def test_a_day_without_failures_starts_the_counters_again(engine, config):
    for i in range(4):
        sessions.attempt_login(engine, config, "nobody", "x", POLICY, minutes(i), client="10.4.0.1")
    assert counters(engine, "client:10.4.0.1") == {"client:10.4.0.1": 4}
    later = T0 + dt.timedelta(days=1, minutes=10)
    o = sessions.attempt_login(engine, config, "someone", "x", POLICY, later, client="10.4.0.1")
    assert (o.reason, o.retry_after) == ("wrong", 0)
    # the forgotten username's row was cleared away by that failure
    assert counters(engine, "client:10.4.0.1", "account:nobody", "account:someone") == {
        "client:10.4.0.1": 1, "account:nobody": 0, "account:someone": 1}


@pytest.mark.parametrize("remote, forwarded, proxies, client", [
    (None, None, 0, "local"),                                 # the loopback: no address
    ("198.51.100.7", "1.2.3.4", 0, "198.51.100.7"),           # no proxy trusted: header ignored
    ("10.0.0.2", "1.2.3.4, 203.0.113.9", 1, "203.0.113.9"),   # what the one proxy saw
    ("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.3", 2, "203.0.113.9"),
    ("10.0.0.2", None, 1, "10.0.0.2"),                        # the proxy sent no header
])
def test_client_address_behind_proxies(remote, forwarded, proxies, client):
    assert sessions.client_address(remote, forwarded, proxies) == client


def _hold_write_lock(engine):
    """Another connection holding the write lock on the sign-in tables, as an import does."""
    if engine.dialect.name == "sqlite":
        import sqlite3
        other = sqlite3.connect(engine.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        return lambda: (other.execute("ROLLBACK"), other.close())
    conn = engine.connect()
    conn.begin()
    conn.exec_driver_sql("LOCK TABLE login_throttle, user_sessions_state IN EXCLUSIVE MODE")
    return lambda: (conn.rollback(), conn.close())


def test_sign_in_during_a_long_write_lock_answers_at_once(engine, config):
    # admin signed in once before: the fingerprint of the hash is known, nothing to write
    assert sessions.attempt_login(engine, config, "admin", DEMO_PASSWORD, POLICY, minutes(0)).ok
    release = _hold_write_lock(engine)
    try:
        wrong = sessions.attempt_login(engine, config, "admin", "guess", POLICY, minutes(1))
        assert (wrong.ok, wrong.reason) == (False, "busy")
        assert sessions.attempt_login(engine, config, "admin", DEMO_PASSWORD, POLICY, minutes(2)).ok
        first = sessions.attempt_login(engine, config, "marketing", DEMO_PASSWORD, POLICY, minutes(3))
        assert (first.ok, first.reason) == (False, "busy")     # its first sign-in must write
    finally:
        release()
    assert counters(engine, "account:admin") == {"account:admin": 0}   # nothing half-written
    assert sessions.attempt_login(engine, config, "marketing", DEMO_PASSWORD, POLICY, minutes(4)).ok


def test_logout_revokes_the_cookie_it_issued(engine, config):
    raw = cookie("committee", minutes(0))
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(30)) == \
        ("committee", minutes(0), None)
    sessions.end_sessions(engine, ["committee"], actor="committee", reason="logout", at=minutes(31))
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(32)) == \
        ("committee", None, "revoked")
    # a new sign-in after the logout holds; the user's own logout is not an audit line
    fresh = cookie("committee", minutes(40))
    assert sessions.cookie_sign_in(engine, config, fresh, KEY, POLICY, minutes(41))[2] is None
    assert audit.events(engine, action="sessions.revoke") == []


def test_sign_out_everywhere_is_audited(engine, config):
    raws = {u: cookie(u, minutes(0)) for u in ("head_sales", "head_rnd")}
    sessions.end_sessions(engine, ["head_sales", "head_rnd"], actor="admin", at=minutes(5))
    for user, raw in raws.items():
        assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(6))[2] == "revoked"
    event = audit.events(engine, action="sessions.revoke")[0]
    assert event["actor"] == "admin"
    assert event["details"] == {"usernames": ["head_rnd", "head_sales"],
                                "reason": "sign_out_everywhere"}


def test_a_changed_password_revokes_earlier_sign_ins(engine, config):
    raw = cookie("head_rnd", minutes(0))
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(1))[2] is None
    changed = copy.deepcopy(config)
    changed["credentials"]["usernames"]["head_rnd"]["password"] = \
        bcrypt.hashpw(b"a-new-password", bcrypt.gensalt(rounds=4)).decode()
    assert sessions.cookie_sign_in(engine, changed, raw, KEY, POLICY, minutes(2))[2] == "revoked"
    assert sessions.attempt_login(engine, changed, "head_rnd", DEMO_PASSWORD, POLICY, minutes(3)).reason == "wrong"
    assert sessions.attempt_login(engine, changed, "head_rnd", "a-new-password", POLICY, minutes(4)).ok
    assert [e["details"]["username"] for e in audit.events(engine, action="password.changed")] == ["head_rnd"]


def test_cookies_expire_by_the_policy_whatever_they_say(engine, config):
    long_lived = cookie("admin", minutes(0), days=30)      # a cookie claiming 30 days
    assert sessions.cookie_sign_in(engine, config, long_lived, KEY, POLICY,
                                   minutes(23 * 60))[2] is None
    assert sessions.cookie_sign_in(engine, config, long_lived, KEY, POLICY,
                                   minutes(25 * 60))[2] == "expired"


@pytest.mark.parametrize("raw, reason", [
    ("not-a-token", "invalid"),
    (sessions.make_token("admin", "some-other-key-" + "y" * 32, T0, 1)[0], "invalid"),
    (None, None),
])
def test_forged_or_missing_cookies_sign_no_one_in(engine, config, raw, reason):
    assert sessions.cookie_sign_in(engine, config, raw, KEY, POLICY, minutes(1)) == (None, None, reason)


def test_a_user_removed_from_the_users_file_is_signed_out(engine, config):
    raw = cookie("head_sales", minutes(0))
    removed = copy.deepcopy(config)
    del removed["credentials"]["usernames"]["head_sales"]
    assert sessions.cookie_sign_in(engine, removed, raw, KEY, POLICY, minutes(1)) == \
        ("head_sales", None, "unknown")


def test_policy_from_settings_ignores_nonsense():
    policy = sessions.Policy.from_settings({"auth.max_failed_logins": "zero",
                                            "auth.lockout_minutes": -4,
                                            "auth.account_failed_logins": None,
                                            "auth.trusted_proxies": -1}, cookie_expiry_days=0.5)
    assert policy == sessions.Policy(sessions.DEFAULT_MAX_FAILED_LOGINS,
                                     sessions.DEFAULT_LOCKOUT_MINUTES, 0.5)
    assert sessions.Policy.from_settings({"auth.trusted_proxies": 2}, 1).trusted_proxies == 2


def test_imports_and_settings_changes_are_audited(engine, sample_dir, tmp_path):
    result = import_path(engine, sample_dir / "tiny-co", imported_by="marketing")
    assert result.ok
    audit.record_import(engine, result, actor="marketing", source="sample")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "departments.csv").write_text("department_id,name\n,Nameless\n", encoding="utf-8")
    refused = import_path(engine, bad, imported_by="marketing")
    assert not refused.ok
    audit.record_import(engine, refused, actor="marketing", source="bad")

    imports = audit.events(engine, action="import")
    assert [(e["actor"], e["details"]["status"], e["import_run_id"]) for e in imports] == [
        ("marketing", "refused", refused.run_id), ("marketing", "imported", result.run_id)]
    assert imports[1]["counts"] == result.counts
    assert imports[0]["details"]["problems"] == len(refused.problems) > 0

    defaults = {"alerts.low_participation_rate": 0.3, "ui.default_language": "zh"}
    changes = save_settings(engine, {"alerts.low_participation_rate": 0.25,
                                     "ui.default_language": "zh"}, defaults, updated_by="admin")
    assert changes == {"alerts.low_participation_rate": {"old": 0.3, "new": 0.25}}
    assert save_settings(engine, {"alerts.low_participation_rate": 0.25}, defaults, "admin") == {}
    reset_settings(engine, list(defaults), updated_by="admin")
    saved, reset = (audit.events(engine, action=a)[0] for a in ("settings.save", "settings.reset"))
    assert (saved["actor"], saved["details"]["changes"]) == ("admin", changes)
    assert len(audit.events(engine, action="settings.save")) == 1     # the no-op saved nothing
    assert (reset["actor"], reset["details"]) == ("admin", {"cleared": ["alerts.low_participation_rate"]})
