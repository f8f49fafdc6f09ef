#!/usr/bin/env bash
# Sets up and starts the dashboard on the embedded SQLite database (data/dashboard.db,
# filled with the demo company on first start). Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
