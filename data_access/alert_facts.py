"""SQL for the alerts beyond the spec's two (metrics/alerts.py holds the rules).

Everything is aggregated by the database: department figures grouped by department,
people figures grouped by employee (or by employee and content). No raw share or lead
row reaches Python, except the candidate windows of the burst check, which are
themselves counts over (employee, content) pairs that already have many shares.

Functions that return people (employee ids and names) take a `Scope` and filter with
it in SQL, like data_access.people: a department head asking for evidence gets their
own departments' rows and nothing else. The alert assembly calls them with the
company scope and keeps only department-level numbers on the alerts it makes.

Per-employee monthly figures come from the employee_month rollup (data_access.rollups),
so the department of an event is the employee's current department, as everywhere else.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from itertools import accumulate, groupby
from operator import itemgetter

from sqlalchemy import Engine, Float, and_, case, cast, func, select

from .models import Content, Employee, EmployeeMonth, Lead, Share, Story
from .months import bounds, first_day, last_day, window
from .scope import Scope


def _empty(scope: Scope) -> bool:
    return scope.department_ids is not None and not scope.department_ids


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return value if type(value) is dt.date else dt.date.fromisoformat(str(value)[:10])


def _time(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


# --- the month's data coverage ---------------------------------------------------------------

def data_through(engine: Engine, month: str) -> dt.date | None:
    """The latest day of `month` holding any share, lead or story (None: no activity at all).

    For the month in progress this is how far the imported data reaches, the base of the
    pro-rata comparisons in metrics/alerts.py.
    """
    start, end = bounds(month)
    with engine.connect() as conn:
        days = [
            conn.scalar(select(func.max(Share.shared_at))
                        .where(Share.shared_at >= start, Share.shared_at < end)),
            conn.scalar(select(func.max(Lead.created_at))
                        .where(Lead.created_at >= start, Lead.created_at < end)),
            conn.scalar(select(func.max(Story.collected_on))
                        .where(Story.collected_on >= first_day(month),
                               Story.collected_on <= last_day(month))),
        ]
    days = [_day(d) for d in days if d is not None]
    return max(days) if days else None


# --- unapproved content ------------------------------------------------------------------------

def _unapproved_content():
    return select(Content.content_id).where(Content.review_status != "approved")


def unapproved_by_department(engine: Engine, month: str) -> dict[str, dict[str, int]]:
    """{department_id: {shares, rejected, pending, contents}}: the month's shares of content
    whose review_status is not `approved` (shares without a content id are own posts, not
    library content, and are not counted). Department aggregates only."""
    start, end = bounds(month)
    query = (select(Employee.department_id, Content.review_status, func.count(),
                    func.count(Share.content_id.distinct()))
             .select_from(Share)
             .join(Employee, Employee.employee_id == Share.employee_id)
             .join(Content, Content.content_id == Share.content_id)
             .where(Share.shared_at >= start, Share.shared_at < end,
                    # a set test per index entry; only matching shares are joined
                    Share.content_id.in_(_unapproved_content()))
             .group_by(Employee.department_id, Content.review_status))
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for dep, status, shares, contents in conn.execute(query):
            row = out.setdefault(dep, {"shares": 0, "rejected": 0, "pending": 0, "contents": 0})
            row["shares"] += int(shares)
            row["contents"] += int(contents)
            row["rejected" if status == "rejected" else "pending"] += int(shares)
    return out


def unapproved_share_rows(engine: Engine, month: str, scope: Scope) -> list[dict]:
    """Evidence: per employee and unapproved content, the month's shares of it."""
    if _empty(scope):
        return []
    start, end = bounds(month)
    query = (select(Employee.employee_id, Employee.name, Employee.department_id,
                    Content.content_id, Content.title, Content.review_status, func.count(),
                    func.min(Share.shared_at), func.max(Share.shared_at),
                    func.sum(Share.reach), func.sum(Share.clicks))
             .select_from(Share)
             .join(Employee, Employee.employee_id == Share.employee_id)
             .join(Content, Content.content_id == Share.content_id)
             .where(Share.shared_at >= start, Share.shared_at < end,
                    Share.content_id.in_(_unapproved_content()),
                    scope.filter(Employee.department_id))
             .group_by(Employee.employee_id, Employee.name, Employee.department_id,
                       Content.content_id, Content.title, Content.review_status)
             .order_by(Employee.department_id, Content.content_id, Employee.employee_id))
    with engine.connect() as conn:
        return [{"employee_id": r[0], "name": r[1], "department_id": r[2], "content_id": r[3],
                 "title": r[4], "review_status": r[5], "shares": int(r[6]),
                 "first_at": _time(r[7]), "last_at": _time(r[8]), "reach": int(r[9] or 0),
                 "clicks": int(r[10] or 0)} for r in conn.execute(query)]


