"""The Accounts and Change password pages (AppTest): the users file imported once, accounts
added and changed by an administrator, changes applying to open sessions on their next run."""
from __future__ import annotations

from auth import sessions
from data_access import audit, users_store
from data_access.db import get_engine
from tests.apptest_support import DEMO_PASSWORD, login, open_page, rendered_text

POLICY = sessions.Policy()


def as_admin(lang="en"):
    at = login("admin", lang=lang)
    assert at.session_state["authentication_status"] is True
    return open_page(at, "accounts")


def import_file(at):
    at.button(key="accounts-import").click().run()
    assert not at.exception
    return at


def test_admin_imports_the_users_file_then_manages_accounts(tiny_url):
    engine = get_engine(tiny_url)
    at = as_admin()
    assert "come from the users file" in rendered_text(at)
    import_file(at)
    assert any("5 account(s) imported" in s.value for s in at.success)
    assert users_store.has_accounts(engine)
    text = rendered_text(at)
    for name in ("head_sales", "销售部 负责人", "sales"):
        assert name in text
    # add a department head with a password
    at.text_input(key="accounts-add-username").input("li.na")
    at.text_input(key="accounts-add-name").input("李娜")
    at.multiselect(key="accounts-add-roles-en").select("dept_head")
    at.multiselect(key="accounts-add-depts-en").select("rnd")
    at.text_input(key="accounts-add-password").input("li-na-password")
    at.button(key="FormSubmitter:accounts-add-Add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("li.na added" in s.value for s in at.success)
    li = users_store.get_account(engine, "li.na")
    assert (li.display_name, li.roles, li.departments) == ("李娜", {"dept_head"}, {"rnd": "admin"})
    head = login("li.na", "li-na-password", lang="en")
    assert head.session_state["authentication_status"] is True
    assert "li.na" in [e["details"]["username"] for e in audit.events(engine, action="account.add")]


def test_disabling_signs_an_open_session_out_on_its_next_run(tiny_url):
    at = import_file(as_admin())
    head = login("head_sales", lang="en")
    assert head.session_state["authentication_status"] is True
    at.selectbox(key="accounts-pick").select("head_sales").run()
    at.button(key="accounts-head_sales-toggle").click().run()
    assert any("head_sales is disabled" in s.value for s in at.success)
    head.run()                                         # the head's next page run
    assert not head.session_state["authentication_status"]
    assert any("has been disabled" in w.value for w in head.warning)
    again = login("head_sales", lang="en")             # and no new sign-in
    assert not again.session_state["authentication_status"]


def test_a_role_change_applies_to_an_open_session(tiny_url):
    at = import_file(as_admin())
    committee = login("committee", lang="en")
    open_page(committee, "data")
    assert any("does not include" in w.value for w in committee.warning)
    at.selectbox(key="accounts-pick").select("committee").run()
    at.multiselect(key="accounts-committee-roles-value-en").select("marketing")
    at.button(key="FormSubmitter:accounts-committee-roles-Save roles and departments").click().run()
    assert not at.error, [e.value for e in at.error]
    assert users_store.get_account(get_engine(tiny_url), "committee").roles == {
        "committee", "marketing"}
    open_page(committee, "data")
    assert not any("does not include" in w.value for w in committee.warning)


def test_the_last_admin_cannot_remove_their_own_admin_role(tiny_url):
    at = import_file(as_admin())
    at.selectbox(key="accounts-pick").select("admin").run()
    at.multiselect(key="accounts-admin-roles-value-en").unselect("admin").select("committee")
    at.button(key="FormSubmitter:accounts-admin-roles-Save roles and departments").click().run()
    assert any("you are the last enabled administrator" in e.value for e in at.error)
    assert users_store.get_account(get_engine(tiny_url), "admin").roles == {"admin"}
    at.button(key="accounts-admin-toggle").click().run()
    assert any("last enabled administrator" in e.value for e in at.error)
    assert users_store.get_account(get_engine(tiny_url), "admin").enabled


def test_password_reset_by_an_admin_and_change_by_the_user(tiny_url):
    at = import_file(as_admin())
    marketing = login("marketing", lang="en")
    at.selectbox(key="accounts-pick").select("marketing").run()
    at.text_input(key="accounts-marketing-new-password").input("short")
    at.button(key="FormSubmitter:accounts-marketing-password-Reset the password").click().run()
    assert any("at least 8 characters" in e.value for e in at.error)
    at.text_input(key="accounts-marketing-new-password").input("reset-by-admin")
    at.button(key="FormSubmitter:accounts-marketing-password-Reset the password").click().run()
    assert any("password of marketing is reset" in s.value for s in at.success)
    marketing.run()                                 # the earlier sign-in has ended
    assert not marketing.session_state["authentication_status"]
    assert not login("marketing", lang="en").session_state["authentication_status"]
    user = login("marketing", "reset-by-admin", lang="en")
    assert user.session_state["authentication_status"] is True
    open_page(user, "password")
    user.text_input(key="password-current").input("wrong-password")
    user.text_input(key="password-new").input("my-own-secret")
    user.text_input(key="password-repeat").input("my-own-secret")
    user.button(key="FormSubmitter:password-change-Change password").click().run()
    assert any("current password is not right" in e.value for e in user.error)
    user.text_input(key="password-current").input("reset-by-admin")
    user.text_input(key="password-new").input("my-own-secret")
    user.text_input(key="password-repeat").input("my-own-secret")
    user.button(key="FormSubmitter:password-change-Change password").click().run()
    assert any("Password changed" in s.value for s in user.success)
    user.run()                                      # this session goes on
    assert user.session_state["authentication_status"] is True
    assert login("marketing", "my-own-secret", lang="en").session_state["authentication_status"]
    assert not login("marketing", "reset-by-admin", lang="en").session_state[
        "authentication_status"]
    actions = [(e["actor"], e["action"]) for e in audit.events(get_engine(tiny_url))
               if e["action"].startswith("account.password")]
    assert actions == [("marketing", "account.password_change"),
                       ("admin", "account.password_reset")]


def test_the_password_page_before_the_import(tiny_url):
    at = login("committee", DEMO_PASSWORD, lang="zh")
    open_page(at, "password")
    assert not at.exception
    assert "账号仍来自用户文件" in rendered_text(at)


def test_switching_language_draws_the_role_pickers_anew(tiny_url):
    at = import_file(as_admin(lang="zh"))
    assert at.multiselect(key="accounts-admin-roles-value-zh").value == ["admin"]
    at.session_state["lang"] = "en"
    at.run()
    picker = at.multiselect(key="accounts-admin-roles-value-en")
    assert picker.value == ["admin"]
    assert "Admin" in picker.options and "管理员" not in picker.options


def test_an_account_without_roles_waits_for_access(tiny_url):
    from auth.accounts import hash_password
    engine = get_engine(tiny_url)
    import_file(as_admin())
    users_store.add_account(engine, "li.na", display_name="李娜", roles=[],
                            password_hash=hash_password("li-na-password"), actor="admin")
    at = login("li.na", "li-na-password", lang="en")
    assert at.session_state["authentication_status"] is True
    assert any("has no role yet" in i.value for i in at.info)
    assert "Participation rate" not in rendered_text(at)
    users_store.set_roles(engine, "li.na", ["committee"], actor="admin")
    at.run()                                          # the next run: the dashboard
    assert not any("has no role yet" in i.value for i in at.info)
    assert "Signed in as" in rendered_text(at)
