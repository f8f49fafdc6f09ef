"""Server CPU per warm page, as a real browser asks for it.

    flock <lock> .venv/bin/python bench/browser_cpu.py [--repeat 3] [--user admin]

Starts the app (demo mode, a fresh SQLite database: tests/e2e/support.AppServer) and
Debian's Chromium; signs in as --user (admin opens every page) and opens each page of the
navigation once to warm the caches, then --repeat more times, reading the app process's
CPU time (utime + stime, /proc) before the click and after the run has settled. Every
script run the click causes counts (a switch_page, a rerun), none of the browser's own.
Also timed: a reload of a page (a new session signed in by its cookie) and the sign-in.
Results on stdout and bench/out/browser_cpu.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from auth.roles import PAGE_ROLES  # noqa: E402
from auth.users import DEMO_USERS_FILE, load_users_config, user_from_config  # noqa: E402
from bench.load import title_prefixes  # noqa: E402
from i18n import t  # noqa: E402
from tests.e2e.support import (CHROMIUM, CHROMIUM_ARGS, VIEWPORT, AppServer, click_nav,  # noqa: E402
                               settle, submit_login, wait_login_form)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_page(page, key: str) -> None:
    prefixes = list(title_prefixes(key))
    page.wait_for_function(
        """(ps) => { const h = document.querySelector('[data-testid="stMain"] h1');
                      return h && ps.some(p => h.innerText.trim().startsWith(p)); }""",
        arg=prefixes, timeout=120_000, polling=100)
    settle(page, 120_000)
    page.wait_for_timeout(300)          # late reruns (a component's value) land too


def measure(pid: int, action) -> float:
    before = cpu_seconds(pid)
    action()
    return cpu_seconds(pid) - before


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--user", default="admin")
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    db = out / "browser_cpu.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    user = user_from_config(load_users_config(DEMO_USERS_FILE), args.user)
    pages = [p for p in PAGE_ROLES if user.may_open(p)]
    server = AppServer(f"sqlite:///{db}", "browser-cpu-server.log")
    server.log_path = out / "browser-cpu-server.log"
    server.start()
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    result: dict = {"user": args.user, "repeat": args.repeat, "pages": {}}
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        page = context.new_page()
        page.goto(server.url + "/")
        wait_login_form(page, timeout=300_000)           # the demo company loads first
        pid = server.process.pid
        result["sign_in_cpu_s"] = round(measure(pid, lambda: (
            submit_login(page, args.user), wait_page(page, user.home))), 3)
        for key in pages:                                # warm every page once
            click_nav(page, t(f"page.{key}", "zh"))
            wait_page(page, key)
        for key in pages:
            samples = []
            for _ in range(args.repeat):
                other = pages[0] if key != pages[0] else pages[1]
                click_nav(page, t(f"page.{other}", "zh"))
                wait_page(page, other)
                samples.append(measure(pid, lambda: (click_nav(page, t(f"page.{key}", "zh")),
                                                     wait_page(page, key))))
            result["pages"][key] = {"median_cpu_s": round(statistics.median(samples), 3),
                                    "samples": [round(s, 3) for s in samples]}
        result["reload_cpu_s"] = round(measure(pid, lambda: (page.reload(),
                                                             wait_page(page, pages[-1]))), 3)
        browser.close()
    finally:
        pw.stop()
        server.stop()
    print(f"\nserver CPU per warm page ({args.user}, median of {args.repeat}):")
    for key, r in result["pages"].items():
        print(f"  {key:<12} {r['median_cpu_s']:.3f} s   {r['samples']}")
    print(f"  sign-in {result['sign_in_cpu_s']:.3f} s, reload of {pages[-1]} "
          f"{result['reload_cpu_s']:.3f} s")
    result["at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    (out / "browser_cpu.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
