"""Imported names are text, never markup: a company whose departments, employees, content
and training sessions are named with Markdown and HTML - an image pointing at a server the
test runs on 127.0.0.1 (a tracking pixel), autolinks, KaTeX, :red[...], bold, a line break
followed by a heading, raw HTML - shows those characters literally on every page, and the
browser never asks for the image. Screenshots go to test-output/e2e/hostile/.
"""
from __future__ import annotations

import csv
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from i18n import t
from tests.e2e.support import (VIEWPORT, AppServer, click_nav, exceptions, full_screenshot,
                               main_text, reset_output, settle, submit_login,
                               wait_heading, wait_login_form)

PAGES = ("review", "phases", "league", "team", "pilot", "alerts", "recognition", "health",
         "data", "admin")


class Pixel:
    """An HTTP server on the loopback that records every path asked of it."""

    def __init__(self):
        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def hostile(tag: str, pixel: str) -> str:
    """Every kind of markup, under 200 characters; `tag` tells the rows apart."""
    return (f"{tag}![pic]({pixel}/{tag}.gif)<{pixel}/{tag}-auto> www.{tag}.example "
            f"$x^{tag}$ :red[{tag}RED] **{tag}BOLD** <b>{tag}RAW</b>"
            f"<img src=\"{pixel}/{tag}-raw.gif\">\n\n# {tag}HEADING")


def rewrite(path, column, make):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for i, row in enumerate(rows):
        row[column] = make(i, row)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def pixel():
    server = Pixel()
    yield server
    server.close()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, sample_dir_module, pixel):
    from data_access.db import get_engine
    from data_access.importing import import_path
    folder = tmp_path_factory.mktemp("hostile-co")
    for f in sample_dir_module.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    sessions = {}
    rewrite(folder / "departments.csv", "name", lambda i, r: hostile(f"D{i}", pixel.url))
    rewrite(folder / "employees.csv", "name", lambda i, r: hostile(f"E{i}", pixel.url))
    rewrite(folder / "content.csv", "title", lambda i, r: hostile(f"C{i}", pixel.url))
    rewrite(folder / "trainings.csv", "session",
            lambda i, r: sessions.setdefault(r["session"], hostile(f"T{len(sessions)}", pixel.url)))
    # a burst of 20 shares in ten minutes: a suspected-gaming alert, with its evidence
    with (folder / "shares.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([f"burst{i}", "e02", "c1", "wecom_moments",
                                 f"2026-05-10 09:{i // 2:02d}", 10, 1] for i in range(20))
    db = tmp_path_factory.mktemp("hostile-db") / "dashboard.db"
    result = import_path(get_engine(f"sqlite:///{db}"), folder, imported_by="test")
    assert result.ok, result.problems[:5]
    server = AppServer(f"sqlite:///{db}", "server-hostile.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sample_dir_module():
    from tests.conftest import SAMPLE_DIR
    return SAMPLE_DIR / "tiny-co"


def wait_page(page, prefix: str) -> None:
    """The page's heading and the end of its run. (support.settle also waits for every
    table's cells, which a table inside a collapsed expander never draws.)"""
    page.wait_for_function(
        """(prefix) => {
            const h = document.querySelector('[data-testid="stMain"] h1');
            const app = document.querySelector('[data-testid="stApp"]');
            return h && h.innerText.trim().startsWith(prefix) && app
                && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
        }""", arg=prefix, timeout=90_000, polling=100)
    page.wait_for_timeout(300)


MARKUP = """(port) => {
    const found = [];
    for (const img of document.querySelectorAll('img'))
        if ((img.getAttribute('src') || '').includes(port)) found.push('img ' + img.src);
    for (const a of document.querySelectorAll('a'))
        if (a.href.includes(port) || /example/i.test(a.href) || /[DECT]\\d/.test(a.innerText))
            found.push('link ' + a.href);
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        if (/^[DECT]\\d+HEADING$/.test(h.innerText.trim())) found.push('heading ' + h.innerText);
    for (const k of document.querySelectorAll('.katex, .katex-display, math'))
        found.push('katex ' + k.textContent);
    for (const b of document.querySelectorAll('strong, b, em'))
        if (/^[DECT]\\d+(BOLD|RAW)$/.test(b.innerText.trim())) found.push('bold ' + b.innerText);
    for (const s of document.querySelectorAll('span[style*="color"], span[class*="red"]'))
        if (/^[DECT]\\d+RED$/.test(s.innerText.trim())) found.push('colour ' + s.innerText);
    return found;
}"""


def test_hostile_names_render_as_plain_text_on_every_page(hostile_app, browser, pixel):
    out = reset_output("hostile")
    port = pixel.url.rsplit(":", 1)[1]
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(90_000)
    page = context.new_page()
    try:
        page.goto(hostile_app.url + "/")
        wait_login_form(page)
        submit_login(page, "admin")
        wait_heading(page, t("page.review", "zh"))
        literal, found = set(), {}
        for key in PAGES:
            if key != "review":
                click_nav(page, t(f"page.{key}", "zh"))
                try:
                    wait_page(page, t(f"page.{key}", "zh"))
                except Exception:
                    page.screenshot(path=str(out / f"{key}-failed.png"))
                    raise
            page.wait_for_timeout(500)           # images, if any, would be asked for by now
            full_screenshot(page, out / f"{key}.png")
            assert not exceptions(page), (key, exceptions(page))
            found[key] = page.evaluate(MARKUP, port)
            if key == "alerts":      # the evidence expanders' labels carry department names
                expander_labels = page.locator('[data-testid="stExpander"] summary').all_inner_texts()
            text = main_text(page)
            literal |= {(key, kind) for kind in re.findall(r"\*\*([DECT])\d+BOLD\*\*", text)}
        assert {k: v for k, v in found.items() if v} == {}
        # the names are shown as typed, not dropped: departments, people, content, sessions
        assert literal >= {("review", "D"), ("league", "D"), ("team", "D"), ("team", "E"),
                           ("recognition", "D"), ("recognition", "E"), ("pilot", "D"),
                           ("pilot", "C"), ("phases", "T"), ("alerts", "D")}, sorted(literal)
        assert expander_labels and all("**D" in label for label in expander_labels)
        assert pixel.seen == []
    finally:
        context.close()
