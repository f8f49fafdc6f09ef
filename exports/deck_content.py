"""What the meeting deck says, in one language: built once from metrics/, then laid out as
slides (exports/deck_pptx.py) or A4 pages (exports/deck_pdf.py), so both carry the same
figures, formatted as the review page formats them.

Sections: title (month, phase, data as of), key figures with targets and changes, the
trend charts and the league table as pictures (exports/chart_images.py), the phase
scorecard, the top alerts with cause and action, the stars of the month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from data_access import reference
from data_access.scope import Scope
from i18n import metric_name, t
from metrics import league as leagues
from metrics.alerts import Alert
from metrics.incentives import IncentiveRulesError, load_rules, recognition
from metrics.phase_scorecard import Scorecard, scorecards
from metrics.review import MonthReview, monthly_review
from metrics.settings import Settings, load_settings
from metrics.trend import Trend, trend
from ui.format import UNDEFINED, alert_value, delta, metric_value, month_label, number, percent

KPIS = ("participation_rate", "shares", "reach", "clicks", "leads", "conversion_rate", "revenue",
        "stories", "enps")
TREND_METRICS = ("participation_rate", "shares", "reach", "leads")
LEAGUE_METRICS = ("headcount", "participation_rate", "shares_per_capita", "reach", "leads",
                  "conversion_rate")
TOP_ALERTS = 6              # what fits a slide; the rest is counted, on the Alerts page
MAX_REASONS = 4             # reasons per phase on the scorecard slide


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]     # relative column widths
    right: tuple[int, ...] = ()     # columns of figures, set flush right


@dataclass
class Picture:
    title: str
    png: bytes
    note: str = ""


@dataclass
class DeckContent:
    lang: str
    month: str
    title: str
    facts: list[str]                       # lines under the title: month, phase, data as of
    kpis: Table
    kpis_note: str
    pictures: list[Picture]
    league: Table
    phases: Table
    alerts: Table
    alerts_note: str                       # "n more" or "no alerts"
    star_line: str
    stars: Table
    sections: dict[str, str] = field(default_factory=dict)     # section key -> heading

    def figures(self) -> list[str]:
        """Every text of the content (for tests and checks)."""
        out = [self.title, *self.facts, self.kpis_note, self.alerts_note, self.star_line]
        for table in (self.kpis, self.league, self.phases, self.alerts, self.stars):
            out += table.headers + [c for row in table.rows for c in row]
        return out


def change_text(metric: str, change: dict) -> tuple[str, str]:
    """(absolute change, relative change): rates in percentage points ("+2.1 pp"), the
    relative change with a percent sign ("+3.9 %"), so the two never look alike."""
    absolute = delta(metric, change["delta"]) or UNDEFINED
    pct = change["pct"]
    return absolute, UNDEFINED if pct is None else f"{pct * 100:+.1f} %"


def facts_lines(review: MonthReview, lang: str, today: dt.date) -> list[str]:
    """Month, phase, data as of (when the review says) and the date the deck was made."""
    as_json = review.as_dict(lang)
    lines = [t("deck.month", lang, month=month_label(review.month, lang)),
             t("deck.phase", lang, phase=t(f"phase.{review.phase}", lang)) if review.phase
             else t("deck.phase_none", lang)]
    as_of, complete = as_json.get("data_as_of"), as_json.get("month_complete")
    if as_of:
        lines.append(t("deck.data_as_of", lang, day=as_of))
        if complete is not None:
            lines.append(t("deck.month_complete", lang) if complete
                         else t("deck.month_partial", lang, day=as_of))
    lines.append(t("deck.generated", lang, day=today.isoformat()))
    return lines


def kpi_table(review: MonthReview, lang: str) -> Table:
    company = review.company
    changes, goals = company.changes(), company.attainments()
    rows = []
    for m in KPIS:
        absolute, relative = change_text(m, changes[m])
        goal = goals.get(m)
        rows.append([metric_name(m, lang), metric_value(m, company.values[m], lang),
                     metric_value(m, changes[m]["previous"], lang), absolute, relative,
                     metric_value(m, goal["target"], lang) if goal else UNDEFINED,
                     percent(goal["attainment"], 0) if goal else UNDEFINED])
    headers = [t(f"deck.col.{k}", lang) for k in ("metric", "value", "previous", "change",
                                                    "relative", "target", "attainment")]
    return Table(headers, rows, [2.2, 1.4, 1.4, 1.4, 1.2, 1.4, 1], (1, 2, 3, 4, 5, 6))


def league_table(rows: list[leagues.LeagueRow], review: MonthReview, lang: str) -> Table:
    headers = ([t("col.rank", lang), t("deck.col.department", lang), t("col.in_pilot", lang)]
               + [metric_name(m, lang) for m in LEAGUE_METRICS])
    out = []
    for row in rows:
        values = review.department(row.department_id).values
        out.append([str(row.rank) if row.rank is not None else UNDEFINED, row.name,
                    t("common.yes" if row.in_pilot else "common.no", lang)]
                   + [metric_value(m, values[m], lang) for m in LEAGUE_METRICS])
    return Table(headers, out, [0.7, 2, 0.9] + [1.2] * len(LEAGUE_METRICS),
                 (0,) + tuple(range(3, 3 + len(LEAGUE_METRICS))))


def check_text(check, lang: str, names: dict[str, str]) -> str:
    """One check of a scorecard in words, as the Phases page says it."""
    def fmt(value):
        return metric_value(check.metric, value, lang) if check.metric else UNDEFINED
    return t(f"phases.check.{check.key}", lang,
             metric=metric_name(check.metric, lang) if check.metric else "",
             department=names.get(check.department_id, check.department_id or ""),
             actual=fmt(check.actual), expected=fmt(check.expected),
             ratio=percent(check.ratio, 0), session=check.detail or UNDEFINED) + (
        t("phases.pro_rated", lang) if check.pro_rated else "")


def phase_table(cards: list[Scorecard], lang: str, names: dict[str, str]) -> Table:
    """The phase of the month first, then the others in programme order."""
    current = [c for c in cards if c.status == "current"]
    rows = []
    for card in current + [c for c in cards if c not in current]:
        if card.status == "unscheduled":
            status, verdict, why = t("deck.phase_unscheduled", lang), UNDEFINED, ""
        elif card.status == "upcoming":
            status = t("deck.phase_upcoming", lang, start=card.start.isoformat())
            verdict, why = UNDEFINED, ""
        else:
            status = t(f"phases.status.{card.status}", lang, month=month_label(card.month, lang))
            verdict = t(f"phases.verdict.{card.verdict}", lang)
            reasons = card.reasons()
            lines = [f"{t(f'phases.verdict.{c.verdict}', lang)}: {check_text(c, lang, names)}"
                     for c in reasons[:MAX_REASONS]]
            if len(reasons) > MAX_REASONS:
                lines.append(t("deck.more_checks", lang, n=len(reasons) - MAX_REASONS))
            why = "\n".join(lines)
        rows.append([t(f"phase.{card.phase}", lang), status, verdict, why])
    headers = [t(f"deck.col.{k}", lang) for k in ("phase", "status", "verdict", "why")]
    return Table(headers, rows, [1.1, 1.8, 1, 6])


def top_alerts(review: MonthReview, n: int = TOP_ALERTS) -> list[Alert]:
    """The alerts the deck shows: the review's priority order (metrics.alert_priority)."""
    return review.ranked_alerts()[:n]


