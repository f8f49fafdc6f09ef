"""Cached loaders for the overview pages (review, phases, league, alerts).

Like ui.data: keyed on month and view arguments only, never on the user — every
result here is a department aggregate anyone allowed on these pages may see — with
the shared TTL, and emptied by ui.data.clear() after an import.
"""
from __future__ import annotations

import datetime as dt


from metrics import alert_history, league, phase_scorecard, trend as trends

from . import data
from .data import TTL
from .session import engine, settings
from .versioned import cached


def first_month() -> str | None:
    span = data.data_span()
    return span[0] if span else None


@cached(ttl=TTL)
def trend(month: str) -> trends.Trend:
    return trends.trend(engine(), month, first_month())


@cached(ttl=TTL)
def league_rows(month: str, metric: str, capita: bool) -> list[league.LeagueRow]:
    from data_access.months import previous
    return league.league(data.review(month), metric, capita,
                         league.comparable(previous(month), first_month()), trend(month))


@cached(ttl=TTL)
def award(month: str) -> league.Award | None:
    return league.department_of_the_month(data.review(month))


@cached(ttl=TTL)
def scorecards(month: str, today: dt.date) -> list[phase_scorecard.Scorecard]:
    return phase_scorecard.scorecards(engine(), month, settings(), today)


@cached(ttl=TTL)
def cohort_comparison(month: str) -> list[dict]:
    return phase_scorecard.cohorts(engine(), month).comparison()


@cached(ttl=TTL)
def alert_streaks(month: str, today: dt.date) -> list[alert_history.AlertStreak]:
    return alert_history.alert_streaks(engine(), data.review(month), settings(), first_month(),
                                       today)
