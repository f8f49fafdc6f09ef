"""The benchmark of issue 4: import, monthly review and pages on a large synthetic company.

    .venv/bin/python bench/run.py [--scale 1.0] [--databases sqlite,postgresql]
                                  [--postgres-url URL] [--month 2026-05] [--repeats 3]

For each database, on a fresh one (SQLite: bench/out/bench-<scale>.db; PostgreSQL: the
database at --postgres-url, created if missing, its public schema emptied):

1. the full load (bench/generate.py, generated first if missing) through the importer,
   as `manage.py import` runs it: rows/s; then the weekly increment (rollup refresh
   included): seconds;
2. metrics.review.monthly_review of --month in a fresh process (cold), and the pages
   review, league, team (department head and committee) and pilot rendered with
   streamlit's AppTest: cold (st.cache_data cleared) and warm (the same run again);
3. peak RSS (ru_maxrss) of the process rendering the review: a process of its own that
   signs in and renders only the review (login included, the import not);
4. the naive review: the same monthly_review and 12-month trend (what the review page
   computes) with every figure computed from the raw share, lead and story rows instead of
   the rollups (`go_naive`, the one documented swap), and the ratio naive / rollup.

Every measurement runs in a child process (`run.py worker ...`), so no phase inherits
another's caches or memory. Timings are medians of --repeats runs. Results: a table on
stdout and bench/out/results-<db>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
# (page, user) rendered; committee may not open the pilot monitor, marketing may
PAGES = [("review", "committee"), ("league", "committee"), ("team", "head_d01"),
         ("team", "committee"), ("pilot", "marketing")]
# SQLite targets; PostgreSQL may be 2x off (TARGETS x or / PG_SLACK)
TARGETS = {"import_rows_per_s": (">=", 50_000), "weekly_import_s": ("<=", 5.0),
           "review_page_cold_s": ("<=", 1.0), "page_warm_max_s": ("<=", 0.2),
           "naive_over_rollup": (">=", 10.0), "review_peak_rss_mb": ("<=", 500)}
PG_SLACK = 2.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux


# --- workers: one measurement each, in a process of its own, JSON on the last line ------------

def work_import(url: str, folder: str) -> dict:
    import logging

    from data_access.db import get_engine
    from data_access.importing import import_path
    engine = get_engine(url)                 # schema upgrade before the clock, as it is a no-op
    phases: list[str] = []                   # the importer's own phase log (DEBUG)
    handler = logging.Handler()
    handler.emit = lambda record: phases.append(record.getMessage())
    log = logging.getLogger("data_access.importing")
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    t, cpu = time.perf_counter(), time.process_time()
    result = import_path(engine, folder)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()      # SQLite: the WAL checkpoint the import left to a thread
    for thread in threading.enumerate():
        if thread.name == "wal-checkpoint":
            thread.join()
    checkpoint_seconds = time.perf_counter() - t
    if not result.ok:
        raise SystemExit(f"import of {folder} refused: {result.problems[:5]}")
    rows = sum(sum(c.values()) for c in result.counts.values())
    return {"seconds": seconds, "cpu_seconds": cpu, "checkpoint_seconds": checkpoint_seconds,
            "rows": rows, "counts": result.counts,
            "phases": [p for p in phases if p.startswith("import phases")],
            "peak_rss_mb": peak_rss_mb()}


def go_naive(month: str) -> None:
    """The documented swap: every figure from the raw share, lead and story rows, as a BI
    tool pointed at the tables would compute it - no rollup is read. Department figures
    (the month's, last month's, the trend's) by `facts.department_month_facts_raw`; the
    alerts that read employee_month (concentration, low click-through, unwon leads) read
    `rollups.employee_months_raw` of exactly the months (and, for unwon leads, only the
    leads) they ask for instead."""
    from sqlalchemy.orm import aliased

    from data_access import alert_facts, facts, rollups
    from data_access.models import EmployeeMonth
    from data_access.months import window
    raw = facts.department_month_facts_raw
    facts.department_month_facts = raw
    facts.department_months_facts = lambda engine, months: {m: raw(engine, m)
                                                            for m in sorted(set(months))}

    def reading_raw(function, months_of, tables=("shares", "leads", "stories")):
        def wrapped(*args):
            first, last = months_of(*args)
            alert_facts.EmployeeMonth = aliased(
                EmployeeMonth, rollups.employee_months_raw(first, last, tables),
                adapt_on_names=True)
            try:
                return function(*args)
            finally:
                alert_facts.EmployeeMonth = EmployeeMonth
        return wrapped

    one_month = lambda engine, month, *rest: (month, month)    # noqa: E731
    for name in ("reach_concentration", "low_ctr_sharers"):
        setattr(alert_facts, name, reading_raw(getattr(alert_facts, name), one_month))
    alert_facts.unwon_lead_people = reading_raw(
        alert_facts.unwon_lead_people,
        lambda engine, month, scope, months, min_leads: (window(month, int(months))[0], month),
        ("leads",))


def work_review(url: str, month: str, naive: bool) -> dict:
    """The review page's figures through metrics/: the monthly review, then its 12-month
    trend (each timed), then the department figures of the month alone once more (warm)."""
    from data_access import facts
    from data_access.db import get_engine
    from metrics.review import monthly_review
    from metrics.trend import trend
    engine = get_engine(url)
    if naive:
        go_naive(month)
    t, cpu = time.perf_counter(), time.process_time()
    review = monthly_review(engine, month)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    months = trend(engine, month)
    trend_seconds = time.perf_counter() - t
    t = time.perf_counter()
    facts.department_month_facts(engine, month)
    return {"seconds": seconds, "cpu_seconds": cpu, "trend_seconds": trend_seconds,
            "facts_seconds": time.perf_counter() - t,
            "review": review.as_dict("en"),
            "trend": {m: months.company[m] for m in months.months},
            "peak_rss_mb": peak_rss_mb()}


def _rss_now_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def work_pages(url: str, month: str, only_review: bool) -> dict:
    """Each (page, user): first render in this process, cold (caches cleared), warm."""
    import streamlit as st
    from streamlit import config as st_config

    from tests.apptest_support import login, open_page
    st_config.set_option("client.showErrorDetails", "full")
    st.cache_data.clear()
    sessions, out = {}, {}
    for page, user in PAGES[:1] if only_review else PAGES:
        if user not in sessions:
            sessions[user] = login(user, lang="en")
            sessions[user].session_state["month"] = month
        at = sessions[user]
        rss_before = _rss_now_mb()
        times = {}
        for kind in ("first", "cold", "warm"):
            if kind == "cold":
                st.cache_data.clear()
            t, cpu = time.perf_counter(), time.process_time()
            if kind == "warm":
                at.run()
            else:
                open_page(at, page)
            times[kind] = time.perf_counter() - t
            times[f"{kind}_cpu"] = time.process_time() - cpu
            if at.exception:
                raise SystemExit(f"{page} as {user}: {at.exception}")
            shown = at.session_state["month"] if "month" in at.session_state else None
            if shown != month:
                raise SystemExit(f"{page} as {user} showed {shown}, not {month}")
        out[f"{page}:{user}"] = {**times, "rss_before_mb": rss_before}
    return {"pages": out, "peak_rss_mb": peak_rss_mb()}


def worker(args: list[str]) -> None:
    kind, url, *rest = args
    if kind == "import":
        result = work_import(url, rest[0])
    elif kind == "review":
        result = work_review(url, rest[0], rest[1] == "naive")
    else:
        result = work_pages(url, rest[0], rest[1] == "review-only")
    print(json.dumps(result, default=str))


# --- the driver --------------------------------------------------------------------------------

def child(url: str, kind: str, *args: str, env: dict | None = None) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "worker", kind, url,
                           *args],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": url, **(env or {})})
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"worker {kind} failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fresh_database(db: str, scale: float, pg_url: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    if db == "sqlite":
        path = OUT / f"bench-{scale:g}.db"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = make_url(pg_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                           {"d": url.database}):
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


def users_file() -> Path:
    """Sign-ins for the pages: the demo users' password hash, and a head of department d01
    (the demo heads lead departments the generated company does not have)."""
    demo = (ROOT / "config" / "demo_users.yaml").read_text(encoding="utf-8")
    hashed = re.search(r"password: (\S+)", demo).group(1)
    users = {"committee": "roles: [committee]", "marketing": "roles: [marketing]",
             "head_d01": "roles: [dept_head]\n      departments: [d01]"}
    text = "cookie:\n  name: bench_auth\n  expiry_days: 1\ncredentials:\n  usernames:\n" + "".join(
        f"    {name}:\n      first_name: {name}\n      password: {hashed}\n      {roles}\n"
        for name, roles in users.items())
    path = OUT / "users.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run_database(db: str, data: Path, args) -> dict:
    url = fresh_database(db, args.scale, args.postgres_url)
    loads = []     # the 1-minute load average as each phase starts: other work on the machine

    def phase(text: str) -> None:
        loads.append((text, os.getloadavg()[0]))
        print(f"[{db}] {text} (load {loads[-1][1]:.1f})", flush=True)

    phase(f"full import of {data / 'full'}")
    full = child(url, "import", str(data / "full"))
    print(f"    {full['rows']:,} rows in {full['seconds']:.1f} s "
          f"(then WAL checkpoint {full['checkpoint_seconds']:.1f} s)", flush=True)
    phase("weekly import")
    weekly = child(url, "import", str(data / "weekly"))
    print(f"    {weekly['rows']:,} rows in {weekly['seconds']:.1f} s "
          f"(then WAL checkpoint {weekly['checkpoint_seconds']:.1f} s)", flush=True)
    reviews = {}
    for side in ("rollup", "naive"):
        phase(f"monthly review {args.month} ({side}) x {args.repeats}")
        reviews[side] = [child(url, "review", args.month, side) for _ in range(args.repeats)]
        print("    " + ", ".join(f"{r['seconds']:.2f} s + trend {r['trend_seconds']:.2f} s"
                                for r in reviews[side]), flush=True)
    for part in ("review", "trend"):
        if reviews["rollup"][0][part] != reviews["naive"][0][part]:
            raise SystemExit(f"the naive {part} differs from the rollup {part}")
    env = {"DASHBOARD_DEMO": "0", "DASHBOARD_USERS_FILE": str(users_file()),
           "DASHBOARD_COOKIE_KEY": secrets.token_hex(24)}
    phase(f"review page alone, for its peak RSS x {args.repeats}")
    rss = [child(url, "pages", args.month, "review-only", env=env)["peak_rss_mb"]
           for _ in range(args.repeats)]
    phase(f"pages x {args.repeats}")
    page_runs = [child(url, "pages", args.month, "all", env=env)["pages"]
                 for _ in range(args.repeats)]
    pages = {key: {kind: statistics.median(r[key][kind] for r in page_runs)
                   for kind in page_runs[0][key]} for key in page_runs[0]}

    def median_of(side: str, key: str) -> float:
        return statistics.median(r[key] for r in reviews[side])

    def page_median(side: str) -> float:   # the review and its trend, as the page needs both
        return statistics.median(r["seconds"] + r["trend_seconds"] for r in reviews[side])

    measured = {
        "import_rows_per_s": full["rows"] / full["seconds"],
        "weekly_import_s": weekly["seconds"],
        "review_page_cold_s": pages["review:committee"]["cold"],
        "page_warm_max_s": max(p["warm"] for p in pages.values()),
        "naive_over_rollup": page_median("naive") / page_median("rollup"),
        "review_peak_rss_mb": max(rss),
    }
    slack = PG_SLACK if db == "postgresql" else 1.0
    targets = {}
    for name, (op, limit) in TARGETS.items():
        limit = limit / slack if op == ">=" else limit * slack
        ok = measured[name] >= limit if op == ">=" else measured[name] <= limit
        targets[name] = {"target": f"{op} {limit:g}", "measured": measured[name], "met": ok}
    return {"database": db, "scale": args.scale, "month": args.month, "repeats": args.repeats,
            "targets": targets,
            "full_import": full,
            "weekly_import": {k: v for k, v in weekly.items() if k != "peak_rss_mb"},
            "review": {side: {"seconds": [r["seconds"] for r in runs],
                              "cpu_seconds": [r["cpu_seconds"] for r in runs],
                              "trend_seconds": [r["trend_seconds"] for r in runs],
                              "median_s": median_of(side, "seconds"),
                              "trend_median_s": median_of(side, "trend_seconds"),
                              "review_and_trend_median_s": page_median(side),
                              "department_facts_median_s": median_of(side, "facts_seconds")}
                       for side, runs in reviews.items()},
            "review_alone_naive_over_rollup": (median_of("naive", "seconds")
                                               / median_of("rollup", "seconds")),
            "department_facts_naive_over_rollup": (median_of("naive", "facts_seconds")
                                                   / median_of("rollup", "facts_seconds")),
            "review_page_peak_rss_mb_runs": rss,
            "pages_median_s": pages, "pages_runs_s": page_runs,
            "load_average_at_phases": loads}


def machine() -> dict:
    import sqlite3
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    return {"nproc": os.cpu_count(), "cpu": cpu.group(1) if cpu else platform.processor(),
            "ram_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
            "os": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "load_average_before": os.getloadavg()}


def postgres_settings(url: str) -> dict:
    """The server's version and the settings that change what is measured (without
    autovacuum, freshly loaded tables stay unvacuumed: no index-only scans)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {name: conn.scalar(text(f"SHOW {name}"))
                 for name in ("server_version", "autovacuum", "shared_buffers", "work_mem")}
    engine.dispose()
    return found


