#!/usr/bin/env bash
# Set up what is missing, then open the app (any arguments go to the `mockinterview` command).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/mockinterview "$@"
