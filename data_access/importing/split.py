"""Parsing a large CSV file on two cores: its second half in a worker process.

Parsing is pure Python (about 8 µs a row), so a first load of millions of shares spent a
third of its time on one core while the other idled. `parser` starts one worker process
for an import holding a large CSV file (SPLIT_MIN_CHARS of text or more), hands it the
header and the second half of the file, and parses the first half - and the other files -
meanwhile; the two halves are joined as one `Parsed`, line numbers continuing.

The result is always exactly `parse_sheet`'s. The cut is made after a line break with an
even number of quotes before it, and it holds only if the first half then reads to its end
without a CSV error (so the cut was not inside a quoted cell). Any problem in either half,
or any failure of the worker, and the whole file is parsed again in this process the usual
way, so every message comes from the one code path: the fast path is for clean files.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..contract import TABLES
from .bulk import stamp_text
from .read import Sheet, text_sheet
from .report import Problem
from .rows import Parsed, parse_sheet

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]    # where `data_access` is importable from

SPLIT_MIN_CHARS = 32 * 2**20   # a CSV text this long is parsed in two halves
CUT_AT = 0.45                  # where the worker's part begins: it takes more than half,
                               # as this process also reads the other files meanwhile and
                               # takes the worker's result back
MAX_CUT_TRIES = 1000           # line breaks tried for a cut outside quotes

Parse = Callable[[Sheet], tuple[Parsed, list[Problem]]]


def find_cut(text: str, at: float | None = None) -> tuple[int, int] | None:
    """(end of the header line, start of the second half, near `at` (CUT_AT) of the text):
    both just after a line break with an even number of quotes before it; None when there
    is no such place."""
    at = CUT_AT if at is None else at
    header_end = text.find("\n") + 1
    if header_end == 0 or '"' in text[:header_end]:
        return None             # a quoted header: not worth the care
    cut = text.find("\n", max(int(len(text) * at), header_end)) + 1
    quotes = text.count('"', 0, cut)
    for _ in range(MAX_CUT_TRIES):
        if cut == 0 or cut >= len(text):
            return None
        if quotes % 2 == 0:
            return header_end, cut
        after = text.find("\n", cut) + 1
        quotes += text.count('"', cut, after or len(text))
        cut = after
    return None


# --- the worker ---------------------------------------------------------------------------
# Datetimes and dates travel as ISO text: pickling millions of datetime objects cost more
# than parsing them again from text (datetime.fromisoformat is C).

def _encode(table: str, rows: list[tuple]) -> list:
    columns = list(zip(*rows)) if rows else [() for _ in TABLES[table].columns]
    for j, column in enumerate(TABLES[table].columns):
        if column.kind in ("timestamp", "date"):
            text = stamp_text() if column.kind == "timestamp" else dt.date.isoformat
            columns[j] = [None if v is None else text(v) for v in columns[j]]
    return columns


def _decode(table: str, columns: list) -> list[tuple]:
    for j, column in enumerate(TABLES[table].columns):
        if column.kind in ("timestamp", "date"):
            read = dt.datetime.fromisoformat if column.kind == "timestamp" else dt.date.fromisoformat
            columns[j] = [None if v is None else read(v) for v in columns[j]]
    return list(zip(*columns))


def parse_part(label: str, table: str, text: str) -> tuple[list, array] | None:
    """Parse a header and the rows after a cut (in the worker): the rows as encoded columns
    and their line numbers (counted from this text's header), or None at the first problem."""
    sheet, problems = text_sheet(label, table, text)
    if sheet is None or problems:
        return None
    parsed, problems = parse_sheet(sheet)
    if problems or sheet.broken:
        return None
    return _encode(table, parsed.rows), array("q", parsed.lines)


# --- in the importing process -------------------------------------------------------------

@contextmanager
def parser(sheets: list[Sheet]) -> Iterator[Parse]:
    """A `parse_sheet` for these sheets that parses the second half of each large CSV file in
    a worker process, started here and handed every such half at once."""
    big = [s for s in sheets if s.text is not None and len(s.text) >= SPLIT_MIN_CHARS]
    cuts = {id(s): cut for s in big if (os.cpu_count() or 1) > 1
            and (cut := find_cut(s.text)) is not None}
    if not cuts:
        yield parse_sheet
        return
    split = [s for s in big if id(s) in cuts]
    job_of = {id(s): i for i, s in enumerate(split)}      # the worker's job for each sheet
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        jobs = Path(folder) / "jobs.pickle"
        jobs.write_bytes(pickle.dumps(
            [(s.label, s.table, s.text[:cuts[id(s)][0]] + s.text[cuts[id(s)][1]:]) for s in split],
            protocol=pickle.HIGHEST_PROTOCOL))
        worker = _Worker(jobs)
        try:
            def parse(sheet: Sheet) -> tuple[Parsed, list[Problem]]:
                if id(sheet) not in cuts:
                    return parse_sheet(sheet)
                job = job_of[id(sheet)]
                joined = _joined(sheet, cuts[id(sheet)][1], lambda: worker.result(job))
                if joined is None:       # parsed again as one: every problem told the usual way
                    return parse_sheet(sheet)
                return joined, []
            yield parse
        finally:
            worker.stop()


class _Worker:
    """`main(JOBS)` in a fresh interpreter (not multiprocessing, which would run the host's
    main script - manage.py, streamlit - again in the worker). Its results are read in
    order, each when first asked for."""

    def __init__(self, jobs: Path) -> None:
        self.results: list = []
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", f"import {__name__} as m; m.main({str(jobs)!r})"],
                cwd=ROOT, env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        except OSError:
            log.warning("could not start a worker process to parse the import", exc_info=True)
            self.process = None

    def result(self, index: int):
        """Job `index`'s result, or None when the worker failed."""
        try:
            while self.process is not None and len(self.results) <= index:
                size = self.process.stdout.read(8)
                if len(size) < 8:
                    raise EOFError("the worker process ended early")
                self.results.append(pickle.loads(
                    self.process.stdout.read(int.from_bytes(size, "big"))))
        except Exception:   # noqa: BLE001 - a worker that failed costs time, never the import
            log.warning("parsing in a worker process failed; parsed here instead", exc_info=True)
            self.stop()
        return self.results[index] if index < len(self.results) else None

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process.stdout.close()
            self.process = None


def _joined(sheet: Sheet, start: int, second_half: Callable[[], tuple | None]) -> Parsed | None:
    """The first half parsed here, then the worker's second half, as one Parsed; None when
    either half had a problem or the worker failed."""
    head, problems = text_sheet(sheet.label, sheet.table, sheet.text[:start])
    if head is None or problems:
        return None
    parsed, problems = parse_sheet(head)
    if problems or head.broken:
        return None
    part = second_half()
    if part is None:
        return None
    columns, lines = part
    offset = head.records      # the worker counted its records from its own header
    parsed.rows += _decode(sheet.table, columns)
    parsed.lines += [line + offset for line in lines]
    return parsed


def main(jobs: str) -> None:
    """The worker: each job's result, as it is done, as 8 bytes of length and a pickle."""
    gc.disable()     # a short life building millions of tuples (see importing._no_cyclic_gc)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr      # nothing else may write into the results
    for label, table, text in pickle.loads(Path(jobs).read_bytes()):
        data = pickle.dumps(parse_part(label, table, text), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "big"))
        out.write(data)
        out.flush()
