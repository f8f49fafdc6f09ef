"""Pacing inside WeCom's documented limits, through the client's `before_call(path)` hook.

WeCom allows each API (path) 10,000 calls a minute and 150,000 an hour per company
(frequency limits; beyond them it answers 45009). The pacer keeps, per path, the times of
the calls sent in the last hour and waits, before a call, until one more fits both
windows. Clock and sleep are injected, so a benchmark or a test can scale time down.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

PER_MINUTE = 10_000
PER_HOUR = 150_000


class Pacer:
    def __init__(self, per_minute: int = PER_MINUTE, per_hour: int = PER_HOUR, *,
                 minute_s: float = 60.0, hour_s: float = 3600.0, margin: float = 0.01,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        # a window counted a little longer than WeCom's (margin, a fraction of it): the
        # server counts arrivals, which network jitter moves against the send times here
        self.limits = ((per_minute, minute_s * (1 + margin)), (per_hour, hour_s * (1 + margin)))
        self.hour_s = hour_s * (1 + margin)
        self.clock, self.sleep = clock, sleep
        self.sent: dict[str, deque[float]] = {}
        self.waited_s = 0.0
        self._lock = threading.Lock()

    def _wait_needed(self, times: deque[float], now: float) -> float:
        while times and times[0] <= now - self.hour_s:
            times.popleft()
        wait = 0.0
        for limit, span in self.limits:
            if len(times) >= limit:   # the call `limit` back must leave the window first
                oldest_in_window = times[len(times) - limit]
                wait = max(wait, oldest_in_window + span - now)
        return wait

    def __call__(self, path: str) -> None:
        with self._lock:
            times = self.sent.setdefault(path, deque())
            while True:
                now = self.clock()
                wait = self._wait_needed(times, now)
                if wait <= 0:
                    times.append(now)
                    return
                self.waited_s += wait
                self.sleep(wait)
