"""Settings an administrator changed, kept in the database (defaults live in a TOML file)."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, delete, select

from .data_version import bump
from .models import SettingOverride


def read_overrides(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {k: json.loads(v) for k, v in
                conn.execute(select(SettingOverride.key, SettingOverride.value))}


def write_override(engine: Engine, key: str, value: object, updated_by: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(delete(SettingOverride).where(SettingOverride.key == key))
        conn.execute(SettingOverride.__table__.insert().values(
            key=key, value=json.dumps(value), updated_at=dt.datetime.now(), updated_by=updated_by))
        bump(conn)


def clear_override(engine: Engine, key: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(SettingOverride).where(SettingOverride.key == key))
        bump(conn)


def save_settings(engine: Engine, values: dict[str, object], defaults: dict[str, object],
                  updated_by: str | None) -> dict[str, dict]:
    """Store what an administrator chose: a value equal to its default clears the override.
    The changes ({key: {"old", "new"}}, only keys whose value changed) are written to the
    audit trail in the same transaction, and returned."""
    from . import audit
    at = dt.datetime.now()
    with engine.begin() as conn:
        current = {k: json.loads(v) for k, v in
                   conn.execute(select(SettingOverride.key, SettingOverride.value))}
        changes = {}
        for key, value in values.items():
            old = current.get(key, defaults.get(key))
            if old == value and (key in current) == (value != defaults.get(key)):
                continue
            conn.execute(delete(SettingOverride).where(SettingOverride.key == key))
            if value != defaults.get(key):
                conn.execute(SettingOverride.__table__.insert().values(
                    key=key, value=json.dumps(value), updated_at=at, updated_by=updated_by))
            if old != value:
                changes[key] = {"old": old, "new": value}
        if changes:
            bump(conn)
            audit.record(conn, actor=updated_by, action="settings.save",
                         details={"changes": changes}, at=at.replace(microsecond=0))
    return changes


def reset_settings(engine: Engine, keys: list[str], updated_by: str | None) -> list[str]:
    """Every key back to its file default; the reset is audited (with the keys it cleared)."""
    from . import audit
    with engine.begin() as conn:
        cleared = [k for (k,) in conn.execute(
            select(SettingOverride.key).where(SettingOverride.key.in_(keys)))]
        conn.execute(delete(SettingOverride).where(SettingOverride.key.in_(keys)))
        bump(conn)
        audit.record(conn, actor=updated_by, action="settings.reset",
                     details={"cleared": sorted(cleared)})
    return cleared
