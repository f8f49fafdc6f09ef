"""Cached reads for My team, Pilot monitor and Data.

The shared cache is keyed by what is asked (month, Scope, department, ...),
never by the user: Scope is a frozen dataclass, so two heads of the same
department share an entry, and a head's scope can never hit an entry filled
for a wider one. `ui.data.clear()` (st.cache_data.clear) empties these too.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access import content_stats, import_log, people, reference
from data_access.scope import Scope
from metrics import pilot, team

from . import data
from .data import TTL, data_span
from .session import engine
from .versioned import cached


@cached(ttl=TTL)
def team_month(month: str, scope: Scope, department_id: str | None) -> list[dict]:
    return people.team_month(engine(), month, scope, department_id)


@cached(ttl=TTL)
def person_month(month: str, scope: Scope, employee_id: str) -> dict | None:
    return people.person_month(engine(), month, scope, employee_id)


@cached(ttl=TTL)
def department_trend(month: str, department_id: str) -> list[dict]:
    """Department aggregates only (no people), so no scope in the key."""
    span = data_span()
    return team.department_trend(engine(), month, department_id,
                                 first_month=span[0] if span else None)


@cached(ttl=TTL)
def pilot_weeks(months: tuple[str, ...], department_ids: tuple[str, ...],
                today: dt.date) -> list[dict]:
    """`today` is part of the key: weeks after it are not judged yet."""
    deps = [d for d in reference.departments(engine()) if d.department_id in department_ids]
    return pilot.pilot_weeks(engine(), list(months), deps,
                             reference.targets(engine(), list(months)), today)


@cached(ttl=TTL)
def channel_mix(department_ids: tuple[str, ...], start: dt.date, end: dt.date) -> list[dict]:
    return content_stats.channel_mix(engine(), department_ids, start, end)


@cached(ttl=TTL)
def top_content(department_ids: tuple[str, ...], start: dt.date, end: dt.date,
                by: str) -> list[dict]:
    return content_stats.top_content(engine(), department_ids, start, end, by)


@cached(ttl=TTL)
def unapproved_shares(department_ids: tuple[str, ...] | None, start: dt.date,
                      end: dt.date) -> list[dict]:
    return content_stats.unapproved_shares(engine(), department_ids, start, end)


@cached(ttl=TTL)
def unapproved_table(start: dt.date, end: dt.date, language: str) -> pilot.Unapproved:
    """The pilot page's compliance table of every department, built once per range and
    language (thousands of rows: building it took most of a warm page run)."""
    names = {d.department_id: d.name for d in data.departments()}
    return pilot.unapproved(unapproved_shares(None, start, end), names, language)


@cached(ttl=TTL)
def import_history() -> list[dict]:
    return import_log.import_history(engine())


@cached(ttl=TTL)
def freshness() -> list[dict]:
    return import_log.freshness(engine())
