#!/usr/bin/env bash
# Zero-downtime upgrade on a systemd server: restarts the app processes one at a time,
# each only after the one before answers its health check again.
#   deploy/rolling-restart.sh 8501 8502 ...      (default: every running dashboard@ unit)
# Run it after updating the code (and `python manage.py upgrade` for the schema, which is
# done once, before: migrations only ever add, so old processes run on the new schema).
set -euo pipefail
cd "$(dirname "$0")/.."
ports=("$@")
if [ ${#ports[@]} -eq 0 ]; then
  mapfile -t ports < <(systemctl list-units --plain --no-legend --state=running 'dashboard@*' \
    | sed -E 's/^dashboard@([0-9]+)\.service.*/\1/')
fi
for port in "${ports[@]}"; do
  echo "restarting dashboard@$port"
  # its browsers reconnect to the other processes meanwhile (the proxy skips a process that
  # refuses connections); their sign-in cookie signs them in again there
  systemctl restart "dashboard@$port"
  .venv/bin/python deploy/wait_healthy.py "http://127.0.0.1:$port" 120 \
    || { echo "dashboard@$port is not healthy: stopping here" >&2; exit 1; }
done
