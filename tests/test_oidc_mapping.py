"""OIDC claims mapped to accounts (auth.oidc): by identity or e-mail, unknown identities
refused or made to wait, roles from a claim - on SQLite and PostgreSQL."""
from __future__ import annotations

from auth.oidc import OidcPolicy, sign_in_claims
from data_access import audit, users_store

POLICY = OidcPolicy()


def seed(engine):
    users_store.add_account(engine, "root", roles=["admin"], email="root@corp.example",
                            actor="setup")
    users_store.add_account(engine, "wang.li", display_name="王丽", roles=["committee"],
                            oidc_identity="wang.li@corp.example", actor="setup")


def test_known_identities_sign_in(engine):
    seed(engine)
    out = sign_in_claims(engine, {"sub": "s1", "email": "Wang.Li@corp.example"}, POLICY)
    assert (out.ok, out.username, out.created) == (True, "wang.li", False)
    # matched by e-mail the first time, then by the identity remembered
    out = sign_in_claims(engine, {"sub": "s0", "email": "root@corp.example"}, POLICY)
    assert out.username == "root"
    assert users_store.get_account(engine, "root").oidc_identity == "root@corp.example"
    by_sub = OidcPolicy(identity_claim="sub")
    users_store.update_profile(engine, "wang.li", actor="root", oidc_identity="s1")
    assert sign_in_claims(engine, {"sub": "s1", "email": "other@x"}, by_sub).username == "wang.li"
    assert users_store.get_account(engine, "wang.li").last_sign_in_at is not None


def test_unknown_unverified_and_disabled_are_refused(engine):
    seed(engine)
    for claims, reason in (({"sub": "s9", "email": "nobody@corp.example"}, "unknown"),
                           ({"sub": "s9"}, "no_identity"),
                           ({"email": "wang.li@corp.example", "email_verified": False},
                            "unverified")):
        out = sign_in_claims(engine, claims, POLICY)
        assert (out.ok, out.reason) == (False, reason)
    users_store.set_enabled(engine, "wang.li", False, actor="root")
    assert sign_in_claims(engine, {"email": "wang.li@corp.example"}, POLICY).reason == "disabled"
    refused = audit.events(engine, action="account.sign_in_refused")
    assert [(e["details"]["reason"], e["details"]["identity"]) for e in refused] == [
        ("disabled", "wang.li@corp.example"), ("unverified", "wang.li@corp.example"),
        ("no_identity", None), ("unknown", "nobody@corp.example")]
    assert len(users_store.list_accounts(engine)) == 2


def test_unknown_identities_wait_for_access_when_switched_on(engine):
    seed(engine)
    policy = OidcPolicy(create_unknown=True)
    out = sign_in_claims(engine, {"sub": "s7", "email": "Li.Na@corp.example", "name": "李娜"},
                         policy)
    assert (out.ok, out.username, out.created) == (True, "li.na", True)
    account = users_store.get_account(engine, "li.na")
    assert (account.display_name, account.roles, account.oidc_identity) == (
        "李娜", frozenset(), "li.na@corp.example")
    # a second person with the same local part gets a username of their own
    other = sign_in_claims(engine, {"email": "li.na@other.example"}, policy)
    assert other.username == "li.na.2"
    [added, _, _, _] = audit.events(engine, action="account.add")
    assert (added["actor"], added["details"]["how"]) == ("oidc", "oidc")


def test_roles_from_a_claim(engine):
    seed(engine)
    policy = OidcPolicy(roles_claim="groups", create_unknown=True)
    claims = {"email": "wang.li@corp.example", "groups": ["Marketing", "staff", "committee"]}
    assert sign_in_claims(engine, claims, policy).ok
    assert users_store.get_account(engine, "wang.li").roles == {"committee", "marketing"}
    new = sign_in_claims(engine, {"email": "zhao@corp.example", "groups": "dept_head"}, policy)
    assert users_store.get_account(engine, new.username).roles == {"dept_head"}
    # the last admin keeps the role whatever the claim says
    assert sign_in_claims(engine, {"email": "root@corp.example", "groups": []}, policy).ok
    assert users_store.get_account(engine, "root").roles == {"admin"}
    # no claim sent: roles stay as the administrator set them
    assert sign_in_claims(engine, {"email": "wang.li@corp.example"}, policy).ok
    assert users_store.get_account(engine, "wang.li").roles == {"committee", "marketing"}
