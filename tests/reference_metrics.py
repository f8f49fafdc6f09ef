"""A plain-Python reading of the spec's metric definitions (section 3), row by row.

Deliberately naive and independent of the SQL layer, to check it against.
"""
from __future__ import annotations

import datetime as dt

from data_access.months import first_day, last_day


def _in_month(value, month: str) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return first_day(month) <= day <= last_day(month)


def _ratio(a, b):
    return a / b if b else None


def reference_figures(month: str, employees: list[dict], trainings: list[dict],
                      shares: list[dict], leads: list[dict], stories: list[dict],
                      pulse: list[dict], department_id: str | None = None) -> dict:
    """The spec's metrics for the company (department_id None) or one department."""
    s, e = first_day(month), last_day(month)
    dept_of = {x["employee_id"]: x["department_id"] for x in employees}

    def mine(employee_id):
        return department_id is None or dept_of[employee_id] == department_id

    staff = [x for x in employees if mine(x["employee_id"]) and x["hired_on"] <= e
             and (x["left_on"] is None or x["left_on"] >= s)]
    month_shares = [x for x in shares if mine(x["employee_id"]) and _in_month(x["shared_at"], month)]
    month_leads = [x for x in leads if mine(x["employee_id"]) and _in_month(x["created_at"], month)]
    month_stories = [x for x in stories if mine(x["employee_id"])
                     and _in_month(x["collected_on"], month)]
    active = ({x["employee_id"] for x in month_shares} | {x["employee_id"] for x in month_leads}
              | {x["employee_id"] for x in month_stories})
    staff_ids = {x["employee_id"] for x in staff}
    trained = {x["employee_id"] for x in trainings if x["attended_on"] <= e}
    answers = [x["score"] for x in pulse if _in_month(x["answered_on"], month)
               and (department_id is None or x["department_id"] == department_id)]
    headcount = len(staff)
    reach = sum(x["reach"] for x in month_shares)
    clicks = sum(x["clicks"] for x in month_shares)
    won = sum(1 for x in month_leads if x["status"] == "won")
    revenue = sum(float(x["deal_amount"]) for x in leads if mine(x["employee_id"])
                  and x["status"] == "won" and x["closed_at"] is not None
                  and _in_month(x["closed_at"], month))
    return {
        "headcount": headcount,
        "participants": len(staff_ids & active),
        "participation_rate": _ratio(len(staff_ids & active), headcount),
        "shares": len(month_shares),
        "shares_per_capita": _ratio(len(month_shares), headcount),
        "reach": reach,
        "clicks": clicks,
        "ctr": _ratio(clicks, reach),
        "leads": len(month_leads),
        "won": won,
        "conversion_rate": _ratio(won, len(month_leads)),
        "revenue": revenue,
        "stories": len(month_stories),
        "trained_rate": _ratio(len(staff_ids & trained), headcount),
        "activated_rate": _ratio(sum(1 for x in staff if x["tools_activated_on"] is not None
                                     and x["tools_activated_on"] <= e), headcount),
        "enps": (100.0 * (sum(1 for v in answers if v >= 9) - sum(1 for v in answers if v <= 6))
                 / len(answers)) if answers else None,
    }
