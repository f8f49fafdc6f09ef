#!/usr/bin/env bash
# Sets up and runs the whole test suite, on SQLite and on PostgreSQL.
# PostgreSQL: TEST_POSTGRES_URL if set; otherwise a local server on 127.0.0.1:5432
# (started here when installed but stopped). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
REQS=requirements-dev.txt scripts/setup.sh

# browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# a CJK font makes the Chinese pages readable in the screenshots
# and the proxy test (tests/e2e/test_e2e_proxy.py) runs nginx in front of two app processes
if { [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ] \
     || ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; } && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing Chromium, a Chinese font and nginx"
  packages="chromium fonts-wqy-zenhei nginx-light"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; }
fi

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "test.sh: installing PostgreSQL"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      version=$(ls /etc/postgresql | sort -V | tail -n 1)
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
    # the test database may be missing on a fresh server
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null \
      | grep -q 1 || createdb -h 127.0.0.1 -U postgres test 2>/dev/null || true
  else
    echo "test.sh: no PostgreSQL reachable; its tests will be skipped (and fail under CI=true)"
  fi
fi
exec .venv/bin/python -m pytest "$@"
