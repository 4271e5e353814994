#!/usr/bin/env bash
# Set up reportbot with its test tools (and Chromium for the UI tests) and run the whole test suite:
# real embedding model, real Chroma (embedded and `chroma run`), real PostgreSQL, real LLM, real browser.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/browser.sh
bash scripts/servers.sh
EXTRAS=${EXTRAS:-test,llm,openai} bash scripts/setup.sh
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