def alert_table(review: MonthReview, lang: str) -> tuple[Table, str]:
    names = {d.department_id: d.name for d in review.departments}
    rows = []
    for a in top_alerts(review):
        where = names.get(a.department_id, a.department_id) if a.department_id \
            else t("alerts.company", lang)
        rows.append([f"{t(f'alert.{a.type}', lang)} · {where}\n"
                     f"({t(f'severity.{a.severity}', lang)})",
                     t("deck.alert_figure", lang, metric=metric_name(a.metric, lang),
                       value=alert_value(a.metric, a.value, lang),
                       threshold=alert_value(a.metric, a.threshold, lang)),
                     t(f"alert.{a.type}.cause", lang), t(f"alert.{a.type}.action", lang)])
    headers = [t(f"deck.col.{k}", lang) for k in ("alert", "figure", "cause", "action")]
    more = len(review.alerts) - len(rows)
    note = (t("deck.no_alerts", lang) if not review.alerts
            else t("deck.more_alerts", lang, more=more) if more > 0 else "")
    return Table(headers, rows, [2.2, 2, 3.4, 3.4]), note


def star_content(engine: Engine, month: str, scope: Scope, lang: str, settings: Settings,
                 names: dict[str, str]) -> tuple[str, Table]:
    headers = [t(f"deck.col.{k}", lang) for k in ("department", "name", "score")] + [
        metric_name(m, lang) for m in ("reach", "shares", "leads")]
    empty = Table(headers, [], [2, 1.6, 1, 1.2, 1.2, 1.2], (2, 3, 4, 5))
    try:
        rules = load_rules(None, settings)
    except IncentiveRulesError as exc:
        return t("deck.stars_error", lang, error=str(exc)), empty
    rec = recognition(engine, month, scope, rules)
    star = rec.company_star
    if star is not None:
        line = t("deck.company_star", lang, name=star.name,
                 department=names.get(star.department_id, star.department_id),
                 score=number(star.score, 1))
    elif rec.company_star_department is not None:
        line = t("deck.company_star_elsewhere", lang, department=names.get(
            rec.company_star_department, rec.company_star_department))
    else:
        line = t("deck.no_stars", lang)
    empty.rows = [[names.get(s.department_id, s.department_id), s.name, number(s.score, 1)]
                  + [number(s.figures[m]) for m in ("reach", "shares", "leads")]
                  for s in rec.department_stars]
    return line, empty


