"""The users file (YAML, streamlit-authenticator's format plus roles and departments)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from .roles import ROLES, User

ROOT = Path(__file__).resolve().parent.parent
DEMO_USERS_FILE = ROOT / "config" / "demo_users.yaml"
DEMO_PASSWORD = "demo-2026"
# Keys that are public and so protect nothing; the app refuses them outside demo mode.
WELL_KNOWN_COOKIE_KEYS = frozenset({"", "some_key", "some_signature_key", "changeme", "secret",
                                    "demo-mode-cookie-key-this-is-not-a-secret"})
DEMO_COOKIE_KEY = "demo-mode-cookie-key-this-is-not-a-secret"


class UsersFileError(ValueError):
    pass


def load_users_config(path: Path) -> dict:
    """The users file, checked: every user has a password hash and known roles."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UsersFileError(f"users file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise UsersFileError(f"users file {path} is not valid YAML: {exc}") from None
    users = (config.get("credentials") or {}).get("usernames") or {}
    if not users:
        raise UsersFileError(f"users file {path} lists no users under credentials.usernames")
    for name, entry in users.items():
        roles = entry.get("roles") or []
        unknown = set(roles) - set(ROLES)
        if not entry.get("password"):
            raise UsersFileError(f"user {name!r} in {path} has no password")
        if not roles or unknown:
            raise UsersFileError(f"user {name!r} in {path} needs roles from {', '.join(ROLES)}"
                                 + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else ""))
        if "dept_head" in roles and not entry.get("departments"):
            raise UsersFileError(f"user {name!r} in {path} is a dept_head without departments")
    config.setdefault("cookie", {}).setdefault("name", "rollout_dashboard_auth")
    config["cookie"].setdefault("expiry_days", 1)
    return config


def user_from_config(config: dict, username: str) -> User | None:
    entry = (config["credentials"]["usernames"] or {}).get(username)
    if entry is None:
        return None
    name = " ".join(x for x in (entry.get("first_name"), entry.get("last_name")) if x) or username
    return User(username, name, frozenset(entry.get("roles") or ()),
                frozenset(str(d) for d in entry.get("departments") or ()))


def cookie_key(secrets: dict | None = None) -> str:
    """From Streamlit secrets (cookie_key) or the DASHBOARD_COOKIE_KEY environment variable."""
    return str((secrets or {}).get("cookie_key") or os.environ.get("DASHBOARD_COOKIE_KEY") or "")


MIN_KEY_LENGTH = 32
MIN_KEY_BITS = 90       # estimated: secrets.token_hex(16) gives about 120, token_hex(32) 250


def key_entropy_bits(key: str) -> float:
    """A rough estimate of a key's randomness: its length times the Shannon entropy of its
    characters, and nothing for a key that is one shorter piece repeated ("abab...")."""
    import math
    from collections import Counter
    n = len(key)
    if n == 0:
        return 0.0
    for period in range(1, n // 2 + 1):
        if n % period == 0 and key == key[:period] * (n // period):
            return 0.0
    per_char = -sum(c / n * math.log2(c / n) for c in Counter(key).values())
    return n * per_char


def cookie_key_problem(key: str) -> str | None:
    """What is wrong with a cookie key, as a code (the app words it in the user's
    language): "missing", "well_known", "short", "weak"; None when it will do."""
    if not key:
        return "missing"
    if key in WELL_KNOWN_COOKIE_KEYS:
        return "well_known"
    if len(key) < MIN_KEY_LENGTH:
        return "short"
    if key_entropy_bits(key) < MIN_KEY_BITS:
        return "weak"
    return None