# --- concentration -----------------------------------------------------------------------------

def reach_concentration(engine: Engine, month: str, top_fraction: float
                        ) -> dict[str, dict[str, int]]:
    """{department_id: {sharers, reach, top_people, top_reach}}: how much of a department's
    reach its top `top_fraction` of sharers (employees with at least one share in the month,
    ranked by their reach, ties by employee id) produced. The top group is the first
    ceil(top_fraction x sharers) of them: rank - 1 < top_fraction x sharers."""
    em = EmployeeMonth
    per = (select(Employee.department_id.label("d"), em.employee_id.label("e"),
                  em.reach.label("r"))
           .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
           .where(em.month == month, em.shares > 0).subquery("per"))
    ranked = (select(per.c.d, per.c.r,
                     func.row_number().over(partition_by=per.c.d,
                                            order_by=(per.c.r.desc(), per.c.e)).label("rn"),
                     func.count().over(partition_by=per.c.d).label("n"))
              .subquery("ranked"))
    top = (ranked.c.rn - 1) < cast(ranked.c.n, Float) * float(top_fraction)
    query = (select(ranked.c.d, func.max(ranked.c.n), func.sum(ranked.c.r),
                    func.sum(case((top, 1), else_=0)), func.sum(case((top, ranked.c.r), else_=0)))
             .group_by(ranked.c.d))
    with engine.connect() as conn:
        return {d: {"sharers": int(n), "reach": int(reach or 0), "top_people": int(k),
                    "top_reach": int(top_reach or 0)}
                for d, n, reach, k, top_reach in conn.execute(query)}


# --- suspected gaming --------------------------------------------------------------------------

def low_ctr_sharers(engine: Engine, month: str, scope: Scope, min_shares: int,
                    ctr_ratio: float) -> list[dict]:
    """Employees with at least `min_shares` shares in the month whose click-through
    (clicks / reach over their shares whose clicks are known, that reach > 0) is below
    `ctr_ratio` x their department's click-through of the month (likewise over all its shares
    with known clicks): unknown clicks never count as 0, so shares synced without clicks
    neither flag anyone nor lower the department's figure. The department figure is computed over the whole
    department, whatever the scope; only the rows returned are limited to it."""
    if _empty(scope):
        return []
    em = EmployeeMonth
    dep = (select(Employee.department_id.label("d"), func.sum(em.ctr_reach).label("reach"),
                  func.sum(em.clicks).label("clicks"))
           .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
           .where(em.month == month).group_by(Employee.department_id).subquery("dep"))
    query = (select(Employee.employee_id, Employee.name, Employee.department_id, em.shares,
                    em.ctr_reach, em.clicks, dep.c.reach, dep.c.clicks)
             .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
             .join(dep, dep.c.d == Employee.department_id)
             .where(em.month == month, em.shares >= int(min_shares), em.ctr_reach > 0,
                    dep.c.reach > 0, dep.c.clicks > 0,
                    cast(em.clicks, Float) * cast(dep.c.reach, Float)
                    < float(ctr_ratio) * cast(dep.c.clicks, Float) * cast(em.ctr_reach, Float),
                    scope.filter(Employee.department_id))
             .order_by(Employee.department_id, Employee.employee_id))
    out = []
    with engine.connect() as conn:
        for eid, name, d, shares, reach, clicks, d_reach, d_clicks in conn.execute(query):
            ctr, d_ctr = int(clicks) / int(reach), int(d_clicks) / int(d_reach)
            out.append({"employee_id": eid, "name": name, "department_id": d,
                        "shares": int(shares), "reach": int(reach), "clicks": int(clicks),
                        "ctr": ctr, "department_ctr": d_ctr, "ratio": ctr / d_ctr})
    return out


