"""`python manage.py sync wecom [--from] [--to]`: progress on stdout, problems on stderr.

Exit status 0 done, 1 failed (nothing written), 2 configuration or arguments wrong.
"""
from __future__ import annotations

import datetime as dt
import sys

from data_access.importing import format_counts

from .run import sync_wecom


def _day(text: str | None, flag: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(_usage(f"{flag} {text!r} is not a date YYYY-MM-DD")) from None


def _usage(message: str) -> int:
    print(f"sync wecom: {message}", file=sys.stderr)
    return 2


def run_cli(engine_factory, args) -> int:
    try:
        start, end = _day(args.start, "--from"), _day(args.end, "--to")
    except SystemExit as exc:
        return int(exc.code)
    # the configuration is checked before the database is opened: a missing secret
    # says so at once
    from wecom import WeComConfigError, WeComSettings
    config = WeComSettings.load()
    try:
        config.require("contacts_secret", "customer_secret")
    except WeComConfigError as exc:
        return _usage(f"set {', '.join(exc.variables)} (environment, or the [wecom] table of "
                      ".streamlit/secrets.toml); see docs/wecom.md")
    result = sync_wecom(engine_factory(), start, end, config=config, imported_by=args.user,
                        progress=lambda line: print(line, flush=True))
    if result.exit_code == 2:
        for p in result.problems:
            print(f"sync wecom: {p}", file=sys.stderr)
        return 2
    if not result.ok:
        print(f"Sync from WeCom failed ({result.start}..{result.end}); nothing was written:",
              file=sys.stderr)
        for p in result.problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"Synced from WeCom {result.start}..{result.end} ({result.calls} API calls)")
    print(format_counts(result.counts))
    return 0
