"""`python manage.py notify`: build the period's digests and send them once."""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter

from .channels import CHANNELS, build_channels, preview_channels
from .recipients import recipients
from .run import build_digests, period_of, send
from .settings import NotifySettings


def add_arguments(p) -> None:
    p.add_argument("--month", help="YYYY-MM: the month of the heads' and committee digests")
    p.add_argument("--week", help="YYYY-Www: the week of the marketing digest (and the "
                                  "period the sends are recorded under)")
    p.add_argument("--dry-run", action="store_true", help="print every message, send nothing")
    p.add_argument("--channel", action="append", choices=CHANNELS,
                   help="only this channel (repeatable)")
    p.add_argument("--resend", action="store_true",
                   help="send again what was already sent for this period")


def users_config() -> dict:
    """The users file the app reads (the rules of ui.session.users_file, without Streamlit):
    the demo users in demo mode, else DASHBOARD_USERS_FILE or the setting app.users_file."""
    import os
    from pathlib import Path

    from auth.users import DEMO_USERS_FILE, load_users_config
    from data_access.db import is_embedded
    from metrics.settings import ROOT, file_defaults
    flag = os.environ.get("DASHBOARD_DEMO")
    demo = flag.lower() in ("1", "true", "yes") if flag else is_embedded()
    if demo:
        return load_users_config(DEMO_USERS_FILE)
    path = Path(os.environ.get("DASHBOARD_USERS_FILE") or str(file_defaults()["app.users_file"]))
    return load_users_config(path if path.is_absolute() else ROOT / path)


def run(args, engine, users_config: dict, today: dt.date | None = None,
        sleep=None) -> int:
    from metrics.settings import load_settings
    today = today or dt.date.today()
    try:
        period = period_of(args.month, args.week, today)
    except ValueError as exc:
        print(f"notify: {exc}", file=sys.stderr)
        return 2
    settings = load_settings(engine)
    config = NotifySettings.load()
    only = set(args.channel) if args.channel else None
    kw = {"sleep": sleep} if sleep else {}
    try:
        channels = build_channels(config, only=only, **kw)
        if args.dry_run:
            channels = {**preview_channels(config, only=only), **channels}
    except ValueError as exc:
        print(f"notify: {exc}", file=sys.stderr)
        return 2
    if not channels:
        print("notify: no channel is configured; set the variables in docs/notifications.md "
              "(or use --dry-run to see the messages)", file=sys.stderr)
        return 2
    people = recipients(users_config, settings.text("app.default_language"))
    digests = build_digests(engine, period, people, settings, config.base_url, today,
                            groups=any(c.audience == "group" for c in channels.values()),
                            attachments="email" in channels)
    print(f"Period {period.key}: month {period.month}, week {period.week_label()}; "
          f"{len(digests)} digests; channels {', '.join(sorted(channels))}")
    outcomes = send(engine, digests, channels, dry_run=args.dry_run, resend=args.resend)
    tally = Counter(o.status for o in outcomes)
    print("Summary: " + (", ".join(f"{k} {v}" for k, v in sorted(tally.items())) or "nothing"))
    return 1 if tally["failed"] or tally["uncertain"] else 0
