"""The idempotent upsert of validated rows, with SQLAlchemy Core in batches.

Incoming rows are compared with the stored rows of the same keys (one SELECT
per chunk of keys): new keys are inserted, rows with any column different are
updated, the rest are left alone and counted unchanged. So importing the same
file twice writes nothing the second time. A table that held no row before the
import needs no lookup at all: every row is new. New rows go through
importing.bulk (executemany over plain tuples on SQLite, COPY on PostgreSQL);
updates go out as executemany batches - no ORM objects per row - which keeps
millions of share rows practical. The caller owns the transaction.

Every share, lead and story written - the new values and, for an update, the
stored row it replaces - is reported to data_access.rollups, which keeps the
employee_month rollup exact.
"""
from __future__ import annotations

from decimal import Decimal
from operator import itemgetter

from sqlalchemy import Connection, Numeric, and_, bindparam, literal, select, update

from .. import rollups
from ..models import TRACKING_MODELS
from .bulk import insert_rows
from .rows import Parsed

LOOKUP_CHUNK = 500     # keys per SELECT ... WHERE key IN (...)
UPDATE_BATCH = 5000    # rows per executemany


def _normaliser(sql_types):
    """Stored values made comparable with parsed ones (a Numeric read back from SQLite)."""
    quanta = [Decimal(1).scaleb(-t.scale) if isinstance(t, Numeric) and t.scale is not None else None
              for t in sql_types]
    if not any(quanta):
        return tuple

    def normalise(values):
        return tuple(v.quantize(q) if q is not None and v is not None else v
                     for v, q in zip(values, quanta))
    return normalise


def upsert(conn: Connection, p: Parsed) -> dict[str, int]:
    """Write one table's rows; returns {"inserted": n, "updated": n, "unchanged": n}."""
    table = TRACKING_MODELS[p.table.name].__table__
    columns = p.table.column_names
    key = p.table.key
    key_idx = [columns.index(k) for k in key]
    key_of = itemgetter(*key_idx)  # a row's key: a value, or a tuple for composite keys
    # targets have a surrogate id (their natural key may hold NULL): update by it
    surrogate = table.c.id if "id" in table.c and "id" not in columns else None
    normalise = _normaliser([table.c[c].type for c in columns])

    if surrogate is not None:
        stmt_update = update(table).where(surrogate == bindparam("k_id"))
    else:
        stmt_update = update(table).where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in key)))
    value_cols = [c for c in columns if c not in key]
    value_idx = [(f"v_{c}", columns.index(c)) for c in value_cols]
    stmt_update = stmt_update.values({c: bindparam(f"v_{c}") for c in value_cols})
    stored_cols = [table.c[c] for c in columns] + ([surrogate] if surrogate is not None else [])
    first_key = table.c[key[0]]

    rows = p.rows
    has_rows = conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    if not has_rows:   # nothing stored: no key can exist yet
        inserts, updates, replaced, unchanged = rows, [], [], 0
    else:
        inserts, updates, replaced, unchanged = [], [], [], 0
        for start in range(0, len(rows), LOOKUP_CHUNK):
            chunk = rows[start:start + LOOKUP_CHUNK]
            stored: dict[tuple, tuple] = {}
            # by the first key column; composite keys (trainings, targets) are matched in
            # Python, which is also NULL-safe for the company-wide targets (department_id NULL)
            firsts = list({row[key_idx[0]] for row in chunk})
            for r in conn.execute(select(*stored_cols).where(first_key.in_(firsts))):
                values = normalise(r[:len(columns)])
                stored[key_of(values)] = (values, r[-1] if surrogate is not None else None)
            for row in chunk:
                old = stored.get(key_of(row)) if stored else None
                if old is None:
                    inserts.append(row)
                elif old[0] != row:
                    params = {name: row[i] for name, i in value_idx}
                    if surrogate is not None:
                        params["k_id"] = old[1]
                    else:
                        params.update({f"k_{k}": row[i] for k, i in zip(key, key_idx)})
                    updates.append(params)
                    replaced.append(old[0])
                    replaced.append(row)
                else:
                    unchanged += 1

    for start in range(0, len(updates), UPDATE_BATCH):
        conn.execute(stmt_update, updates[start:start + UPDATE_BATCH])
    insert_rows(conn, table, columns, inserts, table_was_empty=not has_rows)
    rollups.note(conn, p.table.name, columns, inserts)
    rollups.note(conn, p.table.name, columns, replaced)
    return {"inserted": len(inserts), "updated": len(updates), "unchanged": unchanged}
