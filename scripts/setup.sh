#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements (REQS=requirements-dev.txt for tests).
set -euo pipefail
cd "$(dirname "$0")/.."
reqs="${REQS:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum "$reqs" requirements.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$reqs"
  touch "$stamp"
fi
