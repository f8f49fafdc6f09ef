"""Sign in with the company's identity provider (OIDC): the claims Streamlit's `st.login`
put in `st.user` mapped to an account. No Streamlit here (ui.sign_in passes the claims).

- The identity is the claim named by setting auth.oidc_identity_claim ("email" or "sub").
  It matches an account's OIDC identity, else (for "email") the account's e-mail address,
  which is then remembered as its identity. An e-mail the provider marks unverified
  (email_verified false) is refused.
- An unknown identity is refused ("ask an administrator"), or, with setting
  auth.oidc_create_unknown on, gets an account without roles that waits for access.
- With auth.oidc_roles_claim set (e.g. "groups"), the role names found in that claim
  (committee, marketing, dept_head, admin) replace the account's roles at each sign-in;
  a claim that would leave no enabled admin is ignored. Other values are ignored.
Only the identity is ever written to the audit trail, never a token.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from data_access import users_store
from data_access.users_store import ROLES, AccountError

from .accounts import ExternalOutcome, refuse

PROVIDER = "oidc"


@dataclass(frozen=True)
class OidcPolicy:
    identity_claim: str = "email"
    create_unknown: bool = False
    roles_claim: str = ""

    @classmethod
    def from_settings(cls, values: dict) -> "OidcPolicy":
        claim = str(values.get("auth.oidc_identity_claim") or "email").strip()
        return cls(claim if claim in ("email", "sub") else "email",
                   values.get("auth.oidc_create_unknown") is True,
                   str(values.get("auth.oidc_roles_claim") or "").strip())


def identity_of(claims: dict, policy: OidcPolicy) -> str | None:
    value = claims.get(policy.identity_claim)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower() if policy.identity_claim == "email" else value.strip()


def roles_from(claims: dict, policy: OidcPolicy) -> frozenset[str] | None:
    """The roles the configured claim gives (None: no claim configured or sent)."""
    if not policy.roles_claim or policy.roles_claim not in claims:
        return None
    value = claims[policy.roles_claim]
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(str(v).strip().lower() for v in values) & frozenset(ROLES)


def sign_in_claims(engine: Engine, claims: dict, policy: OidcPolicy) -> ExternalOutcome:
    identity = identity_of(claims, policy)
    if identity is None:
        return refuse(engine, PROVIDER, "no_identity")
    if policy.identity_claim == "email" and claims.get("email_verified") is False:
        return refuse(engine, PROVIDER, "unverified", identity)
    account = users_store.find_by(engine, "oidc_identity", identity)
    if account is None and policy.identity_claim == "email":
        account = users_store.find_by(engine, "email", identity)
        if account is not None and account.oidc_identity is None:
            account = users_store.update_profile(engine, account.username, actor=PROVIDER,
                                                 oidc_identity=identity)
    roles = roles_from(claims, policy)
    created = False
    if account is None:
        if not policy.create_unknown:
            return refuse(engine, PROVIDER, "unknown", identity)
        email = claims.get("email") if isinstance(claims.get("email"), str) else None
        wanted = (email or identity).split("@")[0]
        try:
            account = users_store.add_account(
                engine, users_store.free_username(engine, wanted),
                display_name=str(claims.get("name") or wanted), email=email,
                oidc_identity=identity, roles=roles or (), actor=PROVIDER, how=PROVIDER)
        except AccountError:            # e.g. no accounts at all yet: the first is an admin
            return refuse(engine, PROVIDER, "unknown", identity)
        created = True
    if not account.enabled:
        return refuse(engine, PROVIDER, "disabled", identity)
    if roles is not None and not created and roles != account.roles:
        try:
            users_store.set_roles(engine, account.username, roles, actor=PROVIDER)
        except AccountError:            # the last admin stays one
            pass
    users_store.note_sign_in(engine, account.username)
    return ExternalOutcome(True, account.username, created=created)
