"""Programme health: the pulse (eNPS) beside participation, by department, month by month.

The committee reads the two together: participation rising while eNPS falls suggests the
programme is wearing staff out (forced quotas, too much asked); both rising, that it
lifts them. Figures are the spec's (data_access.facts): participation_rate =
participants / headcount, eNPS = % of pulse answers 9-10 minus % 0-6 in the month,
undefined without answers. Department aggregates only: no people.

`signals` sums up the last months per department:
- participation change = rate this month - rate `n` months earlier (percentage points);
- eNPS recent / before = eNPS of the pulse answers of the last `n` months / of the `n`
  months before, pooled (each month's eNPS weighted by its answers); undefined with fewer
  than MIN_ANSWERS (10) answers;
- reading: `wearing_out` when eNPS fell by at least ENPS_STEP points while participation
  held or rose, `cooling` when eNPS fell that much and participation fell too (or is
  undefined), `lifting`
  when eNPS rose by at least ENPS_STEP, `steady` otherwise, `no_data` without eNPS on
  both sides.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access import facts, reference
from data_access.months import window

from .alerts import COMPANY
from .figures import figures

ENPS_STEP = 15.0       # points of eNPS that count as a change, not noise
MIN_ANSWERS = 10       # pulse answers needed on each side of the comparison
COLUMNS = ("month", "department_id", "department", "headcount", "participation_rate", "enps",
           "pulse_responses", "reach", "clicks")


def health_frame(engine: Engine, month: str, months: int = 12, first_month: str | None = None,
                 company_label: str = "company") -> pd.DataFrame:
    """One row per department and month for the `months` months ending with `month` (none
    before `first_month`), plus the company's rows (department_id "" and `company_label`):
    month, department_id, department, headcount, participation_rate, enps,
    pulse_responses, reach, clicks."""
    names = {d.department_id: d.name for d in reference.departments(engine)}
    rows = []
    wanted = [m for m in window(month, months) if first_month is None or m >= first_month]
    for m, per_department in facts.department_months_facts(engine, wanted).items():
        scopes = [(d, names.get(d, d), f) for d, f in sorted(per_department.items(),
                                                            key=lambda kv: kv[0])]
        scopes.append((COMPANY, company_label, facts.company_facts(per_department)))
        for department_id, name, f in scopes:
            values = figures(f)
            rows.append({"month": m, "department_id": department_id, "department": name,
                         "headcount": values["headcount"],
                         "participation_rate": values["participation_rate"],
                         "enps": values["enps"], "pulse_responses": f.pulse_responses,
                         "reach": values["reach"], "clicks": values["clicks"]})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _defined(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _pooled(rows: list[dict]) -> float | None:
    """eNPS over the answers of several months: monthly eNPS weighted by answers."""
    pairs = [(float(r["enps"]), int(r["pulse_responses"])) for r in rows
             if r["enps"] is not None and not pd.isna(r["enps"]) and r["pulse_responses"]]
    answers = sum(n for _, n in pairs)
    if answers < MIN_ANSWERS:
        return None
    return sum(e * n for e, n in pairs) / answers


def signals(frame: pd.DataFrame, month: str, n: int = 3) -> pd.DataFrame:
    """Per department (and the company): participation_change, enps_recent, enps_before,
    enps_change and the reading (see the module doc), for the `n` months ending `month`."""
    recent, before = window(month, n), window(month, 2 * n)[:n]
    earlier = window(month, n + 1)[0]
    out = []
    for department_id, rows in frame.groupby("department_id", sort=False):
        by_month = {r["month"]: r for r in rows.to_dict("records")}
        now, then = by_month.get(month), by_month.get(earlier)
        p_now = _defined(now["participation_rate"]) if now else None
        p_then = _defined(then["participation_rate"]) if then else None
        p_change = None if p_now is None or p_then is None else p_now - p_then
        e_recent = _pooled([by_month[m] for m in recent if m in by_month])
        e_before = _pooled([by_month[m] for m in before if m in by_month])
        e_change = None if e_recent is None or e_before is None else e_recent - e_before
        if e_change is None:
            reading = "no_data"
        elif e_change <= -ENPS_STEP:
            reading = "wearing_out" if p_change is not None and p_change >= 0 else "cooling"
        elif e_change >= ENPS_STEP:
            reading = "lifting"
        else:
            reading = "steady"
        out.append({"department_id": department_id, "department": rows["department"].iloc[0],
                    "participation_rate": p_now, "participation_change": p_change,
                    "enps_recent": e_recent, "enps_before": e_before, "enps_change": e_change,
                    "reading": reading})
    return pd.DataFrame(out, columns=["department_id", "department", "participation_rate",
                                      "participation_change", "enps_recent", "enps_before",
                                      "enps_change", "reading"])
