#!/usr/bin/env bash
# The browser the UI tests drive: Debian's Chromium, and CJK fonts so screenshots show Chinese.
set -euo pipefail
if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
