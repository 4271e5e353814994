#!/usr/bin/env bash
# The servers the shared-archive tests start themselves: Debian's PostgreSQL (initdb/pg_ctl, run as an
# unprivileged user) beside `chroma run`, which comes with the chromadb package.
set -euo pipefail
if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq postgresql >/dev/null
