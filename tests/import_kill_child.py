"""A bulk import run to be killed (tests/test_import_faults.py): imports the shares file
given into the SQLite database given, printing each statement's first words to stdout
as it finishes; with PAUSE_AT set, it sleeps after the first statement starting so, for
the test to kill it right there."""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.importing import import_files  # noqa: E402

url, shares = sys.argv[1], Path(sys.argv[2])
pause_at = os.environ.get("PAUSE_AT")
engine = make_engine(url)


seen: list[str] = []


@event.listens_for(engine, "after_cursor_execute")
def said(conn, cursor, statement, parameters, context, executemany):
    words = " ".join(statement.split()[:3])
    seen.append(words)
    print(words, flush=True)
    if pause_at and words.startswith(pause_at):
        time.sleep(30)


@event.listens_for(engine, "commit")
def committing(conn):
    """The import's own commit is the first after its indexes were built again."""
    print("COMMIT", flush=True)
    if pause_at == "COMMIT" and any(w.startswith("CREATE INDEX") for w in seen):
        time.sleep(30)


result = import_files(engine, [("shares.csv", shares.read_bytes())])
print("DONE" if result.ok else f"REFUSED {result.problems[:3]}", flush=True)
