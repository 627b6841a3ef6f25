#!/usr/bin/env bash
# Measures live-update fan-out (see docs/measuring.md#measure-livesh-and-circuitscs): save → new value received by every
# open dashboard, budgets 50 screens p95 <= 100 ms and 500 screens p95 <= 250 ms, none missed over 100 saves. It
# publishes the app (Release), runs it on 127.0.0.1 over a fresh data folder for each size, and runs the headless
# circuit client (circuits.cs) against it. Usage: measure-live.sh [screens...]   (default: 50 500)
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${PORT:-5188}
saves=${SAVES:-100}
sizes=("${@:-50 500}")
work=$(mktemp -d)
app=
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release) ..."
dotnet publish Dashboard.Web -c Release -o "$work/publish" --nologo -v quiet > /dev/null

url="http://127.0.0.1:$port"
for screens in ${sizes[*]}; do
  rm -rf "$work/data"
  (cd "$work/publish" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" Dashboard__DataFolder="$work/data" Security__MaxCircuitsPerClient=5000 \
    exec ./Dashboard.Web > "$work/app.log" 2>&1) &
  app=$!
  until curl -fs -o /dev/null "$url/"; do
    kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 0.1
  done
  dotnet run Dashboard.Tests/Performance/circuits.cs "$url" "$work/data/dashboard.db" "$screens" "$saves" 2>&1 | grep -v "warning"
  kill "$app"; wait "$app" 2>/dev/null || true
done
