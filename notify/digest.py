"""Digests, built from what metrics/ returns (no database, no network).

A digest is a title, items and a link. An item (a KPI block, one alert, one pilot
department's week) is never cut in two: channels split long digests between items
(notify.split). Items render as markdown (WeCom, DingTalk), plain text (Feishu, the
plain part of an email) and HTML (email).

Scope: a head's digest holds only their own departments' alerts and figures; alerts
are department aggregates (metrics.alerts) and no digest lists employees, so the only
names in it are those of the people who acknowledged or resolved an alert of theirs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from dataclasses import dataclass, field

from i18n import metric_name, t
from metrics.alert_history import AlertStreak, key
from metrics.alerts import COMPANY, Alert
from metrics.followup import FollowUp, describe, state_for
from metrics.review import MonthReview, ScopeReview
from ui.format import alert_value, metric_value, month_label, percent

from .recipients import Recipient

# KPIs every digest shows (others too when they have a target)
DIGEST_KPIS = ("participation_rate", "shares", "reach", "leads", "conversion_rate", "stories")
TOP_ALERTS = 5


def top_alerts(review) -> list[Alert]:
    """The review's alerts in its priority order (metrics.alert_priority)."""
    return review.ranked_alerts()


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Item:
    title: str
    lines: tuple[str, ...] = ()

    def markdown(self) -> str:
        return "\n".join([f"**{self.title}**", *(f"> {line}" for line in self.lines)])

    def text(self) -> str:
        return "\n".join([f"【{self.title}】", *(f"  {line}" for line in self.lines)])

    def html(self) -> str:
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return f"<h3>{html.escape(self.title)}</h3>" + (f"<ul>{lines}</ul>" if lines else "")


