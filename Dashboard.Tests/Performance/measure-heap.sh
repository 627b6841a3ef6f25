#!/usr/bin/env bash
# Measures the server's managed heap per open dashboard (budget 250 KB; see docs/measuring.md#measure-heapsh).
# It publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder with the sample history, opens
# SCREENS headless circuits (circuits.cs, fanout mode) and measures the heap after a full GC: once all are open, and
# again after SAVES saves have made every screen render again. Needs dotnet-gcdump and dotnet-counters on PATH.
# Usage: measure-heap.sh [screens] [saves]   (default: 1000 3); KEEP_GCDUMP=DIR keeps the dumps.
# MODE=roundtrip: instead of saves, that many year changes on random screens at 20/s, timed (the 5,000-screen run).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:$HOME/.dotnet/tools"

port=${PORT:-5190}
screens=${1:-1000}
saves=${2:-3}
work=$(mktemp -d)
app=
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null

url="http://127.0.0.1:$port"
(cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" \
  Security__MaxCircuitsPerClient=10000 Backup__Enabled=false exec ./Dashboard.Web --sample-data > "$work/app.log" 2>&1) &
app=$!
until curl -fs -o /dev/null "$url/"; do
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.1
done
SERVER_PID=$app dotnet run -c Release Dashboard.Tests/Performance/circuits.cs "$url" "$work/data/dashboard.db" "$screens" "$saves" "${MODE:-fanout}" 20 2>&1 | grep -v "warning"
