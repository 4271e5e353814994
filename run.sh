#!/usr/bin/env bash
# Set up reportbot, ingest the bundled sample reports, and open the chat UI at http://127.0.0.1:7860
set -euo pipefail
cd "$(dirname "$0")"
# The local LLM reader is the best that installs here, so it is the default: its first set-up compiles
# llama.cpp (~6 min on 2 cores) and installs 1.1 GB of weights. `EXTRAS= bash run.sh` skips it
# (the extractive reader answers alone).
if [ -z "${EXTRAS+set}" ]; then
  echo "Installing reportbot with the local LLM reader (first time: ~6 min to compile llama.cpp; EXTRAS= bash run.sh skips it)" >&2
fi
EXTRAS=${EXTRAS-llm} bash scripts/setup.sh
.venv/bin/reportbot ingest examples/reports
.venv/bin/reportbot stats
exec .venv/bin/reportbot serve "$@"
