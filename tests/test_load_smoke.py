"""bench/load.py in small: its websocket client speaks Streamlit's protocol to a real app
server (3 sessions, ~10 s), so a Streamlit upgrade that changes the protocol shows here, not
only when someone runs the full load test."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load

ROOT = Path(__file__).resolve().parents[1]


def test_load_smoke(tmp_path):
    # a process of its own, as a newcomer runs it: the browser tests' event loop and
    # greenlets in this process stay out of it
    done = subprocess.run([sys.executable, "bench/load.py", "--sessions", "3", "--duration", "10",
                           "--ramp", "1", "--timeout", "60", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = json.loads((tmp_path / "load.json").read_text()) \
        if (tmp_path / "load.json").exists() else None
    assert report is not None, done.stdout[-2000:] + done.stderr[-2000:]
    assert report["errors"] == 0, report["error_details"]
    assert done.returncode == 0
    assert report["sign_ins"] >= 3
    assert all(n >= 1 for n in report["loads_per_session"]), report["loads_per_session"]
    assert report["server"]["rss_peak_mb"] > 0


def test_errors_are_seen():
    """An exception element, a run that ends badly and "page not found" each count."""
    def run_of(*messages) -> load.Run:
        run = load.Run()
        for msg in messages:
            load.Client._take(msg, run)
        return run

    def finished(status=ForwardMsg.FINISHED_SUCCESSFULLY):
        return ForwardMsg(script_finished=status)

    boom = ForwardMsg()
    boom.metadata.delta_path.extend([0, 3])
    boom.delta.new_element.exception.type = "KeyError"
    lost = ForwardMsg()
    lost.page_not_found.page_name = "nowhere"

    assert run_of(finished()).problem() is None
    assert run_of(boom, finished()).problem().kind == "exception"
    assert run_of(finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR)).problem().kind == "script_error"
    assert run_of(lost, finished()).problem().kind == "page_not_found"
    # a run ended early for a rerun is not the end of the request
    assert not load.Client._take(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), load.Run())
