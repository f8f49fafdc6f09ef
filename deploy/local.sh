#!/usr/bin/env bash
# The dashboard as deployed, on this machine, in the foreground: nginx (deploy/nginx/
# dashboard.conf, the same file the servers and docker-compose.yml use) in front of N app
# processes. Ctrl-C or SIGTERM stops all of them.
#
#   deploy/local.sh [--processes N] [--port P] [--address A] [--run-dir DIR]
#
# DATABASE_URL selects the database (default: the embedded SQLite file, with the demo
# company loaded once before the processes start). The app processes listen on free ports
# of 127.0.0.1; the proxy on A:P (default 127.0.0.1:8080). Logs: DIR (default data/local/),
# one file per app process, nginx-error.log and access.log.
set -euo pipefail
cd "$(dirname "$0")/.."

processes=2 port=8080 address=127.0.0.1 run_dir=data/local
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --address) address="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "local.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$processes" in ''|*[!0-9]*|0) echo "local.sh: --processes must be 1 or more" >&2; exit 2 ;; esac

scripts/setup.sh
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "local.sh: installing nginx (Debian's nginx-light)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  else
    echo "local.sh: nginx is missing; install it (apt-get install nginx-light) or run as root" >&2
    exit 1
  fi
fi

mkdir -p "$run_dir/dashboard.d" "$run_dir/temp"
run_dir=$(cd "$run_dir" && pwd)
PY=.venv/bin/python

# one sign-in key and one Streamlit cookie secret for every process
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  STREAMLIT_SERVER_COOKIE_SECRET=$($PY -c "import secrets; print(secrets.token_hex(32))")
  export STREAMLIT_SERVER_COOKIE_SECRET
fi

# the schema, and on the embedded database the demo company, before any process starts
# (N processes starting on an empty database would each load it)
$PY - <<'PYEOF'
import os
from data_access.db import get_engine, has_tracking_data, is_embedded
engine = get_engine()
flag = os.environ.get("DASHBOARD_DEMO")
demo = flag.lower() in ("1", "true", "yes") if flag else is_embedded()
if demo and not has_tracking_data(engine):
    from demo import load_demo
    print("local.sh: loading the demo company")
    load_demo(engine)
PYEOF

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

app_ports=$($PY -c "
import socket
socks = [socket.socket() for _ in range($processes)]
for s in socks: s.bind(('127.0.0.1', 0))
print(' '.join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()")

: > "$run_dir/dashboard.d/upstream-servers.conf"
: > "$run_dir/app-processes"
for p in $app_ports; do
  .venv/bin/streamlit run app.py --server.port "$p" --server.address 127.0.0.1 \
    --server.headless true --server.fileWatcherType none \
    >"$run_dir/app-$p.log" 2>&1 &
  pids+=($!)
  echo "$p $!" >> "$run_dir/app-processes"          # port and process id, for bench/scale.py
  echo "server 127.0.0.1:$p max_fails=1 fail_timeout=10s;" >> "$run_dir/dashboard.d/upstream-servers.conf"
done
printf 'listen %s:%s;\naccess_log %s/access.log dashboard;\n' "$address" "$port" "$run_dir" \
  > "$run_dir/dashboard.d/server.conf"

for p in $app_ports; do
  $PY - "$p" <<'PYEOF' || { echo "local.sh: the app process on port $p did not start (see its log)" >&2; exit 1; }
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/_stcore/health"
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.3)
sys.exit(1)
PYEOF
done

cat > "$run_dir/nginx.conf" <<CONF
worker_processes 1;
pid $run_dir/nginx.pid;
error_log $run_dir/nginx-error.log notice;
events { worker_connections 1024; }
http {
    access_log off;            # dashboard.d/server.conf says where
    client_body_temp_path $run_dir/temp/body;
    proxy_temp_path $run_dir/temp/proxy;
    fastcgi_temp_path $run_dir/temp/fastcgi;
    uwsgi_temp_path $run_dir/temp/uwsgi;
    scgi_temp_path $run_dir/temp/scgi;
    include $(pwd)/deploy/nginx/dashboard.conf;
}
CONF
"$NGINX" -t -q -p "$run_dir" -e "$run_dir/nginx-error.log" -c "$run_dir/nginx.conf"
"$NGINX" -p "$run_dir" -e "$run_dir/nginx-error.log" -c "$run_dir/nginx.conf" -g "daemon off;" &
pids+=($!)

echo "local.sh: http://$address:$port -> $processes app processes (ports $app_ports); logs in $run_dir"
# the first process to end (or a signal) stops them all
wait -n "${pids[@]}" || true
