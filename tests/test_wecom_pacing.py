"""The pacer keeps each WeCom API within its per-minute and per-hour limits (a fake clock)."""
from __future__ import annotations

import pytest

from wecom_sync.pacing import Pacer


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


def test_calls_beyond_the_minute_limit_wait_for_the_window():
    clock = Clock()
    pace = Pacer(per_minute=3, per_hour=100, margin=0, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(7):
        pace("/cgi-bin/externalcontact/get_moment_send_result")
        times.append(clock.t)
    assert times == [0, 0, 0, 60, 60, 60, 120]
    pace("/cgi-bin/user/get")             # another API has limits of its own
    assert clock.t == 120


def test_the_hour_limit_binds_too():
    clock = Clock()
    pace = Pacer(per_minute=2, per_hour=3, margin=0, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(5):
        pace("/p")
        times.append(clock.t)
    # two at 0, one at 60, then the hour's three are used up until 3600
    assert times == [0, 0, 60, 3600, 3600]
    assert pace.waited_s == 60 + 3540


def test_the_margin_lengthens_the_windows():
    clock = Clock()
    pace = Pacer(per_minute=1, per_hour=100, margin=0.01, clock=clock, sleep=clock.sleep)
    pace("/p")
    pace("/p")
    assert clock.t == pytest.approx(60.6)
