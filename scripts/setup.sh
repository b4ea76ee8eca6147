#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian's three browser engines for the real-browser
# tests (Chromium, also for the demo's screenshots; Firefox ESR; WebKitGTK's MiniBrowser with
# its WebDriver, and Xvfb for its display) with the media libraries Firefox and WebKit play
# the test clip with, Debian's PostgreSQL server (for the collector's tests on a server) and
# the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: the collector's tests run a second time on a server (scripts/test-postgres.sh).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
# Only recommended by the browsers, so named here (installs leave recommendations out):
# WebKitGTK plays H.264 through GStreamer's libav plugin, Firefox through the system's libavcodec,
# which that plugin depends on (libavcodec59 on Debian 12), so it comes along.
media=(gstreamer1.0-libav gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
for package in "${media[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
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
