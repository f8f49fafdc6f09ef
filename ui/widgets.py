"""Pickers shared by pages: month and department, kept across pages in session state."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from auth.roles import User

from . import data
from .format import day_label, month_label
from .session import lang, tr


def month_options() -> list[str]:
    """Months holding data, newest first (only those: a stray date does not fill the picker
    with the empty months in between)."""
    return data.data_months()[::-1]


def month_picker() -> str | None:
    """Sidebar month picker; defaults to the latest month with data. None without data.

    The choice is kept under a plain key ("month") beside the widget's own, so it survives
    switching pages (a widget's state is dropped on runs that do not draw it)."""
    options = month_options()
    if not options:
        return None
    if st.session_state.get("month") not in options:
        st.session_state["month"] = options[0]
    st.session_state["month_picker"] = st.session_state["month"]

    def remember():
        st.session_state["month"] = st.session_state["month_picker"]

    chosen_lang = lang()  # bound now: format_func may run where session state is not at hand
    st.sidebar.selectbox(tr("widget.month"), options, key="month_picker", on_change=remember,
                         format_func=lambda m: month_label(m, chosen_lang))
    data_as_of_caption(st.sidebar)
    return st.session_state["month"]


def data_as_of_caption(where) -> None:
    """"Data through 20 Nov" beside the month, on every page with the month picker."""
    day = data.data_as_of(dt.date.today()).day
    where.caption(tr("asof.line", date=day_label(day, lang())) if day else tr("asof.none"))


def department_picker(user: User, key: str = "department") -> str | None:
    """Departments the user may drill into (their own for a department head)."""
    allowed = [d for d in data.departments() if user.scope.allows(d.department_id)]
    if not allowed:
        return None
    ids = [d.department_id for d in allowed]
    names = {d.department_id: d.name for d in allowed}
    wanted = st.query_params.get("department")
    if wanted in ids and key not in st.session_state:
        st.session_state[key] = wanted
    if st.session_state.get(key) not in ids:
        st.session_state[key] = ids[0]
    chosen = st.selectbox(tr("widget.department"), ids, key=key,
                          format_func=lambda d: f"{names[d]} ({d})")
    return chosen
