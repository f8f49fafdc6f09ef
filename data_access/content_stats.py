"""Content and channel aggregates for a set of departments and a date range (Pilot monitor).

Department / content aggregates only: no person's name, id or figure leaves
these queries, so they take the departments as a plain filter rather than a
Scope. A share belongs to the department of the employee who shared it; a
lead belongs to content through its share (leads without a share, or whose
share carries no content, count for no content). Ranges are inclusive dates.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, case, func, select, true

from .models import Content, Employee, Lead, Share

TOP = 10
NOT_APPROVED = ("pending", "rejected")


def _range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1),
                                                                      dt.time())


def _in_departments(department_ids):
    if department_ids is None:
        return true()
    return Employee.department_id.in_(sorted(department_ids))


def channel_mix(engine: Engine, department_ids, start: dt.date, end: dt.date) -> list[dict]:
    """Shares, reach and clicks per channel, biggest reach first."""
    t0, t1 = _range(start, end)
    query = (select(Share.channel, func.count(), func.coalesce(func.sum(Share.reach), 0),
                    func.coalesce(func.sum(Share.clicks), 0),
                    func.coalesce(func.sum(case((Share.clicks.is_not(None), Share.reach),
                                                else_=0)), 0))
             .select_from(Share).join(Employee, Employee.employee_id == Share.employee_id)
             .where(Share.shared_at >= t0, Share.shared_at < t1, _in_departments(department_ids))
             .group_by(Share.channel))
    with engine.connect() as conn:
        # ctr_reach: the reach of the shares whose clicks are known (ctr's denominator)
        rows = [{"channel": c, "shares": int(n), "reach": int(r), "clicks": int(k),
                 "ctr_reach": int(cr)} for c, n, r, k, cr in conn.execute(query)]
    return sorted(rows, key=lambda r: (-r["reach"], r["channel"]))


def _content_rows(engine: Engine, department_ids, start, end) -> list[dict]:
    """Per content: shares, reach, clicks (shares in range) and leads (created in range)."""
    t0, t1 = _range(start, end)
    keep = _in_departments(department_ids)
    shares = (select(Share.content_id.label("cid"), func.count().label("shares"),
                     func.count(Share.employee_id.distinct()).label("sharers"),
                     func.sum(Share.reach).label("reach"), func.sum(Share.clicks).label("clicks"))
              .join(Employee, Employee.employee_id == Share.employee_id)
              .where(Share.shared_at >= t0, Share.shared_at < t1, keep,
                     Share.content_id.is_not(None))
              .group_by(Share.content_id).subquery("sh"))
    leads = (select(Share.content_id.label("cid"), func.count().label("leads"))
             .select_from(Lead).join(Share, Share.share_id == Lead.share_id)
             .join(Employee, Employee.employee_id == Lead.employee_id)
             .where(Lead.created_at >= t0, Lead.created_at < t1, keep,
                    Share.content_id.is_not(None))
             .group_by(Share.content_id).subquery("ld"))
    query = (select(Content.content_id, Content.title, Content.content_type,
                    Content.review_status, func.coalesce(shares.c.shares, 0),
                    func.coalesce(shares.c.sharers, 0), func.coalesce(shares.c.reach, 0),
                    func.coalesce(shares.c.clicks, 0), func.coalesce(leads.c.leads, 0))
             .select_from(Content)
             .outerjoin(shares, shares.c.cid == Content.content_id)
             .outerjoin(leads, leads.c.cid == Content.content_id)
             .where((shares.c.cid.is_not(None)) | (leads.c.cid.is_not(None))))
    names = ("content_id", "title", "content_type", "review_status", "shares", "sharers",
             "reach", "clicks", "leads")
    with engine.connect() as conn:
        return [dict(zip(names, (*r[:4], *(int(v) for v in r[4:])))) for r in conn.execute(query)]


def top_content(engine: Engine, department_ids, start: dt.date, end: dt.date,
                by: str = "reach", limit: int = TOP) -> list[dict]:
    """Content ranked by reach or by leads in the range (ties by shares, then id)."""
    if by not in ("reach", "leads"):
        raise ValueError(f"top_content ranks by reach or leads, not {by!r}")
    rows = [r for r in _content_rows(engine, department_ids, start, end) if r[by] > 0]
    rows.sort(key=lambda r: (-r[by], -r["shares"], r["content_id"]))
    return rows[:limit]


def unapproved_shares(engine: Engine, department_ids, start: dt.date, end: dt.date) -> list[dict]:
    """Content shared in the range although its review status is pending or rejected,
    per content and sharing department (so marketing knows whom to follow up with)."""
    t0, t1 = _range(start, end)
    dept = Employee.department_id
    query = (select(Content.content_id, Content.title, Content.content_type,
                    Content.review_status, dept, func.count(),
                    func.count(Share.employee_id.distinct()),
                    func.coalesce(func.sum(Share.reach), 0),
                    func.coalesce(func.sum(Share.clicks), 0))
             .select_from(Share).join(Content, Content.content_id == Share.content_id)
             .join(Employee, Employee.employee_id == Share.employee_id)
             .where(Share.shared_at >= t0, Share.shared_at < t1, _in_departments(department_ids),
                    Content.review_status.in_(NOT_APPROVED))
             .group_by(Content.content_id, Content.title, Content.content_type,
                       Content.review_status, dept))
    names = ("content_id", "title", "content_type", "review_status", "department_id", "shares",
             "sharers", "reach", "clicks")
    with engine.connect() as conn:
        rows = [dict(zip(names, (*r[:5], *(int(v) for v in r[5:])))) for r in conn.execute(query)]
    return sorted(rows, key=lambda r: (-r["shares"], r["content_id"], r["department_id"]))
