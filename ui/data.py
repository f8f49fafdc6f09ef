"""Cached reads for the pages. Keys are (month, scope), never the user, so nothing
per-user sits in the shared cache. `clear()` runs after every import."""
from __future__ import annotations

import streamlit as st

import datetime as dt

from data_access import coverage, reference
from metrics.review import MonthReview, monthly_review
from metrics.settings import file_defaults

from .session import engine, settings

TTL = int(file_defaults().get("app.cache_ttl_seconds", 600))


@st.cache_data(ttl=TTL, show_spinner=False)
def review(month: str) -> MonthReview:
    return monthly_review(engine(), month, settings())


@st.cache_data(ttl=TTL, show_spinner=False)
def data_span() -> tuple[str, str] | None:
    return reference.data_span(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def data_months() -> list[str]:
    return reference.data_months(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def departments() -> list[reference.DepartmentRow]:
    return reference.departments(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def phases() -> list[reference.PhaseRow]:
    return reference.phases(engine())


@st.cache_data(ttl=TTL, show_spinner=False)
def data_as_of(today: dt.date) -> coverage.DataAsOf:
    """How far the tracking data reach (per table), as of `today`."""
    return coverage.data_as_of(engine(), today)


def clear() -> None:
    st.cache_data.clear()
