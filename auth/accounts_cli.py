"""`python manage.py users ...`: the accounts kept in the database, from the command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from data_access import users_store
from data_access.users_store import AccountError

ACTOR = "command line"
MESSAGES = {
    "exists": "an account {username!r} exists already",
    "unknown_user": "no account {username!r}",
    "bad_username": "{username!r} is not a usable username (lower-case letters, digits, . _ @ -)",
    "bad_role": "unknown role(s): {roles}; roles are committee, marketing, dept_head, admin",
    "bad_language": "language must be zh or en, not {language!r}",
    "identity_taken": "{kind} {value!r} belongs to the account {username!r} already",
    "last_admin": "refused: {username!r} is the last enabled admin; at least one must remain",
    "last_admin_self": "refused: {username!r} is the last enabled admin; at least one must remain",
    "first_must_be_admin": "refused: the first account must have the admin role",
    "import_without_admin": "refused: the file gives no enabled admin; at least one is needed",
    "password_short": "the password needs at least 8 characters",
}


def describe(exc: AccountError) -> str:
    template = MESSAGES.get(exc.code)
    return template.format(**exc.values) if template else str(exc)


def _split(values) -> list[str]:
    out = []
    for v in values or ():
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def _read_password() -> str:
    import getpass
    return (getpass.getpass("Password: ") if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n"))


def _engine():
    from data_access.db import get_engine
    return get_engine()


def cmd_list(args) -> int:
    accounts = users_store.list_accounts(_engine())
    if args.json:
        print(json.dumps([{
            "username": a.username, "name": a.display_name,
            "roles": sorted(a.effective_roles), "departments": a.departments,
            "enabled": a.enabled, "language": a.language, "email": a.email,
            "employee_id": a.employee_id, "wecom_userid": a.wecom_userid,
            "oidc_identity": a.oidc_identity, "password": a.has_password,
            "last_sign_in": a.last_sign_in_at.isoformat(sep=" ") if a.last_sign_in_at else None}
            for a in accounts], ensure_ascii=False, indent=1))
        return 0
    if not accounts:
        print("No accounts in the database (the users file is in use).")
        return 0
    for a in accounts:
        depts = ", ".join(f"{d} ({src})" for d, src in a.departments.items()) or "-"
        print(f"{a.username}\t{a.display_name}\t{','.join(sorted(a.effective_roles)) or '-'}\t"
              f"{depts}\t{'enabled' if a.enabled else 'disabled'}\t"
              f"last sign-in {a.last_sign_in_at or '-'}")
    return 0


def cmd_add(args) -> int:
    from .accounts import hash_password, password_problem
    password_hash = None
    if args.password_stdin:
        password = _read_password()
        if password_problem(password):
            print("users add: the password needs at least 8 characters", file=sys.stderr)
            return 2
        password_hash = hash_password(password)
    account = users_store.add_account(
        _engine(), args.username, display_name=args.name, roles=_split(args.roles),
        password_hash=password_hash, email=args.email, language=args.language,
        employee_id=args.employee_id, wecom_userid=args.wecom_userid,
        oidc_identity=args.oidc_identity, departments=_split(args.departments),
        actor=args.actor)
    print(f"Added {account.username} ({', '.join(sorted(account.effective_roles)) or 'no role'})")
    return 0


def cmd_set_roles(args) -> int:
    account = users_store.set_roles(_engine(), args.username, _split(args.roles), actor=args.actor)
    print(f"{account.username}: {', '.join(sorted(account.roles)) or 'no role'}")
    return 0


def cmd_enable(args, enabled: bool) -> int:
    account = users_store.set_enabled(_engine(), args.username, enabled, actor=args.actor)
    print(f"{account.username}: {'enabled' if account.enabled else 'disabled'}")
    return 0


def cmd_import(args) -> int:
    from .users import UsersFileError, load_users_config
    try:
        config = load_users_config(Path(args.file))
    except UsersFileError as exc:
        print(f"users import: {exc}", file=sys.stderr)
        return 2
    result = users_store.import_users(_engine(), config, actor=args.actor)
    print(f"Imported {len(result['added'])} account(s)"
          + (f"; already there, left as they are: {', '.join(result['skipped'])}"
             if result["skipped"] else ""))
    return 0


def run(args) -> int:
    try:
        return args.users_func(args)
    except AccountError as exc:
        print(f"users {args.users_command}: {describe(exc)}", file=sys.stderr)
        return 1


def add_parser(sub) -> None:
    """Register `users` and its commands on manage.py's subparsers."""
    users = sub.add_parser("users", help="accounts kept in the database (list, add, roles, ...)")
    commands = users.add_subparsers(dest="users_command", required=True)

    def command(name, func, help_text):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--actor", default=ACTOR, help="who makes the change (audit trail)")
        p.set_defaults(func=run, users_func=func)
        return p

    p = command("list", cmd_list, "list the accounts")
    p.add_argument("--json", action="store_true")
    p = command("add", cmd_add, "add an account")
    p.add_argument("username")
    p.add_argument("--roles", action="append", default=[],
                   help="committee, marketing, dept_head, admin (comma-separated)")
    p.add_argument("--name", help="display name")
    p.add_argument("--email")
    p.add_argument("--language", choices=("zh", "en"))
    p.add_argument("--departments", action="append", default=[],
                   help="department ids the user leads (comma-separated)")
    p.add_argument("--employee-id")
    p.add_argument("--wecom-userid")
    p.add_argument("--oidc-identity", help="the identity provider's email or subject")
    p.add_argument("--password-stdin", action="store_true",
                   help="read a password (standard input, or asked for)")
    p = command("set-roles", cmd_set_roles, "replace an account's roles")
    p.add_argument("username")
    p.add_argument("roles", nargs="*", help="roles (none = no role)")
    p = command("disable", lambda a: cmd_enable(a, False), "disable an account")
    p.add_argument("username")
    p = command("enable", lambda a: cmd_enable(a, True), "enable an account")
    p.add_argument("username")
    p = command("import", cmd_import, "add the accounts of a users file (YAML), once")
    p.add_argument("file")
