"""User accounts kept in the database (tables users, user_roles, user_departments).

Rows only, and the rules that must hold inside one transaction: usernames and sign-in
identities unique, known roles, at least one enabled administrator left. Every change is
written to the audit trail in the same transaction (who, when, what). The departments a
user leads are those the directory names (departments.head_employee_id equal to the user's
employee id or WeCom userid) plus an administrator's grants, less their denials; each comes
with its source, "directory" or "admin". No Streamlit here; the sign-in rules that use
these accounts are in auth.accounts.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, func, or_, select, update

from . import audit
from .models import Account as AccountRow
from .models import AccountDepartment, AccountRole, Department

ROLES = ("committee", "marketing", "dept_head", "admin")
LANGUAGES = ("zh", "en")
U = AccountRow.__table__
R = AccountRole.__table__
D = AccountDepartment.__table__
DEPT = Department.__table__
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,199}$")


class AccountError(ValueError):
    """A refused change: `code` names the rule (for a message in the user's language)."""

    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        super().__init__(f"{code}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    roles: frozenset[str]                       # as stored (an administrator's choice)
    departments: dict[str, str] = field(default_factory=dict)   # id -> "directory" | "admin"
    denied: frozenset[str] = frozenset()        # directory departments an admin took away
    email: str | None = None
    language: str | None = None
    enabled: bool = True
    employee_id: str | None = None
    wecom_userid: str | None = None
    oidc_identity: str | None = None
    has_password: bool = False
    password_hash: str | None = None
    created_at: dt.datetime | None = None
    last_sign_in_at: dt.datetime | None = None

    @property
    def effective_roles(self) -> frozenset[str]:
        """The stored roles, plus dept_head where the directory names them a head."""
        if "directory" in self.departments.values():
            return self.roles | {"dept_head"}
        return self.roles


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()


def _check_username(username: str) -> str:
    name = normalise(username)
    if not USERNAME.match(name):
        raise AccountError("bad_username", username=username)
    return name


def _check_roles(roles) -> frozenset[str]:
    roles = frozenset(str(r).strip() for r in roles or () if str(r).strip())
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError("bad_role", roles=", ".join(sorted(unknown)))
    return roles


def _blank(value) -> str | None:
    value = (str(value).strip() if value is not None else "")
    return value or None


# --- reading -------------------------------------------------------------------------------

def has_accounts(engine: Engine | Connection) -> bool:
    """True once the database keeps accounts: then it, not a users file, is the source."""
    query = select(U.c.username).limit(1)
    if isinstance(engine, Connection):
        return engine.execute(query).first() is not None
    with engine.connect() as conn:
        return conn.execute(query).first() is not None


def _directory_heads(conn: Connection, usernames: list[str] | None) -> dict[str, set[str]]:
    """username -> departments whose head_employee_id is the user's employee id or WeCom
    userid (the directory's word)."""
    join = U.join(DEPT, or_(DEPT.c.head_employee_id == U.c.employee_id,
                            DEPT.c.head_employee_id == U.c.wecom_userid))
    query = select(U.c.username, DEPT.c.department_id).select_from(join)
    if usernames is not None:
        query = query.where(U.c.username.in_(usernames))
    heads: dict[str, set[str]] = {}
    for username, department in conn.execute(query):
        heads.setdefault(username, set()).add(department)
    return heads


def _load(conn: Connection, where=None) -> list[Account]:
    query = select(U).order_by(U.c.username)
    if where is not None:
        query = query.where(where)
    rows = conn.execute(query).mappings().all()
    names = [r["username"] for r in rows]
    if not names:
        return []
    roles: dict[str, set[str]] = {}
    for username, role in conn.execute(select(R.c.username, R.c.role)
                                       .where(R.c.username.in_(names))):
        roles.setdefault(username, set()).add(role)
    choices: dict[str, dict[str, str]] = {}
    for username, dept, access in conn.execute(
            select(D.c.username, D.c.department_id, D.c.access).where(D.c.username.in_(names))):
        choices.setdefault(username, {})[dept] = access
    heads = _directory_heads(conn, names)
    out = []
    for r in rows:
        mine = choices.get(r["username"], {})
        denied = {d for d, a in mine.items() if a == "deny"}
        departments = {d: "directory" for d in heads.get(r["username"], ()) if d not in denied}
        departments.update({d: "admin" for d, a in mine.items() if a == "grant"
                            and d not in departments})
        out.append(Account(
            r["username"], r["display_name"], frozenset(roles.get(r["username"], ())),
            dict(sorted(departments.items())), frozenset(denied), r["email"], r["language"],
            bool(r["enabled"]), r["employee_id"], r["wecom_userid"], r["oidc_identity"],
            bool(r["password_hash"]), r["password_hash"], r["created_at"],
            r["last_sign_in_at"]))
    return out


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        return _load(conn)


def get_account(engine: Engine | Connection, username: str | None) -> Account | None:
    name = normalise(username)
    if not name:
        return None
    if isinstance(engine, Connection):
        found = _load(engine, U.c.username == name)
    else:
        with engine.connect() as conn:
            found = _load(conn, U.c.username == name)
    return found[0] if found else None


def find_by(engine: Engine, kind: str, value: str | None) -> Account | None:
    """The account whose `kind` ("oidc_identity", "wecom_userid", "employee_id", "email")
    equals `value` (identities compared as stored; e-mail addresses in lower case)."""
    value = _blank(value)
    if value is None or kind not in ("oidc_identity", "wecom_userid", "employee_id", "email"):
        return None
    column = U.c[kind]
    condition = func.lower(column) == value.lower() if kind == "email" else column == value
    with engine.connect() as conn:
        found = _load(conn, condition)
    return found[0] if len(found) == 1 else None


def directory_head(engine: Engine, employee_id: str) -> list[str]:
    """The departments the directory says `employee_id` leads."""
    with engine.connect() as conn:
        return sorted(conn.scalars(select(DEPT.c.department_id)
                                   .where(DEPT.c.head_employee_id == employee_id)))


# --- the one rule across accounts ------------------------------------------------------------

def _enabled_admins(conn: Connection) -> set[str]:
    return set(conn.scalars(select(U.c.username).select_from(U.join(R, R.c.username == U.c.username))
                            .where(R.c.role == "admin", U.c.enabled.is_(True))))


def _keep_an_admin(conn: Connection, username: str, actor: str | None) -> None:
    """Called after a change inside its transaction: refuse it when no enabled admin is left."""
    if not _enabled_admins(conn):
        own = normalise(actor) == username
        raise AccountError("last_admin_self" if own else "last_admin", username=username)


def _require(conn: Connection, username: str) -> dict:
    row = conn.execute(select(U).where(U.c.username == normalise(username))).mappings().first()
    if row is None:
        raise AccountError("unknown_user", username=username)
    return dict(row)


def _check_identities(conn: Connection, username: str, values: dict) -> None:
    for kind in ("wecom_userid", "oidc_identity"):
        value = values.get(kind)
        if value is None:
            continue
        other = conn.scalar(select(U.c.username).where(U.c[kind] == value,
                                                       U.c.username != username))
        if other is not None:
            raise AccountError("identity_taken", kind=kind, value=value, username=other)


# --- changes -------------------------------------------------------------------------------

def add_account(engine: Engine, username: str, *, display_name: str | None = None,
                roles=(), password_hash: str | None = None, email: str | None = None,
                language: str | None = None, employee_id: str | None = None,
                wecom_userid: str | None = None, oidc_identity: str | None = None,
                departments=(), enabled: bool = True, actor: str | None,
                how: str = "add", conn: Connection | None = None,
                check_admin: bool = True) -> Account:
    """A new account (refused when the username or a sign-in identity is taken, and when it
    would leave the database without an enabled administrator: the first account added is
    an administrator)."""
    if conn is None:
        with engine.begin() as own:
            return add_account(engine, username, display_name=display_name, roles=roles,
                               password_hash=password_hash, email=email, language=language,
                               employee_id=employee_id, wecom_userid=wecom_userid,
                               oidc_identity=oidc_identity, departments=departments,
                               enabled=enabled, actor=actor, how=how, conn=own)
    name = _check_username(username)
    roles = _check_roles(roles)
    if language is not None and language not in LANGUAGES:
        raise AccountError("bad_language", language=language)
    if conn.execute(select(U.c.username).where(U.c.username == name)).first() is not None:
        raise AccountError("exists", username=name)
    values = dict(username=name, display_name=_blank(display_name) or name, email=_blank(email),
                  password_hash=_blank(password_hash), language=language,
                  enabled=bool(enabled), employee_id=_blank(employee_id),
                  wecom_userid=_blank(wecom_userid), oidc_identity=_blank(oidc_identity),
                  created_at=now(), created_by=actor, updated_at=now())
    _check_identities(conn, name, values)
    conn.execute(U.insert().values(**values))
    for role in sorted(roles):
        conn.execute(R.insert().values(username=name, role=role))
    departments = sorted({str(d).strip() for d in departments or () if str(d).strip()})
    for dept in departments:
        conn.execute(D.insert().values(username=name, department_id=dept, access="grant",
                                       updated_at=now(), updated_by=actor))
    audit.record(conn, actor=actor, action="account.add", details={
        "username": name, "how": how, "roles": sorted(roles), "departments": departments,
        "enabled": bool(enabled), "password": bool(values["password_hash"]),
        **{k: values[k] for k in ("employee_id", "wecom_userid", "oidc_identity")
           if values[k]}})
    if check_admin and not _enabled_admins(conn):
        raise AccountError("first_must_be_admin", username=name)
    return get_account(conn, name)


def set_roles(engine: Engine, username: str, roles, *, actor: str | None) -> Account:
    roles = _check_roles(roles)
    with engine.begin() as conn:
        row = _require(conn, username)
        name = row["username"]
        old = set(conn.scalars(select(R.c.role).where(R.c.username == name)))
        if old == roles:
            return get_account(conn, name)
        conn.execute(delete(R).where(R.c.username == name))
        for role in sorted(roles):
            conn.execute(R.insert().values(username=name, role=role))
        conn.execute(update(U).where(U.c.username == name).values(updated_at=now()))
        _keep_an_admin(conn, name, actor)
        audit.record(conn, actor=actor, action="account.roles", details={
            "username": name, "old": sorted(old), "new": sorted(roles)})
        return get_account(conn, name)


def set_enabled(engine: Engine, username: str, enabled: bool, *, actor: str | None) -> Account:
    with engine.begin() as conn:
        row = _require(conn, username)
        name = row["username"]
        if bool(row["enabled"]) == bool(enabled):
            return get_account(conn, name)
        conn.execute(update(U).where(U.c.username == name)
                     .values(enabled=bool(enabled), updated_at=now()))
        if not enabled:
            _keep_an_admin(conn, name, actor)
        audit.record(conn, actor=actor, action="account.enable" if enabled else "account.disable",
                     details={"username": name})
        account = get_account(conn, name)
    if not enabled:         # its sign-ins stay ended after a later enable
        from . import auth_state
        auth_state.revoke_sessions(engine, [name], now=dt.datetime.now())
    return account


def set_departments(engine: Engine, username: str, wanted, *, actor: str | None) -> Account:
    """The departments an administrator wants the user to lead: what the directory does not
    give is stored as a grant, what it gives but is not wanted as a denial."""
    wanted = {str(d).strip() for d in wanted or () if str(d).strip()}
    with engine.begin() as conn:
        name = _require(conn, username)["username"]
        before = get_account(conn, name)
        directory = _directory_heads(conn, [name]).get(name, set())
        conn.execute(delete(D).where(D.c.username == name))
        for dept in sorted(wanted - directory):
            conn.execute(D.insert().values(username=name, department_id=dept, access="grant",
                                           updated_at=now(), updated_by=actor))
        for dept in sorted(directory - wanted):
            conn.execute(D.insert().values(username=name, department_id=dept, access="deny",
                                           updated_at=now(), updated_by=actor))
        conn.execute(update(U).where(U.c.username == name).values(updated_at=now()))
        after = get_account(conn, name)
        if after.departments != before.departments or after.denied != before.denied:
            audit.record(conn, actor=actor, action="account.departments", details={
                "username": name, "old": before.departments, "new": after.departments,
                "denied": sorted(after.denied)})
        return after


def reset_departments(engine: Engine, username: str, *, actor: str | None) -> Account:
    """Back to what the directory says (every grant and denial of an administrator dropped)."""
    with engine.begin() as conn:
        name = _require(conn, username)["username"]
        before = get_account(conn, name)
        conn.execute(delete(D).where(D.c.username == name))
        after = get_account(conn, name)
        audit.record(conn, actor=actor, action="account.departments", details={
            "username": name, "old": before.departments, "new": after.departments,
            "reset_to_directory": True})
        return after


def update_profile(engine: Engine, username: str, *, actor: str | None, **changes) -> Account:
    """Display name, e-mail, language, employee id, WeCom userid, OIDC identity."""
    allowed = {"display_name", "email", "language", "employee_id", "wecom_userid",
               "oidc_identity"}
    unknown = set(changes) - allowed
    if unknown:
        raise AccountError("bad_field", fields=", ".join(sorted(unknown)))
    with engine.begin() as conn:
        row = _require(conn, username)
        name = row["username"]
        values = {k: _blank(v) for k, v in changes.items()}
        if "display_name" in values and values["display_name"] is None:
            values["display_name"] = name
        if values.get("language") is not None and values["language"] not in LANGUAGES:
            raise AccountError("bad_language", language=values["language"])
        values = {k: v for k, v in values.items() if row[k] != v}
        if not values:
            return get_account(conn, name)
        _check_identities(conn, name, values)
        conn.execute(update(U).where(U.c.username == name).values(**values, updated_at=now()))
        audit.record(conn, actor=actor, action="account.profile", details={
            "username": name, "changes": {k: {"old": row[k], "new": v} for k, v in values.items()}})
        return get_account(conn, name)


def set_password_hash(engine: Engine, username: str, password_hash: str | None, *,
                      actor: str | None, action: str) -> None:
    """A new password (hash): by the user ("account.password_change") or reset by an
    administrator ("account.password_reset"). Earlier sign-ins end through the changed hash
    (auth.sessions notices it on their next run)."""
    with engine.begin() as conn:
        name = _require(conn, username)["username"]
        conn.execute(update(U).where(U.c.username == name)
                     .values(password_hash=password_hash, updated_at=now()))
        audit.record(conn, actor=actor, action=action, details={"username": name})


def note_sign_in(engine: Engine, username: str, *, at: dt.datetime | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(update(U).where(U.c.username == normalise(username))
                     .values(last_sign_in_at=(at or now()).replace(microsecond=0)))


def import_users(engine: Engine, config: dict, *, actor: str | None) -> dict[str, list[str]]:
    """The users of a users file (streamlit-authenticator's format plus roles and departments),
    all in one transaction: new usernames added, existing ones left as they are."""
    entries = (config.get("credentials") or {}).get("usernames") or {}
    added, skipped = [], []
    with engine.begin() as conn:
        for raw_name, entry in entries.items():
            entry = entry or {}
            name = _check_username(str(raw_name))
            if conn.execute(select(U.c.username).where(U.c.username == name)).first():
                skipped.append(name)
                continue
            display = " ".join(str(x) for x in (entry.get("first_name"), entry.get("last_name"))
                               if x) or entry.get("name") or name
            add_account(engine, name, display_name=display, roles=entry.get("roles") or (),
                        password_hash=entry.get("password"), email=entry.get("email"),
                        language=entry.get("language"), employee_id=entry.get("employee_id"),
                        wecom_userid=entry.get("wecom_userid"),
                        oidc_identity=entry.get("oidc_identity"),
                        departments=entry.get("departments") or (), actor=actor,
                        how="import", conn=conn, check_admin=False)
            added.append(name)
        if added and not _enabled_admins(conn):
            raise AccountError("import_without_admin")
        audit.record(conn, actor=actor, action="account.import",
                     details={"added": added, "skipped": skipped})
    return {"added": added, "skipped": skipped}


def employee_name(engine: Engine, employee_id: str) -> str | None:
    from .models import Employee
    with engine.connect() as conn:
        return conn.scalar(select(Employee.name).where(Employee.employee_id == employee_id))


def free_username(engine: Engine, wanted: str) -> str:
    """`wanted` made a valid username not yet taken (a suffix .2, .3, ... when it is)."""
    base = re.sub(r"[^a-z0-9._@-]", "-", normalise(wanted)).strip("-.") or "user"
    base = base if USERNAME.match(base) else f"u{base}"[:190]
    with engine.connect() as conn:
        taken = set(conn.scalars(select(U.c.username).where(U.c.username.like(f"{base}%"))))
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}.{n}"
    return name
