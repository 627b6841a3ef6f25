#!/usr/bin/env bash
# Measures the dashboard against its budgets (see docs/measuring.md#measure-dashboardsh):
#   - server time to prerender / with the seed: p95 <= 25 ms (warm, sequential requests)
#   - first load with an empty cache <= 350 KB; a repeat visit <= 20 KB (compressed, as Chromium receives it)
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder, and prints the figures.
# Needs: .NET SDK, Node.js, Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."

requests=${REQUESTS:-500}
port=${PORT:-5187}
work=$(mktemp -d)
app=
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null

url="http://127.0.0.1:$port"
start() { # start [extra args]: the published app over a fresh data folder
  rm -rf "$work/data"
  (cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" \
    exec ./Dashboard.Web "$@" > "$work/app.log" 2>&1) &
  app=$!
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$url/" && return
    kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 0.1
  done
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; }

start

echo "warming up ..."
for _ in $(seq 1 100); do curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' "$url/"; done

echo "prerendering / $requests times, one after another ..."
for _ in $(seq 1 "$requests"); do
  # Time from the request sent to the first byte back: the server's work, over loopback.
  curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{time_starttransfer} %{time_pretransfer}\n' "$url/"
done | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' | sort -n > "$work/times"
pct() { awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i] }' "$work/times"; }
echo "server time to prerender /: p50 $(pct 50) ms, p95 $(pct 95) ms, p99 $(pct 99) ms, max $(pct 100) ms (n=$requests)"
html=$(curl -s -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "$url/")
raw=$(curl -s -o /dev/null -w '%{size_download}' "$url/")
echo "HTML of /: $raw bytes, $html bytes with brotli"

node_dir=${PLAYWRIGHT_NODE_DIR:-/tmp/dashboard-measure-node}
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"name":"measure","private":true}' > package.json && npm install -s --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
fi
cp Dashboard.Tests/Performance/page-weight.mjs "$node_dir/"
echo "page weight with the seed (today's real state: one year, its charts drawn):"
node "$node_dir/page-weight.mjs" "$url/"
stop

start --sample-data
echo "page weight with the sample history loaded (every chart drawn, the chart library loaded):"
node "$node_dir/page-weight.mjs" "$url/"
