#!/usr/bin/env bash
# Set up reportbot with its test tools and run the whole test suite (real model, real Chroma).
set -euo pipefail
cd "$(dirname "$0")"
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
