"""Sign-in rules the server enforces beside the authenticator's cookie (auth.sessions), and
the audit trail of imports and settings changes - on SQLite and PostgreSQL."""
from __future__ import annotations

import copy
import datetime as dt

import bcrypt
import pytest

from auth import sessions
from auth.users import DEMO_PASSWORD, DEMO_USERS_FILE, load_users_config
from data_access import audit, auth_state
from data_access.importing import import_path
from data_access.settings_store import reset_settings, save_settings

KEY = "test-signing-key-" + "x" * 32
T0 = dt.datetime(2026, 11, 2, 9, 0, 0)
POLICY = sessions.Policy(max_failed_logins=3, lockout_minutes=10, max_age_days=1)


@pytest.fixture(scope="module")
def config():
    return load_users_config(DEMO_USERS_FILE)


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def cookie(username: str, issued: dt.datetime, days: float = 1) -> str:
    return sessions.make_token(username, KEY, issued, days)[0]


def test_right_password_signs_in_and_resets_the_failures(engine, config):
    assert sessions.attempt_login(engine, config, "committee", "nope", POLICY, minutes(0)).reason == "wrong"
    assert auth_state.get_state(engine, "committee").failed_logins == 1
    outcome = sessions.attempt_login(engine, config, " Committee ", DEMO_PASSWORD, POLICY, minutes(1))
    assert (outcome.ok, outcome.username, outcome.issued_at) == (True, "committee", minutes(1))
    assert auth_state.get_state(engine, "committee").failed_logins == 0


def test_repeated_wrong_passwords_lock_the_account_for_a_while(engine, config):
    for i in range(2):
        assert sessions.attempt_login(engine, config, "marketing", "guess", POLICY,
                                      minutes(i)).reason == "wrong"
    third = sessions.attempt_login(engine, config, "marketing", "guess", POLICY, minutes(2))
    assert (third.ok, third.reason, third.locked_until) == (False, "locked", minutes(12))
    # while locked even the right password is refused
    right = sessions.attempt_login(engine, config, "marketing", DEMO_PASSWORD, POLICY, minutes(11))
    assert (right.ok, right.reason) == (False, "locked")
    # a sign-in made before the lock does not hold during it
    assert sessions.refusal(engine, config, "marketing", minutes(-5), POLICY, minutes(3)) == "locked"
    # after the lock the right password works again
    assert sessions.attempt_login(engine, config, "marketing", DEMO_PASSWORD, POLICY, minutes(12.5)).ok
    locked = audit.events(engine, action="account.locked")
    assert [e["details"]["username"] for e in locked] == ["marketing"]
    assert locked[0]["details"]["after_failed_logins"] == 3


def test_unknown_users_are_refused_and_not_counted(engine, config):
    for i in range(5):
        outcome = sessions.attempt_login(engine, config, "mallory", "x", POLICY, minutes(i))
        assert (outcome.ok, outcome.reason) == (False, "wrong")
    assert auth_state.all_states(engine) == {}


def test_an_administrator_unlocks_an_account(engine, config):
    for i in range(3):
        sessions.attempt_login(engine, config, "head_sales", "bad", POLICY, minutes(i))
    assert auth_state.get_state(engine, "head_sales").locked(minutes(3))
    sessions.unlock(engine, "head_sales", actor="admin")
    assert not auth_state.get_state(engine, "head_sales").locked(sessions.now())
    assert sessions.attempt_login(engine, config, "head_sales", DEMO_PASSWORD, POLICY).ok
    event = audit.events(engine, action="account.unlock")[0]
    assert (event["actor"], event["details"]) == ("admin", {"username": "head_sales"})


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
                                            "auth.lockout_minutes": -4}, cookie_expiry_days=0.5)
    assert policy == sessions.Policy(sessions.DEFAULT_MAX_FAILED_LOGINS,
                                     sessions.DEFAULT_LOCKOUT_MINUTES, 0.5)


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
