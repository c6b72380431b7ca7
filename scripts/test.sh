#!/usr/bin/env bash
# Set up what is missing, then run the whole test suite (headless: Qt offscreen; the audio-loop
# tests start their own PulseAudio null sink). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
MOCKINTERVIEW_EXTRAS="${MOCKINTERVIEW_EXTRAS:-dev,models,llm}" bash scripts/setup.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export HF_HUB_OFFLINE="${HF_HUB_OFFLINE:-1}"
.venv/bin/ruff check mockinterview tests benchmarks
exec .venv/bin/python -m pytest "$@"
