"""Server CPU per warm page, as a real browser asks for it.

    flock <lock> .venv/bin/python bench/browser_cpu.py [--repeat 3] [--user admin]
                                                       [--baseline GIT-REF]

Starts the app (demo mode, a fresh SQLite database, no file watcher: as
tests/e2e/support.AppServer does) and Debian's Chromium; signs in as --user (admin opens
every page) and opens each page of the navigation once to warm the caches, then --repeat
more times, reading the app process's CPU time (utime + stime, /proc) before the click and
after the run has settled. Every script run the click causes counts (a switch_page, a
rerun), none of the browser's own. Also timed: the sign-in and a reload of a page (a new
session signed in by its cookie).

With --baseline, the same for the code of that commit (`git archive` into bench/out/),
in a second app process started beside the first; the pages are measured in turns, one
process then the other, so both see the same machine. Results on stdout and
bench/out/browser_cpu.json.
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


def start_server(source: Path, db: Path, log: Path) -> AppServer:
    """AppServer, run from `source` (this checkout, or a baseline's files)."""
    import subprocess
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    server = AppServer(f"sqlite:///{db}", log.name)
    server.log_path = log
    if source == ROOT:
        return server.start(timeout=180)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
    env.update(DATABASE_URL=server.database_url, DASHBOARD_DEMO="1", PYTHONUNBUFFERED="1",
               DASHBOARD_COOKIE_KEY="bench-" + "0123456789abcdef" * 4)
    server.process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(server.port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=source, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    from deploy.wait_healthy import wait
    if not wait(server.url, 180):
        raise RuntimeError(f"the baseline server did not start: see {log}")
    return server


def baseline_source(ref: str, out: Path) -> Path:
    import shutil
    import subprocess
    target = out / f"baseline-{ref}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


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
    ap.add_argument("--baseline", help="a git commit to measure beside this checkout")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    user = user_from_config(load_users_config(DEMO_USERS_FILE), args.user)
    pages = [p for p in PAGE_ROLES if user.may_open(p)]
    sources = {"current": ROOT}
    if args.baseline:
        sources["baseline"] = baseline_source(args.baseline, out)
    servers = {name: start_server(src, out / f"browser_cpu-{name}.db",
                                  out / f"browser-cpu-{name}.log")
               for name, src in sources.items()}
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    result: dict = {"user": args.user, "repeat": args.repeat, "baseline": args.baseline,
                    "runs": {name: {"pages": {}} for name in servers}}
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tabs = {}
        for name, server in servers.items():
            tab = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
            tab.goto(server.url + "/")
            wait_login_form(tab, timeout=300_000)        # the demo company loads first
            tabs[name] = tab
        for name, server in servers.items():
            tab, pid = tabs[name], server.process.pid
            result["runs"][name]["sign_in_cpu_s"] = round(measure(pid, lambda: (
                submit_login(tab, args.user), wait_page(tab, user.home))), 3)
            for key in pages:                            # warm every page once
                click_nav(tab, t(f"page.{key}", "zh"))
                wait_page(tab, key)
        for key in pages:
            samples = {name: [] for name in servers}
            for _ in range(args.repeat):
                for name, server in servers.items():     # in turns: the same machine
                    tab, pid = tabs[name], server.process.pid
                    other = pages[0] if key != pages[0] else pages[1]
                    click_nav(tab, t(f"page.{other}", "zh"))
                    wait_page(tab, other)
                    samples[name].append(measure(pid, lambda: (
                        click_nav(tab, t(f"page.{key}", "zh")), wait_page(tab, key))))
            for name, got in samples.items():
                result["runs"][name]["pages"][key] = {
                    "median_cpu_s": round(statistics.median(got), 3),
                    "samples": [round(x, 3) for x in got]}
        for name, server in servers.items():
            tab = tabs[name]
            result["runs"][name]["reload_cpu_s"] = round(measure(
                server.process.pid, lambda: (tab.reload(), wait_page(tab, pages[-1]))), 3)
        browser.close()
    finally:
        pw.stop()
        for server in servers.values():
            server.stop()
    names = list(servers)
    print(f"\nserver CPU per warm page ({args.user}, median of {args.repeat}, seconds):")
    print(f"  {'page':<12}" + "".join(f"{n:>12}" for n in names))
    for key in pages:
        print(f"  {key:<12}" + "".join(
            f"{result['runs'][n]['pages'][key]['median_cpu_s']:>12.3f}" for n in names))
    for label, field in (("sign-in", "sign_in_cpu_s"), ("reload", "reload_cpu_s")):
        print(f"  {label:<12}" + "".join(f"{result['runs'][n][field]:>12.3f}" for n in names))
    result["at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    (out / "browser_cpu.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
