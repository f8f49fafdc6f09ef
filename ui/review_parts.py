"""Parts of the review laid out on more than one page: the "data through" notice, KPI cards
on the partial-month footing, an alert group in one block, and the trend charts with their
target and threshold rules. The figures all come from metrics/; this only lays them out."""
from __future__ import annotations


import altair as alt
import pandas as pd
import streamlit as st

from i18n import metric_name
from metrics.alert_rules import rule_text
from metrics.figures import RATE_METRICS
from metrics.review import MonthReview, ScopeReview
from metrics.review_view import default_departments, y_domain

from .chart_specs import trend_points
from .charts import department_scale
from .format import alert_value, day_label, delta, metric_value, month_label, percent
from .safe_text import md
from .session import tr

TARGET_COLOUR, THRESHOLD_COLOUR, COMPANY_COLOUR = "#c0392b", "#e67e22", "#333333"
CHART_HEIGHT = 320


def as_of_notice(review: MonthReview, lang: str) -> None:
    """How far the data reach: an info box for a month in progress, else a caption."""
    cov = review.coverage
    day = cov.data_as_of if cov else None
    if day is None:
        st.caption(tr("asof.none"))
        return
    label = day_label(day, lang)
    if not cov.started:
        st.warning(tr("asof.not_started", month=month_label(review.month, lang), date=label),
                   icon=":material/hourglass_empty:")
    elif not cov.complete:
        st.info(tr("asof.in_progress", month=month_label(review.month, lang), date=label,
                   days=cov.days, dim=cov.days_in_month, day=cov.days),
                icon=":material/hourglass_top:")
    else:
        st.caption(tr("asof.line", date=label))
    if cov.as_of.differ():
        st.caption(tr("asof.by_table", **{k: day_label(v, lang) for k, v in
                                          cov.as_of.per_table().items()}))


def _whole(metric: str, value):
    """A pro-rated count target in whole units (1,533, not 1,533.33)."""
    keep = RATE_METRICS + ("revenue", "shares_per_capita")
    return value if value is None or metric in keep else float(round(value))


def target_caption(scope: ScopeReview, metric: str, days: int, lang: str,
                   none_key: str = "review.no_target") -> str:
    """The target line under a KPI card, pro-rated while the month is in progress."""
    goal = scope.pace().get(metric)
    if goal is None:
        return tr(none_key)
    target = metric_value(metric, goal["target"], lang)
    if not goal["judged"]:
        return tr("asof.target_not_judged", target=target)
    if goal["pro_rated"]:
        return tr("asof.target_to_date", target=target, days=days,
                  to_date=metric_value(metric, _whole(metric, goal["target_to_date"]), lang),
                  attainment=percent(goal["attainment_to_date"], 0))
    return tr("review.target_line", target=target,
              attainment=percent(goal["attainment_to_date"], 0))


def kpi_cards(scope: ScopeReview, review: MonthReview, metrics, lang: str, per_row: int = 4,
              none_key: str = "review.no_target") -> None:
    """Value, change on last month (the same days of it for a month in progress) and the
    target line, for each metric."""
    days = review.coverage.days if review.coverage else 0
    compared = (tr("asof.vs_same_days", day=days) if scope.previous_through
                else tr("review.vs_last_month"))
    changes = scope.changes()
    for start in range(0, len(metrics), per_row):
        row = metrics[start:start + per_row]
        for col, metric in zip(st.columns(per_row), row):
            with col.container(border=True):
                st.metric(metric_name(metric, lang),
                          metric_value(metric, scope.values[metric], lang),
                          delta=delta(metric, changes[metric]["delta"]),
                          delta_description=compared)
                st.caption(target_caption(scope, metric, days, lang, none_key))


def judged_by_text(check, phase: str | None, lang: str) -> str:
    """"The optimization phase judges this by growth on last month: at risk"."""
    if check.key.startswith("growth_"):
        basis = tr("prio.basis.growth", actual=metric_value(check.metric, check.actual, lang),
                   expected=metric_value(check.metric, check.expected, lang))
    else:
        basis = tr("prio.basis.threshold", actual=percent(check.actual),
                   expected=percent(check.expected, 0))
    return tr("prio.card_phase", phase=tr(f"phase.{phase}"), basis=basis,
              verdict=tr(f"phases.verdict.{check.verdict}"))


