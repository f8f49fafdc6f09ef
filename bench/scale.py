"""One process against several behind the proxy, side by side in one run.

    flock <lock> .venv/bin/python bench/scale.py [--processes 1 2] [--sessions 30]
                                                 [--duration 60] [--out bench/out]

For each process count: deploy/local.sh --processes N (nginx with deploy/nginx/dashboard.conf
in front of N app processes) on a free port, all on one database (DATABASE_URL, or a SQLite
file bench/out/scale.db that local.sh fills with the demo company once); bench/load.py's
sessions through the proxy, sampling every app process's CPU and memory; then SIGTERM.
Before the measured load, --warmup seconds of a few sessions on each app process directly
(not through the proxy, not measured) fill every process's caches, so that both counts are
compared warm.
Results: a side-by-side table on stdout and bench/out/scale.json; exit status 1 on errors.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from tests.e2e.support import COOKIE_KEY, free_port  # noqa: E402


def start(processes: int, run_dir: Path, database_url: str, log: Path) -> tuple:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
    env.update(DATABASE_URL=database_url, DASHBOARD_DEMO="1", DASHBOARD_COOKIE_KEY=COOKIE_KEY)
    proc = subprocess.Popen(["bash", "deploy/local.sh", "--processes", str(processes),
                             "--port", str(port), "--run-dir", str(run_dir)],
                            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while "local.sh: http://" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"deploy/local.sh did not come up: see {log}")
        time.sleep(0.5)
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as r:
        assert r.status == 200
    lines = [line.split() for line in (run_dir / "app-processes").read_text().splitlines()
             if line.strip()]
    return proc, url, [int(pid) for _, pid in lines], [int(port) for port, _ in lines]


def warm_up(ports: list[int], seconds: float) -> None:
    """Every persona's pages on every process, unmeasured."""
    for port in ports:
        report = load.run_async(load.drive(f"http://127.0.0.1:{port}", [], sessions=5,
                                           duration=seconds, think=(0.0, 0.2), timeout=60,
                                           ramp=0.5, seed=99))
        print(f"warm-up on port {port}: {report['page_loads']} page loads, "
              f"{report['errors']} errors")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def row(label: str, reports: dict, get) -> str:
    return f"{label:<28}" + "".join(f"{get(r):>16}" for r in reports.values())


def print_side_by_side(reports: dict) -> None:
    def f(v, digits=3):
        return "-" if v is None else f"{v:.{digits}f}"
    print("\n" + row("", reports, lambda r: f"{len(r['server']['processes'])} process(es)"))
    print(row("page loads", reports, lambda r: r["page_loads"]))
    print(row("errors", reports, lambda r: r["errors"]))
    print(row("page p50 s", reports, lambda r: f(r["page_time"]["p50_s"])))
    print(row("page p95 s", reports, lambda r: f(r["page_time"]["p95_s"])))
    print(row("page max s", reports, lambda r: f(r["page_time"]["max_s"])))
    print(row("app CPU s", reports, lambda r: f(r["server"]["cpu_s"], 1)))
    print(row("CPU per page ms", reports, lambda r: f(r["server"]["cpu_per_page_ms"], 1)))
    print(row("RSS peak per process MiB", reports, lambda r: " / ".join(
        f"{p['rss_peak_mb']:.0f}" for p in r["server"]["processes"])))
    base = next(iter(reports.values()))["page_loads"]
    print(row("page loads vs first", reports, lambda r: f(r["page_loads"] / base, 2)
              if base else "-"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=15, help="seconds per process")
    ap.add_argument("--out", type=Path, default=load.OUT)
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{out / 'scale.db'}"
    reports = {}
    for n in args.processes:
        proc, url, pids, ports = start(n, out / f"scale-run-{n}", database_url,
                                       out / f"scale-local-{n}.log")
        try:
            warm_up(ports, args.warmup)
            reports[n] = load.run_against(url, pids, sessions=args.sessions,
                                          duration=args.duration, seed=args.seed)
        finally:
            stop(proc)
        load.print_report(reports[n])
        time.sleep(5)              # the stopped processes' memory back to the machine
    print_side_by_side(reports)
    result = {"machine": load.machine(database=database_url.split(":", 1)[0]),
              "runs": {str(n): r for n, r in reports.items()}}
    (out / "scale.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nwritten: {out / 'scale.json'}")
    return 1 if any(r["errors"] for r in reports.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