@dataclass(frozen=True)
class Digest:
    kind: str                      # head | committee | marketing | test
    recipient: Recipient
    period: str
    title: str
    items: tuple[Item, ...]
    link_label: str
    link: str
    attachments: tuple[Attachment, ...] = ()

    @property
    def hash(self) -> str:
        """Of the words sent (not of attachments, whose files carry their build time)."""
        body = json.dumps([self.title, [[i.title, list(i.lines)] for i in self.items],
                           self.link], ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()

    @property
    def lang(self) -> str:
        return self.recipient.lang

    def link_markdown(self) -> str:
        return f"[{self.link_label}]({self.link})"

    def link_text(self) -> str:
        return f"{self.link_label}: {self.link}"

    def html(self) -> str:
        body = "".join(i.html() for i in self.items)
        return (f"<html><body><h2>{html.escape(self.title)}</h2>{body}"
                f"<p><a href=\"{html.escape(self.link, quote=True)}\">"
                f"{html.escape(self.link_label)}</a></p></body></html>")

    def text(self) -> str:
        return "\n\n".join([self.title, *(i.text() for i in self.items), self.link_text()])


# --- pieces -------------------------------------------------------------------------------

def kpi_item(title: str, scope: ScopeReview, lang: str) -> Item:
    """DIGEST_KPIS and every other metric with a target: value against target."""
    goals = scope.attainments()
    metrics = list(DIGEST_KPIS) + [m for m in goals if m not in DIGEST_KPIS]
    lines = []
    for m in metrics:
        value = metric_value(m, scope.values.get(m), lang)
        goal = goals.get(m)
        if goal is None:
            lines.append(t("notify.kpi.no_target", lang, metric=metric_name(m, lang),
                           value=value))
        else:
            lines.append(t("notify.kpi.line", lang, metric=metric_name(m, lang), value=value,
                           target=metric_value(m, goal["target"], lang),
                           attainment=percent(goal["attainment"], 0)))
    return Item(title, tuple(lines))


def alert_item(alert: Alert, department_name: str, streak: AlertStreak | None,
               follow: FollowUp, lang: str) -> Item:
    title = t("notify.alert.title", lang, severity=t(f"severity.{alert.severity}", lang),
              alert=t(f"alert.{alert.type}", lang), department=department_name)
    lines = [t("notify.alert.value", lang, metric=metric_name(alert.metric, lang),
               value=alert_value(alert.metric, alert.value, lang),
               threshold=alert_value(alert.metric, alert.threshold, lang))]
    if streak is not None:
        lines.append(t("notify.alert.streak", lang, months=streak.months,
                       since=month_label(streak.since, lang)))
    lines += [t("notify.alert.cause", lang, cause=t(f"alert.{alert.type}.cause", lang)),
              t("notify.alert.action", lang, action=t(f"alert.{alert.type}.action", lang))]
    if follow.record is not None:
        lines.append(t("notify.alert.followup", lang, state=describe(follow, lang)))
    return Item(title, tuple(lines))


def _department_name(review: MonthReview, department_id: str, lang: str) -> str:
    if department_id == COMPANY:
        return t("alert.company", lang)
    dep = review.department(department_id)
    return dep.name if dep else department_id


def follow_of(alert: Alert, streak: AlertStreak | None, records: dict, month: str) -> FollowUp:
    return state_for(records.get(key(alert)), month, streak.since if streak else None)


# --- the three digests --------------------------------------------------------------------

def head_digest(recipient: Recipient, review: MonthReview, streaks: list[AlertStreak],
                records: dict, period: str, base_url: str) -> Digest:
    """A department head: per department of theirs, KPIs against target and its open
    alerts (cause, action, value against threshold, streak, follow-up); a link to My team."""
    lang, month = recipient.lang, review.month
    by_key = {key(s.alert): s for s in streaks}
    items, names = [], []
    for department_id in recipient.department_ids:
        dep = review.department(department_id)
        if dep is None:
            continue
        names.append(dep.name)
        items.append(kpi_item(t("notify.head.kpis", lang, department=dep.name), dep, lang))
        mine = [a for a in top_alerts(review) if a.department_id == department_id]
        shown = 0
        resolved = 0
        for alert in mine:
            streak = by_key.get(key(alert))
            follow = follow_of(alert, streak, records, month)
            if not follow.is_open:
                resolved += 1
                continue
            items.append(alert_item(alert, dep.name, streak, follow, lang))
            shown += 1
        if not shown:
            items.append(Item(t("notify.head.no_alerts", lang, department=dep.name)))
        if resolved:
            items.append(Item(t("notify.head.resolved", lang, department=dep.name,
                                count=resolved)))
    link = f"{base_url}/team"
    if len(recipient.department_ids) == 1:
        link += f"?department={recipient.department_ids[0]}"
    return Digest("head", recipient, period,
                  t("notify.head.title", lang, departments="、".join(names) if lang == "zh"
                    else ", ".join(names), month=month_label(month, lang)),
                  tuple(items), t("notify.link.team", lang), link)


def committee_digest(recipient: Recipient, review: MonthReview, streaks: list[AlertStreak],
                     records: dict, period: str, base_url: str,
                     data_as_of: dt.date | str | None,
                     attachments: tuple[Attachment, ...] = (),
                     top: int = TOP_ALERTS) -> Digest:
    """The company digest: phase, data as of, KPIs against target, the top open alerts."""
    lang, month = recipient.lang, review.month
    by_key = {key(s.alert): s for s in streaks}
    phase = t(f"phase.{review.phase}", lang) if review.phase else t("notify.no_phase", lang)
    as_of = data_as_of.isoformat() if isinstance(data_as_of, dt.date) else (data_as_of or "—")
    items = [Item(t("notify.committee.status", lang),
                  (t("notify.committee.phase", lang, phase=phase),
                   t("notify.committee.as_of", lang, day=as_of))),
             kpi_item(t("notify.committee.kpis", lang), review.company, lang)]
    open_alerts = []
    for alert in top_alerts(review):
        streak = by_key.get(key(alert))
        follow = follow_of(alert, streak, records, month)
        if follow.is_open:
            open_alerts.append((alert, streak, follow))
    for alert, streak, follow in open_alerts[:top]:
        items.append(alert_item(alert, _department_name(review, alert.department_id, lang),
                                streak, follow, lang))
    items.append(Item(t("notify.committee.alert_count", lang, open=len(open_alerts),
                        total=len(review.alerts), shown=min(top, len(open_alerts)))))
    return Digest("committee", recipient, period,
                  t("notify.committee.title", lang, month=month_label(month, lang)),
                  tuple(items), t("notify.link.review", lang),
                  f"{base_url}/review?month={month}", attachments)


def marketing_digest(recipient: Recipient, week_label: str, rows: list[dict], period: str,
                     base_url: str) -> Digest:
    """Marketing: each pilot department's week against its weekly targets. `rows` are
    {department_id, name, metric, actual, target} summed over the week's parts."""
    lang = recipient.lang
    items = []
    departments = list(dict.fromkeys((r["department_id"], r["name"]) for r in rows))
    for department_id, name in departments:
        lines = []
        for r in (r for r in rows if r["department_id"] == department_id):
            actual = metric_value(r["metric"], r["actual"], lang)
            if r["target"] is None:
                lines.append(t("notify.kpi.no_target", lang,
                               metric=metric_name(r["metric"], lang), value=actual))
            else:
                ratio = r["actual"] / r["target"] if r["target"] and r["actual"] is not None \
                    else None
                lines.append(t("notify.pilot.line", lang, metric=metric_name(r["metric"], lang),
                               value=actual, target=f"{r['target']:,.1f}",
                               attainment=percent(ratio, 0)))
        items.append(Item(name, tuple(lines)))
    if not items:
        items.append(Item(t("notify.pilot.none", lang)))
    return Digest("marketing", recipient, period,
                  t("notify.pilot.title", lang, week=week_label), tuple(items),
                  t("notify.link.pilot", lang), f"{base_url}/pilot")


def test_digest(recipient: Recipient, base_url: str, at: dt.datetime) -> Digest:
    """The administrator's "send a test message"."""
    lang = recipient.lang
    return Digest("test", recipient, "test", t("notify.test.title", lang),
                  (Item(t("notify.test.body", lang, at=at.strftime("%Y-%m-%d %H:%M:%S"))),),
                  t("notify.link.review", lang), f"{base_url}/review")
