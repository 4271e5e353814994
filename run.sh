#!/usr/bin/env bash
# Set up reportbot, ingest the bundled sample reports, and open the chat UI at http://127.0.0.1:7860
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/reportbot ingest examples/reports
.venv/bin/reportbot stats
exec .venv/bin/reportbot serve "$@"