def pictures(review: MonthReview, history: Trend, ranked: list[leagues.LeagueRow], lang: str,
             settings: Settings, goals: dict[str, float]) -> list[Picture]:
    from . import chart_images
    threshold = settings.low_participation_threshold
    names = {d.department_id: d.name for d in review.departments}
    return [
        Picture(t("deck.trends", lang),
                chart_images.company_trends_png(history, TREND_METRICS, names, lang, goals,
                                                threshold),
                t("deck.trends_note", lang)),
        Picture(t("deck.department_trend", lang),
                chart_images.department_trend_png(history, review, lang, threshold),
                t("deck.department_trend_note", lang, threshold=percent(threshold, 0))),
        Picture(t("deck.league", lang),
                chart_images.league_png(review, ranked, lang, threshold)),
    ]


def deck_content(engine: Engine, month: str, lang: str = "zh", settings: Settings | None = None,
                 scope: Scope | None = None, today: dt.date | None = None,
                 review: MonthReview | None = None) -> DeckContent:
    """Everything the deck and the PDF show for `month`."""
    settings = settings or load_settings(engine)
    scope = scope or Scope.company()
    review = review or monthly_review(engine, month, settings, today)
    today = today or dt.date.today()
    span = reference.data_span(engine)
    first = span[0] if span else None
    from data_access.months import previous
    history = trend(engine, month, first)
    ranked = leagues.league(review, "participation_rate", False,
                            leagues.comparable(previous(month), first), history)
    names = {d.department_id: d.name for d in review.departments}
    goals = {m: g["target"] for m, g in review.company.attainments().items()}
    alerts, alerts_note = alert_table(review, lang)
    star_line, stars = star_content(engine, month, scope, lang, settings, names)
    return DeckContent(
        lang=lang, month=month, title=t("deck.title", lang),
        facts=facts_lines(review, lang, today),
        kpis=kpi_table(review, lang), kpis_note=t("deck.kpis_note", lang),
        pictures=pictures(review, history, ranked, lang, settings, goals),
        league=league_table(ranked, review, lang),
        phases=phase_table(scorecards(engine, month, settings, today), lang, names),
        alerts=alerts, alerts_note=alerts_note, star_line=star_line, stars=stars,
        sections={k: t(f"deck.{k}", lang) for k in ("kpis", "league_table", "phases",
                                                    "alerts", "stars")})