def share_bursts(engine: Engine, month: str, scope: Scope, min_shares: int,
                 minutes: float) -> list[dict]:
    """Bursts: one employee sharing the same content at least `min_shares` times within
    `minutes` minutes (first to last share of the burst, inclusive), inside the month.

    One row per (employee, content): the largest burst (ties: the earliest). Only pairs with
    at least `min_shares` shares of that content in the month are examined: their shares
    of the month come in time order, and for every share a window counts the shares of the
    pair in the `minutes` after it. (A self-join in SQL needs an index by employee and
    content, which shares do not have - see models.Share.)
    """
    if _empty(scope):
        return []
    start, end = bounds(month)
    candidates = (select(Share.employee_id.label("e"), Share.content_id.label("c"))
                  .where(Share.shared_at >= start, Share.shared_at < end,
                         Share.content_id.is_not(None))
                  .group_by(Share.employee_id, Share.content_id)
                  .having(func.count() >= int(min_shares)).subquery("cand"))
    query = (select(Share.employee_id, Share.content_id, Share.shared_at, Share.reach,
                    Share.clicks, Employee.name, Employee.department_id, Content.title)
             .join(candidates, and_(candidates.c.e == Share.employee_id,
                                    candidates.c.c == Share.content_id))
             .join(Employee, Employee.employee_id == Share.employee_id)
             .outerjoin(Content, Content.content_id == Share.content_id)
             .where(Share.shared_at >= start, Share.shared_at < end,
                    scope.filter(Employee.department_id))
             .order_by(Share.employee_id, Share.content_id, Share.shared_at))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for (eid, cid), pair in groupby(rows, key=itemgetter(0, 1)):
        pair = list(pair)
        burst = _largest_burst([_time(r[2]) for r in pair], [int(r[3] or 0) for r in pair],
                               [r[4] for r in pair], int(min_shares), float(minutes))
        if burst is not None:
            first, last, n, reach, clicks = burst
            out.append({"employee_id": eid, "name": pair[0][5], "department_id": pair[0][6],
                        "content_id": cid, "title": pair[0][7], "shares": n, "first_at": first,
                        "last_at": last, "reach": reach, "clicks": clicks,
                        "minutes": (last - first).total_seconds() / 60.0})
    return sorted(out, key=lambda r: (r["department_id"], r["employee_id"], r["content_id"]))


def _largest_burst(times: list[dt.datetime], reach: list[int], clicks: list[int | None],
                   min_shares: int, minutes: float) -> tuple | None:
    """(first, last, shares, reach, clicks) of the largest burst (ties: the earliest) among
    time-ordered shares: for each share, it and every share at or after it within `minutes`;
    None when no burst reaches `min_shares`. Its clicks are those known (None if none is)."""
    span = dt.timedelta(minutes=minutes)     # exact: timestamps are whole microseconds
    reach_before = [0, *accumulate(reach)]
    best = None
    for t in times:
        lo, hi = bisect_left(times, t), bisect_right(times, t + span)
        n = hi - lo
        if n >= min_shares and (best is None or n > best[2]):
            best = (t, times[hi - 1], n, reach_before[hi] - reach_before[lo], (lo, hi))
    if best is None:
        return None
    known = [c for c in clicks[best[4][0]:best[4][1]] if c is not None]
    return (*best[:4], sum(known) if known else None)


def unwon_lead_people(engine: Engine, month: str, scope: Scope, months: int,
                      min_leads: int) -> list[dict]:
    """Employees with at least `min_leads` leads created in the `months` months ending with
    `month` and not one of them won (status as stored now)."""
    if _empty(scope):
        return []
    first = window(month, int(months))[0]
    start, end = bounds(first)[0], bounds(month)[1]
    won = func.sum(case((Lead.status == "won", 1), else_=0))
    # the rollup's leads and won (created in the month, status as stored now) name exactly
    # the employees the HAVING below keeps; only their leads are read
    em = EmployeeMonth
    candidates = (select(em.employee_id).where(em.month >= first, em.month <= month)
                  .group_by(em.employee_id)
                  .having(and_(func.sum(em.leads) >= int(min_leads), func.sum(em.won) == 0)))
    query = (select(Employee.employee_id, Employee.name, Employee.department_id, func.count(),
                    func.sum(case((Lead.status == "lost", 1), else_=0)),
                    func.sum(case((Lead.status == "open", 1), else_=0)),
                    func.min(Lead.created_at), func.max(Lead.created_at))
             .select_from(Lead).join(Employee, Employee.employee_id == Lead.employee_id)
             .where(Lead.employee_id.in_(candidates), Lead.created_at >= start,
                    Lead.created_at < end, scope.filter(Employee.department_id))
             .group_by(Employee.employee_id, Employee.name, Employee.department_id)
             .having(and_(func.count() >= int(min_leads), won == 0))
             .order_by(Employee.department_id, Employee.employee_id))
    with engine.connect() as conn:
        return [{"employee_id": r[0], "name": r[1], "department_id": r[2], "leads": int(r[3]),
                 "won": 0, "lost": int(r[4]), "open": int(r[5]), "first_at": _time(r[6]),
                 "last_at": _time(r[7]), "from_month": first, "to_month": month}
                for r in conn.execute(query)]
