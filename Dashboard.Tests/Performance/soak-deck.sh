#!/usr/bin/env bash
# Soak of the meeting-room deck ("no growth over days"; see docs/measuring.md#soak-decksh): the published app with
# the sample history, one Chromium page on /present advancing every 2 s (1 hour = 1,800 slide changes, what the
# default 20 s interval shows in 10 hours), a figure saved every 30 s so the slides also update live, and memory
# sampled every 5 minutes on both sides after a forced GC. Fails if anything grows more than the noise allows.
# Usage: soak-deck.sh [minutes] [interval-seconds]   (default: 60 2)
# Needs: .NET SDK, Node.js, Debian's chromium, dotnet-gcdump (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

minutes=${1:-60}
interval=${2:-2}
port=${PORT:-5189}
work=$(mktemp -d)
app=
saver=
trap 'kill "$saver" "$app" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-gcdump > /dev/null || dotnet tool install -g dotnet-gcdump > /dev/null

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null

url="http://127.0.0.1:$port"
(cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" Security__MaxCircuitsPerClient=5000 \
  exec ./Dashboard.Web --sample-data > "$work/app.log" 2>&1) &
app=$!
until curl -fs -o /dev/null "$url/healthz"; do
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.1
done

node_dir=${PLAYWRIGHT_NODE_DIR:-/tmp/dashboard-measure-node}
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"name":"measure","private":true}' > package.json && npm install -s --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
fi
cp Dashboard.Tests/Performance/soak-deck.mjs "$node_dir/"

dotnet run Dashboard.Tests/Performance/soak-saves.cs "$work/data/dashboard.db" 30 "$minutes" 2>&1 | grep -v warning &
saver=$!
echo "deck at $url/present?interval=$interval for $minutes min (server pid $app):"
node "$node_dir/soak-deck.mjs" "$url/present?interval=$interval" "$app" "$minutes" "${SAMPLE_MINUTES:-5}"
