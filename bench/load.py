"""The load test: many concurrent sessions against the app, without a browser.

    .venv/bin/python bench/load.py [--sessions 30] [--duration 60] [--think 0.5 2]
                                   [--timeout 30] [--ramp 5] [--seed 1]
                                   [--url URL [--pid PID ...]]

Without --url: starts `streamlit run app.py` on 127.0.0.1 and a free port, in demo mode, on
a fresh SQLite database (bench/out/load.db; the app server of the browser tests,
tests/e2e/support.py), and waits for the first run, which loads the demo company. With
--url: drives a running deployment (e.g. deploy/local.sh, or a proxy in front of several
machines) whose users are the demo users; --pid names its app processes on this machine,
whose CPU and memory are then sampled (bench/scale.py passes them). Like a browser, each
session first GETs the page, keeping the cookies it is given (the proxy's sticky cookie)
for its websocket. Then --sessions sessions speak
Streamlit's own websocket protocol (/_stcore/stream; BackMsg protobufs out, ForwardMsg
protobufs in, as the browser's frontend does; no HTML, no JavaScript): each signs in as a
demo user (round-robin) through the login form's widgets and opens that user's pages
(auth.roles.PAGE_ROLES) in random order with a think time between them, until --duration
is up. Sessions start spread over --ramp seconds.

A page load is the time from the rerun request to the run's `script_finished`
(FINISHED_SUCCESSFULLY; a switch_page or rerun on the way is part of it). An error is an
exception element, a run ending otherwise, "page not found", a page whose first h1 is not
its title, a refused or failed sign-in, a dropped connection, or a page taking longer than
--timeout. A session waits on for a late page (a user facing a slow page sends nothing new
either; a reconnect would pile a fresh sign-in on a busy server) and goes on once it is
there; it gives up, reconnects and signs in again after 4 x --timeout, or after any other
error.

Every app process's memory is sampled (VmRSS from /proc, psutil elsewhere) all along; the
kernel's high-water mark (VmHWM) covers the demo load too. Results: a table on stdout and
bench/out/load.json; the exit status is 1 when any error occurred.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidHandshake  # noqa: E402

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.TextInput_pb2 import TextInput  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from auth.roles import PAGE_ROLES  # noqa: E402
from auth.users import DEMO_PASSWORD, DEMO_USERS_FILE, load_users_config, user_from_config  # noqa: E402
from i18n import LANGUAGES, t  # noqa: E402
from tests.e2e.support import DEMO_USERS, AppServer  # noqa: E402

LOGIN_FORM, SIGN_IN = "login form", "sign-in"      # the two steps of signing in, timed apart
# pages whose title carries the month (only the part before it is compared)
TITLE_KEYS = {"review": "review.title", "league": "league.title", "alerts": "alerts.title",
              "health": "health.title", "phases": "phases.title"}
MARK = "\x00"
MAIN = 0                    # RootContainer.MAIN, the first index of a main-area delta path
FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY


def title_prefixes(page: str) -> tuple[str, ...]:
    key = TITLE_KEYS.get(page, f"page.{page}")
    return tuple(t(key, lang, month=MARK).split(MARK)[0] for lang in LANGUAGES)


class LoadError(Exception):
    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass
class Run:
    """What the server sent for one rerun request, up to the end of its last run."""
    seconds: float = 0.0
    status: str = ""
    elements: list = field(default_factory=list)     # main-area elements of the last run
    exceptions: list[str] = field(default_factory=list)
    navigation: object = None
    not_found: str | None = None

    def h1(self) -> str | None:
        return next((e.heading.body for e in self.elements
                     if e.WhichOneof("type") == "heading" and e.heading.tag == "h1"), None)

    def problem(self) -> LoadError | None:
        if self.exceptions:
            return LoadError("exception", self.exceptions[0])
        if self.status != "FINISHED_SUCCESSFULLY":
            return LoadError("script_error", self.status)
        if self.not_found is not None:
            return LoadError("page_not_found", self.not_found)
        return None


class Client:
    """One browser tab, as the server sees it: a websocket and the rerun requests."""

    def __init__(self, base_url: str, timeout: float):
        self.origin = base_url.rstrip("/")
        self.url = "ws" + self.origin.removeprefix("http") + "/_stcore/stream"
        self.timeout = timeout
        self.give_up = 4 * timeout
        self.ws = None
        self.cookies: dict[str, str] = {}

    def _get_page(self) -> None:
        """GET / as a browser does first; the cookies it sets (a proxy's sticky cookie)
        go with the websocket."""
        import urllib.request
        with urllib.request.urlopen(self.origin + "/", timeout=self.timeout) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()

    async def open(self) -> None:
        # the frontend's subprotocol list: "streamlit", then an XSRF token and a session id
        # to resume, both optional (the token only matters for st.login's cookie); no
        # client pings, as browsers send none
        await asyncio.wait_for(asyncio.to_thread(self._get_page), self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} \
            if self.cookies else None
        self.ws = await asyncio.wait_for(
            connect(self.url, subprotocols=["streamlit"], origin=self.origin,
                    additional_headers=headers, max_size=None, ping_interval=None,
                    open_timeout=self.timeout),
            self.timeout)

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:   # closing a broken socket: nothing left to save
                pass
            self.ws = None

    async def rerun(self, page_script_hash: str = "", widgets: tuple | list = ()) -> Run:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = page_script_hash
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.locale = "zh-CN"
        state.widget_states.widgets.extend(widgets)
        run = Run()
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        try:
            async with asyncio.timeout(self.give_up):
                while True:
                    msg = ForwardMsg.FromString(await self.ws.recv())
                    if self._take(msg, run):
                        run.seconds = time.perf_counter() - start
                        return run
        except TimeoutError:
            raise LoadError("timeout", f"no end of run in {self.give_up:g}s") from None
        except ConnectionClosed as exc:
            raise LoadError("connection", str(exc)) from None

    @staticmethod
    def _take(msg: ForwardMsg, run: Run) -> bool:
        """Note one message; True at the end of the request's last run."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":          # every run starts with one: keep only the last
            run.elements.clear()
            run.not_found = None
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif msg.metadata.delta_path and msg.metadata.delta_path[0] == MAIN:
                run.elements.append(element)
        elif kind == "navigation":
            run.navigation = msg.navigation
        elif kind == "page_not_found":
            run.not_found = msg.page_not_found.page_name
        elif kind == "session_event" and msg.session_event.HasField(
                "script_compilation_exception"):
            run.exceptions.append(msg.session_event.script_compilation_exception.message)
        elif kind == "script_finished":
            if msg.script_finished in (ForwardMsg.FINISHED_EARLY_FOR_RERUN,
                                       ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                return False
            run.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            return True
        return False


def login_widgets(run: Run, username: str, password: str) -> list[WidgetState]:
    """The widget states the frontend sends when the login form is submitted: the form's
    two text inputs and the submit button's trigger."""
    inputs = [e.text_input for e in run.elements
              if e.WhichOneof("type") == "text_input" and e.text_input.form_id == "login"]
    submit = [e.button for e in run.elements if e.WhichOneof("type") == "button"
              and e.button.form_id == "login" and e.button.is_form_submitter]
    user_box = [i for i in inputs if i.type != TextInput.PASSWORD]
    password_box = [i for i in inputs if i.type == TextInput.PASSWORD]
    if not (user_box and password_box and submit):
        raise LoadError("login", f"no login form (h1 {run.h1()!r})")
    return [WidgetState(id=user_box[0].id, string_value=username),
            WidgetState(id=password_box[0].id, string_value=password),
            WidgetState(id=submit[0].id, trigger_value=True)]


@dataclass
class Persona:
    username: str
    pages: list[str]            # what the navigation must offer, in PAGE_ROLES order
    home: str


def personas() -> list[Persona]:
    config = load_users_config(DEMO_USERS_FILE)
    out = []
    for name in DEMO_USERS:
        user = user_from_config(config, name)
        out.append(Persona(name, [p for p in PAGE_ROLES if user.may_open(p)], user.home))
    return out


def check_heading(run: Run, page: str) -> None:
    h1 = run.h1()
    if h1 is None or not h1.startswith(title_prefixes(page)):
        raise LoadError("heading", f"{page}: h1 {h1!r}")


def done(rec: "Recorder", session: int, user: str, step: str, run: Run, timeout: float) -> None:
    """A request answered in full: its time; an error as well when it came late."""
    rec.load(session, step, run.seconds)
    if run.seconds > timeout:
        rec.error(session, user, step, LoadError("timeout", f"took {run.seconds:.1f}s"))


class Recorder:
    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[dict] = []
        self.loads_per_session: Counter = Counter()
        self.t0 = time.monotonic()

    def load(self, session: int, page: str, seconds: float) -> None:
        self.times[page].append(seconds)
        if page not in (LOGIN_FORM, SIGN_IN):
            self.loads_per_session[session] += 1

    def error(self, session: int, user: str, page: str, exc: LoadError) -> None:
        self.errors.append({"at_s": round(time.monotonic() - self.t0, 2), "session": session,
                            "user": user, "page": page, "kind": exc.kind,
                            "detail": exc.detail[:500]})


async def sign_in(client: Client, persona: Persona, session: int, rec: Recorder) -> dict:
    """Open the app at "/", submit the login form; {page key: page_script_hash}."""
    await client.open()
    run = await client.rerun()
    if problem := run.problem():
        raise problem
    widgets = login_widgets(run, persona.username, DEMO_PASSWORD)
    done(rec, session, persona.username, LOGIN_FORM, run, client.timeout)
    run = await client.rerun(widgets=widgets)
    if problem := run.problem():
        raise problem
    nav = run.navigation
    shown = [p.url_pathname for p in nav.app_pages if not p.is_hidden] if nav else []
    if shown != persona.pages:
        raise LoadError("login", f"navigation {shown}, expected {persona.pages} "
                                 f"(h1 {run.h1()!r})")
    check_heading(run, persona.home)
    done(rec, session, persona.username, SIGN_IN, run, client.timeout)
    return {p.url_pathname: p.page_script_hash for p in nav.app_pages}


async def session_loop(session: int, persona: Persona, rec: Recorder, base_url: str, *,
                       start_at: float, deadline: float, think: tuple[float, float],
                       timeout: float, seed: int) -> None:
    rng = random.Random(seed * 1000 + session)
    client = Client(base_url, timeout)
    hashes: dict | None = None
    queue: list[str] = []
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    try:
        while time.monotonic() < deadline:
            step = SIGN_IN
            try:
                if hashes is None:
                    hashes = await sign_in(client, persona, session, rec)
                if not queue:
                    queue = rng.sample(persona.pages, len(persona.pages))
                step = queue.pop()
                await asyncio.sleep(rng.uniform(*think))
                if time.monotonic() >= deadline:
                    break
                run = await client.rerun(page_script_hash=hashes[step])
                if problem := run.problem():
                    raise problem
                check_heading(run, step)
                done(rec, session, persona.username, step, run, timeout)
            except Exception as exc:    # noqa: BLE001 - every failure counts, none ends the run
                exc = as_load_error(exc)
                rec.error(session, persona.username, step, exc)
                await client.close()        # a fresh tab: connect and sign in again
                hashes = None
                await asyncio.sleep(1)
    finally:
        await client.close()


def as_load_error(exc: Exception) -> LoadError:
    if isinstance(exc, LoadError):
        return exc
    if isinstance(exc, TimeoutError):
        return LoadError("timeout", "no connection")
    if isinstance(exc, (OSError, InvalidHandshake, ConnectionClosed)):
        return LoadError("connection", f"{type(exc).__name__}: {exc}")
    return LoadError("client", f"{type(exc).__name__}: {exc}")     # a bug of this script


class MemorySampler:
    """The app process's resident memory, every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self.t0 = time.monotonic()

    def _status(self) -> dict[str, float]:
        """VmRSS and VmHWM in MiB."""
        status = Path(f"/proc/{self.pid}/status")
        if status.exists():
            out = {}
            for line in status.read_text().splitlines():
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    out[name] = int(value.split()[0]) / 1024        # kB
            return out
        import psutil       # not Linux: no high-water mark, the samples must do
        return {"VmRSS": psutil.Process(self.pid).memory_info().rss / 2**20}

    def rss(self) -> float:
        return self._status().get("VmRSS", 0.0)

    def high_water(self) -> float | None:
        return self._status().get("VmHWM")

    def cpu_seconds(self) -> float | None:
        stat = Path(f"/proc/{self.pid}/stat")
        if not stat.exists():
            return None
        fields = stat.read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime+stime

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                self.samples.append((round(time.monotonic() - self.t0, 2), round(self.rss(), 1)))
            except (OSError, ValueError):
                return              # the process is gone
            try:
                await asyncio.wait_for(stop.wait(), self.every)
            except TimeoutError:
                pass


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def stats(values: list[float]) -> dict:
    r = lambda v: None if v is None else round(v, 3)   # noqa: E731
    return {"n": len(values), "p50_s": r(percentile(values, 0.5)),
            "p95_s": r(percentile(values, 0.95)), "max_s": r(max(values, default=None))}


async def drive(base_url: str, pids: list[int], *, sessions: int, duration: float,
                think: tuple[float, float], timeout: float, ramp: float, seed: int) -> dict:
    rec = Recorder()
    samplers = [MemorySampler(pid) for pid in pids]
    people = personas()
    before = [(s.rss(), s.cpu_seconds()) for s in samplers]
    stop = asyncio.Event()
    sampling = [asyncio.create_task(s.run(stop)) for s in samplers]
    start = time.monotonic()
    deadline = start + duration
    await asyncio.gather(*(
        session_loop(i, people[i % len(people)], rec, base_url,
                     start_at=start + ramp * i / max(sessions, 1), deadline=deadline,
                     think=think, timeout=timeout, seed=seed)
        for i in range(sessions)))
    wall = time.monotonic() - start
    stop.set()
    await asyncio.gather(*sampling)
    pages = {p: v for p, v in rec.times.items() if p not in (LOGIN_FORM, SIGN_IN)}
    all_pages = [s for v in pages.values() for s in v]
    processes = [process_report(s, rss, cpu) for s, (rss, cpu) in zip(samplers, before)]
    cpu = [p["cpu_s"] for p in processes if p["cpu_s"] is not None]
    # every run of the load counts: page loads, the login forms and the sign-ins
    runs = sum(len(v) for v in rec.times.values())
    return {
        "sessions": sessions,
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "page_loads": len(all_pages),
        "sign_ins": len(rec.times.get(SIGN_IN, [])),
        "errors": len(rec.errors),
        "errors_by_kind": dict(Counter(e["kind"] for e in rec.errors)),
        "page_time": stats(all_pages),
        "per_page": {p: stats(v) for p, v in sorted(rec.times.items())},
        "loads_per_session": [rec.loads_per_session[i] for i in range(sessions)],
        # one process: its figures; several: the largest process's memory, the sum of CPU
        "server": {
            "rss_before_mb": max((p["rss_before_mb"] for p in processes), default=None),
            "rss_peak_mb": max((p["rss_peak_mb"] or 0 for p in processes), default=None),
            "rss_after_mb": max((p["rss_after_mb"] or 0 for p in processes), default=None),
            "vmhwm_mb": max((p["vmhwm_mb"] or 0 for p in processes), default=None),
            "cpu_s": round(sum(cpu), 1) if cpu else None,
            # CPU of the app processes per script run request answered (pages and sign-ins)
            "cpu_per_run_ms": round(1000 * sum(cpu) / runs, 1) if cpu and runs else None,
            # the same, all of it charged to the page loads (sign-ins are a few per session)
            "cpu_per_page_ms": round(1000 * sum(cpu) / len(all_pages), 1)
            if cpu and all_pages else None,
            "processes": processes,
        },
        "error_details": rec.errors[:100],
    }


def process_report(sampler: "MemorySampler", rss_before: float, cpu_before: float | None
                   ) -> dict:
    cpu_after = sampler.cpu_seconds()
    high = sampler.high_water()
    return {
        "pid": sampler.pid,
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": max((mb for _, mb in sampler.samples), default=None),
        "rss_after_mb": sampler.samples[-1][1] if sampler.samples else None,
        # the kernel's high-water mark since the process started (demo load included)
        "vmhwm_mb": None if high is None else round(high, 1),
        "cpu_s": None if cpu_after is None or cpu_before is None
        else round(cpu_after - cpu_before, 1),
        "rss_samples": sampler.samples[::max(1, len(sampler.samples) // 200)],
    }


async def first_run(base_url: str, timeout: float) -> float:
    """The first run of a fresh server loads the demo company; it is not part of the load."""
    client = Client(base_url, timeout)
    await client.open()
    try:
        run = await client.rerun()
    finally:
        await client.close()
    if problem := run.problem():
        raise problem
    login_widgets(run, "", "")          # the login form is there
    return run.seconds


def run_async(coro):
    """asyncio.run, in a thread of its own when this thread already runs an event loop
    (as it does in a test session that also drives a browser with Playwright)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def run_load(workdir: Path, *, sessions: int = 30, duration: float = 60,
             think: tuple[float, float] = (0.5, 2.0), timeout: float = 30, ramp: float = 5,
             seed: int = 1) -> dict:
    """Start the app on a fresh database in `workdir`, load it, stop it; the report."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "load.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    server = AppServer(f"sqlite:///{db}", "load-server.log")
    server.log_path = workdir / "load-server.log"
    started = time.monotonic()
    server.start()
    try:
        ready = time.monotonic() - started
        demo = run_async(first_run(server.url, timeout=300))
        report = run_async(drive(server.url, [server.process.pid], sessions=sessions,
                                   duration=duration, think=think, timeout=timeout,
                                   ramp=ramp, seed=seed))
        report["startup"] = {"server_ready_s": round(ready, 1), "demo_load_s": round(demo, 1)}
        report["settings"] = {"think_s": list(think), "timeout_s": timeout, "ramp_s": ramp,
                              "seed": seed}
        report["server"]["log_tracebacks"] = server.log_path.read_text(
            errors="replace").count("Traceback")
    finally:
        server.stop()
    return report


def run_against(url: str, pids: list[int], *, sessions: int = 30, duration: float = 60,
                think: tuple[float, float] = (0.5, 2.0), timeout: float = 30, ramp: float = 5,
                seed: int = 1) -> dict:
    """Load a running deployment at `url` (its app processes `pids`, when on this machine)."""
    started = time.monotonic()
    first = run_async(first_run(url, timeout=300))
    report = run_async(drive(url, pids, sessions=sessions, duration=duration, think=think,
                             timeout=timeout, ramp=ramp, seed=seed))
    report["startup"] = {"server_ready_s": 0.0, "demo_load_s": round(first, 1),
                         "waited_s": round(time.monotonic() - started - report["wall_s"], 1)}
    report["settings"] = {"think_s": list(think), "timeout_s": timeout, "ramp_s": ramp,
                          "seed": seed, "url": url}
    report["server"]["log_tracebacks"] = None
    return report


def machine(database: str = "sqlite") -> dict:
    import streamlit
    return {"nproc": os.cpu_count(), "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "streamlit": streamlit.__version__,
            "database": database}


def fmt(v) -> str:
    return "-" if v is None else f"{v:.3f}"


def print_report(r: dict) -> None:
    s, pt = r["server"], r["page_time"]
    print(f"\nLoad test: {r['sessions']} sessions, {r['duration_s']:g} s "
          f"(wall {r['wall_s']} s); server ready {r['startup']['server_ready_s']} s, "
          f"demo load {r['startup']['demo_load_s']} s")
    print(f"page loads {r['page_loads']}  sign-ins {r['sign_ins']}  errors {r['errors']}"
          + (f"  {r['errors_by_kind']}" if r["errors"] else ""))
    print(f"page time  p50 {fmt(pt['p50_s'])} s  p95 {fmt(pt['p95_s'])} s  "
          f"max {fmt(pt['max_s'])} s")
    print(f"server RSS  before {s['rss_before_mb']} MiB  peak {s['rss_peak_mb']} MiB  "
          f"after {s['rss_after_mb']} MiB  VmHWM {s['vmhwm_mb']} MiB  "
          f"CPU {s['cpu_s']} s ({s['cpu_per_run_ms']} ms per run)  "
          f"tracebacks in log {s['log_tracebacks']}")
    if len(s["processes"]) > 1:
        for p in s["processes"]:
            print(f"  process {p['pid']}: RSS peak {p['rss_peak_mb']} MiB  CPU {p['cpu_s']} s")
    print(f"\n{'page':<14}{'loads':>7}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for page, st in r["per_page"].items():
        print(f"{page:<14}{st['n']:>7}{fmt(st['p50_s']):>9}{fmt(st['p95_s']):>9}"
              f"{fmt(st['max_s']):>9}")
    for e in r["error_details"][:20]:
        print(f"error {e['kind']} at {e['at_s']} s, session {e['session']} ({e['user']}), "
              f"{e['page']}: {e['detail'][:200]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--duration", type=float, default=60, help="seconds of load")
    ap.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"),
                    help="seconds between a page's end and the next request")
    ap.add_argument("--timeout", type=float, default=30, help="seconds a page may take")
    ap.add_argument("--ramp", type=float, default=5, help="seconds over which sessions start")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=OUT, help="folder for the database, log and load.json")
    ap.add_argument("--url", help="a running deployment to load (no app process is started)")
    ap.add_argument("--pid", type=int, action="append", default=[],
                    help="with --url: an app process on this machine to sample (repeatable)")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    options = dict(sessions=args.sessions, duration=args.duration, think=tuple(args.think),
                   timeout=args.timeout, ramp=args.ramp, seed=args.seed)
    if args.url:
        out.mkdir(parents=True, exist_ok=True)
        report = run_against(args.url, args.pid, **options)
        report["machine"] = machine(database="of the deployment")
    else:
        report = run_load(out, **options)
        report["machine"] = machine()
    print_report(report)
    (out / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nwritten: {out / 'load.json'}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
