"""Integration settings: the environment first, then a table of `.streamlit/secrets.toml`.

WeCom, notification channels and sign-in read their credentials through `lookup`, so a
variable such as WECOM_CORP_ID may also be written as `corp_id` (or `WECOM_CORP_ID`) in the
secrets file's `[wecom]` table. Secrets never live in the repository.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

SECRETS_FILE = Path(__file__).resolve().parent / ".streamlit" / "secrets.toml"


def secrets_table(table: str, path: Path | None = None) -> dict:
    """One table of the secrets file; empty when the file or the table is missing."""
    path = path or Path(os.environ.get("DASHBOARD_SECRETS_FILE") or SECRETS_FILE)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return {}
    found = data.get(table)
    return dict(found) if isinstance(found, dict) else {}


def lookup(variable: str, table: str, prefix: str = "", path: Path | None = None) -> str:
    """`variable` from the environment, else from `[table]` as written or without `prefix`."""
    value = os.environ.get(variable)
    if value:
        return value
    entries = {str(k).lower(): v for k, v in secrets_table(table, path).items()}
    short = variable[len(prefix):] if prefix and variable.startswith(prefix) else variable
    for key in (variable.lower(), short.lower()):
        if entries.get(key) not in (None, ""):
            return str(entries[key])
    return ""
