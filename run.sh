#!/usr/bin/env bash
# Set up reportbot and run it on the bundled sample reports: ingest, then show what the index holds.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/reportbot ingest examples/reports
.venv/bin/reportbot stats
