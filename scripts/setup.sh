#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian's Chromium (for the real-browser tests and
# the demo's screenshots), Debian's PostgreSQL server (for the collector's tests on a server)
# and the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: the collector's tests run a second time on a server (scripts/test-postgres.sh).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
