"""The idempotent upsert of validated rows, with SQLAlchemy Core in batches.

Incoming rows are compared with the stored rows of the same keys (one SELECT
per chunk of keys): new keys are inserted, rows with any column different are
updated, the rest are left alone and counted unchanged. So importing the same
file twice writes nothing the second time. A table that held no row before the
import needs no lookup at all: every row is new. New rows go through
importing.bulk (executemany over plain tuples on SQLite, COPY on PostgreSQL);
updates go out as executemany batches - no ORM objects per row - which keeps
millions of share rows practical. The caller owns the transaction.

Clicks known later (spec table share_clicks) are kept in their own table and set on
their shares; a share written with its clicks empty takes the kept value, so a source
that knows no clicks (a WeCom sync, run again and again) never erases them.

Every share, lead and story written - the new values and, for an update, the
stored row it replaces - is reported to data_access.rollups, which keeps the
employee_month rollup exact.
"""
from __future__ import annotations

from decimal import Decimal
from operator import itemgetter

from sqlalchemy import Connection, Numeric, and_, bindparam, literal, select, update

from .. import rollups
from ..models import TRACKING_MODELS, Share, ShareClicks
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


def _known_clicks(conn: Connection, share_ids: list) -> dict:
    """share_id -> clicks kept in share_clicks, for these shares."""
    found: dict = {}
    for start in range(0, len(share_ids), LOOKUP_CHUNK):
        chunk = share_ids[start:start + LOOKUP_CHUNK]
        found.update(conn.execute(select(ShareClicks.share_id, ShareClicks.clicks)
                                  .where(ShareClicks.share_id.in_(chunk))).all())
    return found


def _shares_with_kept_clicks(conn: Connection, p: Parsed) -> list[tuple]:
    """The shares' rows, an empty clicks filled from share_clicks where it holds them."""
    sid, ck = p.index("share_id"), p.index("clicks")
    unknown = [row[sid] for row in p.rows if row[ck] is None]
    if not unknown or conn.execute(select(literal(1)).select_from(ShareClicks).limit(1)).first() is None:
        return p.rows
    kept = _known_clicks(conn, unknown)
    if not kept:
        return p.rows
    return [row if row[ck] is not None or row[sid] not in kept
            else (*row[:ck], kept[row[sid]], *row[ck + 1:]) for row in p.rows]


def _set_share_clicks(conn: Connection, p: Parsed) -> None:
    """Each share_clicks row sets its share's clicks (the rollup notes the shares changed)."""
    sid, ck = p.index("share_id"), p.index("clicks")
    wanted = {row[sid]: row[ck] for row in p.rows}
    ids = list(wanted)
    changed, params = [], []
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start:start + LOOKUP_CHUNK]
        for share_id, employee_id, shared_at, clicks in conn.execute(
                select(Share.share_id, Share.employee_id, Share.shared_at, Share.clicks)
                .where(Share.share_id.in_(chunk))):
            if clicks != wanted[share_id]:
                changed.append((employee_id, shared_at))
                params.append({"k_id": share_id, "v_clicks": wanted[share_id]})
    stmt = (update(Share.__table__).where(Share.__table__.c.share_id == bindparam("k_id"))
            .values(clicks=bindparam("v_clicks")))
    for start in range(0, len(params), UPDATE_BATCH):
        conn.execute(stmt, params[start:start + UPDATE_BATCH])
    rollups.note(conn, "shares", ("employee_id", "shared_at"), changed)


def upsert(conn: Connection, p: Parsed) -> dict[str, int]:
    """Write one table's rows; returns {"inserted": n, "updated": n, "unchanged": n}."""
    counts = _upsert(conn, p)
    if p.table.name == "share_clicks":
        _set_share_clicks(conn, p)
    return counts


def _upsert(conn: Connection, p: Parsed) -> dict[str, int]:
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

    rows = _shares_with_kept_clicks(conn, p) if p.table.name == "shares" else p.rows
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