def alert_group_text(group, names: dict[str, str], streaks: dict, lang: str) -> str:
    """One alert item: title, department, severity, each member's value and rule, the
    streak, cause and action (markdown)."""
    department = md(names.get(group.department_id, group.department_id)) \
        if group.department_id else tr("alerts.company")
    lines = [tr("prio.item", title=tr(f"alert.{group.type}"), department=department,
                severity=tr(f"severity.{group.severity}"))]
    for a in group.alerts:
        line = tr("prio.member", metric=metric_name(a.metric, lang),
                  value=alert_value(a.metric, a.value, lang), rule=rule_text(a, lang))
        months = streaks.get((a.type, a.department_id, a.metric), 1)
        if months > 1:
            line += f" · {tr('prio.streak', months=months)}"
        lines.append(f"- {line}")
    lines.append("")            # a paragraph of its own, not part of the last list item
    lines.append(tr("prio.cause_action", cause=tr(f"alert.{group.type}.cause"),
                    action=tr(f"alert.{group.type}.action")))
    return "\n".join(lines)


# --- trend charts ------------------------------------------------------------------------

def threshold_rule(threshold: float) -> alt.Chart:
    """The participation threshold as a dotted rule, to lay over a chart."""
    frame = pd.DataFrame([{"threshold": threshold, "label": tr("rchart.threshold"),
                           "shown": percent(threshold, 0)}])
    return alt.Chart(frame).mark_rule(color=THRESHOLD_COLOUR, strokeWidth=2,
                                      strokeDash=[2, 2]).encode(
        y="threshold:Q", tooltip=[alt.Tooltip("label:N", title=tr("rchart.line")),
                                  alt.Tooltip("shown:N", title=tr("rchart.threshold"))])


def _x():
    return alt.X("date:T", timeUnit="yearmonth", title=None, axis=alt.Axis(format="%Y-%m"))


