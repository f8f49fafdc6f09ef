"""Header-only CSV templates, one per table, for analysts to fill in."""
from __future__ import annotations

from ..contract import TABLES, Table


def read_template_csv(table: str | Table) -> bytes:
    """The table's header as UTF-8 CSV, with a byte-order mark so Excel shows Chinese right."""
    t = table if isinstance(table, Table) else TABLES[table]
    return ("\ufeff" + ",".join(t.column_names) + "\r\n").encode("utf-8")
