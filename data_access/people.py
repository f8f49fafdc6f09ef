"""People-level figures for the My team page: one row per employee, and one person's month.

These are the only queries that return names, ids and per-person figures, so
every function takes the caller's `Scope` and filters with it *in SQL*: a
department head asking for another department gets nothing back, whatever
the page, widget or query parameter asked for. Per-employee figures come from
the employee_month rollup; raw share and lead rows never reach pandas
(except one person's own top shares and leads, a handful of rows).

Definitions follow the spec per person, so the rows of a department add up
to its department facts (data_access.facts) for the month:
shares / reach / clicks by `shared_at`, leads and won by `created_at`,
revenue = deal_amount of won leads with `closed_at` in the month, stories by
`collected_on`. `participated` = at least one share, story or lead in the month
(the spec's participant test). A member is listed when counted in the month's
headcount, or when they have any of those figures in the month (someone who
left mid-month, or whose deal closed after they left), so no figure goes missing.
"""
from __future__ import annotations

from sqlalchemy import Engine, and_, case, func, literal, or_, select

from .facts import in_headcount
from .models import Content, Employee, EmployeeMonth, Lead, Share
from .months import bounds
from .scope import Scope

FIGURES = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")
TOP_SHARES = 10


def _people(engine: Engine, month: str, scope: Scope, *where) -> list[dict]:
    """Rows of employees matching `where` within `scope`, with their month figures.

    The figures are the employee's employee_month row (data_access.rollups: the same
    definitions, kept exact by every import), found by primary key. A row exists exactly
    when the employee has a share, lead or story created, or a deal closed, in the month.
    """
    if scope.department_ids is not None and not scope.department_ids:
        return []
    em = EmployeeMonth
    counted = in_headcount(month)
    active = (em.shares + em.leads + em.stories) > 0     # NULL (no row) is not active
    query = (
        select(Employee.employee_id, Employee.name, Employee.department_id, Employee.position,
               case((counted, literal(1)), else_=literal(0)).label("in_headcount"),
               case((active, literal(1)), else_=literal(0)).label("participated"),
               *(func.coalesce(getattr(em, f), 0) for f in FIGURES))
        .select_from(Employee)
        .outerjoin(em, and_(em.employee_id == Employee.employee_id, em.month == month))
        .where(scope.filter(Employee.department_id), *where,
               or_(counted, em.employee_id.is_not(None)))
        .order_by(Employee.employee_id))
    out = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            eid, name, dep, position, counted_, participated, *values = row
            item = {"employee_id": eid, "name": name, "department_id": dep, "position": position,
                    "in_headcount": bool(counted_), "participated": bool(participated)}
            for key, value in zip(FIGURES, values):
                item[key] = float(value) if key == "revenue" else int(value)
            out.append(item)
    return out


def team_month(engine: Engine, month: str, scope: Scope, department_id: str | None) -> list[dict]:
    """Every member of a department for the month (see module doc); [] outside the scope.

    department_id None means every department of the scope.
    """
    narrowed = scope.narrow(department_id)
    return _people(engine, month, narrowed)


def person_month(engine: Engine, month: str, scope: Scope, employee_id: str) -> dict | None:
    """One person's month: figures, the leads their shares brought, their top shares by reach.

    None when the person is outside the scope (or unknown). `share_leads` are the leads
    created in the month whose share is one of this person's shares.
    """
    rows = _people(engine, month, scope, Employee.employee_id == employee_id)
    if not rows:
        with engine.connect() as conn:   # in scope but idle and not in headcount this month
            found = conn.execute(
                select(Employee.employee_id, Employee.name, Employee.department_id,
                       Employee.position)
                .where(Employee.employee_id == employee_id,
                       scope.filter(Employee.department_id))).first()
        if found is None or (scope.department_ids is not None and not scope.department_ids):
            return None
        rows = [{"employee_id": found[0], "name": found[1], "department_id": found[2],
                 "position": found[3], "in_headcount": False, "participated": False,
                 **{k: (0.0 if k == "revenue" else 0) for k in FIGURES}}]
    person = rows[0]
    start, end = bounds(month)
    share_leads = (
        select(Lead.lead_id, Lead.created_at, Lead.status, Lead.closed_at, Lead.deal_amount,
               Share.share_id, Share.channel, Content.title)
        .select_from(Lead).join(Share, Share.share_id == Lead.share_id)
        .outerjoin(Content, Content.content_id == Share.content_id)
        .where(Share.employee_id == employee_id, Lead.created_at >= start, Lead.created_at < end)
        .order_by(Lead.created_at, Lead.lead_id))
    # leads per share looked up per share (indexed), not grouped over every lead
    per_share = (select(func.count()).select_from(Lead).where(Lead.share_id == Share.share_id)
                 .correlate(Share).scalar_subquery())
    top = (
        select(Share.share_id, Share.shared_at, Share.channel, Content.title,
               Content.review_status, Share.reach, Share.clicks, per_share)
        .select_from(Share)
        .outerjoin(Content, Content.content_id == Share.content_id)
        .where(and_(Share.employee_id == employee_id, Share.shared_at >= start,
                    Share.shared_at < end))
        .order_by(Share.reach.desc(), Share.shared_at, Share.share_id).limit(TOP_SHARES))
    with engine.connect() as conn:
        person["share_leads"] = [
            {"lead_id": r[0], "created_at": r[1], "status": r[2], "closed_at": r[3],
             "deal_amount": None if r[4] is None else float(r[4]), "share_id": r[5],
             "channel": r[6], "title": r[7]} for r in conn.execute(share_leads)]
        person["top_shares"] = [
            {"share_id": r[0], "shared_at": r[1], "channel": r[2], "title": r[3],
             "review_status": r[4], "reach": int(r[5]),
             "clicks": None if r[6] is None else int(r[6]), "leads": int(r[7])}
            for r in conn.execute(top)]
    return person