def print_table(results: list[dict]) -> None:
    def row(label: str, cells) -> None:
        print(f"{label:<34}" + "".join(f"{c:>32}" for c in cells))

    print()
    row("", [f"{r['database']} (scale {r['scale']:g})" for r in results])
    for name in TARGETS:
        row(name, [f"{t['measured']:,.2f} {'ok' if t['met'] else 'MISSED'} ({t['target']})"
                   for t in (r["targets"][name] for r in results)])
    for part, key in (("review + trend", "review_and_trend_median_s"),
                      ("monthly_review", "median_s"), ("trend", "trend_median_s")):
        row(f"{part} rollup / naive s", [
            f"{r['review']['rollup'][key]:.2f} / {r['review']['naive'][key]:.2f}"
            for r in results])
    row("monthly_review alone naive / rollup", [f"{r['review_alone_naive_over_rollup']:.1f}"
                                                for r in results])
    row("department facts naive / rollup", [f"{r['department_facts_naive_over_rollup']:.1f}"
                                            for r in results])
    row("full import s (rows)", [f"{r['full_import']['seconds']:.1f} "
                                 f"({r['full_import']['rows']:,})" for r in results])
    for key in results[0]["pages_median_s"]:
        row(f"{key} cold / warm s", [f"{r['pages_median_s'][key]['cold']:.2f} / "
                                     f"{r['pages_median_s'][key]['warm']:.2f}" for r in results])


def main() -> None:
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=DEFAULT_PG,
                        help="emptied by the benchmark (default: %(default)s)")
    parser.add_argument("--month", default="2026-05", help="the month reviewed")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    data = OUT / f"data-{args.scale:g}"
    if not (data / "weekly" / "leads.csv").exists():
        from bench.generate import generate
        print(f"generating {data} ...", flush=True)
        generate(data, args.scale, seed=1)
    info = machine()
    results = []
    for db in args.databases.split(","):
        result = run_database(db, data, args)
        result["machine"] = {**info, **({"postgresql": postgres_settings(args.postgres_url)}
                                        if db == "postgresql" else {})}
        (OUT / f"results-{db}.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
        results.append(result)
    print_table(results)


if __name__ == "__main__":
    main()
