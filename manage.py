#!/usr/bin/env python3
"""Command line: import tracking data, export the monthly review, load the demo company.

    python manage.py import PATH            a folder of CSV files or one .xlsx workbook
    python manage.py review --month 2026-04 --format json|xlsx|pptx|pdf [--out FILE] [--lang zh|en]
                                            the review as JSON, the .xlsx pack, the
                                            meeting deck (.pptx) or its PDF handout
    python manage.py bonuses --month 2026-04 --out FILE [--lang zh|en] [--rules FILE]
                                            the month's bonus sheet (.xlsx) for payroll
    python manage.py demo [--seed N]        load the demo company through the import path
    python manage.py upgrade                bring the database schema up to date
    python manage.py rebuild-rollups        recompute the monthly rollups from the raw rows
    python manage.py hash-password          a bcrypt hash for the users file
    python manage.py sync wecom [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                            directory and customer Moments from WeCom
    python manage.py notify [--month YYYY-MM] [--week YYYY-Www] [--dry-run]
                            [--channel NAME] [--resend]
                                            send the digests once (docs/notifications.md)
    python manage.py users list|add|set-roles|disable|enable|import FILE
                                            accounts kept in the database (docs/accounts.md)

DATABASE_URL selects the database (default: an SQLite file under data/). Every
command upgrades the schema first.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _engine():
    from data_access.db import get_engine
    return get_engine()


def cmd_import(args) -> int:
    from data_access.importing import format_counts, format_problem, import_path
    path = Path(args.path)
    if not path.exists():
        print(f"import: {path} does not exist", file=sys.stderr)
        return 2
    result = import_path(_engine(), path, imported_by=args.user)
    from data_access.audit import record_import
    record_import(_engine(), result, actor=args.user or "command line", source=str(path))
    if not result.ok:
        print(f"Import refused: {len(result.problems)} problem(s); nothing was written.",
              file=sys.stderr)
        for p in result.problems:
            print("  " + format_problem(p), file=sys.stderr)
        return 1
    print(f"Imported {', '.join(result.files)}")
    print(format_counts(result))
    return 0


def cmd_review(args) -> int:
    from data_access.months import parse_month
    from metrics.review import monthly_review, review_streaks
    from metrics.settings import load_settings
    try:
        parse_month(args.month)
    except ValueError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
    engine = _engine()
    settings = load_settings(engine)
    lang = args.lang or settings.text("app.default_language")
    review = monthly_review(engine, args.month, settings)
    review.streaks = review_streaks(engine, review, settings)   # ranks the alerts
    if args.format == "json":
        text = json.dumps(review.as_dict(lang), ensure_ascii=False, indent=1)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
        return 0
    out = Path(args.out or f"review-{args.month}.{args.format}")
    if args.format == "xlsx":
        from exports.review_pack import review_pack
        out.write_bytes(review_pack(review, lang, engine, settings))
    else:
        from exports.deck import deck_bytes
        from exports.fonts import FontMissing
        try:
            data = deck_bytes(engine, args.month, lang, args.format, settings, review=review)
        except FontMissing as exc:
            print(f"review: {exc}", file=sys.stderr)
            return 1
        out.write_bytes(data)
    print(f"Wrote {out}")
    return 0


def cmd_bonuses(args) -> int:
    from data_access.months import parse_month
    from data_access.scope import Scope
    from exports.bonus_sheet import month_bonus_workbook
    from metrics.incentives import IncentiveRulesError, bonus_lines, load_rules
    from metrics.settings import load_settings
    try:
        parse_month(args.month)
    except ValueError as exc:
        print(f"bonuses: {exc}", file=sys.stderr)
        return 2
    engine = _engine()
    settings = load_settings(engine)
    try:
        rules = load_rules(args.rules, settings)
    except IncentiveRulesError as exc:
        print(f"bonuses: {exc}", file=sys.stderr)
        return 2
    lang = args.lang or settings.text("app.default_language")
    out = Path(args.out)
    out.write_bytes(month_bonus_workbook(engine, args.month, Scope.company(), lang, settings,
                                         rules))
    lines = bonus_lines(engine, args.month, Scope.company(), rules)
    total = sum(line.amount for line in lines)
    print(f"Wrote {out}: {len(lines)} lines, {len({ln.employee_id for ln in lines})} people, "
          f"total {total:.2f} {rules.currency}")
    return 0


def cmd_demo(args) -> int:
    from data_access.importing import format_counts
    from demo import load_demo
    result = load_demo(_engine(), seed=args.seed)
    print(f"Demo company (seed {args.seed}) loaded")
    print(format_counts(result))
    return 0


def cmd_hash_password(_args) -> int:
    import getpass

    import bcrypt
    password = (getpass.getpass("Password: ") if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n"))
    if len(password) < 8:
        print("hash-password: use at least 8 characters", file=sys.stderr)
        return 2
    print(bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode())
    return 0


def cmd_rebuild_rollups(_args) -> int:
    import time

    from data_access.rollups import rebuild_rollups
    started = time.perf_counter()
    rows = rebuild_rollups(_engine())
    print(f"Rebuilt the monthly rollups: {rows} employee-month rows "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_sync(args) -> int:
    from wecom_sync.cli import run_cli
    return run_cli(_engine, args)


def cmd_notify(args) -> int:
    from notify.cli import run, users_config
    return run(args, _engine(), users_config())


def cmd_upgrade(_args) -> int:
    _engine()
    print("Schema is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="import a folder of CSV files or an .xlsx workbook")
    p.add_argument("path")
    p.add_argument("--user", default=None, help="who imports (kept in the import record)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("review", help="export the monthly review")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--format", choices=("json", "xlsx", "pptx", "pdf"), default="json")
    p.add_argument("--out", help="output file (JSON: standard output when omitted)")
    p.add_argument("--lang", choices=("zh", "en"), help="language of names in the export")
    p.set_defaults(func=cmd_review)
    p = sub.add_parser("bonuses", help="write the month's bonus sheet (.xlsx) for payroll")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", required=True, help="output .xlsx file")
    p.add_argument("--lang", choices=("zh", "en"), help="language of the sheet")
    p.add_argument("--rules", help="incentive rules file (default: DASHBOARD_INCENTIVES or "
                                   "config/incentives.toml)")
    p.set_defaults(func=cmd_bonuses)
    p = sub.add_parser("demo", help="load the demo company")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("hash-password", help="print a bcrypt hash of a password (from stdin)")
    p.set_defaults(func=cmd_hash_password)
    p = sub.add_parser("sync", help="sync from an outside system (wecom: directory and "
                                    "customer Moments; docs/wecom.md)")
    p.add_argument("system", choices=("wecom",))
    p.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (company-local)")
    p.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (inclusive)")
    p.add_argument("--user", default=None, help="who runs it (kept in the import record)")
    p.set_defaults(func=cmd_sync)
    p = sub.add_parser("notify", help="send the digests (WeCom, DingTalk, Feishu, email) once")
    from notify.cli import add_arguments
    add_arguments(p)
    p.set_defaults(func=cmd_notify)
    p = sub.add_parser("upgrade", help="bring the schema up to date")
    p.set_defaults(func=cmd_upgrade)
    p = sub.add_parser("rebuild-rollups",
                       help="recompute the monthly rollups (employee_month, department_month) from the raw rows")
    p.set_defaults(func=cmd_rebuild_rollups)
    from auth.accounts_cli import add_parser as add_users_parser
    add_users_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
