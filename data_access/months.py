"""Calendar months as 'YYYY-MM' strings, the unit every figure is computed for."""
from __future__ import annotations

import datetime as dt
import re

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-04")
    return int(m.group(1)), int(m.group(2))


def first_day(month: str) -> dt.date:
    y, m = parse_month(month)
    return dt.date(y, m, 1)


def next_first_day(month: str) -> dt.date:
    y, m = parse_month(month)
    return dt.date(y + m // 12, m % 12 + 1, 1)


def last_day(month: str) -> dt.date:
    return next_first_day(month) - dt.timedelta(days=1)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(month: str, n: int) -> str:
    y, m = parse_month(month)
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def previous(month: str) -> str:
    return shift(month, -1)


def window(month: str, n: int) -> list[str]:
    """The n months ending with `month`, oldest first."""
    return [shift(month, i) for i in range(-n + 1, 1)]


def bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) timestamps of a month, for range filters that use the indexes."""
    return (dt.datetime.combine(first_day(month), dt.time()),
            dt.datetime.combine(next_first_day(month), dt.time()))
