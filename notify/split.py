"""Long digests split between items, each part under a platform's size limit.

`measure` gives the size the platform counts for a part's text (bytes of the markdown
content for WeCom, of the whole JSON body for Feishu). Every part repeats the title with
its number ("(2/3)") and ends with the link. An item too large for any part on its own
is cut at a character boundary and marked with "…" (never expected of a digest item;
it keeps a freak value from blocking the whole send).
"""
from __future__ import annotations

from typing import Callable

SEPARATOR = "\n\n"
ELLIPSIS = "…"


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def split(title: str, items: list[str], footer: str, limit: int,
          measure: Callable[[str], int] = utf8_size) -> list[str]:
    """The parts' texts, items kept whole and in order."""
    def compose(header: str, chunk: list[str]) -> str:
        return SEPARATOR.join([header, *chunk, footer])

    if measure(compose(title, items)) <= limit:
        return [compose(title, items)]
    widest = f"{title} (99/99)"          # numbered headers are at most this wide
    chunks: list[list[str]] = [[]]
    for item in items:
        if measure(compose(widest, [item])) > limit:
            item = _cut(item, lambda s: measure(compose(widest, [s])) <= limit)
        if chunks[-1] and measure(compose(widest, chunks[-1] + [item])) > limit:
            chunks.append([])
        chunks[-1].append(item)
    n = len(chunks)
    return [compose(f"{title} ({i}/{n})", chunk) for i, chunk in enumerate(chunks, 1)]


def _cut(item: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of `item` (plus an ellipsis) that fits."""
    low, high = 0, len(item)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(item[:mid] + ELLIPSIS):
            low = mid
        else:
            high = mid - 1
    return item[:low] + ELLIPSIS
