"""The text catalog: every literal key the code looks up exists, in both languages, and
every entry's placeholders are the same in Chinese and English."""
from __future__ import annotations

import re
import string
from pathlib import Path

from i18n import LANGUAGES
from i18n.catalog import CATALOG

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = [p for p in ROOT.iterdir()
             if p.is_dir() and p.name not in {"tests", "bench", ".venv", ".git", "data", "i18n"}
             and not p.name.startswith(".")]
LOOKUP = re.compile(r"""\b(?:tr|t)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def code_files() -> list[Path]:
    files = [p for p in ROOT.glob("*.py")]
    for d in CODE_DIRS:
        files += d.rglob("*.py")
    return sorted(files)


def literal_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in code_files():
        for key in LOOKUP.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_lookups():
    keys = literal_keys()
    assert len(keys) > 200                      # the scan itself works
    assert "review.title" in keys


def test_every_literal_key_is_in_the_catalog():
    missing = {k: v for k, v in literal_keys().items() if k not in CATALOG}
    assert missing == {}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    incomplete = sorted(k for k, e in CATALOG.items()
                        if any(not str(e.get(lang) or "").strip() for lang in LANGUAGES))
    assert incomplete == []
    mismatched = sorted(k for k, e in CATALOG.items() if fields(e["zh"]) != fields(e["en"]))
    assert mismatched == []
