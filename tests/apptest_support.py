"""Running the app with streamlit's AppTest as a logged-in user.

AppTest runs app.py first; after that, `open_page` executes a file under pages/
directly (without app.py), which is why every page checks its own role.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DEMO_PASSWORD = "demo-2026"


def prepare(monkeypatch, database_url: str) -> None:
    """Point the app at a database, in demo mode (demo users), with empty caches."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    st.cache_data.clear()
    # the deployed config hides error details from users; tests want to read them
    st_config.set_option("client.showErrorDetails", "full")


def login(username: str, password: str = DEMO_PASSWORD, lang: str | None = None) -> AppTest:
    """The app after submitting the login form."""
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    return at


def open_page(at: AppTest, page: str, **query) -> AppTest:
    """Open pages/<page>.py in the logged-in session (query parameters optional)."""
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def rendered_text(at: AppTest) -> str:
    """Every piece of text the run put on screen (markdown, metrics, tables, captions, ...)."""
    parts: list[str] = []

    def walk(node):
        for attr in ("value", "label", "body", "help", "options", "placeholder"):
            v = getattr(node, attr, None) if not callable(getattr(node, attr, None)) else None
            if v is not None:
                parts.append(v.to_csv() if hasattr(v, "to_csv") else str(v))
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values() if hasattr(node, "children") else ():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def show(at: AppTest, page: str, month: str | None = None) -> AppTest:
    """Open a page, pick a month if given, and insist the run raised nothing."""
    open_page(at, page)
    if month is not None and at.selectbox(key="month_picker").value != month:
        at.selectbox(key="month_picker").set_value(month).run()
    assert not at.exception, (page, month, at.exception)
    return at


class DownloadSpy:
    """Every byte string handed to a download button while installed."""

    def __init__(self) -> None:
        self.files: list[bytes] = []

    def texts(self) -> list[str]:
        """Each file as text: .xlsx cell by cell, CSV decoded."""
        import io

        from openpyxl import load_workbook
        out = []
        for data in self.files:
            if data[:2] == b"PK":
                wb = load_workbook(io.BytesIO(data), read_only=True)
                out.append("\n".join(str(c) for ws in wb.worksheets
                                     for row in ws.iter_rows(values_only=True) for c in row))
            else:
                out.append(data.decode("utf-8-sig", errors="replace"))
        return out
