"""A month of WeCom sync for a 20,000-person company, scaled down, against a fake server that
enforces WeCom's frequency limits.

    .venv/bin/python bench/wecom_sync.py [--scale 200] [--clock 120]

The company is divided by `--scale` (20,000 / scale employees, 200,000 / scale Moments
shares) and so are the limits (10,000 calls a minute and 150,000 an hour per API, each /
scale); the clock runs `--clock` times faster (a minute of the limits lasts 60 / clock
seconds). Calls and limits shrink together, so the run waits on the limits in the same
proportion as the real one; the real duration is about the measured one x clock, and the
real call count the measured one x scale. The fake server (tests/fakes, in this process,
on 127.0.0.1) answers 45009 to any call over a limit; the sync paces itself
(wecom_sync.pacing) with the same scaled clock. Output: calls per API, 45009 answers,
seconds, the derived real time, peak memory (ru_maxrss of this process, server included).
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access.db import make_engine, upgrade_schema  # noqa: E402
from tests.fakes.wecom import FakeError, FakeWeCom  # noqa: E402
from tests.fakes.wecom_company import FakeCompany, Moment  # noqa: E402
from wecom.client import forget_tokens  # noqa: E402
from wecom.config import WeComSettings  # noqa: E402
from wecom_sync import sync_wecom  # noqa: E402
from wecom_sync.pacing import PER_HOUR, PER_MINUTE, Pacer  # noqa: E402

EMPLOYEES, SHARES = 20_000, 200_000


class Limits:
    """WeCom's per-API minute and hour limits on a scaled clock: 45009 beyond them."""

    def __init__(self, per_minute: int, per_hour: int, clock: float):
        self.limits = ((per_minute, 60 / clock), (per_hour, 3600 / clock))
        self.sent: dict[str, deque] = {}
        self.refused = Counter()
        self.lock = threading.Lock()

    def wrap(self, path, handler):
        def limited(q, b):
            now = time.monotonic()
            with self.lock:
                times = self.sent.setdefault(path, deque())
                while times and times[0] <= now - self.limits[1][1]:
                    times.popleft()
                for limit, span in self.limits:
                    if sum(1 for t in times if t > now - span) >= limit:
                        self.refused[path] += 1
                        raise FakeError(45009, "api freq out of limit")
                times.append(now)
            return handler(q, b)
        return limited


def company(scale: int) -> FakeCompany:
    n = max(10, EMPLOYEES // scale)
    pairs = max(10, SHARES // scale)
    c = FakeCompany(page=1000)
    c.departments = [{"id": 1, "name": "Bench", "parentid": 0}] + [
        {"id": 100 + d, "name": f"D{d:02d}", "parentid": 1} for d in range(40)]
    c.members = {f"u{i:05d}": {"name": f"E{i}", "department": [100 + i % 40], "status": 1}
                 for i in range(n)}
    c.follow = set(c.members)
    people = sorted(c.members)
    moments, day = [], 0
    # company moments published by everyone (10 a month at 20,000 people: 200,000 shares)
    per = len(people)
    for k in range((pairs + per - 1) // per):
        day = 1 + k * 3 % 28
        take = people[:min(per, pairs - k * per)]
        moments.append(Moment(f"bench-{k:03d}", "admin", f"2026-05-{day:02d} 10:00",
                              company=True, tasks={u: 1 for u in take},
                              customers={u: [f"x{u}{j}" for j in range(1 + hash(u) % 3)]
                                         for u in take}))
    c.moments = moments
    return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=200)
    ap.add_argument("--clock", type=float, default=120.0)
    args = ap.parse_args()
    per_minute, per_hour = PER_MINUTE // args.scale, PER_HOUR // args.scale
    fake = FakeWeCom(secrets={"s-contacts": "contacts", "s-customer": "customer"}).start()
    limits = Limits(per_minute, per_hour, args.clock)
    co = company(args.scale)
    co.install(fake)
    for path, handler in list(fake.handlers.items()):
        fake.route(path, limits.wrap(path, handler))
    forget_tokens()
    config = WeComSettings(corp_id=fake.corp_id, api_base=fake.url, contacts_secret="s-contacts",
                           customer_secret="s-customer", agent_id="", app_secret="")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade_schema(engine)
        # a larger margin than the default 1 %: jitter weighs more against a window of 0.5 s
        pacer = Pacer(per_minute, per_hour, minute_s=60 / args.clock, hour_s=3600 / args.clock,
                      margin=0.05)
        started = time.perf_counter()
        result = sync_wecom(engine, dt.date(2026, 5, 1), dt.date(2026, 5, 31),
                            today=dt.date(2026, 6, 1), config=config, pacer=pacer,
                            progress=lambda line: None,
                            sleep=lambda s: time.sleep(s / args.clock))   # backoff scaled too
        seconds = time.perf_counter() - started
    fake.stop()
    calls = Counter(p for p, _, _ in fake.calls)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale 1/{args.scale}, clock x{args.clock:g}: {len(co.members)} employees, "
          f"{sum(len(m.tasks) for m in co.moments)} Moments shares; limits per API "
          f"{per_minute}/scaled minute, {per_hour}/scaled hour")
    print(f"ok {result.ok}; shares inserted "
          f"{result.counts.get('shares', {}).get('inserted', 0)}; calls {sum(calls.values())}")
    for path, n in calls.most_common():
        print(f"  {path:<55} {n:>7}  (45009: {limits.refused[path]})")
    print(f"seconds {seconds:.1f}; paced waits {pacer.waited_s:.1f} s; "
          f"real time about {seconds * args.clock / 60:.0f} min for "
          f"{sum(calls.values()) * args.scale:,} calls; peak RSS {rss_mb:.0f} MB")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
