"""Follow-up of alerts: who may act, and how a stored record reads for a month.

A record belongs to an alert's identity (type, department, metric), so it carries over
while the same alert recurs. Read for month m, with the alert's current run of months
starting at `since` (metrics.alert_history):

- acknowledged in month a: shown as acknowledged while the run that held a goes on
  (since <= a); once the alert has stopped firing and fires again (since > a), it is open;
- resolved in month r: resolved for months up to r; when the alert fires in a later month
  it is "reopened" (the earlier resolution is still shown beside it);
- no record: open.

Only department heads (their own departments, checked in data_access.followups),
marketing and administrators act on alerts; the committee reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from auth.roles import User
from data_access import followups
from i18n import t

from .alert_history import AlertKey

ACTING_ROLES = frozenset({"dept_head", "marketing", "admin"})
STATES = ("open", "acknowledged", "resolved", "reopened")


@dataclass(frozen=True)
class FollowUp:
    state: str                    # one of STATES
    record: dict | None = None

    @property
    def is_open(self) -> bool:
        return self.state != "resolved"


def may_act(user: User) -> bool:
    return bool(user.roles & ACTING_ROLES)


def may_act_on(user: User, department_id: str) -> bool:
    return may_act(user) and followups.allowed(user.scope, department_id)


def state_for(record: dict | None, month: str, since: str | None = None) -> FollowUp:
    """How `record` reads for `month` when the alert's current run started in `since`."""
    if record is None:
        return FollowUp("open")
    if record["status"] == "resolved":
        return FollowUp("reopened" if month > record["month"] else "resolved", record)
    if since is not None and since > record["month"]:
        return FollowUp("open")           # an earlier run was acknowledged, not this one
    return FollowUp("acknowledged", record)


def states(engine: Engine, month: str, streaks) -> dict[AlertKey, FollowUp]:
    """{alert key: FollowUp} for AlertStreaks of `month` (all departments: alerts are
    department aggregates every role may see; acting is what the scope limits)."""
    stored = followups.records(engine)
    out = {}
    for s in streaks:
        key = (s.alert.type, s.alert.department_id, s.alert.metric)
        out[key] = state_for(stored.get(key), month, s.since)
    return out


def _day(value, lang: str) -> str:
    if not isinstance(value, (dt.date, dt.datetime)):
        return "—"
    return f"{value.month}月{value.day}日" if lang == "zh" else f"{value.day} {value:%b}"


def describe(follow: FollowUp, lang: str) -> str:
    """One line: "acknowledged by 王丽 on 3 Dec: retraining on the 10th (owner: 张伟)"."""
    r = follow.record
    if r is None:
        return t("followup.state.open", lang)
    parts = []
    if r.get("acknowledged_by"):
        line = t("followup.line.acknowledged", lang, who=r["acknowledged_by"],
                 day=_day(r["acknowledged_at"], lang), note=r["note"] or "")
        if r.get("owner"):
            line += t("followup.line.owner", lang, owner=r["owner"])
        parts.append(line)
    if follow.state in ("resolved", "reopened") and r.get("resolved_by"):
        parts.append(t("followup.line.resolved", lang, who=r["resolved_by"],
                       day=_day(r["resolved_at"], lang), resolution=r["resolution"] or ""))
    if follow.state == "reopened":
        parts.insert(0, t("followup.line.reopened", lang))
    return t("followup.separator", lang).join(parts)


def acknowledge(engine: Engine, user: User, key: AlertKey, month: str, note: str,
                owner: str = "") -> dict:
    _require(user)
    return followups.acknowledge(engine, user.scope, key, month, actor=user.username,
                                 actor_name=user.name, note=note, owner=owner)


def resolve(engine: Engine, user: User, key: AlertKey, month: str, resolution: str) -> dict:
    _require(user)
    return followups.resolve(engine, user.scope, key, month, actor=user.username,
                             actor_name=user.name, resolution=resolution)


def reopen(engine: Engine, user: User, key: AlertKey, month: str) -> None:
    _require(user)
    followups.reopen(engine, user.scope, key, month, actor=user.username)


def _require(user: User) -> None:
    if not may_act(user):
        raise followups.FollowUpError("role", ", ".join(sorted(user.roles)))
