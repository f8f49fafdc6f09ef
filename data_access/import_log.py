"""Import history (the audit of every import attempt), data freshness per table, and who
changed which setting: the records the Data and Administration pages show.

Freshness answers "how current is what the dashboard shows?": for each
tracking table the number of rows and the latest date it holds, taken over
the date columns that say when something happened (employees: hired, left or
activated; leads: created or closed; ...). Departments carry no date.
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, func, select

from .models import (Content, Department, Employee, ImportRun, Lead, Phase, PulseResponse,
                     SettingOverride, Share, ShareClicks, Story, Target, Training)

# table -> (model, date columns whose maximum is the table's latest date)
FRESHNESS = {
    "departments": (Department, ()),
    "employees": (Employee, (Employee.hired_on, Employee.left_on, Employee.tools_activated_on)),
    "trainings": (Training, (Training.attended_on,)),
    "content": (Content, (Content.published_on,)),
    "shares": (Share, (Share.shared_at,)),
    "share_clicks": (ShareClicks, ()),
    "leads": (Lead, (Lead.created_at, Lead.closed_at)),
    "stories": (Story, (Story.collected_on,)),
    "phases": (Phase, (Phase.end_date,)),
    "targets": (Target, (Target.month,)),
    "pulse": (PulseResponse, (PulseResponse.answered_on,)),
}


def _json(text: str | None, default):
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def import_history(engine: Engine, limit: int = 200) -> list[dict]:
    """Import runs, newest first: when, who, source, files, status, counts, problems found."""
    query = (select(ImportRun).order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
             .limit(limit))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{"id": r["id"], "started_at": r["started_at"], "finished_at": r["finished_at"],
             "source": r["source"], "files": _json(r["files"], []), "status": r["status"],
             "counts": _json(r["counts"], {}), "error_count": r["error_count"] or 0,
             "imported_by": r["imported_by"]} for r in rows]


def _as_text_date(value) -> str | None:
    """Dates, timestamps and months as text (the column types differ per table)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def freshness(engine: Engine) -> list[dict]:
    """Per tracking table: rows held, the latest date, and the columns it was taken from."""
    out = []
    with engine.connect() as conn:
        for table, (model, columns) in FRESHNESS.items():
            rows = conn.scalar(select(func.count()).select_from(model)) or 0
            latest = None
            for col in columns:
                value = _as_text_date(conn.scalar(select(func.max(col))))
                # ISO text compares like the dates it spells ('2026-03' < '2026-03-05')
                if value is not None and (latest is None or value > latest):
                    latest = value
            out.append({"table": table, "rows": int(rows), "latest": latest,
                        "columns": ", ".join(c.key for c in columns)})
    return out


def settings_audit(engine: Engine) -> dict[str, dict]:
    """{setting key: {value, updated_at, updated_by}} for settings an administrator changed."""
    query = select(SettingOverride.key, SettingOverride.value, SettingOverride.updated_at,
                   SettingOverride.updated_by)
    with engine.connect() as conn:
        return {k: {"value": _json(v, None), "updated_at": at, "updated_by": by}
                for k, v, at, by in conn.execute(query)}


DEMO_IMPORTER = "demo"       # imported_by of the demo company's loader (demo.load_demo)


def holds_non_demo_imports(engine: Engine) -> bool:
    """True once any import other than the demo company's was accepted."""
    query = (select(ImportRun.id).where(ImportRun.status == "imported")
             .where(func.coalesce(ImportRun.imported_by, "") != DEMO_IMPORTER).limit(1))
    with engine.connect() as conn:
        return conn.execute(query).first() is not None
