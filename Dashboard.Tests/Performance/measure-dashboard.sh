#!/usr/bin/env bash
# Measures the dashboard against its budgets (see docs/measuring.md#measure-dashboardsh):
#   - server time to prerender / with the seed: p95 <= 25 ms (warm, sequential requests)
#   - first load with an empty cache <= 350 KB; a repeat visit <= 20 KB (compressed, as Chromium receives it)
#   - prerendering / costs at most 1.5x what the bare `dotnet new blazor` template's / costs, timed the same way in the
#     same run (TEMPLATE=0 skips it)
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder, and prints the figures.
# Needs: .NET SDK, Node.js, Debian's chromium (apt-get install chromium).
. "$(dirname "$0")/common.sh"

requests=${REQUESTS:-500}
url="http://127.0.0.1:${PORT:-5187}"
publish
start_app "$url"

# prerender URL FILE: warm up, then time URL $requests times one after another into FILE (ms, sorted).
prerender() {
  for _ in $(seq 1 100); do curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' "$1"; done
  for _ in $(seq 1 "$requests"); do
    # Time from the request sent to the first byte back: the server's work, over loopback.
    curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{time_starttransfer} %{time_pretransfer}\n' "$1"
  done | awk '{ printf "%.3f\n", ($1 - $2) * 1000 }' | sort -n > "$2"
}

echo "prerendering / $requests times, one after another ..."
prerender "$url/" "$work/times"
pct() { percentile "$1" "$work/times"; }
echo "server time to prerender /: p50 $(pct 50) ms, p95 $(pct 95) ms, p99 $(pct 99) ms, max $(pct 100) ms (n=$requests)"

if [ "${TEMPLATE:-1}" != 0 ]; then
  # The same on the bare template (its Home page, server interactivity), published and run the same way, now.
  echo "the bare template, for comparison ..."
  (cd "$work" && dotnet new blazor -o template --interactivity Server --no-https --force > /dev/null \
    && dotnet publish template -c Release -o template-publish --nologo -v quiet > /dev/null)
  template_url="http://127.0.0.1:$(free_port)"
  (cd "$work/template-publish" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$template_url" ./template > "$work/template.log" 2>&1) &
  also_stop $!
  until curl -fs -o /dev/null "$template_url/"; do sleep 0.1; done
  prerender "$template_url/" "$work/template-times"
  stop_app
  start_app "$url"
  prerender "$url/" "$work/times"
  tp() { percentile "$1" "$work/template-times"; }
  echo "the template's /: p50 $(tp 50) ms, p95 $(tp 95) ms; the dashboard's / again: p50 $(pct 50) ms, p95 $(pct 95) ms"
  awk -v a="$(pct 95)" -v b="$(tp 95)" -v c="$(pct 50)" -v d="$(tp 50)" \
    'BEGIN { printf "prerendering / costs %.2fx the template at p95 (%.2fx at p50); budget 1.5x\n", a / b, c / d }'
fi
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
