#!/usr/bin/env bash
# Measures the dashboard against its budgets (see docs/measuring.md#measure-dashboardsh):
#   - server time to prerender / with the seed: p95 <= 25 ms (warm, sequential requests)
#   - first load with an empty cache <= 350 KB; a repeat visit <= 20 KB (compressed, as Chromium receives it)
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder, and prints the figures.
# Needs: .NET SDK, Node.js, Debian's chromium (apt-get install chromium).
. "$(dirname "$0")/common.sh"

requests=${REQUESTS:-500}
url="http://127.0.0.1:${PORT:-5187}"
publish
start_app "$url"

echo "warming up ..."
for _ in $(seq 1 100); do curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' "$url/"; done

echo "prerendering / $requests times, one after another ..."
for _ in $(seq 1 "$requests"); do
  # Time from the request sent to the first byte back: the server's work, over loopback.
  curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{time_starttransfer} %{time_pretransfer}\n' "$url/"
done | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' | sort -n > "$work/times"
pct() { percentile "$1" "$work/times"; }
echo "server time to prerender /: p50 $(pct 50) ms, p95 $(pct 95) ms, p99 $(pct 99) ms, max $(pct 100) ms (n=$requests)"
html=$(curl -s -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "$url/")
raw=$(curl -s -o /dev/null -w '%{size_download}' "$url/")
echo "HTML of /: $raw bytes, $html bytes with brotli"

npm_tool page-weight.mjs
echo "page weight with the seed (today's real state: one year, its charts drawn):"
node "$node_dir/page-weight.mjs" "$url/"
stop_app
rm -rf "$work/data"
start_app "$url" -- --sample-data
echo "page weight with the sample history loaded (every chart drawn, the chart library loaded):"
node "$node_dir/page-weight.mjs" "$url/"
