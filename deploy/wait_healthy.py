"""Wait until an app process answers its health check: wait_healthy.py URL [SECONDS].

Exit status 0 once GET URL/_stcore/health answers 200, 1 when SECONDS (default 120) pass
first. Used by the systemd unit and deploy/rolling-restart.sh (no curl needed).
"""
from __future__ import annotations

import sys
import time
import urllib.request


def wait(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(0 if wait(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120) else 1)
