"""The one catalog of user-facing strings, assembled from the modules in i18n/text/."""
from __future__ import annotations

import importlib
import pkgutil

from . import text as _parts


def _assemble() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(_parts.__path__), key=lambda i: i.name):
        part = importlib.import_module(f"{_parts.__name__}.{info.name}").TEXT
        clash = catalog.keys() & part.keys()
        if clash:
            raise KeyError(f"i18n/text/{info.name}.py repeats keys: {sorted(clash)}")
        catalog.update(part)
    return catalog


CATALOG = _assemble()
