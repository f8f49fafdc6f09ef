"""Helpers of the browser tests: the app server they start, and how to drive Streamlit.

Streamlit paints grey skeletons first, marks the previous run's elements stale while a
run is going, and shows a status widget ("Running...") meanwhile; `settle` waits until
all of that is over, so assertions and screenshots see real content.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update",
                 "--disable-sync"]
DEMO_PASSWORD = "demo-2026"
DEMO_USERS = ("committee", "marketing", "admin", "head_sales", "head_rnd")
VIEWPORT = {"width": 1400, "height": 900}
# the test's own signing key (the server gets it too), so no key of a real deployment is used
COOKIE_KEY = "e2e-" + "0123456789abcdef" * 4


def chromium_or_fail():
    """The Chromium binary; missing: a failure under CI=true, a skip on a developer machine."""
    import pytest
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = (f"{CHROMIUM} is missing: install Debian's chromium package "
               "(scripts/test.sh does it when run as root)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`streamlit run app.py` on 127.0.0.1 and a free port, demo mode, a given database."""

    def __init__(self, database_url: str, log_name: str):
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUTPUT / log_name
        self.process: subprocess.Popen | None = None
        self.extra_args: list[str] = []      # more `streamlit run` options (e.g. secrets.files)
        self.extra_env: dict[str, str] = {}

    def start(self, timeout: float = 90) -> "AppServer":
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
        env.update(DATABASE_URL=self.database_url, DASHBOARD_DEMO="1",
                   DASHBOARD_COOKIE_KEY=COOKIE_KEY, PYTHONUNBUFFERED="1")
        env.update(self.extra_env)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false", "--client.showErrorDetails", "full",
             *self.extra_args],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app server exited: see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the app server did not answer in {timeout}s: see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def reset_output(sub: str) -> Path:
    path = OUTPUT / sub
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- driving the page ------------------------------------------------------------------

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'


def settle(page, timeout: float = 90_000) -> None:
    """Wait for the end of the current script run and for real content (no skeleton, no
    stale element, no status widget)."""
    page.wait_for_timeout(120)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'))
                return false;
            if (document.querySelector('[data-stale="true"]')) return false;
            // tables draw on a canvas; their accessible copy (read by the checks) comes after
            return [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                .every(d => d.querySelector('[role="grid"] td, [role="grid"] [role="gridcell"]'));
        }""",
        timeout=timeout, polling=100)
    page.wait_for_timeout(50)


def heading(page) -> str:
    loc = page.locator(f"{MAIN} h1")
    return loc.first.inner_text().strip() if loc.count() else ""


def wait_heading(page, starts_with: str, timeout: float = 90_000) -> str:
    page.wait_for_function(
        """(prefix) => { const h = document.querySelector('[data-testid="stMain"] h1');
                          return h && h.innerText.trim().startsWith(prefix); }""",
        arg=starts_with, timeout=timeout, polling=200)
    settle(page, timeout)
    return heading(page)


def login_form_visible(page) -> bool:
    return page.locator('[data-testid="stTextInput"] input[type="password"]').count() > 0


def wait_login_form(page, timeout: float = 180_000) -> None:
    page.locator('[data-testid="stTextInput"] input[type="password"]').wait_for(timeout=timeout)
    settle(page, timeout)


def submit_login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    inputs = page.locator('[data-testid="stForm"] [data-testid="stTextInput"] input')
    inputs.nth(0).fill(username)
    inputs.nth(1).fill(password)
    page.locator('[data-testid="stForm"] [data-testid="stBaseButton-secondaryFormSubmit"], '
                 '[data-testid="stForm"] button[kind="secondaryFormSubmit"], '
                 '[data-testid="stForm"] [data-testid="stFormSubmitButton"] button').first.click()


def nav_links(page) -> dict[str, str]:
    """The sidebar navigation: {shown title: href}."""
    out = {}
    links = page.locator('[data-testid="stSidebarNav"] a')
    for i in range(links.count()):
        link = links.nth(i)
        text = [t for t in link.inner_text().splitlines() if t.strip()][-1].strip()
        out[text] = link.get_attribute("href")
    return out


def click_nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def main_text(page) -> str:
    """The main area's text, with the tables' (drawn on a canvas, kept in an accessible
    grid that inner text leaves out)."""
    grids = page.locator(f'{MAIN} [role="grid"]')
    return "\n".join([page.locator(MAIN).inner_text()]
                     + [grids.nth(i).text_content() or "" for i in range(grids.count())])


def metric_texts(page) -> list[str]:
    return [" ".join(t.split()) for t in
            page.locator('[data-testid="stMetric"]').all_inner_texts()]


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def wait_cookie(context, name: str, timeout: float = 15) -> dict | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for cookie in context.cookies():
            if cookie["name"] == name:
                return cookie
        time.sleep(0.2)
    return None


def full_screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main container, not the document, so the
    viewport is made as tall as the content for the shot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m ? m.scrollHeight : document.documentElement.scrollHeight; }""")
    height = max(VIEWPORT["height"], min(int(height or 0) + 40, 12000))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    try:
        page.wait_for_timeout(200)        # charts and tables lay out again
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(VIEWPORT)


def alert_texts(page) -> list[str]:
    """The text of every st.error / st.warning / st.info / st.success box (without the
    icon, whose name is text in an icon font)."""
    boxes = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
    return [" ".join(t.split()) for t in boxes.all_inner_texts()]


def wait_alert(page, text: str, timeout: float = 90_000) -> None:
    page.locator('[data-testid="stAlert"]').filter(has_text=text).first.wait_for(timeout=timeout)
    settle(page, timeout)


# --- a PostgreSQL database of the test's own -------------------------------------------

def postgres_url_or_skip() -> str:
    """TEST_POSTGRES_URL; missing: a failure under CI=true, a skip on a developer machine."""
    import pytest
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI needs TEST_POSTGRES_URL: the PostgreSQL tests must not be skipped")
        pytest.skip("TEST_POSTGRES_URL not set")
    return url


class PostgresDatabase:
    """A database created for one test on the server of TEST_POSTGRES_URL, and taken away
    from the app without touching the server (others share it): new connections refused,
    open ones ended."""

    def __init__(self, server_url: str, name: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        base = make_url(server_url)
        self.name = name
        self.url = base.set(database=name).render_as_string(hide_password=False)
        # CREATE/ALTER/DROP DATABASE run outside a transaction, from the maintenance db
        self._admin = create_engine(base.set(database="postgres"),
                                    isolation_level="AUTOCOMMIT", pool_pre_ping=True)

    def _run(self, *statements: str) -> None:
        from sqlalchemy import text
        with self._admin.connect() as conn:
            for sql in statements:
                conn.execute(text(sql))

    def create(self) -> "PostgresDatabase":
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                  f'CREATE DATABASE "{self.name}"')
        return self

    def make_unavailable(self) -> None:
        self._run(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false',
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()")

    def make_available(self) -> None:
        self._run(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def drop(self) -> None:
        try:
            self.make_available()
            self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            self._admin.dispose()
