"""The deployment in small: deploy/local.sh starts nginx (deploy/nginx/dashboard.conf, the
file docker-compose.yml and the servers use) in front of two app processes on one database.

In a real browser, through the proxy: a session on each process signs in, opens pages,
downloads a file and uploads an import; every request of a browser reaches the process
its sticky cookie chose (the proxy's access log names the process of every request), and
an import through one process shows in the other on its very next run (not after the
cache's TTL). Then SIGTERM to local.sh stops the proxy and both processes.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from i18n import t
from tests.e2e.support import (COOKIE_KEY, OUTPUT, ROOT, VIEWPORT, click_nav, exceptions,
                               free_port, full_screenshot, main_text, reset_output, settle,
                               submit_login, wait_alert, wait_heading, wait_login_form)

ROUTE = "dashboard_route"
MARK = "\x00"
NEW_NAME = "代理测试部"
LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ '
                  r'upstream=(?P<upstream>\S+) route=(?P<route>\S+)')


def nginx_or_fail() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found:
        return found
    message = "nginx is missing: install Debian's nginx-light (deploy/local.sh does it as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Deployment:
    """deploy/local.sh --processes 2 on a fresh SQLite database, in the foreground."""

    def __init__(self, workdir: Path):
        self.run_dir = workdir / "run"
        self.database_url = f"sqlite:///{workdir / 'dashboard.db'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = OUTPUT / "proxy-local-sh.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 400) -> "Deployment":
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
        env.update(DATABASE_URL=self.database_url, DASHBOARD_DEMO="1",
                   DASHBOARD_COOKIE_KEY=COOKIE_KEY, PYTHONUNBUFFERED="1")
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["bash", "deploy/local.sh", "--processes", "2", "--port", str(self.port),
             "--run-dir", str(self.run_dir)],
            cwd=ROOT, env=env, stdout=self.log_path.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"deploy/local.sh exited: see {self.log_path}")
            if "local.sh: http://" in self.log_path.read_text(errors="replace"):
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=5) as r:
                    assert r.status == 200
                return self
            time.sleep(0.5)
        raise RuntimeError(f"deploy/local.sh did not come up in {timeout}s: see {self.log_path}")

    def backends(self) -> list[str]:
        conf = (self.run_dir / "dashboard.d" / "upstream-servers.conf").read_text()
        return re.findall(r"server (\S+) ", conf)

    def requests(self, route: str) -> list[dict]:
        """The proxy's access log lines of one browser (its sticky cookie)."""
        lines = (self.run_dir / "access.log").read_text(errors="replace").splitlines()
        return [m.groupdict() for m in map(LINE.search, lines) if m and m["route"] == route]

    def stop(self) -> int | None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode if self.process else None


@pytest.fixture(scope="module")
def deployment(browser, tmp_path_factory):
    nginx_or_fail()
    deployed = Deployment(tmp_path_factory.mktemp("proxy")).start()
    try:
        yield deployed
    finally:
        deployed.stop()


@pytest.fixture(scope="module")
def departments(deployment):
    engine = create_engine(deployment.database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT department_id, name, in_pilot FROM departments "
                                 "ORDER BY department_id")).all()
    engine.dispose()
    return rows


def departments_csv(rows, renamed: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["department_id", "name", "in_pilot"])
    for department_id, name, in_pilot in rows:
        writer.writerow([department_id, renamed.get(department_id, name),
                         "true" if in_pilot else "false"])
    return out.getvalue().encode("utf-8")


def title_prefix(key: str) -> str:
    return t(key, "zh", month=MARK).split(MARK)[0]


def page_on(browser, deployment, backend: str, tries: int = 16):
    """A fresh browser whose sticky cookie (set by the proxy on its first request) chose
    `backend`; browsers that landed on the other process are closed."""
    for _ in range(tries):
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(90_000)
        page = context.new_page()
        page.goto(deployment.url + "/")
        wait_login_form(page)
        route = next(c["value"] for c in context.cookies() if c["name"] == ROUTE)
        if {r["upstream"] for r in deployment.requests(route)} == {backend}:
            return context, page, route
        context.close()
    raise AssertionError(f"no browser landed on {backend} in {tries} tries")


