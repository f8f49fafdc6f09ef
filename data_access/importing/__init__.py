"""Import tracking data (spec sections 1 and 2): CSV files or one .xlsx workbook.

All or nothing: every file is read and every row checked before anything is
written; with any problem, no tracking row is written and every problem is
reported. The write itself is one transaction, and it includes the refresh of
the monthly rollups (data_access.rollups) for the employee-months it touched.
Every attempt, accepted or refused, leaves an import_runs record.

    result = import_path(engine, "exports/2026-w14")       # folder of <table>.csv
    result = import_path(engine, "tracking.xlsx")          # sheets named after tables
    result = import_files(engine, [("shares.csv", data)])  # in memory
    result = import_upload(engine, [("shares.csv", f)])    # a Streamlit upload: in a worker
    if not result.ok:
        for p in result.problems: print(format_problem(p))
"""
from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .. import data_version, rollups, schema
from ..contract import IMPORT_ORDER
from . import split
from .bulk import import_tuning
from .read import BOOK_SUFFIXES, CSV_SUFFIXES, folder_files, read_inputs
from .report import ImportResult, Problem, format_counts, format_problem
from .rows import Parsed
from ..write_guard import DatabaseNotWritable
from .limits import Capped, setting
from .runs import now, record_run, start_run
from .templates import read_template_csv
from .validate import check_rows, check_with_db
from .write import upsert

log = logging.getLogger(__name__)

__all__ = ["Problem", "ImportResult", "import_path", "import_files", "import_upload",
           "format_problem", "format_counts", "read_template_csv"]


def import_path(engine: Engine, path: str | Path, *, imported_by: str | None = None) -> ImportResult:
    """Import a folder of '<table>.csv' files, or one .xlsx workbook (or one CSV file)."""
    started = now()
    path = Path(path)
    if path.is_dir():
        files = folder_files(path)
        if not files:
            books = [p.name for p in path.iterdir() if p.suffix.lower() in BOOK_SUFFIXES]
            hint = (f"; to import the workbook {books[0]}, give its own path" if books else "")
            return _refuse(engine, [Problem(str(path), None, None, None,
                                            "holds no CSV files: name them after the tables "
                                            "(departments.csv, employees.csv, ...)" + hint)],
                           source=str(path), files=[], imported_by=imported_by, started=started)
    elif path.is_file() and path.suffix.lower() in CSV_SUFFIXES + BOOK_SUFFIXES:
        files = [(path.name, path.read_bytes())]
    else:
        reason = ("is not a folder of CSV files or an .xlsx workbook" if path.exists()
                  else "does not exist")
        return _refuse(engine, [Problem(str(path), None, None, None, reason)],
                       source=str(path), files=[], imported_by=imported_by, started=started)
    return _import(engine, files, source=str(path), what=str(path), imported_by=imported_by,
                   started=started)


def import_files(engine: Engine, files: list[tuple[str, bytes]], *, source: str = "upload",
                 imported_by: str | None = None,
                 on_success: Callable[[Connection], None] | None = None) -> ImportResult:
    """The same from in-memory files: several '<table>.csv', or one '.xlsx'. `on_success`
    runs in the import's own transaction once everything is written (a sync records where
    it stopped there, so that the rows and the record commit together or not at all)."""
    return _import(engine, files, source=source, what=source, imported_by=imported_by,
                   started=now(), on_success=on_success)


