"""Settings: TOML defaults, overridden by what an administrator stored in the database."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from data_access.settings_store import read_overrides

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "config" / "settings.toml"


def _flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def file_defaults() -> dict[str, object]:
    path = Path(os.environ.get("DASHBOARD_SETTINGS") or DEFAULT_FILE)
    with path.open("rb") as fh:
        return _flatten(tomllib.load(fh))


@dataclass(frozen=True)
class Settings:
    values: dict[str, object]

    def number(self, key: str) -> float:
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"setting {key} must be a number, not {value!r}")
        return float(value)

    def text(self, key: str) -> str:
        return str(self.values[key])

    @property
    def low_participation_threshold(self) -> float:
        return self.number("alerts.low_participation.threshold")

    @property
    def low_conversion_threshold(self) -> float:
        return self.number("alerts.low_conversion.threshold")

    @property
    def low_conversion_min_leads(self) -> float:
        return self.number("alerts.low_conversion.min_leads")

    @property
    def high_severity_ratio(self) -> float:
        return self.number("alerts.high_ratio")


def load_settings(engine: Engine | None = None) -> Settings:
    values = file_defaults()
    if engine is not None:
        values.update({k: v for k, v in read_overrides(engine).items() if k in values})
    return Settings(values)
