"""Accounts kept in the database (data_access.users_store, auth.accounts): the store, the one
admin that must remain, heads from the directory, and changes that apply on the next run -
on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from auth import accounts, sessions
from auth.accounts_cli import describe
from auth.users import DEMO_PASSWORD, DEMO_USERS_FILE, load_users_config, user_from_config
from data_access import audit, users_store
from data_access.importing import import_path
from data_access.users_store import AccountError

ACTOR = "root"
POLICY = sessions.Policy(max_failed_logins=5, lockout_minutes=10, max_age_days=1)


def seed(engine):
    """An admin and a committee member."""
    users_store.add_account(engine, "root", display_name="Root", roles=["admin"],
                            password_hash=accounts.hash_password("root-password"), actor="setup")
    users_store.add_account(engine, "wang.li", display_name="王丽", roles=["committee"],
                            email="Wang.Li@example.com", actor="setup")


def config(engine) -> dict:
    return accounts.users_config(engine, {"auth.session_days": 1})


def test_accounts_are_added_listed_and_refused_when_taken(engine):
    with pytest.raises(AccountError) as first:
        users_store.add_account(engine, "bob", roles=["committee"], actor=None)
    assert first.value.code == "first_must_be_admin"
    assert not users_store.has_accounts(engine)        # the refused add wrote nothing
    seed(engine)
    assert [a.username for a in users_store.list_accounts(engine)] == ["root", "wang.li"]
    wang = users_store.get_account(engine, " Wang.Li ")
    assert (wang.display_name, wang.roles, wang.enabled, wang.has_password) == (
        "王丽", frozenset({"committee"}), True, False)
    for kwargs, code in ((dict(username="wang.li", roles=["committee"]), "exists"),
                         (dict(username="x", roles=["boss"]), "bad_role"),
                         (dict(username="bad name", roles=[]), "bad_username"),
                         (dict(username="y", roles=[], language="fr"), "bad_language")):
        with pytest.raises(AccountError) as exc:
            users_store.add_account(engine, kwargs.pop("username"), actor=ACTOR, **kwargs)
        assert exc.value.code == code
    users_store.add_account(engine, "zhao", roles=["dept_head"], wecom_userid="ZhaoMin",
                            actor=ACTOR)
    with pytest.raises(AccountError) as taken:
        users_store.add_account(engine, "zhao2", roles=[], wecom_userid="ZhaoMin", actor=ACTOR)
    assert (taken.value.code, taken.value.values["username"]) == ("identity_taken", "zhao")
    assert users_store.find_by(engine, "wecom_userid", "ZhaoMin").username == "zhao"
    assert users_store.find_by(engine, "email", "wang.li@EXAMPLE.com").username == "wang.li"
    added = audit.events(engine, action="account.add")
    assert [e["details"]["username"] for e in added] == ["zhao", "wang.li", "root"]
    assert added[0]["actor"] == ACTOR and added[0]["details"]["wecom_userid"] == "ZhaoMin"


def test_the_last_enabled_admin_remains(engine):
    seed(engine)
    for change in (lambda: users_store.set_enabled(engine, "root", False, actor="wang.li"),
                   lambda: users_store.set_roles(engine, "root", ["committee"], actor="wang.li")):
        with pytest.raises(AccountError) as exc:
            change()
        assert exc.value.code == "last_admin"
    with pytest.raises(AccountError) as own:
        users_store.set_roles(engine, "root", [], actor="root")
    assert own.value.code == "last_admin_self"
    assert "at least one must remain" in describe(own.value)
    root = users_store.get_account(engine, "root")
    assert (root.roles, root.enabled) == (frozenset({"admin"}), True)   # nothing half-written
    # a second admin, then the first may step down; a disabled admin does not count
    users_store.set_roles(engine, "wang.li", ["committee", "admin"], actor="root")
    users_store.set_roles(engine, "root", ["committee"], actor="root")
    with pytest.raises(AccountError):
        users_store.set_enabled(engine, "wang.li", False, actor="wang.li")
    events = audit.events(engine, action="account.roles")
    assert [(e["actor"], e["details"]["username"], e["details"]["old"], e["details"]["new"])
            for e in events] == [("root", "root", ["admin"], ["committee"]),
                                 ("root", "wang.li", ["committee"], ["admin", "committee"])]


def test_disabling_and_role_changes_apply_on_the_next_run(engine):
    seed(engine)
    issued = sessions.now() - dt.timedelta(minutes=5)
    cfg = config(engine)
    assert sessions.refusal(engine, cfg, "wang.li", issued, POLICY) is None
    assert user_from_config(cfg, "wang.li").roles == {"committee"}
    users_store.set_roles(engine, "wang.li", ["marketing"], actor="root")
    assert user_from_config(config(engine), "wang.li").roles == {"marketing"}
    users_store.set_enabled(engine, "wang.li", False, actor="root")
    cfg = config(engine)
    assert "wang.li" not in cfg["credentials"]["usernames"]
    assert sessions.refusal(engine, cfg, "wang.li", issued, POLICY) == "unknown"
    assert accounts.ended_reason(engine, "wang.li") == "disabled"
    assert accounts.ended_reason(engine, "nobody") == "unknown"
    # the password check refuses a disabled account as it does an unknown one
    users_store.set_password_hash(engine, "wang.li", accounts.hash_password("wang-password"),
                                  actor="root", action="account.password_reset")
    assert not sessions.attempt_login(engine, cfg, "wang.li", "wang-password", POLICY).ok
    users_store.set_enabled(engine, "wang.li", True, actor="root")
    assert sessions.attempt_login(engine, config(engine), "wang.li", "wang-password", POLICY).ok
    assert [e["action"] for e in audit.events(engine) if e["action"] in
            ("account.disable", "account.enable")] == ["account.enable", "account.disable"]


def test_a_password_reset_ends_earlier_sign_ins(engine):
    seed(engine)
    earlier = sessions.now() - dt.timedelta(minutes=5)
    assert sessions.refusal(engine, config(engine), "root", earlier, POLICY) is None
    accounts.reset_password(engine, "root", "a-new-password", actor="root")
    assert sessions.refusal(engine, config(engine), "root", earlier, POLICY) == "revoked"
    assert sessions.attempt_login(engine, config(engine), "root", "a-new-password", POLICY).ok
    with pytest.raises(AccountError) as short:
        accounts.reset_password(engine, "root", "short", actor="root")
    assert short.value.code == "password_short"


def test_users_change_their_own_password(engine):
    seed(engine)
    for current, new, repeat, code in (("wrong", "long-enough-1", "long-enough-1", "password_wrong"),
                                       ("root-password", "short", "short", "password_short"),
                                       ("root-password", "long-enough-1", "other-long-1",
                                        "password_mismatch")):
        with pytest.raises(AccountError) as exc:
            accounts.change_own_password(engine, "root", current, new, repeat)
        assert exc.value.code == code
    accounts.change_own_password(engine, "root", "root-password", "long-enough-1", "long-enough-1")
    cfg = config(engine)
    assert not sessions.attempt_login(engine, cfg, "root", "root-password", POLICY).ok
    assert sessions.attempt_login(engine, cfg, "root", "long-enough-1", POLICY).ok
    [event] = audit.events(engine, action="account.password_change")
    assert (event["actor"], event["details"]) == ("root", {"username": "root"})


def test_the_users_file_is_imported_once(engine, tmp_path):
    result = users_store.import_users(engine, load_users_config(DEMO_USERS_FILE), actor="cli")
    assert result == {"added": ["committee", "marketing", "admin", "head_sales", "head_rnd"],
                      "skipped": []}
    head = users_store.get_account(engine, "head_sales")
    assert (head.display_name, head.roles, head.departments, head.email) == (
        "销售部 负责人", frozenset({"dept_head"}), {"sales": "admin"}, "head_sales@example.com")
    # the demo password still signs in, now from the database
    assert sessions.attempt_login(engine, config(engine), "head_sales", DEMO_PASSWORD, POLICY).ok
    again = users_store.import_users(engine, load_users_config(DEMO_USERS_FILE), actor="cli")
    assert again == {"added": [], "skipped": ["committee", "marketing", "admin", "head_sales",
                                              "head_rnd"]}
    assert len(users_store.list_accounts(engine)) == 5


def test_a_users_file_without_an_admin_is_refused_whole(engine):
    cfg = {"credentials": {"usernames": {
        "a": {"first_name": "A", "password": "x", "roles": ["committee"]},
        "b": {"first_name": "B", "password": "x", "roles": ["marketing"]}}}}
    with pytest.raises(AccountError) as exc:
        users_store.import_users(engine, cfg, actor="cli")
    assert exc.value.code == "import_without_admin"
    assert users_store.list_accounts(engine) == []
    assert audit.events(engine) == []


def _with_heads(engine, sample_dir, tmp_path, heads: dict[str, str]):
    """The sample company with departments.head_employee_id filled in."""
    folder = tmp_path / "co"
    folder.mkdir(parents=True)
    for f in (sample_dir / "tiny-co").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    lines = (folder / "departments.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",head_employee_id"]
    out += [f"{line},{heads.get(line.split(',')[0], '')}" for line in lines[1:]]
    (folder / "departments.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    result = import_path(engine, folder)
    return result, folder


def test_heads_come_from_the_directory_and_an_admin_overrides_them(engine, sample_dir, tmp_path):
    result, _ = _with_heads(engine, sample_dir, tmp_path, {"sales": "e01", "service": "e05",
                                                           "rnd": "e01"})
    assert result.ok, result.problems
    seed(engine)
    # matched by employee id, and by WeCom userid
    users_store.add_account(engine, "zhang.san", display_name="张三", roles=[],
                            employee_id="e01", actor=ACTOR)
    users_store.add_account(engine, "sun.qi", roles=[], wecom_userid="e05", actor=ACTOR)
    zhang = users_store.get_account(engine, "zhang.san")
    assert zhang.departments == {"rnd": "directory", "sales": "directory"}
    assert zhang.effective_roles == {"dept_head"}
    user = user_from_config(config(engine), "zhang.san")
    assert user.scope.department_ids == {"rnd", "sales"}
    assert users_store.get_account(engine, "sun.qi").departments == {"service": "directory"}
    # the admin takes rnd away and gives service: kept however often the directory says so
    zhang = users_store.set_departments(engine, "zhang.san", ["sales", "service"], actor=ACTOR)
    assert (zhang.departments, zhang.denied) == ({"sales": "directory", "service": "admin"},
                                                 {"rnd"})
    _with_heads(engine, sample_dir, tmp_path / "again", {"sales": "e01", "rnd": "e01"})
    assert users_store.get_account(engine, "zhang.san").departments == {
        "sales": "directory", "service": "admin"}
    # the directory changes its head: the directory's department goes, the admin's stays
    _with_heads(engine, sample_dir, tmp_path / "third", {"sales": "e02"})
    zhang = users_store.get_account(engine, "zhang.san")
    assert zhang.departments == {"service": "admin"} and zhang.effective_roles == frozenset()
    assert users_store.get_account(engine, "sun.qi").departments == {}
    # back to the directory
    _with_heads(engine, sample_dir, tmp_path / "fourth", {"rnd": "e01"})
    zhang = users_store.reset_departments(engine, "zhang.san", actor=ACTOR)
    assert (zhang.departments, zhang.denied) == ({"rnd": "directory"}, frozenset())
    changes = audit.events(engine, action="account.departments")
    assert [e["details"]["new"] for e in changes] == [{"rnd": "directory"},
                                                      {"sales": "directory", "service": "admin"}]


def test_head_employee_id_must_name_an_employee(engine, sample_dir, tmp_path):
    result, _ = _with_heads(engine, sample_dir, tmp_path, {"sales": "e99"})
    assert not result.ok
    assert [(p.file, p.line, p.column, p.value) for p in result.problems] == [
        ("departments.csv", 2, "head_employee_id", "e99")]
    # a head in the same import is fine, and a department without one too
    result, _ = _with_heads(engine, sample_dir, tmp_path / "ok", {"rnd": "e08"})
    assert result.ok
    assert users_store.directory_head(engine, "e08") == ["rnd"]


def test_accounts_config_leaves_out_disabled_and_marks_passwordless(engine):
    seed(engine)
    cfg = config(engine)
    entries = cfg["credentials"]["usernames"]
    assert set(entries) == {"root", "wang.li"}
    assert entries["wang.li"]["password"] == "!"       # no password: none matches
    assert not sessions.attempt_login(engine, cfg, "wang.li", "!", POLICY).ok
    assert cfg["cookie"] == {"name": accounts.COOKIE_NAME, "expiry_days": 1.0}


def test_sign_in_methods_setting():
    assert accounts.sign_in_methods({"auth.password_sign_in": True}) == ("password",)
    assert accounts.sign_in_methods({"auth.password_sign_in": False, "auth.oidc_sign_in": True,
                                     "auth.wecom_sign_in": True}) == ("oidc", "wecom")
    assert accounts.sign_in_methods({}) == ("password",)     # never none at all


def test_manage_users_commands(monkeypatch, tmp_path, capsys):
    import manage
    from data_access.db import get_engine
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert manage.main(["users", "import", str(DEMO_USERS_FILE)]) == 0
    assert "Imported 5 account(s)" in capsys.readouterr().out
    assert manage.main(["users", "set-roles", "admin", "committee"]) == 1
    assert "last enabled admin" in capsys.readouterr().err
    assert manage.main(["users", "add", "li.na", "--roles", "committee,dept_head",
                        "--departments", "sales", "--name", "李娜"]) == 0
    assert manage.main(["users", "disable", "li.na"]) == 0
    assert manage.main(["users", "enable", "nobody"]) == 1
    assert "no account 'nobody'" in capsys.readouterr().err
    capsys.readouterr()
    assert manage.main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4].split("\t")[:5] == ["li.na", "李娜", "committee,dept_head", "sales (admin)",
                                        "disabled"]
    [event] = audit.events(get_engine(url), action="account.disable")
    assert (event["actor"], event["details"]) == ("command line", {"username": "li.na"})