class _Clock:
    """Seconds per import phase (wall clock, and CPU of this process), logged at DEBUG level."""

    def __init__(self) -> None:
        self.last = (time.perf_counter(), time.process_time())
        self.phases: dict[str, tuple[float, float]] = {}

    def mark(self, phase: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.phases[phase] = (now[0] - self.last[0], now[1] - self.last[1])
        self.last = now

    def __str__(self) -> str:
        return ", ".join(f"{k} {w:.2f} (cpu {c:.2f})" for k, (w, c) in self.phases.items())


def _unexpected(label: str, e: Exception) -> Problem:
    """A last resort: an error the checks did not foresee still refuses the import cleanly."""
    if isinstance(e, MemoryError):   # in an upload's worker: its memory limit (importing.worker)
        log.error("import of %s ran out of memory", label)
        return Problem(label, None, None, None,
                       "is too large to be checked within the memory an import may use (the "
                       "setting import.worker_memory_mb); nothing was imported - split it into "
                       "smaller files", code="import_limits.memory",
                       args={"mb": setting("import.worker_memory_mb")})
    log.exception("import of %s failed unexpectedly", label)
    return Problem(label, None, None, None,
                   f"could not be checked because of an unexpected error ({type(e).__name__}), "
                   "so nothing was imported; please send the file to the dashboard's administrator")


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused: an import builds millions of row tuples (none in a
    cycle), and its collections kept walking all of them again. Reference counting still
    frees everything; the collector resumes afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(engine: Engine, files: list[tuple[str, bytes]], *, source: str, what: str,
            imported_by: str | None, started, run_id: int | None = None,
            on_success=None) -> ImportResult:
    names = [str(n) for n, _ in files]
    try:
        if run_id is None:       # else the caller (importing.worker) did both already
            schema.verify(engine)    # e.g. an index lost before this release is rebuilt first
            # on record before any file is read (see runs.start_run)
            with engine.begin() as conn:
                run_id = start_run(conn, started_at=started, source=source, files=names,
                                   imported_by=imported_by)
    except DatabaseNotWritable as e:
        return _not_writable(e, names)
    with _no_cyclic_gc():
        return _import_files(engine, files, source=source, what=what, imported_by=imported_by,
                             started=started, run_id=run_id, on_success=on_success)


def _not_writable(e: DatabaseNotWritable, files: list[str]) -> ImportResult:
    """Nothing can be written, not even the import record: the problem says why."""
    log.error("import refused: %s", e)
    problem = Problem("(database)", None, None, None, str(e),
                      code=f"import_limits.db_{e.why}", args={"path": e.path})
    return ImportResult(False, [problem], {}, files, None, 1)


def _import_files(engine: Engine, files: list[tuple[str, bytes]], *, source: str, what: str,
                  imported_by: str | None, started, run_id: int | None = None,
                  on_success=None) -> ImportResult:
    clock = _Clock()
    try:
        inputs = read_inputs(files, what=what)
    except Exception as e:
        return _refuse(engine, [_unexpected(what, e)], source=source,
                       files=[str(n) for n, _ in files], imported_by=imported_by, started=started,
                       run_id=run_id)
    try:
        problems = Capped(inputs.problems)   # the first ones of each file and column listed
        parsed: dict[str, Parsed] = {}
        with split.parser(inputs.sheets) as parse:   # large files: on two cores
            for sheet in inputs.sheets:
                try:
                    parsed[sheet.table], found = parse(sheet)
                except Exception as e:
                    parsed.pop(sheet.table, None)
                    sheet.broken, found = True, [_unexpected(sheet.label, e)]
                problems += found
                if sheet.broken:  # its rows are not all known: no reference into it is checked
                    inputs.unreadable.add(sheet.table)
    finally:
        inputs.close()
    clock.mark("read and parse")
    parsed = {t: parsed[t] for t in IMPORT_ORDER if t in parsed}
    try:
        problems += check_rows(parsed)
    except Exception as e:
        problems.append(_unexpected(what, e))
    clock.mark("check rows")
    result = None
    try:
        with engine.connect() as conn, import_tuning(conn), conn.begin():
            problems += check_with_db(conn, parsed, inputs.unreadable)
            clock.mark("check references")
            if not problems:
                # rollup pairs the writes touch are refreshed once, after every table
                with rollups.tracking(conn) as touched:
                    counts = {t: upsert(conn, p) for t, p in parsed.items()}
                clock.mark("write")
                rollups.refresh(conn, touched)
                if any(c.get("inserted") or c.get("updated") for c in counts.values()):
                    data_version.bump(conn)     # every process's caches: stale from the commit
                clock.mark("refresh rollups")
                run_id = record_run(conn, started_at=started, source=source, files=inputs.labels,
                                    status="imported", counts=counts, error_count=0,
                                    imported_by=imported_by, run_id=run_id)
                if on_success is not None:
                    on_success(conn)
                result = ImportResult(True, [], counts, inputs.labels, run_id)
        if result is not None:
            clock.mark("commit")
            log.debug("import phases (s): %s", clock)
            return result
    except DatabaseNotWritable as e:   # checked before each write: nothing was written
        return _not_writable(e, inputs.labels)
    except SQLAlchemyError as e:  # e.g. a concurrent change; the transaction is rolled back
        problems.append(Problem("(database)", None, None, None,
                                "the database refused the import, so nothing was written "
                                f"({type(e).__name__}: {str(e.orig if hasattr(e, 'orig') else e)[:200]})"))
    except Exception as e:  # rolled back likewise
        problems.append(_unexpected(what, e))
    rank = {label: i for i, label in enumerate(inputs.labels)}
    problems.sort(key=lambda p: (rank.get(p.file, -1), p.line or 0))
    return _refuse(engine, problems, source=source, files=inputs.labels, imported_by=imported_by,
                   started=started, run_id=run_id)


def _refuse(engine: Engine, problems: list[Problem], *, source: str, files: list[str],
            imported_by: str | None, started, run_id: int | None = None) -> ImportResult:
    """A refused import writes only its import_runs record, in a transaction of its own.
    Problems beyond the first of each file and column are counted, not listed (limits)."""
    total = problems.total if isinstance(problems, Capped) else len(problems)
    listed = problems.finished() if isinstance(problems, Capped) else list(problems)
    try:
        with engine.begin() as conn:
            run_id = record_run(conn, started_at=started, source=source, files=files,
                                status="refused", counts={}, error_count=total,
                                imported_by=imported_by, run_id=run_id)
    except DatabaseNotWritable as e:
        log.error("the refused import could not be recorded: %s", e)
        return ImportResult(False, [*listed, *_not_writable(e, files).problems], {}, files,
                            None, total + 1)
    return ImportResult(False, listed, {}, files, run_id, total)


from .worker import import_upload  # noqa: E402 - it imports this module's _import
