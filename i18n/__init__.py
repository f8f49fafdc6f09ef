"""User-facing text in Simplified Chinese and English: one catalog, one lookup."""
from __future__ import annotations

from .catalog import CATALOG

LANGUAGES = ("zh", "en")


def t(key: str, lang: str = "zh", **values) -> str:
    """The text for `key` in `lang`, formatted with `values`; the key itself if unknown."""
    entry = CATALOG.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def metric_name(metric: str, lang: str = "zh") -> str:
    return t(f"metric.{metric}", lang)
