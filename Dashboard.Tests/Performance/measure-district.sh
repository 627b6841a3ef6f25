#!/usr/bin/env bash
# Measures a district's page against its budgets (see docs/measuring.md#measure-districtsh):
#   - server time to prerender /?org=<district> for 30 organizations × 5 years × 40 indicators: p95 <= 50 ms
#     (warm, sequential requests; the view is shared per data version as every screen's is)
#   - first load with an empty cache <= 350 KB (compressed, as Chromium receives it)
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder, fills the district
# (district-data.cs), and prints the figures. Needs: .NET SDK, Node.js, Debian's chromium.
. "$(dirname "$0")/common.sh"

requests=${REQUESTS:-300}
url="http://127.0.0.1:${PORT:-5189}"
publish
start_app "$url"

echo "filling the district ..."
dotnet run -c Release Dashboard.Tests/Performance/district-data.cs "$work/data/dashboard.db"
page="$url/?org=perf&year=2024"
for _ in $(seq 1 300); do
  curl -s "$page" | grep -q '测量第30街道' && break
  sleep 0.1
done

echo "warming up ..."
for _ in $(seq 1 50); do curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' "$page"; done

echo "prerendering the district's page $requests times, one after another ..."
for _ in $(seq 1 "$requests"); do
  curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{time_starttransfer} %{time_pretransfer}\n' "$page"
done | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' | sort -n > "$work/times"
pct() { percentile "$1" "$work/times"; }
echo "server time to prerender the district's page: p50 $(pct 50) ms, p95 $(pct 95) ms, p99 $(pct 99) ms, max $(pct 100) ms (n=$requests)"
echo "HTML: $(curl -s -o /dev/null -w '%{size_download}' "$page") bytes, $(curl -s -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "$page") bytes with brotli"

# The first prerender after a change loads the view from the database (30 organizations' years, summaries, series).
cold=$(for n in $(seq 1 10); do
  dotnet run -c Release Dashboard.Tests/Performance/district-data.cs "$work/data/dashboard.db" --touch > /dev/null
  curl -s -o /dev/null -w '%{time_starttransfer} %{time_pretransfer}\n' "$page"
done | awk '{ printf "%.1f ", ($1 - $2) * 1000 }')
echo "first prerender after a change (view loaded from the database), 10 times: $cold ms"

npm_tool page-weight.mjs
echo "page weight of the district's page:"
node "$node_dir/page-weight.mjs" "$page"