def sign_in(page) -> None:
    submit_login(page, "marketing")
    wait_heading(page, title_prefix("review.title"))


def open_page(page, key: str, heading_key: str) -> str:
    click_nav(page, t(f"page.{key}", "zh"))
    wait_heading(page, title_prefix(heading_key))
    assert not exceptions(page), exceptions(page)
    return main_text(page)


def download_template(page, out: Path) -> bytes:
    from data_access.importing import read_template_csv
    with page.expect_download() as info:
        page.get_by_role("button", name="departments.csv").click()
    target = out / f"departments-template-{time.monotonic_ns()}.csv"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data == read_template_csv("departments")
    return data


def upload_and_import(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    button = page.get_by_role("button", name=t("data.import", "zh"), exact=True)
    deadline = time.monotonic() + 60
    while not button.is_enabled():          # the upload's rerun enables the button
        assert time.monotonic() < deadline, "the import button stayed disabled"
        page.wait_for_timeout(200)
    settle(page)
    button.click()
    wait_alert(page, t("data.imported", "zh", files="1"))
    assert not exceptions(page), exceptions(page)


def test_two_processes_behind_the_proxy(browser, deployment, departments):
    out = reset_output("proxy")
    first, second = deployment.backends()
    dep_id, old_name = departments[0][0], departments[0][1]
    ctx_a, page_a, route_a = page_on(browser, deployment, first)
    ctx_b, page_b, route_b = page_on(browser, deployment, second)
    try:
        # B signs in and reads the review and the import history: now in B's caches
        sign_in(page_b)
        assert old_name in main_text(page_b) and NEW_NAME not in main_text(page_b)
        history_b = open_page(page_b, "data", "page.data")
        assert "upload: departments.csv" not in history_b

        # A signs in, opens pages, downloads a template and imports a renamed department
        sign_in(page_a)
        open_page(page_a, "league", "league.title")
        open_page(page_a, "phases", "phases.title")
        full_screenshot(page_a, out / "a-phases.png")
        open_page(page_a, "data", "page.data")
        download_template(page_a, out)
        upload_and_import(page_a, "departments.csv",
                          departments_csv(departments, {dep_id: NEW_NAME}))
        full_screenshot(page_a, out / "a-data-after-import.png")

        # B's next run shows A's import: the new name on the review, the run in the history
        review_b = open_page(page_b, "review", "review.title")
        assert NEW_NAME in review_b and old_name not in review_b
        history_b = open_page(page_b, "data", "page.data")
        assert "upload: departments.csv" in history_b
        full_screenshot(page_b, out / "b-data-sees-a-import.png")

        # and the other way round: B downloads, imports the old name back; A sees it at once
        download_template(page_b, out)
        upload_and_import(page_b, "departments.csv", departments_csv(departments, {}))
        review_a = open_page(page_a, "review", "review.title")
        assert old_name in review_a and NEW_NAME not in review_a
        full_screenshot(page_a, out / "a-review-sees-b-import.png")
    finally:
        ctx_a.close()
        ctx_b.close()

    # every request of each browser went to its own process: pages, the websocket,
    # the uploads and the downloads
    for route, backend in ((route_a, first), (route_b, second)):
        deadline = time.monotonic() + 15      # a websocket is logged once it has closed
        while not any(r["path"] == "/_stcore/stream" for r in deployment.requests(route)) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        requests = deployment.requests(route)
        assert {r["upstream"] for r in requests} == {backend}, requests
        kinds = sorted({(r["method"], r["path"][:40], r["status"]) for r in requests})
        uploads = [r for r in requests if r["path"].startswith("/_stcore/upload_file/")]
        downloads = [r for r in requests if r["path"].startswith("/media/")]
        streams = [r for r in requests if r["path"] == "/_stcore/stream"]
        assert uploads and all(r["status"] in ("200", "204") for r in uploads), kinds
        assert downloads and all(r["status"] == "200" for r in downloads), kinds
        assert streams, kinds


def test_sigterm_stops_the_proxy_and_every_process(deployment):
    ports = [int(b.rsplit(":", 1)[1]) for b in deployment.backends()] + [deployment.port]
    assert deployment.stop() is not None
    for port in ports:
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
