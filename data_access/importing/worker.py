"""An upload imported in a worker process with a memory limit, so that no file - however
large, however hostile - can take the app (and everyone's sessions) down with it.

`import_upload` records the attempt (status running) before any file is read, writes the
uploaded files to a temporary folder, and runs `main` in a fresh interpreter (not
multiprocessing, which would run Streamlit's main script again in the worker; see
importing.split) and runs the usual import. The worker is stopped once it holds more than
import.worker_memory_mb in memory (resident, its own parser worker included, looked at ten
times a second), and it limits its own address space (`resource.setrlimit(RLIMIT_AS)`) as
a backstop. Its result comes back as a
pickle. A worker that runs out of memory reports the file as too large for the limit; a
worker that dies (killed, crashed) leaves its attempt recorded as failed, and the app
process carries on. The database work is the import's own - one transaction, all or
nothing - so a worker that dies midway has written nothing.
"""
from __future__ import annotations

import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from .. import schema
from ..write_guard import DatabaseNotWritable, file_path
from .limits import setting
from .report import ImportResult, Problem
from .runs import FAILED, now, record_run, start_run

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]    # where `data_access` is importable from
OUT_OF_MEMORY = 3          # the worker's exit status after a MemoryError
WATCH_SECONDS = 0.1        # how often the worker's memory is looked at


def memory_limit_bytes() -> int:
    return int(setting("import.worker_memory_mb")) * 2**20


def _url(engine: Engine) -> str:
    path = file_path(engine)     # a relative SQLite path is made absolute: the worker's cwd differs
    return f"sqlite:///{path}" if path else engine.url.render_as_string(hide_password=False)


def import_upload(engine: Engine, files: list[tuple[str, bytes | BinaryIO]], *, source: str,
                  imported_by: str | None = None, memory_bytes: int | None = None) -> ImportResult:
    """`import_files` of these files (bytes, or binary files such as Streamlit's uploads),
    run in a worker process limited to `memory_bytes` (default: the setting)."""
    from . import _not_writable
    started = now()
    names = [Path(n).name for n, _ in files]
    try:
        schema.verify(engine)
        with engine.begin() as conn:
            run_id = start_run(conn, started_at=started, source=source, files=names,
                               imported_by=imported_by)
    except DatabaseNotWritable as e:
        return _not_writable(e, names)
    limit = memory_bytes or memory_limit_bytes()
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        paths = []
        for i, (name, data) in enumerate(files):
            path = Path(folder) / f"{i}.upload"
            with path.open("wb") as out:
                if isinstance(data, (bytes, bytearray, memoryview)):
                    out.write(data)
                else:                 # a file object: copied in pieces, not read whole
                    data.seek(0)
                    shutil.copyfileobj(data, out, 2**20)
            paths.append((name, str(path)))
        job = {"url": _url(engine), "files": paths, "source": source, "imported_by": imported_by,
               "started": started, "run_id": run_id, "memory": limit}
        returncode, result = _run(job)
    if result is not None:
        return result
    if returncode == OUT_OF_MEMORY:
        why = (f"is too large to be checked within the memory an import may use "
               f"({limit // 2**20:,} MB, the setting import.worker_memory_mb); nothing was "
               "imported - split it into smaller files")
        problem = Problem(", ".join(names), None, None, None, why, code="import_limits.memory",
                          args={"mb": limit // 2**20})
    else:
        how = (f"signal {signal.Signals(-returncode).name}" if returncode < 0
               else f"exit status {returncode}")
        problem = Problem(", ".join(names), None, None, None,
                          f"could not be imported: the import's worker process stopped ({how}); "
                          "nothing was imported - please send the file to the dashboard's "
                          "administrator", code="import_limits.worker", args={"how": how})
    log.error("import worker for %s failed: %s", names, problem.reason)
    try:
        with engine.begin() as conn:
            record_run(conn, started_at=started, source=source, files=names, status=FAILED,
                       counts={}, error_count=1, imported_by=imported_by, run_id=run_id)
    except DatabaseNotWritable:
        log.exception("the failed import could not be recorded")
    return ImportResult(False, [problem], {}, names, run_id, 1)


def _rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children (the split parser's worker), or 0."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            todo += [int(c) for task in Path(f"/proc/{p}/task").iterdir()
                     for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def _run(job: dict) -> tuple[int, ImportResult | None]:
    """Run the worker; stop it (SIGKILL) once it holds more than the limit in memory. The
    address-space limit it sets itself is the backstop, set above that: near an exhausted
    address space glibc's allocator crawls rather than fails."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", f"import {__name__} as m; m.main()"], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except OSError:
        log.exception("could not start the import's worker process")
        return -1, None
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True)
    reader.start()
    process.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    process.stdin.close()
    over = False
    while process.poll() is None:
        if _rss_bytes(process.pid) > job["memory"]:
            over = True
            process.kill()
            break
        time.sleep(WATCH_SECONDS)
    process.wait()
    reader.join()
    process.stdout.close()
    if over:
        return OUT_OF_MEMORY, None
    data = out[0] if out else b""
    if process.returncode == 0 and len(data) >= 8:
        size = int.from_bytes(data[:8], "big")
        if len(data) == 8 + size:
            return 0, pickle.loads(data[8:])
    return process.returncode if process.returncode != 0 else -1, None


def main() -> None:
    """The worker: one import, its ImportResult written to stdout as 8 bytes of length and a
    pickle; exit status OUT_OF_MEMORY when the memory limit was reached."""
    import faulthandler
    import resource
    faulthandler.register(signal.SIGUSR1)    # a stuck worker tells where it is (kill -USR1)
    job = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr        # nothing else may write into the result
    logging.basicConfig(level=logging.WARNING)
    space = max(2 * job["memory"], job["memory"] + 2**30)   # see _run
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    try:
        from ..db import make_engine
        from . import _import
        engine = make_engine(job["url"])
        files = [(name, Path(path).read_bytes()) for name, path in job["files"]]
        result = _import(engine, files, source=job["source"], what=job["source"],
                         imported_by=job["imported_by"], started=job["started"],
                         run_id=job["run_id"])
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        os._exit(OUT_OF_MEMORY)    # unwinding could itself need memory: out at once
    out.write(len(data).to_bytes(8, "big"))
    out.write(data)
    out.flush()
    engine.dispose()
