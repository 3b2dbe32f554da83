#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and saves a PNG screenshot of it.
#
#   scripts/report-screenshot.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#
# Needs Debian's chromium (apt-get install chromium). The flags keep Chromium offline and
# quiet: no sandbox (it runs as root in CI), no background networking, a throw-away profile.
set -euo pipefail
html=${1:?usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]}
out=${2:-${html%.html}.png}
size=${3:-1200x1600}
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chrome" ]; then
  echo "chromium not found: apt-get install chromium" >&2
  exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
"$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size="${size/x/,}" \
  --screenshot="$out" "file://$abs" 2>/dev/null
test -s "$out"
echo "wrote $out"