def trend_charts(review: MonthReview, trend, metric: str, names: dict[str, str],
                 threshold: float, lang: str) -> None:
    """The company and the chosen departments side by side, on one y-scale, with the
    company target of each month and the participation threshold drawn as rules."""
    points = trend_points(trend, metric, names, lang)
    if points.empty:
        st.caption(tr("table.empty"))
        return
    options = [d.department_id for d in review.departments]
    picked = st.multiselect(tr("rchart.pick"), options,
                            default=default_departments(review, metric),
                            format_func=lambda d: names.get(d, d),
                            key=f"review_trend_departments_{metric}", help=tr("rchart.pick_help"))
    is_company = points["department_id"].isna()
    deps = points[points["department_id"].isin(picked)]
    targets = pd.DataFrame(trend.target_rows(metric), columns=["month", "target"])
    rule_threshold = threshold if metric == "participation_rate" else None
    # the month in progress: its target pro-rated to the days covered, as a marker
    cov = review.coverage
    partial = bool(cov and cov.started and not cov.complete)
    pace = review.company.pace().get(metric) if partial else None
    to_date = pd.DataFrame(
        [{"date": pd.Timestamp(review.month + "-01"), "month": review.month,
          "target": pace["target_to_date"], "label": tr("rchart.target_to_date"),
          "shown": metric_value(metric, _whole(metric, pace["target_to_date"]), lang)}]
        if pace and pace["pro_rated"] else [],
        columns=["date", "month", "target", "label", "shown"])
    domain = y_domain(list(points[is_company]["value"]) + list(deps["value"]),
                      list(targets["target"]) + [rule_threshold])
    scale = alt.Scale(domain=domain) if domain else alt.Scale()
    axis = alt.Axis(format="%" if metric in RATE_METRICS else ",~f")
    y = alt.Y("value:Q", title=metric_name(metric, lang), axis=axis, scale=scale)
    tips = [alt.Tooltip("who:N", title=tr("col.department")),
            alt.Tooltip("month:N", title=tr("widget.month")),
            alt.Tooltip("shown:N", title=metric_name(metric, lang))]

    def rules(chart, with_target: bool):
        layers = [chart]
        if with_target and not targets.empty:
            frame = targets.assign(
                start=pd.to_datetime(targets["month"] + "-01") - pd.Timedelta(days=12),
                end=pd.to_datetime(targets["month"] + "-01") + pd.Timedelta(days=12),
                label=tr("rchart.target"),
                shown=[metric_value(metric, v, lang) for v in targets["target"]])
            layers.append(alt.Chart(frame).mark_rule(color=TARGET_COLOUR, strokeWidth=3,
                                                     strokeDash=[6, 3]).encode(
                x="start:T", x2="end:T", y=alt.Y("target:Q", scale=scale),
                tooltip=[alt.Tooltip("label:N", title=tr("rchart.line")),
                         alt.Tooltip("month:N", title=tr("widget.month")),
                         alt.Tooltip("shown:N", title=metric_name(metric, lang))]))
        if with_target and not to_date.empty:
            layers.append(alt.Chart(to_date).mark_point(
                shape="diamond", size=120, filled=True, color=TARGET_COLOUR, opacity=0.6).encode(
                x=alt.X("date:T", timeUnit="yearmonth"), y=alt.Y("target:Q", scale=scale),
                tooltip=[alt.Tooltip("label:N", title=tr("rchart.line")),
                         alt.Tooltip("month:N", title=tr("widget.month")),
                         alt.Tooltip("shown:N", title=metric_name(metric, lang))]))
        if rule_threshold is not None:
            frame = pd.DataFrame([{"threshold": rule_threshold, "label": tr("rchart.threshold"),
                                   "shown": percent(rule_threshold, 0)}])
            layers.append(alt.Chart(frame).mark_rule(color=THRESHOLD_COLOUR, strokeWidth=2,
                                                     strokeDash=[2, 2]).encode(
                y=alt.Y("threshold:Q", scale=scale),
                tooltip=[alt.Tooltip("label:N", title=tr("rchart.line")),
                         alt.Tooltip("shown:N", title=metric_name(metric, lang))]))
        return alt.layer(*layers)

    left, right = st.columns(2)
    left.caption(tr("review.company_trend"))
    company = (alt.Chart(points[is_company])
               .mark_line(color=COMPANY_COLOUR, point=alt.OverlayMarkDef(color=COMPANY_COLOUR))
               .encode(x=_x(), y=y, tooltip=tips))
    left.altair_chart(rules(company, True).properties(height=CHART_HEIGHT), width="stretch")
    right.caption(tr("review.department_trend"))
    shown_names = [names.get(d, d) for d in picked]
    # the legend lists only the departments drawn (colours stay the site's own), inside the
    # plot so that both charts keep the same plot height
    lines = alt.Chart(deps).mark_line(point=True).encode(
        x=_x(), y=y, tooltip=tips,
        color=alt.Color("who:N", scale=department_scale(), title=None,
                        legend=alt.Legend(orient="top-left", values=shown_names,
                                          fillColor="#ffffffcc", padding=4)))
    right.altair_chart(rules(lines, False).properties(height=CHART_HEIGHT), width="stretch")
    notes = []
    if not targets.empty:
        notes.append(tr("rchart.target_rule"))
    if rule_threshold is not None:
        notes.append(tr("rchart.threshold_rule", value=percent(rule_threshold, 0)))
    if not to_date.empty:
        notes.append(tr("rchart.to_date_rule"))
    partial_note = tr("rchart.partial", date=day_label(cov.data_as_of, lang)) if partial else ""
    if notes or partial_note:
        st.caption(tr("rchart.rules_note", rules=" · ".join(notes) or "—", partial=partial_note))
    if len(trend.months) < 12:
        st.caption(tr("review.trend_short", months=len(trend.months)))
